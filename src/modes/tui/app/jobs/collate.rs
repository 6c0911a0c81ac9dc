//! How names sort: naturally (`feed-14` before `feed-102`) in English; in Chinese as a Chinese
//! reader expects, by pinyin (订单… before 营销…), Han characters before Latin letters (CLDR's
//! order for zh), numbers still natural (任务2 before 任务10): ICU4X's collator for `zh` with
//! numeric ordering on. Both are made into byte strings whose plain byte order is the name
//! order (sort keys), so the table sorts by comparing bytes either way.

use std::cmp::Ordering;
use std::sync::OnceLock;

use icu_collator::options::{CollatorOptions, Strength};
use icu_collator::preferences::CollationNumericOrdering;
use icu_collator::{Collator, CollatorBorrowed, CollatorPreferences};

use crate::i18n::{Language, language};

/// The order names are sorted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NameOrder {
    /// Bytes, digit runs as numbers.
    #[default]
    Natural,
    /// Pinyin (ICU `zh` collation), digit runs as numbers; ties in natural order.
    Pinyin,
}

impl NameOrder {
    /// The order for the language in force.
    pub fn current() -> NameOrder {
        if language() == Language::ZhCn && pinyin().is_some() {
            NameOrder::Pinyin
        } else {
            NameOrder::Natural
        }
    }

    /// Appends the sort key of `name` (lower-cased) to `out`.
    pub fn key_into(self, out: &mut Vec<u8>, name: &str) {
        if self == NameOrder::Pinyin
            && let Some(c) = pinyin()
        {
            let Ok(()) = c.write_sort_key_to(name, out);
            // Names the collator finds equal (it ignores some punctuation) go in natural
            // order: 0 sorts below every key byte, so a key that is a prefix of another stays
            // first.
            out.push(0);
        }
        natural_key_into(out, name.as_bytes());
    }

    /// Compares two names (lower-cased) as their keys compare.
    pub fn cmp(self, a: &str, b: &str) -> Ordering {
        let collated = match (self, pinyin()) {
            (NameOrder::Pinyin, Some(c)) => c.compare(a, b),
            _ => Ordering::Equal,
        };
        collated.then_with(|| natural_cmp(a, b))
    }
}

/// The `zh` collator with numeric ordering (primary strength: case and accents are left to the
/// natural tie-break); `None` if its data cannot be loaded (it is compiled in, so never).
fn pinyin() -> Option<&'static CollatorBorrowed<'static>> {
    static COLLATOR: OnceLock<Option<CollatorBorrowed<'static>>> = OnceLock::new();
    COLLATOR
        .get_or_init(|| {
            let mut prefs = CollatorPreferences::from(&icu_locale_core::locale!("zh"));
            prefs.numeric_ordering = Some(CollationNumericOrdering::True);
            let mut options = CollatorOptions::default();
            options.strength = Some(Strength::Primary);
            Collator::try_new(prefs, options).ok()
        })
        .as_ref()
}

/// Natural order of two names: digit runs compare as numbers (`feed-14` before `feed-102`).
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    NaturalBytes::new(a.as_bytes()).cmp(NaturalBytes::new(b.as_bytes()))
}

/// Appends the natural sort key of `s` to `out`: each digit run loses its leading zeros and is
/// preceded by its length (as `'0' + len`, capped at 9), so a shorter number sorts first and
/// plain byte order of the keys is natural order of the names. Runs of other bytes are copied
/// whole.
pub fn natural_key_into(out: &mut Vec<u8>, s: &[u8]) {
    let mut pos = 0;
    while pos < s.len() {
        let rest = &s[pos..];
        let plain = rest
            .iter()
            .position(u8::is_ascii_digit)
            .unwrap_or(rest.len());
        out.extend_from_slice(&rest[..plain]);
        pos += plain;
        if pos == s.len() {
            break;
        }
        let digits = s[pos..]
            .iter()
            .position(|b| !b.is_ascii_digit())
            .unwrap_or(s.len() - pos);
        let run = &s[pos..pos + digits];
        let zeros = run.iter().take_while(|&&b| b == b'0').count();
        out.push(b'0' + (digits - zeros).min(9) as u8);
        out.extend_from_slice(&run[zeros..]);
        pos += digits;
    }
}

