//! The top line: where we are and what is shown. Less important fields go first when narrow.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use super::text::{abbreviate, thousands, truncate, width};
use crate::app::App;
use crate::tr;

/// A header field: its spans and how readily it is dropped (higher goes first).
struct Field<'a> {
    drop: u8,
    spans: Vec<Span<'a>>,
}

pub(super) fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let s = &app.settings;
    let e = theme.ellipsis();
    let mut fields: Vec<Field> = Vec::new();
    let mut field = |drop: u8, label: &str, value: String| {
        fields.push(Field {
            drop,
            spans: vec![
                Span::styled(
                    if label.is_empty() {
                        "  ".to_owned()
                    } else {
                        format!("  {label} ")
                    },
                    theme.dim(),
                ),
                Span::raw(value),
            ],
        });
    };
    field(3, tr!(HdrProfile), truncate(&s.profile, 20, e));
    // The scope, always: the configured region, or what --regions / :region cover. An
    // --endpoint override may not be the region's endpoint: say so rather than guess.
    if s.custom_endpoint && app.scope_label.is_empty() {
        field(5, "", tr!(HdrCustomEndpoint).to_owned());
    } else {
        // One project in view (`:project ID` too): its region; several: what they cover.
        let region = if app.scope_label.is_empty() || app.scopes.len() == 1 {
            &s.region
        } else {
            &app.scope_label
        };
        field(1, tr!(HdrRegion), truncate(region, 28, e));
    }
    if crate::app::scope::multi(app) {
        field(4, tr!(HdrProjects), app.scopes.len().to_string());
    } else {
        field(4, tr!(HdrProject), abbreviate(&s.project_id, e));
    }
    field(
        2,
        tr!(HdrType),
        app.job_type
            .map_or(tr!(HdrAll).to_owned(), |t| t.as_str().to_owned()),
    );
    let (shown, total) = (thousands(app.table.shown()), thousands(app.total()));
    let jobs = if app.listing {
        format!(
            "{shown}/{total} {} {}",
            theme.spinner(app.spinner),
            tr!(HdrLoading)
        )
    } else if app.list_error.is_some() && app.table.all().is_empty() {
        String::new()
    } else if app.list_error.is_some() {
        format!("{shown}/{total} {}", tr!(HdrStale))
    } else {
        format!("{shown}/{total}")
    };
    if !jobs.is_empty() {
        field(0, tr!(HdrJobs), jobs);
    }
    if !app.table.filter().is_empty() || app.filtering {
        let cursor = match (app.filtering, theme.ascii) {
            (false, _) => "",
            (true, true) => "_",
            (true, false) => "▏",
        };
        field(
            1,
            tr!(HdrFilter),
            format!("{}{cursor}", truncate(app.table.filter(), 24, e)),
        );
    }
    if app.list_error.is_some() && !app.listing {
        fields.push(Field {
            drop: 0,
            spans: vec![
                Span::raw("  "),
                Span::styled(tr!(HdrListingFailed), theme.error()),
            ],
        });
    }
    for (on, badge) in [
        (s.demo, tr!(BadgeDemo)),
        (s.read_only, tr!(BadgeReadOnly)),
        (
            !s.read_only && s.writes_disabled.is_some(),
            tr!(BadgeNoAudit),
        ),
        (s.protected, tr!(BadgeProtected)),
    ] {
        if on {
            fields.push(Field {
                drop: 0,
                spans: vec![Span::raw("  "), Span::styled(badge, theme.badge())],
            });
        }
    }
    let title = Span::styled(" drs-tui", theme.heading());
    let len = |fs: &[Field]| -> usize {
        8 + fs
            .iter()
            .flat_map(|f| f.spans.iter())
            .map(|s| width(&s.content))
            .sum::<usize>()
    };
    for level in (1..=5).rev() {
        if len(&fields) <= area.width as usize {
            break;
        }
        fields.retain(|f| f.drop < level);
    }
    let mut spans = vec![title];
    spans.extend(fields.into_iter().flat_map(|f| f.spans));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
