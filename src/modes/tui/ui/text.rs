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

/// One unbreakable piece of text: a word of Latin letters, digits and signs, or one CJK
/// character; `sep` is where the spaces before it start (`sep == start`: none).
#[derive(Debug, Clone, Copy)]
struct Atom {
    sep: usize,
    start: usize,
    end: usize,
}

/// The atoms of `text` (byte offsets); spaces at its end are dropped.
fn atoms(text: &str) -> Vec<Atom> {
    use crate::i18n::typo::is_cjk;
    let mut out = Vec::new();
    let mut it = text.char_indices().peekable();
    loop {
        let sep = it.peek().map_or(text.len(), |&(i, _)| i);
        while it.next_if(|&(_, c)| c == ' ').is_some() {}
        let Some((start, c)) = it.next() else { break };
        let mut end = start + c.len_utf8();
        if !is_cjk(c) {
            while let Some((i, c)) = it.next_if(|&(_, c)| c != ' ' && !is_cjk(c)) {
                end = i + c.len_utf8();
            }
        }
        out.push(Atom { sep, start, end });
    }
    out
}

/// How strictly [`line_ranges`] keeps text together: a piece too wide for a line is broken
/// again one level down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Keep {
    /// Breaks only where a character does not fit.
    Nothing,
    /// Closing punctuation never starts a line, opening punctuation never ends one.
    Punctuation,
    /// And a number stays with the measure word after it.
    Numbers,
}

/// Whether a line may break between `prev` and `cur` (adjacent atoms): at a space, or between
/// CJK characters; never before closing punctuation or after opening punctuation, and (at
/// [`Keep::Numbers`]) never between a number and the measure word after it (`3 个`, `5 次`).
fn may_break(prev: &str, cur: &str, spaced: bool, keep: Keep) -> bool {
    use crate::i18n::typo::{is_cjk, is_closing, is_fullwidth_punct, is_opening};
    let (Some(last), Some(first)) = (prev.chars().next_back(), cur.chars().next()) else {
        return true;
    };
    if !(spaced || is_cjk(last) || is_cjk(first)) {
        return false;
    }
    if keep >= Keep::Punctuation && (is_closing(first) || is_opening(last)) {
        return false;
    }
    !(keep >= Keep::Numbers && last.is_ascii_digit() && is_cjk(first) && !is_fullwidth_punct(first))
}

/// The runs of atoms with no break between them, as (sep, start, end) byte offsets.
fn chunks(text: &str, keep: Keep) -> Vec<(usize, usize, usize)> {
    let atoms = atoms(text);
    let mut out: Vec<(usize, usize, usize)> = Vec::new();
    for (k, a) in atoms.iter().enumerate() {
        let joined = k > 0 && {
            let p = atoms[k - 1];
            !may_break(
                &text[p.start..p.end],
                &text[a.start..a.end],
                a.sep < a.start,
                keep,
            )
        };
        match out.last_mut() {
            Some(last) if joined => last.2 = a.end,
            _ => out.push((a.sep, a.start, a.end)),
        }
    }
    out
}

/// The byte ranges of `text`'s lines when broken into lines of at most `w` cells (see
/// [`wrap`]); the spaces at a break belong to no line.
pub fn line_ranges(text: &str, w: usize) -> Vec<(usize, usize)> {
    let w = w.max(1);
    let mut lines = ranges_keeping(text, w, Keep::Numbers);
    // Spaces the text ends with stay on its last line where they fit (a prompt's `: `).
    if let Some(last) = lines.last_mut()
        && text[last.1..].bytes().all(|b| b == b' ')
    {
        let room = w.saturating_sub(width(&text[last.0..last.1]));
        last.1 = text.len().min(last.1 + room);
    }
    lines
}

