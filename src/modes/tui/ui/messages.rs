//! The message log's view (`M`, `:messages`: every status-line message, newest first, each
//! whole and wrapped) and the status line's way of saying a message does not fit.

use ratatui::text::{Line, Span};

use super::Theme;
use super::text::{truncate, width};
use crate::app::App;
use crate::app::messages::{TIME_W, shown_text, wrap};
use crate::tr;

/// The view's lines at `inner_w` cells: each message's time, then its text wrapped, the
/// wrapped lines starting under the text.
pub(super) fn lines<'a>(app: &App, theme: &Theme, inner_w: usize) -> Vec<Line<'a>> {
    if app.messages.is_empty() {
        return vec![Line::styled(tr!(MsgLogNone), theme.dim())];
    }
    let w = inner_w.saturating_sub(TIME_W).max(10);
    let mut out = Vec::new();
    for m in app.messages.iter() {
        let time = m.at.map_or_else(
            || "--:--:--".to_owned(),
            |t| format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second()),
        );
        for (i, part) in wrap(&shown_text(m), w).into_iter().enumerate() {
            let head = if i == 0 {
                Span::styled(format!("{time:<TIME_W$}"), theme.dim())
            } else {
                Span::raw(" ".repeat(TIME_W))
            };
            out.push(Line::from(vec![head, Span::raw(part)]));
        }
    }
    out
}

/// The status message in `room` cells: whole when it fits, else cut with a pointer to where it
/// can be read whole (`… :messages`).
pub(super) fn fit_status(s: &str, room: usize, ellipsis: &str) -> String {
    if width(s) <= room {
        return s.to_owned();
    }
    let more = tr!(StatusMore);
    let keep = room.saturating_sub(width(more));
    if keep < 8 {
        return truncate(s, room, ellipsis);
    }
    // Cut by cells, without an ellipsis of its own: `more` starts with one.
    let mut out = String::new();
    let mut used = 0;
    for ch in s.chars() {
        let cw = width(ch.encode_utf8(&mut [0; 4]));
        if used + cw > keep {
            break;
        }
        used += cw;
        out.push(ch);
    }
    format!("{}{more}", out.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_message_says_where_to_read_it_whole() {
        let s = "could not switch to region cn-north-1: IAM at https://iam.example.com has no \
                 project named \"cn-north-1_payments\"";
        let cut = fit_status(s, 60, "…");
        assert!(cut.ends_with("… :messages"), "{cut}");
        assert!(width(&cut) <= 60, "{cut}");
        assert!(
            cut.starts_with("could not switch to region cn-north-1"),
            "{cut}"
        );
        assert_eq!(fit_status("short", 60, "…"), "short");
    }
}
