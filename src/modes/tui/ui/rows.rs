//! One-line rows drawn straight into the buffer: what `Paragraph::new(lines)` draws for lines
//! that are cut at the right edge, never wrapped, without its per-grapheme reflow (which was
//! half of a 200×50 frame, most of it for the table's rows). Printable ASCII, most of a row,
//! is written a byte a cell; other text goes through `Buffer::set_stringn` (graphemes, wide
//! characters, the cells a wide character hides).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

/// Draws `lines` from the top of `area`, one a row, each cut at the area's right edge; the
/// line's style under each span's, as a paragraph has them (cells past a line's end stay).
pub(super) fn draw(buf: &mut Buffer, area: Rect, lines: &[Line<'_>]) {
    let area = area.intersection(buf.area);
    for (line, y) in lines.iter().zip(area.top()..area.bottom()) {
        let mut x = area.left();
        for span in &line.spans {
            if x >= area.right() {
                break;
            }
            x = draw_str(
                buf,
                x,
                y,
                area.right(),
                &span.content,
                line.style.patch(span.style),
            );
        }
    }
}

/// Writes `s` at (`x`, `y`), at most up to `right`; returns the column after it.
fn draw_str(buf: &mut Buffer, x: u16, y: u16, right: u16, s: &str, style: Style) -> u16 {
    let room = usize::from(right - x);
    if !s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return buf.set_stringn(x, y, s, room, style).0;
    }
    let n = s.len().min(room);
    let start = buf.index_of(x, y);
    for (cell, b) in buf.content[start..start + n].iter_mut().zip(s.bytes()) {
        cell.set_char(char::from(b)).set_style(style);
    }
    x + n as u16
}

#[cfg(test)]
mod tests {
    use ratatui::style::{Color, Modifier, Style};
    use ratatui::text::{Line, Span};
    use ratatui::widgets::{Paragraph, Widget};

    use super::*;

    /// The rows draw exactly what a paragraph draws, cut or not, wide characters included.
    #[test]
    fn draws_what_a_paragraph_draws() {
        let lines = vec![
            Line::styled(
                "    NAME ▲    STATUS    ENGINE",
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Line::from(vec![
                Span::raw("  ▶ "),
                Span::styled("订单库同步-07 ", Style::new().fg(Color::Red)),
                Span::raw("cn-north-4 "),
                Span::styled("Incremental", Style::new().fg(Color::Green)),
                Span::raw(" mysql-to-gaussdbv5 2026-11-27 09:00:00 and more text past the edge"),
            ]),
            Line::from("a wide character at the edge: 一二三四五六七八九十"),
            Line::from(vec![
                Span::raw(""),
                Span::raw("tab\tand control \u{7} kept out"),
            ]),
        ];
        for width in [10, 31, 40, 47, 80] {
            let area = Rect::new(1, 1, width, 4);
            let mut want = Buffer::empty(Rect::new(0, 0, width + 2, 6));
            let mut got = want.clone();
            Paragraph::new(lines.clone()).render(area, &mut want);
            draw(&mut got, area, &lines);
            assert_eq!(got, want, "width {width}");
        }
    }
}
