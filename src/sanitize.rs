//! Untrusted text from the server is made safe to draw or print: terminal escape sequences are
//! removed whole, other control characters become `�`, and line breaks become spaces.

/// Returns `s` with every ANSI/VT escape sequence removed and every other control character
/// (C0, DEL, C1, and bidi overrides) replaced, so it can be drawn or printed as one line.
pub fn clean(s: &str) -> String {
    if !s.chars().any(needs_work) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            // C1 CSI / OSC / DCS introducers: swallow the sequence like their ESC forms.
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            '\n' | '\r' | '\t' => out.push(' '),
            c if is_control(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Whether [`clean`] would return `s` unchanged (so callers can skip the copy).
pub fn is_clean(s: &str) -> bool {
    !s.chars().any(needs_work)
}

fn needs_work(c: char) -> bool {
    is_control(c) || c == '\u{1b}'
}

fn is_control(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

fn skip_escape(chars: &mut Chars<'_>) {
    match chars.peek().copied() {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        Some(']') | Some('P') | Some('X') | Some('^') | Some('_') => {
            chars.next();
            skip_string(chars);
        }
        // Two-character escapes such as ESC c (reset) or ESC 7.
        Some(c) if ('\u{20}'..='\u{7e}').contains(&c) => {
            chars.next();
            // ESC ( B and friends carry one more intermediate-selected byte.
            if ('\u{20}'..='\u{2f}').contains(&c) {
                chars.next();
            }
        }
        _ => {}
    }
}

/// CSI: parameters and intermediates up to a final byte in `@`..=`~`.
fn skip_csi(chars: &mut Chars<'_>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            break;
        }
        if !('\u{20}'..='\u{3f}').contains(&c) {
            break;
        }
    }
}

/// OSC/DCS/APC/PM/SOS: up to BEL or ST (`ESC \` or `\u{9c}`).
fn skip_string(chars: &mut Chars<'_>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn strips_sequences_and_controls() {
        assert_eq!(clean("plain 订单库"), "plain 订单库");
        assert_eq!(clean("a\u{1b}[31mred\u{1b}[0m"), "ared");
        assert_eq!(clean("t\u{1b}]0;pwned\u{7}x"), "tx");
        assert_eq!(clean("t\u{1b}]8;;http://e\u{1b}\\link"), "tlink");
        assert_eq!(clean("a\u{1b}cb"), "ab");
        assert_eq!(clean("a\nb\rc"), "a b c");
        assert_eq!(clean("a\u{7}b\u{0}c"), "a\u{fffd}b\u{fffd}c");
        assert_eq!(clean("x\u{9b}2Jy"), "xy");
        assert_eq!(clean("\u{202e}evil"), "\u{fffd}evil");
        assert_eq!(clean("trailing\u{1b}"), "trailing");
    }
}
