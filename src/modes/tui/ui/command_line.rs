//! The `:` command line on the bottom line, and its Tab candidates just above it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::Theme;
use super::text::width;
use crate::app::CommandLine;
use crate::app::command_line::split_at_cursor;
use crate::tr;

/// Draws the open command line over the footer, and after it the candidates of the last Tab
/// (each with its note: a region's name, a project's id) in place of the prompt's hint. Nothing
/// is drawn over the pane above, so no box loses its border.
pub(super) fn render(line: &CommandLine, theme: &Theme, frame: &mut Frame, footer: Rect) {
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
    if !line.candidates.is_empty() {
        spans.extend(candidates(line, theme, w.saturating_sub(typed)));
    } else if typed + width(&hint) <= w {
        spans.push(Span::styled(hint, theme.dim()));
    }
    frame.render_widget(Clear, footer);
    frame.render_widget(Paragraph::new(Line::from(spans)), footer);
}

/// The candidates in `room` cells: whole ones while they fit, then an ellipsis.
fn candidates<'a>(line: &CommandLine, theme: &Theme, room: usize) -> Vec<Span<'a>> {
    let e = theme.ellipsis();
    let mut spans = vec![Span::raw("  ")];
    let mut used = 2;
    for (i, c) in line.candidates.iter().enumerate() {
        let note = line.notes.get(i).map_or("", String::as_str);
        let cell = format!(" {c} ");
        let note = if note.is_empty() {
            String::new()
        } else {
            format!("{note} ")
        };
        let cw = width(&cell) + width(&note) + 1;
        if used + cw + width(e) > room && i + 1 < line.candidates.len() || used + cw > room {
            if used + width(e) <= room {
                spans.push(Span::styled(e.to_owned(), theme.dim()));
            }
            break;
        }
        used += cw;
        let style = if line.chosen == Some(i) {
            theme.selected()
        } else {
            theme.badge()
        };
        spans.push(Span::styled(cell, style));
        spans.push(Span::styled(note, theme.dim()));
        spans.push(Span::raw(" "));
    }
    spans
}
