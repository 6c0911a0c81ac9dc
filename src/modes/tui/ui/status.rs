//! How a DRS status value is drawn: whole from 120 columns, else as a short human label. No two
//! statuses share a label, so two different statuses never read the same, colour or not; the
//! exact value is always in the detail pane.

use std::borrow::Cow;

use super::text::{middle, width};
use crate::i18n::T;

/// Terminal width from which statuses are drawn whole.
pub const FULL_STATUS_FROM: u16 = 120;

/// Every status of the list and detail sets (drs-api.md §1.7) with its short label (in the
/// catalog: the labels are ours, the status values DRS's).
pub const LABELS: &[(&str, T)] = &[
    ("CREATING", T::StCreating),
    ("CREATE_FAILED", T::StCreateFailed),
    ("CONFIGURATION", T::StConfiguring),
    ("STARTJOBING", T::StStarting),
    ("WAITING_FOR_START", T::StWaitingStart),
    ("START_JOB_FAILED", T::StStartFailed),
    ("FULL_TRANSFER_STARTED", T::StFullRunning),
    ("FULL_TRANSFER_FAILED", T::StFullFailed),
    ("FULL_TRANSFER_COMPLETE", T::StFullDone),
    ("INCRE_TRANSFER_STARTED", T::StIncrRunning),
    ("INCRE_TRANSFER_FAILED", T::StIncrFailed),
    ("RELEASE_RESOURCE_STARTED", T::StStopping),
    ("RELEASE_RESOURCE_FAILED", T::StStopFailed),
    ("RELEASE_RESOURCE_COMPLETE", T::StStopped),
    ("CHANGE_JOB_STARTED", T::StChanging),
    ("CHANGE_JOB_FAILED", T::StChangeFailed),
    ("CHILD_TRANSFER_STARTING", T::StChildStarting),
    ("CHILD_TRANSFER_STARTED", T::StChildRunning),
    ("CHILD_TRANSFER_COMPLETE", T::StChildDone),
    ("CHILD_TRANSFER_FAILED", T::StChildFailed),
    ("RELEASE_CHILD_TRANSFER_STARTED", T::StChildStopping),
    ("RELEASE_CHILD_TRANSFER_COMPLETE", T::StChildStopped),
    ("PAUSING", T::StPausing),
    ("REBUILD_NODE_STARTED", T::StRebuilding),
    ("REBUILD_NODE_FAILED", T::StRebuildFailed),
    ("DELETED", T::StDeleted),
    ("NODE_UPGRADE_START", T::StUpgrading),
    ("NODE_UPGRADE_COMPLETE", T::StUpgraded),
    ("NODE_UPGRADE_FAILED", T::StUpgradeFailed),
];

/// The widest short label: a status column this wide never cuts a label.
pub const LABEL_W: usize = 14;

/// The short label of a known status.
pub fn label(status: &str) -> Option<&'static str> {
    LABELS
        .iter()
        .find(|(s, _)| *s == status)
        .map(|(_, l)| l.get())
}

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
    use std::collections::HashSet;

    #[test]
    fn labels_are_distinct_short_and_cover_every_known_status() {
        for lang in [crate::i18n::Language::EnUs, crate::i18n::Language::ZhCn] {
            let labels: HashSet<&str> = LABELS.iter().map(|(_, l)| l.text(lang)).collect();
            assert_eq!(
                labels.len(),
                LABELS.len(),
                "{lang:?}: two statuses share a label"
            );
            assert!(LABELS.iter().all(|(_, l)| width(l.text(lang)) <= LABEL_W));
        }
        assert_eq!(
            LABELS.len(),
            29,
            "the 22 list values and the 7 detail-only ones"
        );
        assert!(LABELS.iter().all(|(s, _)| crate::api::model::status_kind(s)
            != crate::api::StatusKind::Unknown
            || s.ends_with("_FAILED")));
    }

    #[test]
    fn statuses_that_share_a_prefix_stay_apart_when_cut() {
        let a = cut("RELEASE_CHILD_TRANSFER_STARTED", true, 22, "…");
        let b = cut("RELEASE_CHILD_TRANSFER_COMPLETE", true, 22, "…");
        assert_ne!(a, b);
        assert_eq!(shown("BRAND_NEW_STATUS", false), "BRAND_NEW_STATUS");
    }
}
