//! Where each pane goes on the screen, as the app sees it (mouse clicks, paging, keeping the
//! selection in view); the drawing uses the same rectangles.

use ratatui::layout::Rect;

use super::{App, Focus, scope};
use crate::layout::Areas;

impl App {
    /// Where each pane goes at the app's terminal size.
    pub fn areas(&self) -> Areas {
        self.areas_in(self.size)
    }

    /// Where each pane goes in a given screen rectangle (the frame being drawn).
    pub fn areas_in(&self, size: Rect) -> Areas {
        let notice = match &self.list_error {
            Some(e) if self.table.shown() > 0 => 2 + e.details.len() as u16,
            _ => 0,
        };
        let mut a = crate::layout::areas(size, self.focus == Focus::Detail, notice);
        // Several projects: the header gets a second line, the region strip.
        if scope::multi(self) && !crate::layout::too_small(size) {
            a.header.height = 2;
            for r in [&mut a.table, &mut a.detail] {
                r.y += 1;
                r.height = r.height.saturating_sub(1);
            }
        }
        if !self.zoom || crate::layout::too_small(size) {
            return a;
        }
        // `z`: the focused pane takes everything between the header and the footer.
        let body = Rect::new(
            size.x,
            a.header.bottom(),
            size.width,
            a.footer.y - a.header.bottom(),
        );
        let none = Rect::new(size.x, body.y, 0, 0);
        let (table, detail, outcomes) = match self.focus {
            Focus::Table => (body, none, none),
            Focus::Detail => (none, body, none),
            Focus::Outcomes => (none, none, body),
        };
        Areas {
            table,
            detail,
            notice: none,
            outcomes,
            ..a
        }
    }

    /// The rectangle holding the table's job rows at the app's terminal size.
    pub fn table_rows(&self) -> Rect {
        self.areas().table_rows()
    }

    /// Keeps the selected row inside the visible table rows.
    pub(crate) fn follow_selection(&mut self) {
        let height = self.table_rows().height as usize;
        let sel = self.table.selected_pos().unwrap_or(0);
        if height == 0 {
            self.scroll = sel;
            return;
        }
        let max_scroll = self.table.shown().saturating_sub(height);
        if sel < self.scroll {
            self.scroll = sel;
        } else if sel >= self.scroll + height {
            self.scroll = sel + 1 - height;
        }
        self.scroll = self.scroll.min(max_scroll);
    }
}
