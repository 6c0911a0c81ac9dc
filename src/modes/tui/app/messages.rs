//! The message log: every status-line message of the session, with when it was said, so a
//! message cut by a narrow status line (or gone with the next key) can still be read whole
//! (`M`, `:messages`). The app has no clock: the time is the last one the event loop told it
//! ([`super::Msg::Clock`]).

use std::collections::VecDeque;

use unicode_width::UnicodeWidthChar;

use super::{App, Mode, Overlay, WallTime};

/// Messages kept: the newest 500.
pub const MAX_MESSAGES: usize = 500;

/// Cells before a message's text in the view (`14:02:11  `); its wrapped lines start there too.
pub const TIME_W: usize = 10;

/// One status-line message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// When it was said (unknown before the first clock reading).
    pub at: Option<WallTime>,
    /// The whole text.
    pub text: String,
    /// Said this many times in a row.
    pub times: usize,
}

/// The session's messages, oldest first inside; read newest first.
#[derive(Debug, Clone, Default)]
pub struct MessageLog {
    items: VecDeque<Message>,
    dropped: usize,
}

impl MessageLog {
    /// Adds a message; the same text said again in a row is counted, not repeated.
    pub fn push(&mut self, at: Option<WallTime>, text: &str) {
        if let Some(last) = self.items.back_mut()
            && last.text == text
        {
            last.times += 1;
            last.at = at.or(last.at);
            return;
        }
        if self.items.len() >= MAX_MESSAGES {
            self.items.pop_front();
            self.dropped += 1;
        }
        self.items.push_back(Message {
            at,
            text: text.to_owned(),
            times: 1,
        });
    }

    /// Messages kept.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// No message yet.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Messages of the session, including those dropped beyond [`MAX_MESSAGES`].
    pub fn seen(&self) -> usize {
        self.dropped + self.items.len()
    }

    /// Newest first.
    pub fn iter(&self) -> impl Iterator<Item = &Message> {
        self.items.iter().rev()
    }
}

/// After every message: a new status-line text (or the throttling notice) joins the log.
pub(super) fn note(app: &mut App, status_before: Option<&str>, throttled_before: bool) {
    // The first message may have been set before the app ran (writes disabled, warnings).
    if let Some(s) = app.status.as_deref()
        && (status_before != Some(s) || app.messages.is_empty())
    {
        let s = s.to_owned();
        app.messages.push(app.clock, &s);
    }
    if let Some(n) = app.throttled
        && !throttled_before
    {
        app.messages.push(app.clock, &crate::tr!(Throttled, n));
    }
}

/// `M`, `:messages`: opens the message log.
pub(super) fn open(app: &mut App) {
    app.mode = Mode::Overlay(Overlay::Messages { scroll: 0 });
}

/// `text` wrapped into lines of at most `w` cells: at spaces, and a word longer than a line
/// across lines. Never empty.
pub fn wrap(text: &str, w: usize) -> Vec<String> {
    let w = w.max(1);
    let mut lines = Vec::new();
    let mut cur = String::new();
    let mut used = 0;
    for word in text.split(' ') {
        let ww: usize = word.chars().map(|c| c.width().unwrap_or(0)).sum();
        if used > 0 && used + 1 + ww > w {
            lines.push(std::mem::take(&mut cur));
            used = 0;
        }
        if used > 0 {
            cur.push(' ');
            used += 1;
        }
        for ch in word.chars() {
            let cw = ch.width().unwrap_or(0);
            if used + cw > w && used > 0 {
                lines.push(std::mem::take(&mut cur));
                used = 0;
            }
            cur.push(ch);
            used += cw;
        }
    }
    lines.push(cur);
    lines
}

/// A message's text as the view shows it: with how many times it was said.
pub fn shown_text(m: &Message) -> String {
    if m.times > 1 {
        format!("{} (×{})", m.text, m.times)
    } else {
        m.text.clone()
    }
}

/// Lines the view takes at `inner_w` cells (its scroll stops there).
pub fn view_len(app: &App, inner_w: usize) -> usize {
    let w = inner_w.saturating_sub(TIME_W).max(10);
    let lines: usize = app
        .messages
        .iter()
        .map(|m| wrap(&shown_text(m), w).len())
        .sum();
    lines.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_keeps_the_newest_500_and_counts_repeats() {
        let mut log = MessageLog::default();
        for i in 0..600 {
            log.push(None, &format!("m{i}"));
        }
        log.push(None, "m599");
        assert_eq!(log.len(), MAX_MESSAGES);
        assert_eq!(log.seen(), 600);
        let newest = log.iter().next().cloned();
        assert_eq!(newest.map(|m| (m.text, m.times)), Some(("m599".into(), 2)));
        assert_eq!(log.iter().last().map(|m| m.text.as_str()), Some("m100"));
    }

    #[test]
    fn wrapping_keeps_every_character_and_fits_the_width() {
        let text = "could not switch to region cn-north-1: IAM at https://iam.example.com has \
                    no project named \"cn-north-1_payments\" 项目名称过长的情况下也要换行";
        for w in [5, 12, 30, 80] {
            let lines = wrap(text, w);
            for l in &lines {
                let lw: usize = l.chars().map(|c| c.width().unwrap_or(0)).sum();
                assert!(lw <= w, "{l:?} wider than {w}");
            }
            let joined: String = lines.concat().chars().filter(|c| *c != ' ').collect();
            let want: String = text.chars().filter(|c| *c != ' ').collect();
            assert_eq!(joined, want, "at {w}");
        }
    }
}
