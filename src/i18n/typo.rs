//! Chinese typography applied by code (issue 16 item 7), not by hand in each text:
//!
//! - no space between text and full-width punctuation (`120/120（非最新）`, `类型：全部`):
//!   [`normalise`] takes such a space out of every filled catalog text in Chinese, [`gap`]
//!   decides the space where code puts two pieces side by side, and a test checks every
//!   Chinese catalog text;
//! - one sentence end, not two (`…cn-north-4？。`, a service's `wrong.` before `。`);
//! - line breaking ([`crate::modes::tui::ui::text::wrap`]) by the classes here: closing
//!   punctuation never starts a line, opening punctuation never ends one, and a number stays
//!   with the measure word after it.

/// Full-width (CJK) punctuation: the CJK symbols block's marks and brackets and the
/// full-width forms of ASCII punctuation.
pub fn is_fullwidth_punct(c: char) -> bool {
    matches!(c,
        '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301F}'
        | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF3D}'
        | '\u{FF5B}'..='\u{FF65}' | '“' | '”' | '‘' | '’' | '…' | '—')
}

/// Punctuation that may not start a line (kinsoku): closing brackets and quotes, stops,
/// commas, colons, and their ASCII forms.
pub fn is_closing(c: char) -> bool {
    matches!(
        c,
        '）' | '」'
            | '』'
            | '】'
            | '〕'
            | '》'
            | '〉'
            | '〗'
            | '〙'
            | '〛'
            | '］'
            | '｝'
            | '”'
            | '’'
            | '。'
            | '，'
            | '、'
            | '；'
            | '：'
            | '！'
            | '？'
            | '．'
            | '…'
            | '％'
            | '～'
            | '〜'
            | ')'
            | ']'
            | '}'
            | ','
            | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | '%'
    )
}

/// Punctuation that may not end a line: opening brackets and quotes.
pub fn is_opening(c: char) -> bool {
    matches!(
        c,
        '（' | '「'
            | '『'
            | '【'
            | '〔'
            | '《'
            | '〈'
            | '〖'
            | '〘'
            | '〚'
            | '［'
            | '｛'
            | '“'
            | '‘'
            | '('
            | '['
            | '{'
    )
}

/// A character set solid in CJK text (Han, kana, Hangul, full-width forms): lines may break
/// between two of them without a space.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{2FFF}' | '\u{3000}'..='\u{30FF}' | '\u{3100}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}' | '\u{FE30}'..='\u{FE4F}' | '\u{FF00}'..='\u{FFEF}'
        | '\u{20000}'..='\u{3FFFF}')
}

/// A sentence end that makes a following `。` redundant.
fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '？' | '！' | '.' | '?' | '!')
}

/// The space to put between `left` and `right` set side by side: none when either touches
/// full-width punctuation (`类型：` `全部`), else one.
pub fn gap(left: &str, right: &str) -> &'static str {
    let l = left.chars().next_back();
    let r = right.chars().next();
    if l.is_some_and(is_fullwidth_punct) || r.is_some_and(is_fullwidth_punct) {
        ""
    } else {
        " "
    }
}

/// `left` and `right` joined by [`gap`].
pub fn join(left: &str, right: &str) -> String {
    format!("{left}{}{right}", gap(left, right))
}

/// `s` with Chinese typography: a lone space beside full-width punctuation taken out (a run
/// of two or more is a column gap and stays, as do spaces at either end, which pad), and a
/// `。` after another sentence end dropped (an ASCII `.` before it gives way to the `。`).
pub fn normalise(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        if c == ' '
            && let (Some(p), Some(n)) = (prev, next)
            && p != ' '
            && n != ' '
            && (is_fullwidth_punct(p) || is_fullwidth_punct(n))
        {
            continue;
        }
        if c == '。' && out.ends_with(ends_sentence) {
            if out.ends_with('.') {
                out.pop();
                out.push('。');
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// What [`normalise`] would change in a text, for the catalog check: the offending pieces.
#[cfg(test)]
pub fn faults(s: &str) -> Vec<String> {
    if normalise(s) == s {
        return Vec::new();
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    for i in 0..chars.len() {
        let piece: String = chars[i.saturating_sub(2)..(i + 3).min(chars.len())]
            .iter()
            .collect();
        if normalise(&piece) != piece && !out.contains(&piece) {
            out.push(piece);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Language, T};

    #[test]
    fn a_space_beside_full_width_punctuation_is_taken_out() {
        assert_eq!(
            normalise("任务 120/120 （非最新）"),
            "任务 120/120（非最新）"
        );
        assert_eq!(normalise("类型： 全部"), "类型：全部");
        assert_eq!(normalise("已结束 ，共 3 个"), "已结束，共 3 个");
        // A column gap and padding at the ends stay.
        assert_eq!(normalise("（无结果）  状态 X"), "（无结果）  状态 X");
        assert_eq!(
            normalise(" 刷新失败：数据非最新 "),
            " 刷新失败：数据非最新 "
        );
        // Spaces between Chinese and Latin text or numbers stay.
        assert_eq!(normalise("共 3 个任务"), "共 3 个任务");
    }

    #[test]
    fn one_sentence_end_not_two() {
        assert_eq!(
            normalise("您是否要使用 cn-north-4？。"),
            "您是否要使用 cn-north-4？"
        );
        assert_eq!(
            normalise("password is wrong.。请检查"),
            "password is wrong。请检查"
        );
        assert_eq!(normalise("完成。。"), "完成。");
        assert_eq!(normalise("……。"), "……。");
    }

    #[test]
    fn pieces_set_side_by_side_get_a_space_only_between_words() {
        assert_eq!(join("类型：", "全部"), "类型：全部");
        assert_eq!(join("120/120", "（非最新）"), "120/120（非最新）");
        assert_eq!(join("120/120", "(stale)"), "120/120 (stale)");
        assert_eq!(join("type:", "all"), "type: all");
    }

    /// Every Chinese catalog text already follows the rules, so a text without arguments
    /// (which is not filled, so not normalised) cannot break them either.
    #[test]
    fn every_chinese_catalog_text_follows_the_typography() {
        let bad: Vec<String> = T::ALL
            .iter()
            .filter_map(|t| {
                let f = faults(t.text(Language::ZhCn));
                (!f.is_empty()).then(|| format!("{t:?}: {f:?}"))
            })
            .collect();
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }
}
