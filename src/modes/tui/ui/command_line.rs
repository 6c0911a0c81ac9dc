//! The `:` command line on the bottom line, and its Tab candidates just above it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::Theme;
use super::text::{truncate, width};
use crate::app::CommandLine;
use crate::app::command_line::split_at_cursor;
use crate::tr;

/// Draws the open command line over the footer (and its candidates over the line above).
pub(super) fn render(line: &CommandLine, theme: &Theme, frame: &mut Frame, footer: Rect) {
    let e = theme.ellipsis();
    let (before, after) = split_at_cursor(line);
    let cursor = if theme.ascii { "_" } else { "▏" };
    let hint = format!("   {}", tr!(CmdPrompt));
    let w = footer.width as usize;
    let typed = width(before) + width(after) + 2;
    let mut spans = vec![
        Span::styled(":", theme.heading()),
        Span::raw(before.to_owned()),
        Span::styled(cursor, theme.heading()),
        Span::raw(after.to_owned()),
    ];
    if typed + width(&hint) <= w {
        spans.push(Span::styled(hint, theme.dim()));
    }
    frame.render_widget(Clear, footer);
    frame.render_widget(Paragraph::new(Line::from(spans)), footer);
    if line.candidates.is_empty() || footer.y == 0 {
        return;
    }
    // The line above is the bottom border of the pane above: the candidates sit in it, as a
    // title sits in a top border, and its corners and the rest of its line stay.
    let above = Rect::new(footer.x, footer.y - 1, footer.width, 1);
    let b = theme.border();
    let mut spans = vec![Span::raw(format!("{} ", b.bottom_left))];
    let mut used = 2;
    let room = w.saturating_sub(3);
    for (i, c) in line.candidates.iter().enumerate() {
        let cell = format!(" {c} ");
        if used + width(&cell) > room {
            spans.push(Span::styled(e.to_owned(), theme.dim()));
            used += width(e);
            break;
        }
        used += width(&cell);
        let style = if line.chosen == Some(i) {
            theme.selected()
        } else {
            theme.badge()
        };
        spans.push(Span::styled(truncate(&cell, w, e), style));
    }
    let fill = w.saturating_sub(used + 1);
    spans.push(Span::raw(format!(
        "{}{}",
        b.horizontal_bottom.repeat(fill),
        b.bottom_right
    )));
    frame.render_widget(Clear, above);
    frame.render_widget(Paragraph::new(Line::from(spans)), above);
}
