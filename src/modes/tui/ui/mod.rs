//! Pure drawing: `render(&App, &mut Frame)`, one file per pane. Nothing here changes state.

mod columns;
mod command_line;
mod detail;
mod failure;
mod footer;
mod header;
mod help;
mod messages;
mod modal;
mod modal_text;
mod outcomes;
mod record;
mod regions;
mod rows;
mod shutdown;
pub mod status;
mod story;
mod table;
pub mod text;
pub mod theme;
mod values;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::app::{App, Mode};
use crate::layout::Drawn;
pub use theme::Theme;

pub use crate::layout::{MIN_HEIGHT, MIN_WIDTH, too_small};

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame) {
    draw(app, frame);
}

/// Draws the whole screen; returns what input handling must know about the frame (whether
/// the modal was seen whole, where its buttons are).
pub fn draw(app: &App, frame: &mut Frame) -> Drawn {
    let theme = Theme::new(&app.settings);
    let area = frame.area();
    let mut drawn = Drawn {
        size: area,
        ..Drawn::default()
    };
    if area.width == 0 || area.height == 0 {
        return drawn;
    }
    if too_small(area) {
        let msg = crate::tr!(TooSmall, area.width, area.height, MIN_WIDTH, MIN_HEIGHT);
        frame.render_widget(
            Paragraph::new(Line::from(msg)).wrap(Wrap { trim: true }),
            area,
        );
        return drawn;
    }
    // Lay out for the frame actually drawn (it can differ from `app.size` for one frame).
    let areas = app.areas_in(area);
    header::render(
        app,
        &theme,
        frame,
        Rect {
            height: 1,
            ..areas.header
        },
    );
    if areas.header.height > 1 {
        let strip = Rect::new(areas.header.x, areas.header.y + 1, areas.header.width, 1);
        regions::strip(app, &theme, frame, strip);
    }
    table::render(app, &theme, frame, areas.table);
    drawn.detail_max_scroll = detail::render(app, &theme, frame, areas.detail);
    failure::render_notice(app, &theme, frame, areas.notice);
    outcomes::render(app, &theme, frame, areas.outcomes);
    footer::render(app, &theme, frame, areas.footer);
    let popups = popup_area(area, areas.header.height, areas.footer);
    // What is open over the panes: one thing at most.
    match &app.mode {
        Mode::Panes | Mode::Filter => {}
        Mode::Command(line) => command_line::render(line, &theme, frame, areas.footer),
        Mode::Regions(v) => regions::view(app, v, &theme, frame, area),
        Mode::Help => drawn.help_max_scroll = help::render(app, &theme, frame, area),
        Mode::Overlay(_) => drawn.overlay_max_scroll = record::render(app, &theme, frame, area),
        Mode::Modal(m) => drawn.modal = modal::render(m, app, &theme, frame, popups),
    }
    if app.quit_confirm {
        modal::render_quit(app, &theme, frame, popups);
        // The quit question covers the modal's middle: it was not seen whole.
        if let Some(m) = drawn.modal.as_mut() {
            m.whole = false;
        }
    }
    if let Some(s) = &app.shutdown {
        shutdown::render(app, s, &theme, frame, popups);
        // The shutdown notice is drawn over the modal: it was not seen whole.
        if let Some(m) = drawn.modal.as_mut() {
            m.whole = false;
        }
    }
    drawn
}

/// Where a box asked over the panes (the confirmation, the quit question, the shutdown notice)
/// may go: below the header and above the footer, so the scope and the status line (where a
/// wrong typed confirmation is explained) stay readable, with a row to spare above and below
/// for the blank ring [`modal::clear_box`] draws. On a screen too short for that,
/// the whole screen.
fn popup_area(area: Rect, header_h: u16, footer: Rect) -> Rect {
    let top = area.y + header_h + 1;
    let bottom = footer.y.min(area.bottom()).saturating_sub(1);
    if bottom < top + 10 || area.width < 12 {
        return area;
    }
    Rect::new(area.x, top, area.width, bottom - top)
}

/// A bordered block in the theme's border set.
pub(crate) fn block<'a>(theme: &Theme, title: impl Into<Line<'a>>, focused: bool) -> Block<'a> {
    let b = Block::bordered()
        .border_set(theme.border())
        .title(title.into());
    if focused {
        b.border_style(theme.focused_border())
    } else {
        b
    }
}
