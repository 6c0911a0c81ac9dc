//! The short human labels of DRS statuses, in the language in force: what the table, the modal
//! and the detail pane show for a status, and what the live filter matches besides the code (so
//! `/已结束`, `/stopped` and `/RELEASE_RESOURCE_COMPLETE` find the same rows). Below the TUI's
//! `app` and `ui`, which both read them.
//!
//! The transfer statuses read as the console has them for the job's type ([`label_for`]): a full
//! transfer is 全量迁移中 on a migration job, 全量同步中 on a sync job and 初始化中 on a
//! disaster-recovery one (drs-api.md §1.7); a type without its own words keeps the neutral label.

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

/// The products whose transfer statuses read differently (by `job_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Product {
    Migration,
    Sync,
    DisasterRecovery,
    /// `replay`, an empty or unknown type: the neutral labels.
    Other,
}

impl Product {
    /// The product of a `job_type`.
    pub fn of(job_type: &str) -> Product {
        match job_type {
            "migration" => Product::Migration,
            "sync" => Product::Sync,
            "cloudDataGuard" => Product::DisasterRecovery,
            _ => Product::Other,
        }
    }
}

/// The transfer statuses by product: migration, sync, disaster recovery.
pub const BY_PRODUCT: &[(&str, [T; 3])] = &[
    (
        "FULL_TRANSFER_STARTED",
        [T::StFullMigrating, T::StFullSyncing, T::StDrInitialising],
    ),
    (
        "FULL_TRANSFER_FAILED",
        [
            T::StFullMigrateFailed,
            T::StFullSyncFailed,
            T::StDrInitFailed,
        ],
    ),
    (
        "FULL_TRANSFER_COMPLETE",
        [T::StFullMigrated, T::StFullSynced, T::StDrInitDone],
    ),
    (
        "INCRE_TRANSFER_STARTED",
        [T::StIncrMigrating, T::StIncrSyncing, T::StDrRunning],
    ),
    (
        "INCRE_TRANSFER_FAILED",
        [T::StIncrMigrateFailed, T::StIncrSyncFailed, T::StDrAbnormal],
    ),
];

const PRODUCTS: [Product; 3] = [Product::Migration, Product::Sync, Product::DisasterRecovery];

/// The short label of a known status on a job of `job_type`, in the language in force.
pub fn label_for(status: &str, job_type: &str) -> Option<&'static str> {
    label_of(status, Product::of(job_type))
}

/// [`label_for`] by product (the table measures its STATUS column over status and product
/// pairs).
pub fn label_of(status: &str, product: Product) -> Option<&'static str> {
    let typed = PRODUCTS.iter().position(|p| *p == product).and_then(|i| {
        BY_PRODUCT
            .iter()
            .find(|(s, _)| *s == status)
            .map(|(_, t)| t[i].get())
    });
    typed.or_else(|| label(status))
}

/// The documented job types with their words, long (the detail pane, the TYPE column when
/// there is room, the header) and short.
pub const KINDS: &[(&str, T, T)] = &[
    ("migration", T::KindMigration, T::KindMigrationShort),
    ("sync", T::KindSync, T::KindSyncShort),
    ("cloudDataGuard", T::KindDr, T::KindDrShort),
    ("replay", T::KindReplay, T::KindReplayShort),
];

/// A job type's words in the language in force (`short`: its short form), or `None` for a type
/// this version does not know (shown as the service sent it).
pub fn kind_label(job_type: &str, short: bool) -> Option<&'static str> {
    KINDS
        .iter()
        .find(|(k, ..)| *k == job_type)
        .map(|(_, long, brief)| if short { brief.get() } else { long.get() })
}

/// A job type as drawn: its words, or the code of a type this version does not know.
pub fn kind_shown(job_type: &str, short: bool) -> &str {
    kind_label(job_type, short).unwrap_or(job_type)
}

/// The id of a job's label, for the filter: a status's index in [`LABELS`], or for a transfer
/// status on a migration, sync or DR job one of the ids after those; [`NO_LABEL`] for a status
/// this version does not know. Fewer than 64, so a filter's matching labels are one `u64`.
pub fn label_id(status: &str, job_type: &str) -> u8 {
    let product = PRODUCTS.iter().position(|p| *p == Product::of(job_type));
    let typed = BY_PRODUCT.iter().position(|(s, _)| *s == status);
    if let (Some(p), Some(row)) = (product, typed) {
        return (LABELS.len() + row * PRODUCTS.len() + p) as u8;
    }
    LABELS
        .iter()
        .position(|(s, _)| *s == status)
        .map_or(NO_LABEL, |i| i as u8)
}

/// The id of no label: no filter matches it.
pub const NO_LABEL: u8 = 63;

