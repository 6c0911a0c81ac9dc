//! A failed listing, drawn where the jobs would be: what failed, the server's words, what to do.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{Theme, block};
use crate::app::{App, ListFailure};

/// The explanation's lines (headline, details, hint).
pub(super) fn lines<'a>(f: &ListFailure, theme: &Theme) -> Vec<Line<'a>> {
    let mut out = vec![Line::styled(
        crate::tr!(FailListing, f.headline),
        theme.error(),
    )];
    out.extend(f.details.iter().map(|d| Line::raw(format!("  {d}"))));
    out.push(Line::styled(f.hint.clone(), theme.warn()));
    out
}

/// Below stale rows: why the refresh failed (the rows are from the last good listing).
pub(super) fn render_notice(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(f) = &app.list_error else { return };
    if area.width < 3 || area.height < 3 {
        return;
    }
    let b = block(theme, crate::tr!(FailRefreshTitle), false).border_style(theme.error());
    let inner = b.inner(area);
    frame.render_widget(b, area);
    frame.render_widget(
        Paragraph::new(super::text::wrap_lines(
            lines(f, theme),
            inner.width as usize,
        )),
        inner,
    );
}
