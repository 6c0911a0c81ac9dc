//! Keys of the views drawn over the screen ([`Overlay`]): they scroll, stop where their text
//! ends, and close on Esc; an outcome's record also copies it (`y`, `Y`).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::copy::{self, raw_lines};
use super::{App, Effect, Mode, Overlay};

fn ctrl(key: &KeyEvent) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL)
}

/// Keys for a view drawn over the screen; `None` when none is open.
pub(super) fn on_key(app: &mut App, key: &KeyEvent) -> Option<Vec<Effect>> {
    // The box leaves a row above and below and has borders: this many lines show at once.
    let view_h = app.size.height.saturating_sub(4) as usize;
    let inner_w = (app.size.width.saturating_sub(4) as usize).clamp(1, 108);
    // The record's outcome is copied as the Outcomes pane copies it.
    if matches!(app.overlay(), Some(Overlay::Record { .. })) && !ctrl(key) {
        match key.code {
            KeyCode::Char('y') => return Some(copy::copy_line(app)),
            KeyCode::Char('Y') => return Some(copy::copy_json(app)),
            _ => {}
        }
    }
    let len = match app.overlay()? {
        Overlay::Record { seq, .. } => app.outcomes.by_seq(*seq).map_or(0, |o| {
            // Long server texts wrap: count the extra lines they take.
            let r = &o.record;
            let long = [&o.text, &r.error_msg, &r.error]
                .iter()
                .map(|t| unicode_width::UnicodeWidthStr::width(t.as_str()) / inner_w)
                .sum::<usize>();
            RECORD_LINES + long
        }),
        Overlay::Raw { job_id, .. } => raw_lines(app, job_id).len(),
        Overlay::Messages { .. } => super::messages::view_len(app, inner_w),
    };
    let Mode::Overlay(
        Overlay::Record { scroll, .. } | Overlay::Raw { scroll, .. } | Overlay::Messages { scroll },
    ) = &mut app.mode
    else {
        return None;
    };
    // The last frame measured the text as wrapped; before one has, an estimate.
    let max = app
        .overlay_max_scroll
        .unwrap_or(len.saturating_sub(view_h).min(u16::MAX as usize) as u16);
    let mut close = false;
    match key.code {
        KeyCode::Char('d') if ctrl(key) => *scroll = scroll.saturating_add(10),
        KeyCode::Char('u') if ctrl(key) => *scroll = scroll.saturating_sub(10),
        _ if ctrl(key) => {}
        KeyCode::Up | KeyCode::Char('k') => *scroll = scroll.saturating_sub(1),
        KeyCode::Down | KeyCode::Char('j') => *scroll = scroll.saturating_add(1),
        KeyCode::PageUp => *scroll = scroll.saturating_sub(20),
        KeyCode::PageDown | KeyCode::Char(' ') => *scroll = scroll.saturating_add(20),
        KeyCode::Home | KeyCode::Char('g') => *scroll = 0,
        KeyCode::End | KeyCode::Char('G') => *scroll = max,
        KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q' | 'v' | 'M') => close = true,
        _ => {}
    }
    *scroll = (*scroll).min(max);
    if close {
        app.mode = Mode::Panes;
    }
    Some(Vec::new())
}

/// Lines of an outcome record at most (its scroll stops there).
const RECORD_LINES: usize = 18;
