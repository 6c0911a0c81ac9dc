//! Outcome lines, newest first, and the bulk progress gauge.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::{middle, short_id, truncate, width};
use super::{Theme, block};
use crate::app::{App, ConfirmAction, Focus, Outcome, outcomes};
use crate::ops::OutcomeKind;
use crate::tr;

fn gauge<'a>(app: &App, theme: &Theme, width: usize) -> Option<Line<'a>> {
    let b = app.batch?;
    let (finished, total) = b.progress();
    let pending = app.pending();
    let head = if pending > 0 && finished == 0 && pending >= total {
        tr!(OcWaiting, pending)
    } else if b.finished() {
        tr!(OcFinished).to_owned()
    } else {
        match b.action {
            ConfirmAction::Delete => tr!(OcDeleting),
            ConfirmAction::Stop => tr!(OcStopping),
        }
        .to_owned()
    };
    let tail = b.summary();
    let bar_w = width
        .saturating_sub(super::text::width(&head) + super::text::width(&tail) + 12)
        .min(20);
    let mut spans = vec![Span::raw(format!(" {head} "))];
    if bar_w >= 5 {
        let filled = (finished * bar_w / total.max(1)).min(bar_w);
        let (f, e) = theme.gauge();
        let (l, r) = if theme.ascii {
            ("[", "]")
        } else {
            ("▕", "▏")
        };
        spans.push(Span::raw(l));
        spans.push(Span::styled(f.repeat(filled), theme.ok()));
        spans.push(Span::styled(e.repeat(bar_w - filled), theme.dim()));
        spans.push(Span::raw(format!("{r} ")));
    }
    let bad = b.stops.failed + b.deletes.failed + b.stops.unknown + b.deletes.unknown;
    let style = if bad > 0 { theme.error() } else { theme.dim() };
    spans.push(Span::styled(format!("{tail} "), style));
    Some(Line::from(spans).right_aligned())
}

/// The pane's title: how many outcomes, how many failed, where the selection is.
fn title(app: &App, shown: usize, pos: usize, rows: usize) -> String {
    let total = app.outcomes.len();
    if total == 0 {
        return tr!(OcTitle).to_owned();
    }
    let focused = app.focus == Focus::Outcomes;
    let mut t = if app.outcome_view.failures_only {
        tr!(OcTitleFailures, shown, total)
    } else {
        let unknown = app
            .outcomes
            .iter()
            .filter(|o| o.kind == OutcomeKind::UnknownStillPresent)
            .count();
        let failed = app.outcomes.failures() - unknown;
        let mut t = tr!(OcTitleTotal, total);
        if failed > 0 {
            t.push_str(&tr!(OcFailedCount, failed));
        }
        if unknown > 0 {
            t.push_str(&tr!(OcUnknownCount, unknown));
        }
        t
    };
    if focused && shown > 0 {
        t.push_str(&tr!(OcSelected, pos + 1, shown));
    } else if !focused && total > rows {
        t.push_str(tr!(OcTabHere));
    }
    t.push(' ');
    t
}

/// One outcome as a line of `w` cells; `place`: where the job lived, when the line names it
/// (several projects listed). The place is never cut: the name gives way first.
fn line<'a>(o: &Outcome, place: Option<&str>, theme: &Theme, w: usize) -> Line<'a> {
    let e = theme.ellipsis();
    let head = format!(
        "{:02}:{:02}:{:02}  {}{} ",
        o.at.hour(),
        o.at.minute(),
        o.at.second(),
        place.map(|p| format!("{p}  ")).unwrap_or_default(),
        o.verb,
    );
    let tail = format!(" ({}): {}", short_id(&o.id, e), o.text);
    // The outcome matters more than the whole name: a long name gives way first (keeping its
    // distinguishing end), down to a few characters, before the line is cut at its end.
    let room = w.saturating_sub(width(&head) + width(&tail));
    let name = middle(&o.name, room.max(12), e);
    let text = format!("{head}{name}{tail}");
    let style = match o.kind {
        _ if o.ok => theme.ok(),
        OutcomeKind::Cancelled => theme.dim(),
        OutcomeKind::UnknownStillPresent => theme.warn(),
        _ => theme.error(),
    };
    Line::styled(truncate(&text, w, e), style)
}

pub(super) fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    if area.width < 3 || area.height < 3 {
        return;
    }
    let focused = app.focus == Focus::Outcomes;
    let shown = outcomes::shown(app);
    let pos = outcomes::selected_pos(app, &shown);
    let rows = area.height.saturating_sub(2) as usize;
    let mut b = block(theme, title(app, shown.len(), pos, rows), focused);
    // The gauge has the bottom border to itself: it never covers the title.
    if let Some(g) = gauge(app, theme, area.width as usize) {
        b = b.title_bottom(g);
    }
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let w = inner.width as usize;
    let lines: Vec<Line> = if app.outcomes.is_empty() {
        vec![Line::styled(tr!(OcNone), theme.dim())]
    } else if shown.is_empty() {
        vec![Line::styled(tr!(OcNoFailures), theme.dim())]
    } else {
        let top = if app.outcome_view.selected.is_some() {
            app.outcome_view.top
        } else {
            0
        };
        shown
            .iter()
            .enumerate()
            .skip(top)
            .take(inner.height as usize)
            .filter_map(|(p, seq)| {
                let o = app.outcomes.by_seq(*seq)?;
                let place = outcomes::names_place(app, o).then(|| o.place.label());
                if !focused {
                    return Some(line(o, place, theme, w));
                }
                // Focused: a pointer shows the selection without colour too.
                let mut l = line(o, place, theme, w.saturating_sub(2));
                let here = p == pos;
                let ptr = if here { theme.pointer() } else { " " };
                l.spans.insert(0, Span::raw(format!("{ptr} ")));
                if here {
                    let st = l.style.patch(theme.selected());
                    l = l.style(st);
                }
                Some(l)
            })
            .collect()
    };
    frame.render_widget(Paragraph::new(lines), inner);
}
