//! The `?` overlay: every key.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Theme, block};
use crate::app::App;

const KEYS: &[(&str, &str)] = &[
    ("↑/↓ j/k", "move; PgUp/PgDn page; g/G Home/End first/last"),
    (
        "Tab",
        "switch focus between list and detail (detail scrolls)",
    ),
    (
        "/",
        "live filter on name, id, status, engine; Enter keeps, Esc clears",
    ),
    ("s / S", "cycle the sort column / reverse the sort"),
    (
        "t",
        "cycle the job type: all, migration, sync, cloudDataGuard, replay",
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
        "x / X",
        "ask to stop / force-stop the marked jobs, or the selected one",
    ),
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
    ("?", "this help; any key closes it"),
];

pub(super) fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let w = area.width.saturating_sub(4).min(84);
    let h = (KEYS.len() as u16 + 4).min(area.height);
    let rect = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    let mut lines: Vec<Line> = KEYS
        .iter()
        .filter(|(k, _)| !app.settings.read_only || !matches!(*k, "d Delete" | "x" | "R"))
        .map(|(k, v)| {
            let k = if theme.ascii {
                k.replace("↑/↓", "up/down")
            } else {
                (*k).to_owned()
            };
            Line::from(vec![
                Span::styled(format!(" {k:<10}"), theme.heading()),
                Span::raw(*v),
            ])
        })
        .collect();
    if app.settings.read_only {
        lines.push(Line::styled(
            " read-only: delete, stop and retry are disabled",
            theme.warn(),
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(" press any key to close", theme.dim()));
    let b = block(theme, " Keys ", true);
    let inner = b.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(b, rect);
    frame.render_widget(Paragraph::new(lines), inner);
}
