use super::*;
use crate::demo::seed_jobs;

/// The view as the simple, slow definition has it: filter every job (its fields and the label
/// its status is shown with), sort, maybe reverse.
fn expected(t: &JobTable) -> Vec<String> {
    let needle = t.filter().to_lowercase();
    let mut jobs: Vec<&Job> = t
        .all()
        .iter()
        .map(|j| &**j)
        .filter(|j| {
            let label = crate::labels::label(&j.status).unwrap_or_default();
            let typed = crate::labels::label_for(&j.status, &j.job_type).unwrap_or_default();
            [
                j.name.as_str(),
                &j.id,
                &j.status,
                &j.engine_type,
                label,
                typed,
                crate::labels::kind_shown(&j.job_type, false),
                crate::labels::kind_shown(&j.job_type, true),
                &j.job_type,
            ]
            .iter()
            .any(|f| f.to_lowercase().contains(&needle))
        })
        .collect();
    let (sort, reverse) = t.sort();
    jobs.sort_by(|a, b| {
        if sort == SortColumn::Name {
            // In the language's name order (pinyin in Chinese, see collate's tests).
            return NameOrder::current()
                .cmp(&a.name.to_lowercase(), &b.name.to_lowercase())
                .then_with(|| a.id.cmp(&b.id));
        }
        let key = |j: &Job| match sort {
            SortColumn::Name => j.name.to_lowercase(),
            SortColumn::Status => j.status.to_string(),
            SortColumn::Engine => j.engine_type.to_string(),
            SortColumn::Type => j.job_type.to_string(),
            SortColumn::Created => j.create_time.clone(),
            SortColumn::Region => j.scope.label().to_lowercase(),
        };
        key(a).cmp(&key(b)).then_with(|| a.id.cmp(&b.id))
    });
    if reverse {
        jobs.reverse();
    }
    jobs.into_iter().map(|j| j.id.clone()).collect()
}

fn shown(t: &JobTable) -> Vec<String> {
    t.rows().map(|j| j.id.clone()).collect()
}

fn check(t: &JobTable) {
    let mut counted: Vec<&str> = t.statuses().collect();
    counted.sort_unstable();
    // Children count too: their rows can be opened at any time.
    let rows = || {
        t.all()
            .iter()
            .flat_map(|j| std::iter::once(&**j).chain(j.children.iter()))
    };
    let mut all: Vec<&str> = rows().map(|j| j.status.as_str()).collect();
    all.sort_unstable();
    all.dedup();
    assert_eq!(counted, all, "the status counts follow every change");
    // The STATUS column is measured over status and product pairs: they follow too.
    let mut typed: Vec<_> = t.values().typed_statuses().collect();
    typed.sort_unstable();
    let mut pairs: Vec<_> = rows()
        .map(|j| (j.status.as_str(), crate::labels::Product::of(&j.job_type)))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    assert_eq!(typed, pairs, "the typed status counts follow every change");
    assert_eq!(
        shown(t),
        expected(t),
        "filter {:?} sort {:?}",
        t.filter(),
        t.sort()
    );
    if let Some(p) = t.selected_pos() {
        assert_eq!(t.row(p).map(|j| &j.id), t.selected().map(|j| &j.id));
    } else {
        assert_eq!(t.shown(), 0);
    }
}

#[test]
fn incremental_updates_match_the_plain_definition() {
    let jobs = seed_jobs(600, 3);
    let mut t = JobTable::new();
    t.set_filter("a".into());
    for page in jobs.chunks(97) {
        t.upsert(page.to_vec());
        check(&t);
    }
    for f in [
        "an", "ana", "an", "", "订", "订单", "xyz", "-0", "RELEASE", "",
    ] {
        t.set_filter(f.into());
        check(&t);
    }
    for _ in 0..5 {
        t.cycle_sort();
        check(&t);
        t.reverse_sort();
        check(&t);
    }
    // Replacements whose sort and search keys change move; unchanged ones stay.
    let mut changed: Vec<Job> = jobs.iter().step_by(7).cloned().collect();
    for (n, j) in changed.iter_mut().enumerate() {
        j.name = format!("Renamed-{n}");
        if n % 3 == 0 {
            j.status = "BRAND_NEW_STATUS".into();
        }
        j.create_time = format!("2030-01-{:02}", n % 28 + 1);
    }
    t.set_filter("re".into());
    t.upsert(changed);
    check(&t);
    t.set_sort(SortColumn::Created, false);
    check(&t);
    let ids: Vec<String> = t.all().iter().map(|j| j.id.clone()).collect();
    for id in ids.iter().step_by(13) {
        t.remove(id);
        check(&t);
    }
    let keep: HashSet<String> = ids.iter().step_by(3).cloned().collect();
    t.retain_ids(&keep);
    check(&t);
    assert!(t.all().iter().all(|j| keep.contains(&j.id)));
    for id in ids.iter().take(5) {
        if let Some(j) = t.get(id) {
            assert_eq!(&j.id, id);
        }
    }
}