fn ranges_keeping(text: &str, w: usize, keep: Keep) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    // The line being filled, and its width.
    let mut line: Option<(usize, usize)> = None;
    let mut used = 0;
    for (i, (sep, start, end)) in chunks(text, keep).into_iter().enumerate() {
        if let Some((ls, _)) = line {
            if used + width(&text[sep..end]) <= w {
                line = Some((ls, end));
                used += width(&text[sep..end]);
                continue;
            }
            lines.extend(line.take());
        }
        // The first line keeps its indentation.
        let from = if i == 0 { sep } else { start };
        if width(&text[from..end]) <= w {
            line = Some((from, end));
            used = width(&text[from..end]);
            continue;
        }
        // Too wide for a line: broken by the next weaker rules (at last, anywhere).
        let mut inner: Vec<(usize, usize)> = match keep {
            Keep::Numbers => ranges_keeping(&text[from..end], w, Keep::Punctuation),
            Keep::Punctuation => ranges_keeping(&text[from..end], w, Keep::Nothing),
            Keep::Nothing => cut(&text[from..end], w),
        }
        .into_iter()
        .map(|(a, b)| (from + a, from + b))
        .collect();
        line = inner.pop();
        used = line.map_or(0, |(a, b)| width(&text[a..b]));
        lines.extend(inner);
    }
    lines.extend(line);
    lines
}

/// `text` cut into pieces of at most `w` cells (at least one character each).
fn cut(text: &str, w: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let (mut from, mut cells) = (0, 0);
    for (j, c) in text.char_indices() {
        let cw = c.width().unwrap_or(0);
        if cells + cw > w && j > from {
            out.push((from, j));
            (from, cells) = (j, 0);
        }
        cells += cw;
    }
    if from < text.len() {
        out.push((from, text.len()));
    }
    out
}

/// `text` broken into lines of at most `w` cells, by the rules of Chinese and English text:
/// at spaces (dropped at a break) and between CJK characters; closing punctuation
/// (`）」』】。，、；：！？` …) never starts a line, opening punctuation (`（「『【` …) never ends
/// one, and a number stays with the measure word after it (`3 个删除请求`, `连续失败 5 次后`). A
/// piece longer than a line is cut. Empty text has no lines.
pub fn wrap(text: &str, w: usize) -> Vec<String> {
    line_ranges(text, w)
        .into_iter()
        .map(|(a, b)| text[a..b].to_owned())
        .collect()
}

/// A styled line broken like [`wrap`], each piece keeping its style.
pub fn wrap_line<'a>(line: &ratatui::text::Line<'a>, w: usize) -> Vec<ratatui::text::Line<'a>> {
    use ratatui::text::{Line, Span};
    let mut plain = String::new();
    let mut bounds = Vec::new();
    for s in &line.spans {
        let start = plain.len();
        plain.push_str(&s.content);
        bounds.push((start, plain.len(), s.style));
    }
    let ranges = line_ranges(&plain, w);
    if ranges.is_empty() {
        return vec![line.clone()];
    }
    ranges
        .into_iter()
        .map(|(a, b)| {
            let spans: Vec<Span<'a>> = bounds
                .iter()
                .filter(|&&(s, e, _)| s < b && e > a)
                .map(|&(s, e, style)| Span::styled(plain[s.max(a)..e.min(b)].to_owned(), style))
                .collect();
            let mut l = Line::from(spans).style(line.style);
            l.alignment = line.alignment;
            l
        })
        .collect()
}

