//! Screen geometry that drawing (`ui`) and input (`app`) both need: where each pane goes for a
//! terminal size, and what a frame reported back about the modal it drew. It sits below both so
//! the pure state machine never imports the drawing code.

use ratatui::layout::Rect;

/// Smallest terminal width the full screen is drawn in.
pub const MIN_WIDTH: u16 = 40;
/// Smallest terminal height the full screen is drawn in.
pub const MIN_HEIGHT: u16 = 10;
/// Width from which the detail pane sits beside the table.
pub const SIDE_BY_SIDE: u16 = 100;

/// Where each pane goes for a terminal size.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Areas {
    /// Top line.
    pub header: Rect,
    /// Job table, borders included.
    pub table: Rect,
    /// Detail pane, borders included (empty when hidden).
    pub detail: Rect,
    /// Why the last refresh failed, below the stale rows (borders included; empty if none).
    pub notice: Rect,
    /// Outcome lines, borders included.
    pub outcomes: Rect,
    /// Bottom line.
    pub footer: Rect,
}

impl Areas {
    /// The rectangle holding the table's job rows (inside borders, below the column header).
    pub fn table_rows(&self) -> Rect {
        rows_of(self.table)
    }
}

/// Whether the terminal is below the minimum size (only "terminal too small" is drawn then).
pub fn too_small(size: Rect) -> bool {
    size.width < MIN_WIDTH || size.height < MIN_HEIGHT
}

/// The panes for a screen rectangle. Below [`SIDE_BY_SIDE`] columns the table and the detail
/// pane share the space: `detail_focused` picks the one shown. `notice` lines (a failed
/// refresh's explanation) are taken from the bottom of the table, at most half of it.
pub fn areas(s: Rect, detail_focused: bool, notice: u16) -> Areas {
    if too_small(s) {
        return Areas::default();
    }
    let header = Rect::new(s.x, s.y, s.width, 1);
    let footer = Rect::new(s.x, s.bottom() - 1, s.width, 1);
    let out_h = match s.height {
        h if h >= 26 => 7,
        h if h >= 16 => 5,
        _ => 3,
    };
    let outcomes = Rect::new(s.x, footer.y - out_h, s.width, out_h);
    let main = Rect::new(s.x, s.y + 1, s.width, outcomes.y - (s.y + 1));
    let (table, detail) = if s.width >= SIDE_BY_SIDE {
        let tw = s.width * 58 / 100;
        (
            Rect::new(main.x, main.y, tw, main.height),
            Rect::new(main.x + tw, main.y, main.width - tw, main.height),
        )
    } else if detail_focused {
        (Rect::new(main.x, main.y, 0, 0), main)
    } else {
        (main, Rect::new(main.x, main.y, 0, 0))
    };
    let (table, notice) = if notice > 0 && table.height >= 8 {
        let h = (notice + 2).min(table.height / 2);
        (
            Rect::new(table.x, table.y, table.width, table.height - h),
            Rect::new(table.x, table.bottom() - h, table.width, h),
        )
    } else {
        (table, Rect::new(table.x, table.y, 0, 0))
    };
    Areas {
        header,
        table,
        detail,
        notice,
        outcomes,
        footer,
    }
}

/// The job rows inside a table rectangle.
pub fn rows_of(t: Rect) -> Rect {
    if t.width < 3 || t.height < 4 {
        return Rect::new(t.x, t.y, 0, 0);
    }
    Rect::new(t.x + 1, t.y + 2, t.width - 2, t.height - 3)
}

/// A box of `w`×`h` cells centred in `area` (clamped to it).
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Whether a cell lies inside a rectangle.
pub fn contains(r: Rect, column: u16, row: u16) -> bool {
    column >= r.x && column < r.right() && row >= r.y && row < r.bottom()
}

/// What one drawn frame showed of the confirmation modal. The event loop hands it to the app
/// (`Msg::Drawn`): a modal's `y`/Enter counts only once it has been seen whole at this size, and
/// clicks are matched against the buttons where they were actually drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModalDrawn {
    /// The whole modal was on screen: its box, title, request line, prompt and both buttons.
    pub whole: bool,
    /// The Cancel button's cells.
    pub cancel: Rect,
    /// The Confirm button's cells.
    pub confirm: Rect,
    /// Rows of the job list shown: PgUp/PgDn move by one fewer, so no line is skipped.
    pub page: u16,
}

/// What a frame drew that input handling depends on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Drawn {
    /// The frame's size.
    pub size: Rect,
    /// The confirmation modal, if one was drawn.
    pub modal: Option<ModalDrawn>,
    /// How far the detail pane can scroll before its content ends.
    pub detail_max_scroll: u16,
    /// How far the help can scroll before its content ends.
    pub help_max_scroll: u16,
    /// How far the open overlay (a record, raw JSON, the messages) can scroll before its
    /// content ends, as wrapped at this width; `None` when none was drawn.
    pub overlay_max_scroll: Option<u16>,
}
