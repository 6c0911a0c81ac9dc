//! The mouse: the wheel scrolls the pane under it, a click selects a row or focuses a pane, and
//! a click on one of the modal's buttons answers it.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use super::{App, Effect, Focus, ask, ops, outcomes};
use crate::layout::contains;

/// Rows moved by one mouse wheel step.
const WHEEL_ROWS: isize = 3;

pub(super) fn on_mouse(app: &mut App, m: MouseEvent) -> Vec<Effect> {
    if crate::layout::too_small(app.size) {
        return Vec::new();
    }
    if app.modal().is_some() {
        return modal_click(app, m);
    }
    // What is under a popup (help, `:regions`, an overlay, the quit question) is not clicked.
    if app.quit_confirm || app.help_open() || app.regions_open() || app.overlay().is_some() {
        return Vec::new();
    }
    if outcomes::on_mouse(app, &m) {
        return Vec::new();
    }
    let areas = app.areas();
    let (rows, detail) = (areas.table_rows(), areas.detail);
    let inside = |r: Rect| contains(r, m.column, m.row);
    match m.kind {
        MouseEventKind::ScrollUp | MouseEventKind::ScrollDown => {
            let delta = if m.kind == MouseEventKind::ScrollUp {
                -WHEEL_ROWS
            } else {
                WHEEL_ROWS
            };
            if inside(detail) {
                app.detail_scroll = app
                    .detail_scroll
                    .saturating_add_signed(delta as i16)
                    .min(app.detail_max_scroll);
            } else {
                app.table.move_by(delta);
            }
        }
        MouseEventKind::Down(MouseButton::Left) => {
            if inside(rows) {
                let pos = app.scroll + usize::from(m.row - rows.y);
                if pos < app.table.shown() {
                    app.table.select_pos(pos);
                    app.focus = Focus::Table;
                }
            } else if inside(detail) {
                app.focus = Focus::Detail;
            }
        }
        _ => {}
    }
    Vec::new()
}

/// A left click on one of the modal's buttons acts like Enter on it; other clicks do nothing.
fn modal_click(app: &mut App, m: MouseEvent) -> Vec<Effect> {
    if m.kind != MouseEventKind::Down(MouseButton::Left) {
        return Vec::new();
    }
    // The buttons where the last frame at this size drew them (nothing to hit before that).
    let Some(drawn) = app.modal().and_then(|m| m.drawn) else {
        return Vec::new();
    };
    let (cancel, confirm) = (drawn.cancel, drawn.confirm);
    let inside = |r: Rect| contains(r, m.column, m.row);
    if inside(cancel) {
        ask::cancel(app);
    } else if inside(confirm)
        && drawn.whole
        && app.modal().is_some_and(|m| m.can_confirm())
        && let Some(modal) = app.take_modal()
    {
        return ops::confirm(app, modal);
    }
    Vec::new()
}
