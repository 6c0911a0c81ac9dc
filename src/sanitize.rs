//! Untrusted text from the server is made safe to draw or print: terminal escape sequences are
//! removed whole, other control characters become `�`, and line breaks become spaces.
//!
//! "Control" here is one set, used by every output (the TUI, the CLI's table and TSV, the
//! `\u` escapes of JSON output, the audit trail read back): C0, DEL, C1, the line and paragraph
//! separators (U+2028, U+2029), and the bidi controls (U+061C, U+200E, U+200F, U+202A–U+202E,
//! U+2066–U+2069). See [`is_unsafe`].
//!
//! Job ids are cleaned differently ([`clean_id`]): every unsafe character becomes `�` and
//! nothing is removed, so an id that had to be cleaned shows that it was, and is never written
//! to (its cleaned form is not the job's id).

/// Returns `s` with every ANSI/VT escape sequence removed, line breaks and separators as spaces,
/// and every other unsafe character ([`is_unsafe`]) as `�`, so it can be drawn or printed as
/// one line.
pub fn clean(s: &str) -> String {
    if !s.chars().any(is_unsafe) {
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
            '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}' => out.push(' '),
            c if is_unsafe(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Whether [`clean`] would return `s` unchanged (so callers can skip the copy).
pub fn is_clean(s: &str) -> bool {
    !s.chars().any(is_unsafe)
}

/// Whether `c` may not reach a terminal as it is: C0 (ESC included), DEL, C1, the line and
/// paragraph separators, and the bidi controls that reorder what follows them.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}'
                | '\u{2029}'
                | '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// A job id made safe to show: every unsafe character becomes `�` (escape sequences are not
/// removed, so the id keeps its length and shows where it was changed).
pub fn clean_id(id: &str) -> String {
    if is_clean(id) {
        return id.to_owned();
    }
    id.chars()
        .map(|c| if is_unsafe(c) { '\u{fffd}' } else { c })
        .collect()
}

/// Whether `id` is a cleaned id (see [`clean_id`]) rather than one the server gave: such a job
/// is listed and shown, never written to.
pub fn is_cleaned_id(id: &str) -> bool {
    id.contains('\u{fffd}')
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

    #[test]
    fn separators_and_every_bidi_control_are_cleaned() {
        assert_eq!(clean("a\u{2028}b\u{2029}c"), "a b c");
        for c in [
            '\u{061c}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}',
            '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
        ] {
            assert_eq!(clean(&format!("x{c}y")), "x\u{fffd}y", "{:04x}", c as u32);
            assert!(!super::is_clean(&format!("{c}")));
        }
        // Neighbours that are not controls stay.
        assert_eq!(
            clean("a\u{061b}b\u{2027}c\u{202f}d"),
            "a\u{061b}b\u{2027}c\u{202f}d"
        );
    }

    #[test]
    fn a_dirty_id_shows_where_it_was_changed() {
        use super::{clean_id, is_cleaned_id};
        assert_eq!(clean_id("abc-123"), "abc-123");
        assert!(!is_cleaned_id("abc-123"));
        let id = clean_id("abc\u{1b}[2Jdef");
        assert_eq!(id, "abc\u{fffd}[2Jdef");
        assert!(is_cleaned_id(&id));
        assert_eq!(clean_id("a\u{2028}b"), "a\u{fffd}b");
    }
}
