//! The confirmation modal and the quit question. Every job the action touches is listed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::text::{fit, truncate, width};
use super::{Theme, block};
use crate::api::model::status_kind;
use crate::app::App;
use crate::app::confirm::{Button, ConfirmAction, ConfirmModal, Target};

/// A box of `w`×`h` cells centred in `area` (clamped to it).
fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Cells of the region in a target line (several projects listed).
const REGION_W: usize = 14;

fn target_line<'a>(t: &Target, theme: &Theme, inner_w: usize, extra: &str) -> Line<'a> {
    let e = theme.ellipsis();
    let name_w = 22.min(inner_w / 3).max(4);
    let status_w = 25.min(inner_w / 4).max(6);
    // The whole id when it fits, else its head: the name and status still identify the job.
    let region_w = if t.region.is_empty() { 0 } else { REGION_W + 1 };
    let rest = inner_w.saturating_sub(name_w + status_w + 4 + region_w);
    let want = if extra.is_empty() { 36 } else { 9 };
    let id_w = want.min(rest).max(4);
    let mut spans = vec![Span::raw("  ")];
    // Several projects listed: the job's region first, so a delete's destination is in view.
    if !t.region.is_empty() {
        spans.push(Span::styled(fit(&t.region, REGION_W, e), theme.heading()));
        spans.push(Span::raw(" "));
    }
    spans.extend([
        Span::raw(fit(&t.name, name_w, e)),
        Span::raw(" "),
        Span::styled(fit(&t.id, id_w, e), theme.dim()),
        Span::raw(" "),
        Span::styled(
            truncate(&t.status, status_w, e),
            theme.status(status_kind(&t.status)),
        ),
    ]);
    if !extra.is_empty() {
        let used = 2 + region_w + name_w + 1 + id_w + 1 + status_w.min(width(&t.status)) + 2;
        let room = inner_w.saturating_sub(used);
        spans.push(Span::styled(
            format!("  {}", truncate(extra, room, e)),
            theme.warn(),
        ));
    }
    Line::from(spans)
}

/// The two buttons' labels and the gap between them, for an inner width.
fn button_labels(m: &ConfirmModal, inner_w: usize) -> (String, &'static str, String) {
    let n = m.count();
    let verb = m.verb();
    let lower = verb.to_lowercase();
    let compact = inner_w < 48;
    let cancel = if compact {
        " Cancel n "
    } else {
        " Cancel (n/Esc) "
    }
    .to_owned();
    let confirm = match (n, compact) {
        (0, _) => format!(" Nothing to {lower} "),
        (_, true) => format!(" {verb} {n} y "),
        (_, false) => format!(" {verb} {n} (y) "),
    };
    let gap = if compact { "] [" } else { "]      [" };
    (cancel, gap, confirm)
}

fn lines<'a>(m: &ConfirmModal, theme: &Theme, inner_w: usize) -> (Vec<Line<'a>>, Vec<Line<'a>>) {
    let mut body = Vec::new();
    let verb = m.verb();
    let lower = verb.to_lowercase();
    if !m.targets.is_empty() {
        body.push(Line::styled(format!("Will {lower}:"), theme.heading()));
        body.extend(m.targets.iter().map(|t| target_line(t, theme, inner_w, "")));
    }
    if !m.hidden.is_empty() {
        body.push(Line::styled(
            format!(
                "Marked but hidden by the filter \"{}\" (will {lower} too):",
                m.filter
            ),
            theme.heading(),
        ));
        body.extend(m.hidden.iter().map(|t| target_line(t, theme, inner_w, "")));
    }
    if !m.skipped.is_empty() {
        body.push(Line::styled(
            format!("Cannot {lower} now (skipped):"),
            theme.heading(),
        ));
        for s in &m.skipped {
            let extra = if m.stop_first && s.stoppable {
                format!("{} stop first, then delete", theme.arrow())
            } else {
                s.reason.clone()
            };
            body.push(target_line(&s.target, theme, inner_w, &extra));
        }
    }
    let mut tail = vec![Line::raw("")];
    if m.offers_stop_first() {
        let state = if m.stop_first { "on" } else { "off" };
        tail.push(Line::from(vec![
            Span::styled("[s]", theme.heading()),
            Span::raw(format!(
                " stop the running ones first, wait until stopped, then delete: {state}"
            )),
        ]));
    }
    let n = m.count();
    let what = match (m.action, m.force) {
        (ConfirmAction::Delete, _) => "DELETE /v5/{project_id}/jobs/{job_id}",
        (ConfirmAction::Stop, false) => "POST /v5/{project_id}/jobs/{job_id}/stop",
        (ConfirmAction::Stop, true) => "POST /v5/{project_id}/jobs/{job_id}/stop (is_force_stop)",
    };
    let several = m
        .targets
        .iter()
        .chain(m.hidden.iter())
        .any(|t| !t.region.is_empty());
    if n > 0 && several {
        tail.push(Line::styled(
            format!(
                "Sends {what} for each, to its own region and project, {} at a time.",
                m.concurrency.max(1)
            ),
            theme.dim(),
        ));
    } else if n > 0 {
        tail.push(Line::styled(
            format!("Sends {what} for each, {} at a time.", m.concurrency.max(1)),
            theme.dim(),
        ));
    } else {
        tail.push(Line::styled(
            format!(
                "Nothing can be {} now.",
                match m.action {
                    ConfirmAction::Delete => "deleted",
                    ConfirmAction::Stop => "stopped",
                }
            ),
            theme.warn(),
        ));
    }
    if let Some(req) = &m.require {
        let cursor = if theme.ascii { "_" } else { "▏" };
        let what = if n == 1 {
            "the job's name"
        } else {
            "the number of jobs"
        };
        let ok = m.typed == *req;
        tail.push(Line::from(vec![
            Span::raw(format!("Type {what} ({req}) to confirm: ")),
            Span::styled(
                format!("{}{cursor}", m.typed),
                if ok { theme.ok() } else { theme.warn() },
            ),
        ]));
    }
    tail.push(Line::raw(""));
    let (cancel, gap, confirm) = button_labels(m, inner_w);
    let style = |b: Button, enabled: bool| {
        let s = if enabled { Style::new() } else { theme.dim() };
        if m.focus == b {
            s.patch(theme.selected())
        } else {
            s
        }
    };
    tail.push(
        Line::from(vec![
            Span::raw("["),
            Span::styled(cancel, style(Button::Cancel, true)),
            Span::raw(gap),
            Span::styled(confirm, style(Button::Confirm, m.can_confirm())),
            Span::raw("]"),
        ])
        .centered(),
    );
    (body, tail)
}

