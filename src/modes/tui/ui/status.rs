//! How a DRS status value is drawn: its short human label for the job's type
//! ([`crate::labels::label_of`], which the filter matches too), and where there is room the code
//! beside it (`已结束       RELEASE_RESOURCE_COMPLETE`, the codes lined up). The label is shown
//! at every width, in either language. Within one product no two statuses share a label, and a
//! label names one status whatever the product, so two different statuses never read the same,
//! colour or not; the exact value is always in the detail pane.

use super::text::{middle, width};

pub use crate::labels::{LABEL_W, LABELS, Product, label, label_of};

/// Cells a STATUS cell needs over a set of (status, product) pairs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Widths {
    /// The widest label (the codes start after it and a space).
    pub label: usize,
    /// The widest cell with its code beside the label.
    pub whole: usize,
    /// The widest cell with the label alone (a status this version does not know: its code).
    pub short: usize,
}

/// The widths over `pairs`.
pub fn widths<'a>(pairs: impl Iterator<Item = (&'a str, Product)>) -> Widths {
    let mut w = Widths::default();
    let mut code = 0;
    let mut unknown = 0;
    for (status, product) in pairs {
        match label_of(status, product) {
            Some(l) => {
                w.label = w.label.max(width(l));
                code = code.max(width(status));
            }
            None => unknown = unknown.max(width(status)),
        }
    }
    w.short = w.label.max(unknown);
    w.whole = if code > 0 { w.label + 1 + code } else { 0 }.max(unknown);
    w
}

/// The status as drawn on a job of `product`: its label, then with `code_at` (the label column's
/// cells) its code after the label column; a status this version does not know stays as the
/// server sent it (upper case, so it never reads like a label).
pub fn shown(status: &str, product: Product, code_at: Option<usize>) -> String {
    match (label_of(status, product), code_at) {
        (Some(l), None) => l.to_owned(),
        (Some(l), Some(at)) => {
            let pad = at.saturating_sub(width(l));
            format!("{l}{} {status}", " ".repeat(pad))
        }
        (None, _) => status.to_owned(),
    }
}

/// The status cut to `cells` if it must be: in the middle, so `…_STARTED` and `…_COMPLETE`
/// still differ.
pub fn cut(
    status: &str,
    product: Product,
    code_at: Option<usize>,
    cells: usize,
    ellipsis: &str,
) -> String {
    middle(&shown(status, product, code_at), cells, ellipsis)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Language, scoped};

    #[test]
    fn statuses_that_share_a_prefix_stay_apart_when_cut() {
        let a = cut(
            "RELEASE_CHILD_TRANSFER_STARTED",
            Product::Sync,
            None,
            22,
            "…",
        );
        let b = cut(
            "RELEASE_CHILD_TRANSFER_COMPLETE",
            Product::Sync,
            None,
            22,
            "…",
        );
        assert_ne!(a, b);
        assert_eq!(
            shown("BRAND_NEW_STATUS", Product::Sync, Some(12)),
            "BRAND_NEW_STATUS"
        );
    }

    #[test]
    fn the_label_comes_first_and_the_codes_line_up_after_the_widest() {
        scoped(Language::ZhCn, || {
            let pairs = [
                ("RELEASE_RESOURCE_COMPLETE", Product::Sync),
                ("FULL_TRANSFER_STARTED", Product::DisasterRecovery),
                ("RELEASE_CHILD_TRANSFER_COMPLETE", Product::Migration),
            ];
            let w = widths(pairs.iter().copied());
            assert_eq!(w.label, 12, "子任务已结束");
            assert_eq!(w.whole, 12 + 1 + 31);
            assert_eq!(w.short, 12);
            let a = shown(pairs[0].0, pairs[0].1, Some(w.label));
            let b = shown(pairs[1].0, pairs[1].1, Some(w.label));
            assert_eq!(a, "已结束       RELEASE_RESOURCE_COMPLETE");
            assert_eq!(b, "初始化中     FULL_TRANSFER_STARTED");
            assert_eq!(shown(pairs[1].0, pairs[1].1, None), "初始化中");
            let unknown = widths([("SOMETHING_MUCH_LONGER_THAN_ANY", Product::Other)].into_iter());
            assert_eq!((unknown.whole, unknown.short, unknown.label), (30, 30, 0));
        });
    }
}
