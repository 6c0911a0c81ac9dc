//! The bottom line: key hints, or the latest status message.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use super::text::truncate;
use crate::app::App;
use crate::tr;

pub(super) fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let w = area.width as usize;
    let throttled = app
        .throttled
        .map(|n| format!("throttled, retrying in {n} s"));
    let status = match (throttled, &app.status) {
        (Some(t), Some(s)) => Some(format!("{t} · {s}")),
        (Some(t), None) => Some(t),
        (None, s) => s.clone(),
    };
    if let Some(s) = &status {
        let line = Line::styled(
            format!(" {}", truncate(s, w.saturating_sub(1), theme.ellipsis())),
            theme.warn(),
        );
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
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
        h.extend([("Tab", "detail"), ("?", "help"), ("q", "quit")]);
        // Newer keys last: a narrow footer keeps the essentials, `?` lists everything.
        h.extend([
            (":", tr!(HintCommand)),
            ("p", tr!(HintProgress)),
            ("l", tr!(HintLog)),
        ]);
        h
    };
    let mut spans = Vec::new();
    let mut used = 0;
    for (k, v) in hints {
        let k = if theme.ascii && k == "↑↓" {
            "up/dn"
        } else {
            k
        };
        let len = k.chars().count() + v.chars().count() + 3;
        if used + len > w {
            break;
        }
        used += len;
        spans.push(Span::styled(format!(" {k}"), theme.heading()));
        spans.push(Span::styled(format!(" {v} "), theme.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
