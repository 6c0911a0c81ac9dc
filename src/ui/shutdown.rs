//! The shutdown countdown: what is still awaited, and how long it will be waited for.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

use super::{Theme, block};
use crate::app::{App, Shutdown};

pub(super) fn render(app: &App, s: &Shutdown, theme: &Theme, frame: &mut Frame, area: Rect) {
    let waiting = app.in_flight();
    let left = match s.secs_left {
        Some(secs) => format!("Waiting up to {secs} s for their answers;"),
        None => "Waiting for their answers;".to_owned(),
    };
    let text = vec![
        Line::raw(format!("Quitting ({}).", s.reason)),
        Line::raw(format!("{waiting} request(s) still in flight.")),
        Line::raw(left),
        Line::raw("then unanswered ones are recorded interrupted"),
        Line::raw("(drs-tui audit --settle re-reads them)."),
    ];
    let w = 52.min(area.width);
    let h = (text.len() as u16 + 2).min(area.height);
    let rect = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    let b = block(theme, " Quitting ", true);
    let inner = b.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(b, rect);
    frame.render_widget(Paragraph::new(text).style(theme.warn()), inner);
}
