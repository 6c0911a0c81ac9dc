//! Text measured in terminal cells: CJK and emoji take two.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Display width of `s` in cells.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` cut to at most `max` cells, ending in `ellipsis` when cut.
pub fn truncate(s: &str, max: usize, ellipsis: &str) -> String {
    if width(s) <= max {
        return s.to_owned();
    }
    let ew = width(ellipsis);
    if max < ew {
        return ".".repeat(max);
    }
    let budget = max - ew;
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > budget {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.push_str(ellipsis);
    out
}

/// `s` cut to at most `max` cells by taking out its middle: both ends stay, so names that
/// differ only at the end (`…-shard-07-to-taurus-a` / `-b`) still read differently.
pub fn middle(s: &str, max: usize, ellipsis: &str) -> String {
    if width(s) <= max {
        return s.to_owned();
    }
    let ew = width(ellipsis);
    if max <= ew + 2 {
        return truncate(s, max, ellipsis);
    }
    let budget = max - ew;
    let tail_w = budget / 2;
    let head = truncate_cells(s.chars(), budget - tail_w);
    let mut tail: Vec<char> = truncate_cells(s.chars().rev(), tail_w).chars().collect();
    tail.reverse();
    let mut out = head;
    out.push_str(ellipsis);
    out.extend(tail);
    out
}

/// The leading characters of `chars` that fit in `cells`.
fn truncate_cells(chars: impl Iterator<Item = char>, cells: usize) -> String {
    let mut out = String::new();
    let mut w = 0;
    for c in chars {
        let cw = c.width().unwrap_or(0);
        if w + cw > cells {
            break;
        }
        w += cw;
        out.push(c);
    }
    out
}

/// [`middle`], padded with spaces to exactly `cells` cells.
pub fn fit_middle(s: &str, cells: usize, ellipsis: &str) -> String {
    let mut t = middle(s, cells, ellipsis);
    let w = width(&t);
    t.extend(std::iter::repeat_n(' ', cells.saturating_sub(w)));
    t
}

/// `s` cut or padded with spaces to exactly `cells` cells.
pub fn fit(s: &str, cells: usize, ellipsis: &str) -> String {
    let mut t = truncate(s, cells, ellipsis);
    let w = width(&t);
    // A wide character can leave the cut one cell short: pad it.
    t.extend(std::iter::repeat_n(' ', cells.saturating_sub(w)));
    t
}

/// The first 8 characters of an id and an ellipsis: `dc6016cf…`.
pub fn short_id(id: &str, ellipsis: &str) -> String {
    if id.chars().count() <= 8 {
        return id.to_owned();
    }
    let head: String = id.chars().take(8).collect();
    format!("{head}{ellipsis}")
}

/// `0a1b…e8f9` for long project ids.
pub fn abbreviate(s: &str, ellipsis: &str) -> String {
    let n = s.chars().count();
    if n <= 12 {
        return s.to_owned();
    }
    let head: String = s.chars().take(4).collect();
    let tail: String = s.chars().skip(n - 4).collect();
    format!("{head}{ellipsis}{tail}")
}

/// Thousands separators: `2,507`.
pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A creation time for a table cell: epoch seconds/milliseconds become `YYYY-MM-DD HH:MM:SS`
/// (UTC); ISO-like strings lose their `T`, zone and fraction.
pub fn created(raw: &str) -> String {
    if !raw.is_empty()
        && raw.chars().all(|c| c.is_ascii_digit())
        && let Ok(mut n) = raw.parse::<i64>()
    {
        {
            if n > 100_000_000_000 {
                n /= 1000;
            }
            if let Ok(t) = time::OffsetDateTime::from_unix_timestamp(n) {
                return format!(
                    "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
                    t.year(),
                    u8::from(t.month()),
                    t.day(),
                    t.hour(),
                    t.minute(),
                    t.second()
                );
            }
        }
    }
    let s = raw.replacen('T', " ", 1);
    s.chars().take(19).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn middle_ellipsis_keeps_both_ends_within_the_width() {
        let a = "legacy-warehouse-mysql57-shard-07-to-taurus-a";
        let b = "legacy-warehouse-mysql57-shard-07-to-taurus-b";
        for w in 5..a.len() {
            let (ma, mb) = (middle(a, w, "…"), middle(b, w, "…"));
            assert!(width(&ma) <= w, "{ma} in {w}");
            assert_ne!(ma, mb, "at {w} cells");
        }
        assert_eq!(middle(a, 20, "…"), "legacy-war…-taurus-a");
        assert_eq!(middle("订单库同步任务-华东-05", 12, "…"), "订单库…东-05");
        assert_eq!(width(&fit_middle("订单库同步任务-华东-05", 12, "…")), 12);
        assert_eq!(middle("short", 10, "…"), "short");
    }
}
