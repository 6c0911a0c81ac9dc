//! The short human labels of DRS statuses, in the language in force: what the table, the modal
//! and the detail pane show for a status, and what the live filter matches besides the code (so
//! `/已结束`, `/stopped` and `/RELEASE_RESOURCE_COMPLETE` find the same rows). Below the TUI's
//! `app` and `ui`, which both read them.

use crate::i18n::T;

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

/// The short label of a known status, in the language in force.
pub fn label(status: &str) -> Option<&'static str> {
    LABELS
        .iter()
        .find(|(s, _)| *s == status)
        .map(|(_, l)| l.get())
}

/// The statuses whose label, in the language in force, contains `needle` (already lower-case):
/// computed once per filter keystroke over these few labels, never per job.
pub fn statuses_labelled(needle: &str) -> Vec<&'static str> {
    if needle.is_empty() {
        return Vec::new();
    }
    LABELS
        .iter()
        .filter(|(_, l)| l.get().to_lowercase().contains(needle))
        .map(|(s, _)| *s)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Language, scoped};
    use std::collections::HashSet;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn labels_are_distinct_short_and_cover_every_known_status() {
        for lang in [Language::EnUs, Language::ZhCn] {
            let labels: HashSet<&str> = LABELS.iter().map(|(_, l)| l.text(lang)).collect();
            assert_eq!(
                labels.len(),
                LABELS.len(),
                "{lang:?}: two statuses share a label"
            );
            assert!(LABELS.iter().all(|(_, l)| l.text(lang).width() <= LABEL_W));
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
    fn a_label_finds_its_status_in_the_language_in_force() {
        scoped(Language::ZhCn, || {
            let found = statuses_labelled("已结束");
            assert!(found.contains(&"RELEASE_RESOURCE_COMPLETE"), "{found:?}");
            assert!(!found.contains(&"RELEASE_RESOURCE_STARTED"), "{found:?}");
            assert!(statuses_labelled("stopped").is_empty());
        });
        scoped(Language::EnUs, || {
            let found = statuses_labelled("stopped");
            assert!(found.contains(&"RELEASE_RESOURCE_COMPLETE"), "{found:?}");
            assert!(statuses_labelled("已结束").is_empty());
        });
        assert!(statuses_labelled("").is_empty());
    }
}