/// The bytes of a name's natural sort key, one at a time (as [`natural_key_into`] writes them),
/// for comparing two names without building their keys.
struct NaturalBytes<'a> {
    s: &'a [u8],
    pos: usize,
    /// Digits of the run being emitted: `[start, end)` after its length byte.
    run: Option<(usize, usize)>,
}

impl<'a> NaturalBytes<'a> {
    fn new(s: &'a [u8]) -> Self {
        NaturalBytes {
            s,
            pos: 0,
            run: None,
        }
    }
}

impl Iterator for NaturalBytes<'_> {
    type Item = u8;

    fn next(&mut self) -> Option<u8> {
        if let Some((start, end)) = self.run {
            if start < end {
                self.run = Some((start + 1, end));
                return Some(self.s[start]);
            }
            self.run = None;
            self.pos = end;
        }
        let c = *self.s.get(self.pos)?;
        if !c.is_ascii_digit() {
            self.pos += 1;
            return Some(c);
        }
        let end = self.s[self.pos..]
            .iter()
            .position(|b| !b.is_ascii_digit())
            .map_or(self.s.len(), |n| self.pos + n);
        let mut start = self.pos;
        while start < end && self.s[start] == b'0' {
            start += 1;
        }
        self.run = Some((start, end));
        Some(b'0' + (end - start).min(9) as u8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(order: NameOrder, names: &[&str]) -> Vec<String> {
        let mut keyed: Vec<(Vec<u8>, String)> = names
            .iter()
            .map(|n| {
                let mut k = Vec::new();
                order.key_into(&mut k, &n.to_lowercase());
                (k, n.to_string())
            })
            .collect();
        keyed.sort();
        // The comparison agrees with the keys.
        for w in keyed.windows(2) {
            assert_ne!(
                order.cmp(&w[0].1.to_lowercase(), &w[1].1.to_lowercase()),
                Ordering::Greater,
                "{} / {}",
                w[0].1,
                w[1].1
            );
        }
        keyed.into_iter().map(|(_, n)| n).collect()
    }

    #[test]
    fn chinese_names_sort_by_pinyin_with_natural_numbers() {
        let names = [
            "营销数据同步-2",
            "订单库迁移-10",
            "任务10",
            "任务2",
            "订单库迁移-2",
            "billing-sync",
            "阿里云灾备",
            "中心库",
        ];
        assert_eq!(
            sorted(NameOrder::Pinyin, &names),
            [
                // By pinyin: a (阿), d (订), r (任), y (营), z (中); CLDR's zh order puts
                // Han before Latin.
                "阿里云灾备",
                "订单库迁移-2",
                "订单库迁移-10",
                "任务2",
                "任务10",
                "营销数据同步-2",
                "中心库",
                "billing-sync",
            ]
        );
        // By code point 营 (U+8425) comes before 订 (U+8BA2): the natural order keeps that.
        let natural = sorted(NameOrder::Natural, &names);
        let pos = |n: &str| natural.iter().position(|x| x == n);
        assert!(pos("营销数据同步-2") < pos("订单库迁移-2"));
        assert!(pos("任务2") < pos("任务10"));
    }

    #[test]
    fn natural_keys_order_like_natural_cmp() {
        let names = [
            "feed-14", "feed-102", "feed-014", "feed-2", "a0", "a", "a00b", "a0b", "9", "10",
            "x1y2", "x1y10", "x01y3", "",
        ];
        for a in names {
            for b in names {
                let (mut ka, mut kb) = (Vec::new(), Vec::new());
                natural_key_into(&mut ka, a.as_bytes());
                natural_key_into(&mut kb, b.as_bytes());
                assert_eq!(ka.cmp(&kb), natural_cmp(a, b), "{a} / {b}");
            }
        }
        assert_eq!(natural_cmp("feed-14", "feed-102"), Ordering::Less);
    }
}