#[test]
fn the_filter_finds_the_status_label_shown_in_either_language() {
    use crate::i18n::{Language, scoped};
    let jobs = seed_jobs(600, 3);
    let stopped: HashSet<String> = jobs
        .iter()
        .filter(|j| j.status == "RELEASE_RESOURCE_COMPLETE")
        .map(|j| j.id.clone())
        .collect();
    assert!(!stopped.is_empty(), "the seed has stopped jobs");
    let found = |t: &JobTable| -> HashSet<String> { shown(t).into_iter().collect() };
    for (lang, label) in [(Language::ZhCn, "已结束"), (Language::EnUs, "Stopped")] {
        scoped(lang, || {
            let mut t = JobTable::new();
            t.upsert(jobs.clone());
            t.set_filter("RELEASE_RESOURCE_COMPLETE".into());
            assert_eq!(found(&t), stopped);
            t.set_filter(label.into());
            check(&t);
            // The label finds every stopped job, and only jobs whose label says it (a stopped
            // sub-job reads "child stopped").
            assert!(found(&t).is_superset(&stopped), "{lang:?} {label}");
            assert!(t.rows().all(|j| {
                crate::labels::label(&j.status)
                    .is_some_and(|l| l.to_lowercase().contains(&label.to_lowercase()))
            }));
            // Growing the filter narrows through the labels too.
            t.set_filter(String::new());
            t.set_filter(
                label[..label.len() - label.chars().last().map_or(0, char::len_utf8)].into(),
            );
            t.set_filter(label.into());
            check(&t);
        });
    }
}

#[test]
fn the_filter_finds_the_job_type_shown_in_either_language_and_its_code() {
    use crate::i18n::{Language, scoped};
    let jobs = seed_jobs(600, 3);
    let dr: HashSet<String> = jobs
        .iter()
        .filter(|j| j.job_type == "cloudDataGuard")
        .map(|j| j.id.clone())
        .collect();
    assert!(!dr.is_empty(), "the seed has disaster-recovery jobs");
    for (lang, words) in [
        (Language::ZhCn, ["实时灾备", "clouddataguard"]),
        (Language::EnUs, ["disaster recovery", "cloudDataGuard"]),
    ] {
        scoped(lang, || {
            let mut t = JobTable::new();
            t.upsert(jobs.clone());
            for w in words {
                t.set_filter(w.into());
                check(&t);
                let found: HashSet<String> = shown(&t).into_iter().collect();
                assert_eq!(found, dr, "{lang:?} /{w}");
            }
        });
    }
}

#[test]
fn chinese_mode_sorts_names_by_pinyin_pages_and_all() {
    use crate::i18n::{Language, scoped};
    let named = |id: &str, name: &str| Job {
        id: id.into(),
        name: name.into(),
        ..Job::default()
    };
    let pos = |t: &JobTable, id: &str| t.rows().position(|j| j.id == id);
    scoped(Language::ZhCn, || {
        let mut t = JobTable::new();
        // Pages merged into the order keep pinyin order too.
        t.upsert(vec![named("y", "营销数据同步-01"), named("t10", "任务10")]);
        t.upsert(vec![named("d", "订单库迁移-01"), named("t2", "任务2")]);
        check(&t);
        // 订 (ding) before 任 (ren) before 营 (ying); 任务2 before 任务10.
        assert!(pos(&t, "d") < pos(&t, "t2"));
        assert!(pos(&t, "t2") < pos(&t, "t10"));
        assert!(pos(&t, "t10") < pos(&t, "y"));
        let mut many = JobTable::new();
        for page in seed_jobs(400, 5).chunks(71) {
            many.upsert(page.to_vec());
        }
        check(&many);
        // Back in English the next page re-sorts everything naturally (营 U+8425 < 订 U+8BA2).
        scoped(Language::EnUs, || {
            t.upsert(vec![named("e", "feed-2")]);
            check(&t);
            assert!(pos(&t, "y") < pos(&t, "d"));
        });
    });
}

#[test]
fn the_name_sort_of_repeated_names_is_the_plain_definition() {
    use crate::i18n::{Language, scoped};
    // Names that repeat, names whose keys are equal (`feed-014` and `feed-14` naturally), ids
    // that share their first 8 bytes, Chinese and long names; then every name distinct.
    let names = [
        "feed-14",
        "feed-014",
        "Feed-14",
        "订单库同步-2",
        "订单库同步-02",
        "orders-db-sync-1",
        "prod-core-banking-oracle-19c-to-gaussdb-distributed-nightly-1",
        "prod-core-banking-oracle-19c-to-gaussdb-distributed-nightly-01",
        "",
    ];
    let repeated: Vec<Job> = (0..300)
        .map(|n| Job {
            id: format!("job-0000-{:03}", (n * 7919) % 300),
            name: names[n % names.len()].into(),
            ..Job::default()
        })
        .collect();
    let distinct: Vec<Job> = seed_jobs(300, 9)
        .into_iter()
        .enumerate()
        .map(|(n, j)| Job {
            name: format!("{}-{n}", j.name),
            ..j
        })
        .collect();
    for lang in [Language::EnUs, Language::ZhCn] {
        scoped(lang, || {
            for jobs in [&repeated, &distinct] {
                let mut t = JobTable::new();
                t.upsert(jobs.clone());
                t.set_sort(SortColumn::Created, false);
                t.set_sort(SortColumn::Name, false);
                check(&t);
                t.set_sort(SortColumn::Name, true);
                check(&t);
            }
        });
    }
}