/// Where the modal goes in `area`: its box, its body and tail lines (the body cut to fit).
fn place<'a>(m: &ConfirmModal, theme: &Theme, area: Rect) -> (Rect, Vec<Line<'a>>, usize) {
    let w = area.width.saturating_sub(2).min(96);
    let inner_w = w.saturating_sub(2) as usize;
    let (mut body, tail) = lines(m, theme, inner_w);
    let max_inner_h = area.height.saturating_sub(2) as usize;
    let room = max_inner_h.saturating_sub(tail.len() + 2);
    if body.len() > room {
        // Keep the buttons visible; say how much of the list is cut.
        let cut = body.len() - room.saturating_sub(1);
        body.truncate(room.saturating_sub(1));
        body.push(Line::styled(
            format!(
                "  {} {cut} more lines (enlarge the terminal to see them)",
                theme.ellipsis()
            ),
            theme.warn(),
        ));
    }
    let h = (body.len() + tail.len() + 2) as u16;
    let rect = centered(area, w, h);
    let buttons_row = body.len() + tail.len() - 1;
    body.extend(tail);
    (rect, body, buttons_row)
}

/// The Cancel and Confirm buttons' cells on screen (for mouse clicks), if visible.
pub fn buttons(app: &App) -> Option<(Rect, Rect)> {
    let m = app.modal.as_ref()?;
    let area = app.size;
    if super::too_small(area) {
        return None;
    }
    let theme = Theme::new(&app.settings);
    let (rect, _, row) = place(m, &theme, area);
    let inner = block(&theme, "", true).inner(rect);
    let y = inner.y + row as u16;
    if y >= inner.bottom() {
        return None;
    }
    let (cancel, gap, confirm) = button_labels(m, inner.width as usize);
    let (cw, gw, fw) = (width(&cancel), width(gap), width(&confirm));
    let total = (1 + cw + gw + fw + 1) as u16;
    // Centred as ratatui centres a line: the spare cells split, the odd one to the right.
    let x0 = inner.x + inner.width.saturating_sub(total) / 2;
    let cancel_r = Rect::new(x0 + 1, y, cw as u16, 1).intersection(inner);
    let confirm_r = Rect::new(x0 + 1 + (cw + gw) as u16, y, fw as u16, 1).intersection(inner);
    Some((cancel_r, confirm_r))
}

pub(super) fn render(m: &ConfirmModal, _app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let (rect, body, _) = place(m, theme, area);
    let inner_w = rect.width.saturating_sub(2) as usize;
    let n = m.count();
    let title = format!(" {} {} job{}? ", m.verb(), n, if n == 1 { "" } else { "s" });
    let b = block(theme, truncate(&title, inner_w, theme.ellipsis()), true);
    let inner = b.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(b, rect);
    frame.render_widget(Paragraph::new(body), inner);
}

pub(super) fn render_quit(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let n = app.sent_in_flight();
    let text = vec![
        Line::raw(format!("{n} request(s) still in flight.")),
        Line::raw("Quitting waits for their answers, then quits."),
        Line::raw(""),
        Line::from(vec![
            Span::styled("y", theme.heading()),
            Span::raw(" quit    "),
            Span::styled("n/Esc", theme.heading()),
            Span::raw(" stay"),
        ]),
    ];
    let rect = centered(area, 48, 6);
    let b = block(theme, " Quit? ", true);
    let inner = b.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(b, rect);
    frame.render_widget(Paragraph::new(text), inner);
}
