//! Several projects listed: the region strip under the header (each project's listing state at
//! a glance) and the `:regions` view (each project in full, with why a listing failed).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::text::{thousands, truncate, width};
use super::{Theme, block};
use crate::api::{ScopeId, ScopeListing};
use crate::app::App;
use crate::sanitize::clean;
use crate::tr;

fn state_of(app: &App, s: ScopeId) -> Option<&ScopeListing> {
    app.scope_states.get(&s)
}

/// One project in the strip: its label and its state.
fn cell<'a>(app: &App, theme: &Theme, s: ScopeId) -> Vec<Span<'a>> {
    let label = clean(&s.label());
    let (text, style) = match state_of(app, s) {
        None | Some(ScopeListing::Listing) => (
            format!("{} {}", theme.spinner(app.spinner), tr!(StripListing)),
            theme.warn(),
        ),
        Some(ScopeListing::Listed { jobs }) => (
            format!(
                "{} {}",
                theme.tick(),
                tr!(StripJobs, thousands(*jobs as usize))
            ),
            theme.ok(),
        ),
        Some(ScopeListing::Failed(_)) => (
            format!("{} {}", theme.cross(), tr!(StripFailed)),
            theme.error(),
        ),
    };
    vec![
        Span::styled(format!(" {label} "), theme.heading()),
        Span::styled(text, style),
        Span::raw(" "),
    ]
}

/// The strip: every project's listing state on one line (what does not fit is counted).
pub(super) fn strip(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let w = area.width as usize;
    let failed = crate::app::scope::failed(app);
    let tail = if failed > 0 {
        format!(" · {} · :regions", tr!(StripRetry))
    } else {
        String::new()
    };
    let mut spans: Vec<Span> = Vec::new();
    let mut used = width(&tail);
    for (i, s) in app.scopes.iter().enumerate() {
        let c = cell(app, theme, *s);
        let cw: usize = c.iter().map(|s| width(&s.content)).sum();
        if used + cw > w {
            let more = format!(" +{}", app.scopes.len() - i);
            spans.push(Span::styled(more, theme.dim()));
            break;
        }
        used += cw;
        spans.extend(c);
    }
    if !tail.is_empty() {
        spans.push(Span::styled(
            truncate(&tail, w.saturating_sub(used), theme.ellipsis()),
            theme.warn(),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The `:regions` view: every project, its id and state, and a failure's full reason.
pub(super) fn view(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let w = area.width.saturating_sub(4).min(110);
    let mut lines: Vec<Line> = Vec::new();
    if app.scopes.is_empty() {
        lines.push(Line::raw(format!(
            " {} {}",
            clean(&app.settings.region),
            clean(&app.settings.project_id)
        )));
    }
    for s in &app.scopes {
        let mut spans = cell(app, theme, *s);
        spans.push(Span::styled(clean(&s.project_id()), theme.dim()));
        lines.push(Line::from(spans));
        if let Some(ScopeListing::Failed(why)) = state_of(app, *s) {
            lines.push(Line::styled(format!("    {why}"), theme.error()));
        }
    }
    lines.push(Line::raw(""));
    if crate::app::scope::failed(app) > 0 {
        lines.push(Line::styled(format!(" {}", tr!(StripRetry)), theme.warn()));
    }
    lines.push(Line::styled(tr!(HelpAnyKey), theme.dim()));
    let h = (lines.len() as u16 + 2).min(area.height);
    let rect = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    let b = block(theme, tr!(RegionsTitle), true);
    let inner = b.inner(rect);
    super::modal::clear_box(frame, rect);
    frame.render_widget(b, rect);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
