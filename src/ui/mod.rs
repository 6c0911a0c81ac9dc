//! Pure drawing: `render(&App, &mut Frame)`, one file per pane. Nothing here changes state.

mod command_line;
mod detail;
mod footer;
mod header;
mod help;
mod modal;
mod outcomes;
mod regions;
mod shutdown;
mod story;
mod table;
pub mod text;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::app::{App, Focus};
pub use theme::Theme;

/// Smallest terminal the full screen is drawn in.
pub const MIN_WIDTH: u16 = 40;
/// Smallest terminal height the full screen is drawn in.
pub const MIN_HEIGHT: u16 = 10;
/// Width from which the detail pane sits beside the table.
const SIDE_BY_SIDE: u16 = 100;

/// Where each pane goes for the app's terminal size.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Areas {
    /// Top line.
    pub header: Rect,
    /// Job table, borders included.
    pub table: Rect,
    /// Detail pane, borders included (empty when hidden).
    pub detail: Rect,
    /// Outcome lines, borders included.
    pub outcomes: Rect,
    /// Bottom line.
    pub footer: Rect,
}

/// Whether the terminal is below the minimum size.
pub fn too_small(size: Rect) -> bool {
    size.width < MIN_WIDTH || size.height < MIN_HEIGHT
}

/// Computes the layout (pure: used by `render` and by mouse handling).
pub fn layout(app: &App) -> Areas {
    layout_in(app, app.size)
}

/// The layout for a given screen rectangle.
pub fn layout_in(app: &App, s: Rect) -> Areas {
    if too_small(s) {
        return Areas::default();
    }
    // Several projects: a second header line, the region strip.
    let header_h = if crate::app::scope::multi(app) { 2 } else { 1 };
    let header = Rect::new(s.x, s.y, s.width, header_h);
    let footer = Rect::new(s.x, s.bottom() - 1, s.width, 1);
    let out_h = match s.height {
        h if h >= 26 => 7,
        h if h >= 16 => 5,
        _ => 3,
    };
    let outcomes = Rect::new(s.x, footer.y - out_h, s.width, out_h);
    let main = Rect::new(
        s.x,
        s.y + header_h,
        s.width,
        outcomes.y.saturating_sub(s.y + header_h),
    );
    let (table, detail) = if s.width >= SIDE_BY_SIDE {
        let tw = s.width * 58 / 100;
        (
            Rect::new(main.x, main.y, tw, main.height),
            Rect::new(main.x + tw, main.y, main.width - tw, main.height),
        )
    } else if app.focus == Focus::Detail {
        (Rect::new(main.x, main.y, 0, 0), main)
    } else {
        (main, Rect::new(main.x, main.y, 0, 0))
    };
    Areas {
        header,
        table,
        detail,
        outcomes,
        footer,
    }
}

/// The rectangle holding the table's job rows (inside borders, below the column header).
pub fn table_rows(app: &App) -> Rect {
    rows_of(layout(app).table)
}

/// The job rows inside a table rectangle.
pub(crate) fn rows_of(t: Rect) -> Rect {
    if t.width < 3 || t.height < 4 {
        return Rect::new(t.x, t.y, 0, 0);
    }
    Rect::new(t.x + 1, t.y + 2, t.width - 2, t.height - 3)
}

/// The confirmation modal's Cancel and Confirm buttons on screen, if it is open and they show.
pub fn modal_buttons(app: &App) -> Option<(Rect, Rect)> {
    modal::buttons(app)
}

/// The detail pane's rectangle (borders included).
pub fn detail_area(app: &App) -> Rect {
    layout(app).detail
}

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame) {
    let theme = Theme::new(&app.settings);
    let area = frame.area();
    if area.width == 0 || area.height == 0 {
        return;
    }
    if too_small(area) {
        let msg = format!(
            "terminal too small: {}x{} (need {MIN_WIDTH}x{MIN_HEIGHT})",
            area.width, area.height
        );
        frame.render_widget(
            Paragraph::new(Line::from(msg)).wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    // Lay out for the frame actually drawn (it can differ from `app.size` for one frame).
    let areas = layout_in(app, area);
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
    detail::render(app, &theme, frame, areas.detail);
    outcomes::render(app, &theme, frame, areas.outcomes);
    footer::render(app, &theme, frame, areas.footer);
    if let Some(line) = &app.command {
        command_line::render(line, &theme, frame, areas.footer);
    }
    if app.regions_view {
        regions::view(app, &theme, frame, area);
    }
    if app.help {
        help::render(app, &theme, frame, area);
    }
    if let Some(m) = &app.modal {
        modal::render(m, app, &theme, frame, area);
    }
    if app.quit_confirm {
        modal::render_quit(app, &theme, frame, area);
    }
    if let Some(s) = &app.shutdown {
        shutdown::render(app, s, &theme, frame, area);
    }
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
