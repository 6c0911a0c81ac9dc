//! The shutdown countdown: what is still awaited, and how long it will be waited for.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{Theme, block};
use crate::app::{App, Shutdown};

pub(super) fn render(app: &App, s: &Shutdown, theme: &Theme, frame: &mut Frame, area: Rect) {
    let waiting = app.in_flight();
    let left = match s.secs_left {
        Some(secs) => crate::tr!(ShutWaitingUpTo, secs),
        None => crate::tr!(ShutWaiting).to_owned(),
    };
    let text = vec![
        Line::raw(crate::tr!(ShutQuitting, s.reason)),
        Line::raw(crate::tr!(ModInFlight, waiting)),
        Line::raw(left),
        Line::raw(crate::tr!(ShutThen)),
        Line::raw(crate::tr!(ShutSettle)),
    ];
    let w = 52.min(area.width);
    let h = (text.len() as u16 + 2).min(area.height);
    let rect = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    let b = block(theme, crate::tr!(ShutTitle), true);
    let inner = b.inner(rect);
    super::modal::clear_box(frame, rect);
    frame.render_widget(b, rect);
    frame.render_widget(Paragraph::new(text).style(theme.warn()), inner);
}
