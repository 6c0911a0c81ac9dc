//! The bottom line: key hints, or the latest status message.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use crate::app::App;
use crate::app::keymap::{self, KeyMode};
use crate::tr;

/// Columns a hint takes: by display width, since a Chinese label is two columns a character.
fn hint_len(k: &str, v: &str) -> usize {
    super::text::width(k) + super::text::width(v) + 3
}

fn push_hint<'a>(spans: &mut Vec<Span<'a>>, theme: &Theme, k: &str, v: &str) {
    spans.push(Span::styled(format!(" {k}"), theme.heading()));
    spans.push(Span::styled(format!(" {v} "), theme.dim()));
}

pub(super) fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let w = area.width as usize;
    let always: usize = keymap::always().iter().map(|(k, v)| hint_len(k, v)).sum();
    let throttled = app.throttled.map(|n| tr!(Throttled, n));
    let status = match (throttled, &app.status) {
        (Some(t), Some(s)) => Some(format!("{t} · {s}")),
        (Some(t), None) => Some(t),
        (None, s) => s.clone(),
    };
    let mut spans = Vec::new();
    let mut used = 0;
    if let Some(s) = &status {
        let room = w.saturating_sub(always + 1);
        let text = format!(
            " {}",
            super::messages::fit_status(s, room, theme.ellipsis())
        );
        used = super::text::width(&text);
        spans.push(Span::styled(text, theme.warn()));
    } else {
        let mode = if app.filtering() {
            KeyMode::Filter
        } else if app.regions_open() {
            KeyMode::Regions
        } else {
            KeyMode::Panes
        };
        let hints = keymap::hints(mode, app.settings.no_writes(), app.pending());
        for (k, v) in &hints {
            let k = if theme.ascii && *k == "↑↓" {
                "up/dn"
            } else {
                keymap::key_words(k)
            };
            let len = hint_len(k, v);
            if used + len + always > w {
                break;
            }
            used += len;
            push_hint(&mut spans, theme, k, v);
        }
    }
    // `? help` and `q quit` go last, right-aligned, and never drop.
    if used + always < w {
        spans.push(Span::raw(" ".repeat(w - used - always)));
    }
    for (k, v) in keymap::always() {
        push_hint(&mut spans, theme, k, v);
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