/// Styled lines broken like [`wrap`]: what `Paragraph::wrap` does, with Chinese line breaking.
pub fn wrap_lines<'a>(
    lines: Vec<ratatui::text::Line<'a>>,
    w: usize,
) -> Vec<ratatui::text::Line<'a>> {
    lines.iter().flat_map(|l| wrap_line(l, w)).collect()
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
    /// The typography cases of issue 16: a number never leaves its measure word, closing
    /// punctuation never starts a line, opening punctuation never ends one, at every width.
    #[test]
    fn the_line_breaker_keeps_chinese_typography_at_every_width() {
        use crate::i18n::typo::{is_cjk, is_closing, is_fullwidth_punct, is_opening};
        let texts = [
            "将针对 3 个删除请求逐个发送，每次最多 4 个（按 u 撤销）。",
            "请检查此配置项的 AK/SK 或 Token 后重新启动：本次会话 drs-tui 不再发送任何请求（同一 AK 连续失败 5 次后会被服务锁定）",
            "任务 120/120（非最新） 刷新失败：上方数据非最新，第 50 条，共 91 条。",
            "结束 2 个任务？「订单库同步任务-华东-05」和『营销库』将被结束，此操作不可撤销！",
            "DELETE /v5/{project_id}/jobs/0123456789abcdef0123456789abcdefjb01 for each of 3 jobs (one at a time)",
        ];
        for text in texts {
            let solid: String = text.chars().filter(|c| *c != ' ').collect();
            for w in 10..=60 {
                let lines = wrap(text, w);
                let again: String = lines.concat().chars().filter(|c| *c != ' ').collect();
                assert_eq!(again, solid, "nothing lost at {w}: {lines:?}");
                for (i, l) in lines.iter().enumerate() {
                    assert!(width(l) <= w, "{l:?} wider than {w}: {lines:?}");
                    let first = l.chars().next().expect("no empty line");
                    let last = l.chars().next_back().expect("no empty line");
                    // (A word longer than the line, the path, is cut anywhere.)
                    if i > 0 && is_cjk(first) {
                        assert!(
                            !is_closing(first),
                            "line starts with {first:?} at {w}: {lines:?}"
                        );
                    }
                    if let Some(next) = lines.get(i + 1).and_then(|n| n.chars().next()) {
                        assert!(
                            !(is_cjk(last) && is_opening(last)),
                            "line ends with {last:?} at {w}: {lines:?}"
                        );
                        assert!(
                            !(last.is_ascii_digit() && is_cjk(next) && !is_fullwidth_punct(next)),
                            "a number split from its measure word at {w}: {lines:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn the_line_breaker_on_the_reported_cases() {
        // "…3⏎个删除请求", "连续失败 5⏎次后": the number goes down with its measure word.
        assert_eq!(
            wrap("将针对 3 个删除请求", 9),
            ["将针对", "3 个删除", "请求"]
        );
        assert_eq!(
            wrap("同一 AK 连续失败 5 次后会被锁定", 12),
            ["同一 AK 连续", "失败 5 次后", "会被锁定"]
        );
        // A closing parenthesis does not start a line: the character before goes with it.
        assert_eq!(
            wrap("任务 120/120（非最新）", 17),
            ["任务 120/120（非", "最新）"]
        );
        assert_eq!(
            wrap("数据非最新（已过）", 8),
            ["数据非最", "新（已", "过）"]
        );
        // An opening parenthesis does not end a line.
        assert_eq!(
            wrap("共 91 条（显示 50 条）", 9),
            ["共 91 条", "（显示", "50 条）"]
        );
        // Where the rules cannot all hold, the number rule gives way first.
        assert_eq!(wrap("第 50 条，共", 6), ["第", "50", "条，共"]);
        // English breaks at spaces; indentation stays; a long word is cut.
        assert_eq!(wrap("  one two three", 9), ["  one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("请输入 2 以确认： ", 20), ["请输入 2 以确认： "]);
        assert!(wrap("", 10).is_empty());
    }

    #[test]
    fn a_styled_line_wraps_with_its_styles() {
        use ratatui::style::Style;
        use ratatui::text::{Line, Span};
        let line = Line::from(vec![
            Span::styled("连续失败 ", Style::new().red()),
            Span::raw("5 次后锁定"),
        ]);
        let lines = wrap_line(&line, 8);
        let texts: Vec<String> = lines.iter().map(ToString::to_string).collect();
        assert_eq!(texts, ["连续失败", "5 次后锁", "定"]);
        assert_eq!(lines[0].spans.len(), 1);
        assert_eq!(lines[0].spans[0].style, Style::new().red());
        assert_eq!(lines[1].spans[0].content, "5 次后锁");
        let lines = wrap_line(&line, 3);
        assert_eq!(lines[1].spans[0].content, "续");
        assert_eq!(lines[1].spans[0].style, Style::new().red());
    }
}
