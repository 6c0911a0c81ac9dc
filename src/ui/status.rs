//! How a DRS status value is drawn: whole from 120 columns, else as a short human label. No two
//! statuses share a label, so two different statuses never read the same, colour or not; the
//! exact value is always in the detail pane.

use std::borrow::Cow;

use super::text::{middle, width};

/// Terminal width from which statuses are drawn whole.
pub const FULL_STATUS_FROM: u16 = 120;

/// Every status of the list and detail sets (drs-api.md §1.7) with its short label.
pub const LABELS: &[(&str, &str)] = &[
    ("CREATING", "creating"),
    ("CREATE_FAILED", "create failed"),
    ("CONFIGURATION", "configuring"),
    ("STARTJOBING", "starting"),
    ("WAITING_FOR_START", "waiting start"),
    ("START_JOB_FAILED", "start failed"),
    ("FULL_TRANSFER_STARTED", "full running"),
    ("FULL_TRANSFER_FAILED", "full failed"),
    ("FULL_TRANSFER_COMPLETE", "full done"),
    ("INCRE_TRANSFER_STARTED", "incr. running"),
    ("INCRE_TRANSFER_FAILED", "incr. failed"),
    ("RELEASE_RESOURCE_STARTED", "stopping"),
    ("RELEASE_RESOURCE_FAILED", "stop failed"),
    ("RELEASE_RESOURCE_COMPLETE", "stopped"),
    ("CHANGE_JOB_STARTED", "changing"),
    ("CHANGE_JOB_FAILED", "change failed"),
    ("CHILD_TRANSFER_STARTING", "child starting"),
    ("CHILD_TRANSFER_STARTED", "child running"),
    ("CHILD_TRANSFER_COMPLETE", "child done"),
    ("CHILD_TRANSFER_FAILED", "child failed"),
    ("RELEASE_CHILD_TRANSFER_STARTED", "child stopping"),
    ("RELEASE_CHILD_TRANSFER_COMPLETE", "child stopped"),
    ("PAUSING", "pausing"),
    ("REBUILD_NODE_STARTED", "rebuilding"),
    ("REBUILD_NODE_FAILED", "rebuild failed"),
    ("DELETED", "deleted"),
    ("NODE_UPGRADE_START", "upgrading"),
    ("NODE_UPGRADE_COMPLETE", "upgraded"),
    ("NODE_UPGRADE_FAILED", "upgrade failed"),
];

/// The widest short label: a status column this wide never cuts a label.
pub const LABEL_W: usize = 14;

/// The short label of a known status.
pub fn label(status: &str) -> Option<&'static str> {
    LABELS.iter().find(|(s, _)| *s == status).map(|(_, l)| *l)
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
        let labels: HashSet<&str> = LABELS.iter().map(|(_, l)| *l).collect();
        assert_eq!(labels.len(), LABELS.len(), "two statuses share a label");
        assert!(LABELS.iter().all(|(_, l)| width(l) <= LABEL_W));
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