/// The labels ([`label_id`]) that contain `needle` (already lower-case) in the language in
/// force, one bit each: the neutral label counts on any job, a product's own label on that
/// product's jobs. Computed once per filter keystroke over these few labels, never per job.
pub fn labelled_mask(needle: &str) -> u64 {
    if needle.is_empty() {
        return 0;
    }
    let holds = |t: &T| t.get().to_lowercase().contains(needle);
    let mut mask = 0u64;
    for (i, (_, l)) in LABELS.iter().enumerate() {
        if holds(l) {
            mask |= 1 << i;
        }
    }
    for (row, (status, typed)) in BY_PRODUCT.iter().enumerate() {
        let neutral = LABELS
            .iter()
            .find(|(s, _)| s == status)
            .is_some_and(|(_, l)| holds(l));
        for (p, t) in typed.iter().enumerate() {
            if neutral || holds(t) {
                mask |= 1 << (LABELS.len() + row * PRODUCTS.len() + p);
            }
        }
    }
    mask
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

    /// Whether a job with `status` and `job_type` is found by `needle`.
    fn finds(needle: &str, status: &str, job_type: &str) -> bool {
        labelled_mask(needle) & (1 << label_id(status, job_type)) != 0
    }

    #[test]
    fn label_ids_fit_one_word_and_are_distinct() {
        assert!(LABELS.len() + BY_PRODUCT.len() * PRODUCTS.len() < NO_LABEL as usize);
        assert_eq!(label_id("BRAND_NEW", "sync"), NO_LABEL);
        let mut ids = HashSet::new();
        for (s, _) in LABELS {
            for t in ["migration", "sync", "cloudDataGuard"] {
                ids.insert((label_id(s, t), s, t));
            }
        }
        let distinct: HashSet<u8> = ids.iter().map(|(i, ..)| *i).collect();
        assert_eq!(distinct.len(), LABELS.len() + BY_PRODUCT.len() * 2);
    }

    #[test]
    fn a_label_finds_its_status_in_the_language_in_force() {
        scoped(Language::ZhCn, || {
            assert!(finds("已结束", "RELEASE_RESOURCE_COMPLETE", "sync"));
            assert!(!finds("已结束", "RELEASE_RESOURCE_STARTED", "sync"));
            assert_eq!(labelled_mask("stopped"), 0);
            // A product's own label finds that product's jobs only; the neutral one any.
            assert!(finds("初始化中", "FULL_TRANSFER_STARTED", "cloudDataGuard"));
            assert!(!finds("初始化中", "FULL_TRANSFER_STARTED", "migration"));
            assert!(finds("同步", "INCRE_TRANSFER_STARTED", "sync"));
            assert!(!finds("同步", "INCRE_TRANSFER_STARTED", "migration"));
            assert!(finds("全量传输中", "FULL_TRANSFER_STARTED", "migration"));
            assert!(finds("全量传输中", "FULL_TRANSFER_STARTED", "replay"));
        });
        scoped(Language::EnUs, || {
            assert!(finds("stopped", "RELEASE_RESOURCE_COMPLETE", "migration"));
            assert_eq!(labelled_mask("已结束"), 0);
        });
        assert_eq!(labelled_mask(""), 0);
    }

    #[test]
    fn transfer_statuses_read_as_the_console_has_them_for_each_job_type() {
        scoped(Language::ZhCn, || {
            let l = |status, job_type| label_for(status, job_type).unwrap_or_default();
            assert_eq!(l("FULL_TRANSFER_STARTED", "migration"), "全量迁移中");
            assert_eq!(l("FULL_TRANSFER_STARTED", "sync"), "全量同步中");
            assert_eq!(l("FULL_TRANSFER_STARTED", "cloudDataGuard"), "初始化中");
            assert_eq!(l("INCRE_TRANSFER_STARTED", "migration"), "增量迁移中");
            assert_eq!(l("INCRE_TRANSFER_STARTED", "sync"), "增量同步中");
            assert_eq!(l("INCRE_TRANSFER_STARTED", "cloudDataGuard"), "灾备中");
            assert_eq!(l("INCRE_TRANSFER_FAILED", "cloudDataGuard"), "灾备异常");
            // No product's words on a type without its own, nor on other statuses.
            assert_eq!(l("FULL_TRANSFER_STARTED", "replay"), "全量传输中");
            assert_eq!(l("RELEASE_RESOURCE_COMPLETE", "cloudDataGuard"), "已结束");
        });
        // Within one product, in either language, no two statuses read the same, and every
        // label fits the status column.
        for lang in [Language::EnUs, Language::ZhCn] {
            for job_type in ["migration", "sync", "cloudDataGuard", "replay"] {
                let labels: HashSet<&str> = LABELS
                    .iter()
                    .map(|(s, _)| scoped(lang, || label_for(s, job_type).unwrap_or_default()))
                    .collect();
                assert_eq!(labels.len(), LABELS.len(), "{lang:?} {job_type}");
                assert!(labels.iter().all(|l| l.width() <= LABEL_W), "{labels:?}");
            }
        }
    }

    #[test]
    fn a_label_names_one_status_whatever_the_job_type() {
        // The table shows labels alone where room is short: a label must never stand for two
        // statuses, not even on jobs of different types.
        for lang in [Language::EnUs, Language::ZhCn] {
            let mut seen = std::collections::HashMap::new();
            for (status, _) in LABELS {
                for product in [
                    Product::Migration,
                    Product::Sync,
                    Product::DisasterRecovery,
                    Product::Other,
                ] {
                    let l = scoped(lang, || label_of(status, product).unwrap_or_default());
                    if let Some(other) = seen.insert(l, *status) {
                        assert_eq!(other, *status, "{lang:?}: {l:?} names two statuses");
                    }
                }
            }
        }
    }

    #[test]
    fn job_types_read_as_the_console_names_them_and_short_forms_stay_apart() {
        scoped(Language::ZhCn, || {
            let long: Vec<&str> = KINDS.iter().map(|(k, ..)| kind_shown(k, false)).collect();
            assert_eq!(long, ["实时迁移", "实时同步", "实时灾备", "录制回放"]);
            assert_eq!(kind_shown("brandNew", true), "brandNew");
        });
        for lang in [Language::EnUs, Language::ZhCn] {
            for short in [false, true] {
                let words: HashSet<&str> = KINDS
                    .iter()
                    .map(|(k, ..)| scoped(lang, || kind_shown(k, short)))
                    .collect();
                assert_eq!(words.len(), KINDS.len(), "{lang:?} short {short}");
            }
        }
    }
}
