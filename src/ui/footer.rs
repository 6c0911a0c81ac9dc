//! The bottom line: key hints, or the latest status message.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use super::text::truncate;
use crate::app::App;
use crate::tr;

/// Hints that stay at every width: how to get help and how to leave.
const ALWAYS: [(&str, &str); 2] = [("?", "help"), ("q", "quit")];

fn hint_len(k: &str, v: &str) -> usize {
    k.chars().count() + v.chars().count() + 3
}

fn push_hint<'a>(spans: &mut Vec<Span<'a>>, theme: &Theme, k: &str, v: &str) {
    spans.push(Span::styled(format!(" {k}"), theme.heading()));
    spans.push(Span::styled(format!(" {v} "), theme.dim()));
}

pub(super) fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let w = area.width as usize;
    let always: usize = ALWAYS.iter().map(|(k, v)| hint_len(k, v)).sum();
    let throttled = app
        .throttled
        .map(|n| format!("throttled, retrying in {n} s"));
    let status = match (throttled, &app.status) {
        (Some(t), Some(s)) => Some(format!("{t} · {s}")),
        (Some(t), None) => Some(t),
        (None, s) => s.clone(),
    };
    let mut spans = Vec::new();
    let mut used = 0;
    if let Some(s) = &status {
        let room = w.saturating_sub(always + 1);
        let text = format!(" {}", truncate(s, room, theme.ellipsis()));
        used = super::text::width(&text);
        spans.push(Span::styled(text, theme.warn()));
    } else {
        let undo = format!("undo {} pending", app.pending());
        let hints: Vec<(&str, &str)> = if app.filtering {
            vec![
                ("type", "to filter"),
                ("↑↓", "move"),
                ("Enter", "keep"),
                ("Esc", "clear"),
            ]
        } else {
            let mut h = Vec::new();
            let pending = app.pending();
            if pending > 0 {
                h.push(("u", undo.as_str()));
            }
            h.extend([("↑↓", "move"), ("/", "filter"), ("space", "mark")]);
            let writes = !app.settings.no_writes();
            if writes {
                h.extend([("d", "delete"), ("x", "stop")]);
            }
            h.extend([("t", "type"), ("s", "sort"), ("r", "refresh")]);
            if writes {
                h.push(("R", "retry failed"));
            }
            h.push(("Tab", "detail"));
            // Newer keys last: a narrow footer keeps the essentials, `?` lists everything.
            h.extend([
                (":", tr!(HintCommand)),
                ("p", tr!(HintProgress)),
                ("l", tr!(HintLog)),
            ]);
            h
        };
        for (k, v) in hints {
            let k = if theme.ascii && k == "↑↓" {
                "up/dn"
            } else {
                k
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
    for (k, v) in ALWAYS {
        push_hint(&mut spans, theme, k, v);
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
