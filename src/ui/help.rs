//! The `?` overlay: every key.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Theme, block};
use crate::app::App;

const KEYS: &[(&str, &str)] = &[
    ("↑/↓ j/k", "move; PgUp/PgDn a page; g/G Home/End first/last"),
    ("Ctrl-D/U", "half a page down/up; Ctrl-F/B a page down/up"),
    (
        "Tab",
        "focus: list → detail → outcomes (each scrolls with these keys; Shift-Tab back)",
    ),
    (
        "Enter / f",
        "in outcomes: open the full record / failures only",
    ),
    ("z", "zoom the focused pane to the whole screen"),
    ("y / Y", "copy the job's id / the job as JSON (OSC 52)"),
    ("v", "the job's raw JSON: as listed, plus its detail"),
    (
        "/",
        "live filter on name, id, status, engine; Enter keeps, Esc clears",
    ),
    (
        "s / S",
        "cycle the sort column / reverse it (▲/▼ marks the sorted column)",
    ),
    (
        "t",
        "cycle the job type: all, migration, sync, cloudDataGuard, replay (marks stay)",
    ),
    (
        "r",
        "refresh now; with failed projects, list only those again",
    ),
    ("space", "mark or unmark the selected job"),
    ("a / A", "mark every shown job / clear all marks"),
    (
        "d Delete",
        "ask to delete the marked jobs, or the selected one",
    ),
    (
        "modal ↑↓",
        "PgUp/PgDn, Home/End too: scroll the modal's job list",
    ),
    (
        "x / X",
        "ask to stop / force-stop the marked jobs, or the selected one",
    ),
    (
        "y Enter",
        "in a confirmation: confirm (only once it is shown whole); typed: Enter submits",
    ),
    ("n Esc", "in a confirmation: cancel, nothing is sent"),
    ("u", "undo: cancel the confirmed requests not sent yet"),
    (
        "U",
        "settle unsettled writes of an earlier run (re-reads each job)",
    ),
    (
        "Esc",
        "during a bulk operation: cancel what is not sent yet",
    ),
    (
        "R",
        "ask to retry the jobs whose last request failed or is unknown",
    ),
    (
        "Enter",
        "open / close a parent job's children as rows (each deletable)",
    ),
    (
        "p",
        "the selected job's progress in the detail pane (again: back)",
    ),
    (
        "l / m",
        "the selected job's log in the detail pane / fetch its next page",
    ),
    (
        ":",
        "command line (Tab completes, Up/Down history): :region R|all,",
    ),
    (
        "",
        ":profile P, :project ID, :type T, :regions (listing per project), :q",
    ),
    (
        "mouse",
        "click selects a row or a modal button, the wheel scrolls",
    ),
    (
        "q Ctrl-C",
        "quit (cancels unsent requests; waits for those in flight)",
    ),
    (
        "?",
        "this help: ↑/↓ PgUp/PgDn scroll it, any other key closes it",
    ),
];

/// Draws the help over `area`; returns how far it can scroll before its content ends.
pub(super) fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) -> u16 {
    let w = area.width.saturating_sub(2).min(96);
    let inner_w = w.saturating_sub(2);
    // Descriptions wrap under themselves (a hanging indent past the key column).
    let key_w = 12;
    let text_w = (inner_w as usize).saturating_sub(key_w).max(10);
    let mut lines: Vec<Line> = Vec::new();
    for (k, v) in KEYS.iter().filter(|(k, _)| {
        !app.settings.no_writes()
            || !matches!(*k, "d Delete" | "x / X" | "R" | "y Enter" | "n Esc" | "u")
    }) {
        let k = if theme.ascii {
            k.replace("↑/↓", "up/down")
        } else {
            (*k).to_owned()
        };
        let v = if theme.ascii {
            v.replace("▲/▼", "^/v").replace("↑/↓", "up/down")
        } else {
            (*v).to_owned()
        };
        for (i, part) in wrap_words(&v, text_w).into_iter().enumerate() {
            let head = if i == 0 {
                format!(" {k:<10} ")
            } else {
                " ".repeat(key_w)
            };
            lines.push(Line::from(vec![
                Span::styled(head, theme.heading()),
                Span::raw(part),
            ]));
        }
    }
    if app.settings.no_writes() {
        lines.push(Line::styled(
            " read-only: delete, stop and retry are disabled",
            theme.warn(),
        ));
    }
    let content = lines.len() as u16;
    let p = Paragraph::new(lines);
    let h = (content + 3).min(area.height);
    let rect = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    let b = block(theme, " Keys ", true);
    let inner = b.inner(rect);
    let body_h = inner.height.saturating_sub(1);
    let max = content.saturating_sub(body_h);
    let scroll = app.help_scroll.min(max);
    let foot = if max > 0 {
        format!(
            " lines {}-{} of {content}: ↑/↓ PgUp/PgDn scroll · any other key closes",
            scroll + 1,
            (scroll + body_h).min(content)
        )
    } else {
        " press any key to close".to_owned()
    };
    let foot = if theme.ascii {
        foot.replace("↑/↓", "up/down")
    } else {
        foot
    };
    super::modal::clear_box(frame, rect);
    frame.render_widget(b, rect);
    frame.render_widget(
        p.scroll((scroll, 0)),
        Rect::new(inner.x, inner.y, inner.width, body_h),
    );
    frame.render_widget(
        Paragraph::new(Line::styled(foot, theme.dim())),
        Rect::new(inner.x, inner.y + body_h, inner.width, 1.min(inner.height)),
    );
    max
}

/// Splits `text` into lines of at most `width` cells at spaces (a longer word is cut).
fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let need =
            super::text::width(&line) + usize::from(!line.is_empty()) + super::text::width(word);
        if !line.is_empty() && need > width {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push(line);
    out
}
