//! The top line: where we are and what is shown.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use super::text::{abbreviate, thousands, truncate};
use crate::app::App;

pub(super) fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let s = &app.settings;
    let e = theme.ellipsis();
    let mut spans = vec![Span::styled(" drs-tui", theme.heading())];
    let mut field = |label: &str, value: String| {
        spans.push(Span::styled(format!("  {label} "), theme.dim()));
        spans.push(Span::raw(value));
    };
    field("profile", truncate(&s.profile, 20, e));
    field("region", truncate(&s.region, 20, e));
    field("project", abbreviate(&s.project_id, e));
    field(
        "type:",
        app.job_type
            .map_or("all".to_owned(), |t| t.as_str().to_owned()),
    );
    let shown = app.table.shown();
    let total = app.total();
    let jobs = if app.listing {
        format!(
            "{}/{} {} loading",
            thousands(shown),
            thousands(total),
            theme.spinner(app.spinner)
        )
    } else {
        format!("{}/{}", thousands(shown), thousands(total))
    };
    field("jobs", jobs);
    if !app.table.filter().is_empty() || app.filtering {
        let cursor = if app.filtering { "▏" } else { "" };
        let cursor = if theme.ascii && app.filtering {
            "_"
        } else {
            cursor
        };
        field(
            "filter:",
            format!("{}{cursor}", truncate(app.table.filter(), 24, e)),
        );
    }
    if s.demo {
        spans.push(Span::raw("  "));
        spans.push(Span::styled("[DEMO]", theme.badge()));
    }
    if s.read_only {
        spans.push(Span::raw("  "));
        spans.push(Span::styled("[READ-ONLY]", theme.badge()));
    }
    if s.protected {
        spans.push(Span::raw("  "));
        spans.push(Span::styled("[PROTECTED]", theme.badge()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
