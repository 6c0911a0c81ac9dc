//! The `?` overlay: every key, from the key table ([`crate::app::keymap`]).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Theme, block};
use crate::app::App;
use crate::app::keymap;
use crate::tr;

/// Draws the help over `area`; returns how far it can scroll before its content ends.
pub(super) fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) -> u16 {
    let w = area.width.saturating_sub(2).min(96);
    let inner_w = w.saturating_sub(2);
    // Descriptions wrap under themselves (a hanging indent past the key column).
    let key_w = 12;
    let text_w = (inner_w as usize).saturating_sub(key_w).max(10);
    let mut lines: Vec<Line> = Vec::new();
    for (k, v) in keymap::help_rows(app.settings.no_writes()) {
        let k = keymap::key_words(k);
        let k = if theme.ascii {
            k.replace("↑/↓", "up/down")
        } else {
            k.to_owned()
        };
        let v = if theme.ascii {
            v.get().replace("▲/▼", "^/v").replace("↑/↓", "up/down")
        } else {
            v.get().to_owned()
        };
        for (i, part) in wrap_words(&v, text_w).into_iter().enumerate() {
            let head = if i == 0 {
                // Padded by display width: a Chinese key word is two cells a character.
                format!(
                    " {k}{} ",
                    " ".repeat(10usize.saturating_sub(super::text::width(&k)))
                )
            } else {
                " ".repeat(key_w)
            };
            lines.push(Line::from(vec![
                Span::styled(head, theme.heading()),
                Span::raw(part),
            ]));
        }
    }
    if app.settings.no_writes() {
        lines.push(Line::styled(tr!(HelpReadOnly), theme.warn()));
    }
    let content = lines.len() as u16;
    let p = Paragraph::new(lines);
    let h = (content + 3).min(area.height);
    let rect = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    let b = block(theme, tr!(HelpTitle), true);
    let inner = b.inner(rect);
    let body_h = inner.height.saturating_sub(1);
    let max = content.saturating_sub(body_h);
    let scroll = app.help_scroll.min(max);
    let foot = if max > 0 {
        tr!(
            HelpLines,
            scroll + 1,
            (scroll + body_h).min(content),
            content
        )
    } else {
        tr!(HelpAnyKey).to_owned()
    };
    let foot = if theme.ascii {
        foot.replace("↑/↓", "up/down")
    } else {
        foot
    };
    super::modal::clear_box(frame, rect);
    frame.render_widget(b, rect);
    frame.render_widget(
        p.scroll((scroll, 0)),
        Rect::new(inner.x, inner.y, inner.width, body_h),
    );
    frame.render_widget(
        Paragraph::new(Line::styled(foot, theme.dim())),
        Rect::new(inner.x, inner.y + body_h, inner.width, 1.min(inner.height)),
    );
    max
}

/// Splits `text` into lines of at most `width` cells (at least one line), with Chinese line
/// breaking (see [`super::text::wrap`]).
fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut lines = super::text::wrap(text, width);
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}
