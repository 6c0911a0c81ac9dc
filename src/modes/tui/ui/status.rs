//! How a DRS status value is drawn: whole from 120 columns, else as its short human label
//! ([`crate::labels`], which the filter matches too). No two
//! statuses share a label, so two different statuses never read the same, colour or not; the
//! exact value is always in the detail pane.

use std::borrow::Cow;

use super::text::{middle, width};

/// Terminal width from which statuses are drawn whole.
pub const FULL_STATUS_FROM: u16 = 120;

pub use crate::labels::{LABEL_W, LABELS, label};

/// The status as drawn: whole (`full`), else its label; a status this version does not know
/// stays as the server sent it (upper case, so it never reads like a label).
pub fn shown(status: &str, full: bool) -> Cow<'_, str> {
    match (full, label(status)) {
        (false, Some(l)) => Cow::Borrowed(l),
        _ => Cow::Borrowed(status),
    }
}

/// The status cut to `cells` if it must be: in the middle, so `…_STARTED` and `…_COMPLETE`
/// still differ.
pub fn cut(status: &str, full: bool, cells: usize, ellipsis: &str) -> String {
    middle(&shown(status, full), cells, ellipsis)
}

/// Cells the widest of these statuses needs.
pub fn widest<'a>(statuses: impl Iterator<Item = &'a str>, full: bool) -> usize {
    statuses.map(|s| width(&shown(s, full))).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_that_share_a_prefix_stay_apart_when_cut() {
        let a = cut("RELEASE_CHILD_TRANSFER_STARTED", true, 22, "…");
        let b = cut("RELEASE_CHILD_TRANSFER_COMPLETE", true, 22, "…");
        assert_ne!(a, b);
        assert_eq!(shown("BRAND_NEW_STATUS", false), "BRAND_NEW_STATUS");
    }
}
