//! Views drawn over the screen: one outcome's full record (Enter in the Outcomes pane) and a
//! job's raw JSON (`v`). Both scroll; Esc closes them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::modal::clear_box;
use super::text::truncate;
use super::{Theme, block};
use crate::app::copy::raw_lines;
use crate::app::{App, Outcome, Overlay};
use crate::ops::OutcomeKind;
use crate::tr;

const KEY_W: usize = 13;

fn kv<'a>(theme: &Theme, k: &str, v: impl Into<String>, style: Style) -> Line<'a> {
    Line::from(vec![
        // Padded by display width: a Chinese key is two columns a character.
        Span::styled(
            format!(
                "{k}{}",
                " ".repeat(KEY_W.saturating_sub(super::text::width(k)))
            ),
            theme.dim(),
        ),
        Span::styled(v.into(), style),
    ])
}

/// A `key  words  code` line: the code (as the audit trail has it) dimmed after its words.
fn kv_coded<'a>(theme: &Theme, k: &str, words: &str, code: &str) -> Line<'a> {
    let mut line = kv(theme, k, words.to_owned(), Style::new());
    if words != code {
        line.spans
            .push(Span::styled(format!("  {code}"), theme.dim()));
    }
    line
}

/// The action in words (`DELETE`, `STOP`, `FORCE-STOP` as the outcome line names them).
fn action_words(verb: &str) -> &str {
    match verb {
        "DELETE" => tr!(ActDelete),
        "STOP" => tr!(ActStop),
        "FORCE-STOP" => tr!(RecForceStop),
        v => v,
    }
}

/// The action in a word, for the record's title.
fn title_words(verb: &str) -> &str {
    match verb {
        "FORCE-STOP" => tr!(ActForceStop),
        v => action_words(v),
    }
}

/// How the outcome was learned, in words (the audit trail keeps the code).
fn settled_by_words(code: &str) -> &str {
    match code {
        "response" => tr!(RecByResponse),
        "re-read" => tr!(RecByReRead),
        "lookup" => tr!(RecByLookup),
        "not sent" => tr!(RecByNotSent),
        "interrupted" => tr!(RecByInterrupted),
        c => c,
    }
}

/// How it ended, in words.
fn settled(o: &Outcome) -> &'static str {
    match o.kind {
        OutcomeKind::Succeeded => tr!(RecSucceeded),
        OutcomeKind::ConfirmedByReRead => tr!(RecConfirmed),
        OutcomeKind::AlreadyDeleted | OutcomeKind::AlreadyGone => tr!(RecAlreadyGone),
        OutcomeKind::UnknownStillPresent => tr!(RecUnknown),
        OutcomeKind::Failed => tr!(RecFailed),
        OutcomeKind::Cancelled => tr!(RecCancelled),
        OutcomeKind::Interrupted => tr!(RecInterrupted),
    }
}

/// The record's lines: everything the outcome line had no room for.
pub(super) fn record_lines<'a>(o: &Outcome, theme: &Theme) -> Vec<Line<'a>> {
    let n = Style::new();
    let r = &o.record;
    let result_style = match o.kind {
        _ if o.ok => theme.ok(),
        OutcomeKind::Cancelled => theme.dim(),
        OutcomeKind::UnknownStillPresent => theme.warn(),
        _ => theme.error(),
    };
    let dash = |s: &str| {
        if s.is_empty() {
            "-".to_owned()
        } else {
            s.to_owned()
        }
    };
    let p = &o.place;
    let project = match (p.project.as_str(), p.project_id.as_str()) {
        ("", id) => dash(id),
        (name, "") => name.to_owned(),
        (name, id) => format!("{name}  {id}"),
    };
    let mut l = vec![
        kv(theme, tr!(RecJob), o.name.clone(), theme.heading()),
        kv(theme, tr!(RecId), o.id.clone(), n),
        kv(theme, tr!(RecTime), crate::app::copy::full_time(&o.at), n),
        kv(theme, tr!(RecRegion), dash(&p.region), n),
        kv(theme, tr!(RecProject), project, n),
        kv(theme, tr!(RecEndpoint), dash(&p.endpoint), n),
        kv_coded(theme, tr!(RecAction), action_words(o.verb), o.verb),
        kv(theme, tr!(RecOutcome), settled(o), result_style),
        kv(theme, tr!(RecSummary), o.text.clone(), result_style),
        kv(
            theme,
            tr!(RecHttpStatus),
            r.http_status.map_or("-".to_owned(), |s| s.to_string()),
            n,
        ),
        kv(theme, "error_code", dash(&r.error_code), n),
        kv(theme, "error_msg", dash(&r.error_msg), n),
    ];
    if !r.error.is_empty() {
        l.push(kv(theme, tr!(RecError), r.error.clone(), theme.error()));
    }
    l.extend([
        kv(theme, tr!(RecRequestId), dash(&r.request_id), n),
        kv(theme, tr!(RecAttempts), r.attempts_text(), n),
        kv(
            theme,
            tr!(RecDuration),
            format!("{}.{:03} s", r.duration_ms / 1000, r.duration_ms % 1000),
            n,
        ),
        kv_coded(
            theme,
            tr!(RecSettledBy),
            settled_by_words(r.settled_by),
            r.settled_by,
        ),
    ]);
    l
}

/// A box filling most of `area`.
fn frame_box(area: Rect, max_w: u16) -> Rect {
    let w = area.width.saturating_sub(2).min(max_w);
    let h = area.height.saturating_sub(2);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Draws the open overlay; returns how far it can scroll before its text ends (wrapped at
/// this width), or `None` when nothing was drawn.
pub(super) fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) -> Option<u16> {
    let overlay = app.overlay()?;
    let rect = frame_box(area, 110);
    if rect.width < 10 || rect.height < 3 {
        return None;
    }
    let e = theme.ellipsis();
    let inner_w = rect.width.saturating_sub(2) as usize;
    let (title, lines, scroll) = match overlay {
        Overlay::Record { seq, scroll } => {
            let o = app.outcomes.by_seq(*seq)?;
            // Numbered in the order they happened: outcome 1 is the session's first.
            let title = tr!(
                RecTitle,
                seq + 1,
                app.outcomes.seen(),
                title_words(o.verb),
                o.name
            );
            (title, record_lines(o, theme), *scroll)
        }
        Overlay::Raw { job_id, scroll } => {
            let name = app.table.get(job_id).map(|j| j.name.as_str()).unwrap_or("");
            let lines = raw_lines(app, job_id)
                .into_iter()
                .map(Line::raw)
                .collect::<Vec<_>>();
            (tr!(RecRawTitle, name), lines, *scroll)
        }
        Overlay::Messages { scroll } => (
            tr!(MsgLogTitle, app.messages.seen()),
            super::messages::lines(app, theme, inner_w),
            *scroll,
        ),
    };
    let b = block(theme, truncate(&title, inner_w, e), true)
        .title_bottom(Line::from(tr!(RecScrollHint)).right_aligned());
    let inner = b.inner(rect);
    clear_box(frame, rect);
    frame.render_widget(b, rect);
    let text = Paragraph::new(lines).wrap(Wrap { trim: false });
    let max = text
        .line_count(inner.width)
        .saturating_sub(inner.height as usize)
        .min(u16::MAX as usize) as u16;
    frame.render_widget(text.scroll((scroll.min(max), 0)), inner);
    Some(max)
}
