//! The job table's column widths, chosen from the loaded jobs' values.
//!
//! Each column wants its widest value over every loaded job (or its heading, if wider), up to
//! a cap; NAME takes what is left. The widths depend only on the loaded values, the language,
//! the terminal width and whether writes are possible (the request column is kept for them
//! from the start), never on the rows on screen or on a request being in flight.
//!
//! When not everything fits, the columns give way in this order, one step at a time, until the
//! rest fits beside NAME:
//!
//! 1. TYPE, then ENGINE, take their short forms (实时灾备 → 灾备, `disaster recovery` → `DR`,
//!    `oracle→gaussdbv5` → `ora→gdbv5`), unless two values present would then read the same;
//! 2. STATUS drops the codes beside its labels and keeps the labels (distinct by
//!    construction, and shown at every width);
//! 3. NAME is cut in the middle, down to [`MIN_NAME`] cells;
//! 4. CREATED, then TYPE, then ENGINE, then PROJECT leave;
//! 5. the request column narrows to [`OP_NARROW`] cells, then keeps only its sign (two
//!    cells; the outcome line says the rest): a name is worth more than a word of a request;
//! 6. NAME is cut further, down to [`MIN_NAME_NARROW`];
//! 7. REGION leaves (a region name is never cut: `ap-southe…` cannot be told from its
//!    neighbours), and NAME takes what is left.
//!
//! Once NAME is whole again, a short form no longer needed is given back (STATUS, then
//! ENGINE, then TYPE), so no value is shortened while width is spare.
//!
//! A value is cut only where its column reached its cap (a value wider than any sane value),
//! or in NAME once every step before it was taken.

use std::borrow::Cow;
use std::collections::HashSet;

use super::status;
use super::text::width;

/// NAME is cut below this only after every optional column has left.
pub const MIN_NAME: usize = 18;
/// NAME's floor once the request column narrowed.
pub const MIN_NAME_NARROW: usize = 8;
/// The request column, narrowed.
pub const OP_NARROW: usize = 8;
/// Caps: a value wider than this is cut in the middle.
const ENGINE_CAP: usize = 24;
const TYPE_CAP: usize = 18;
const PROJECT_CAP: usize = 24;
/// `YYYY-MM-DD HH:MM:SS`.
pub const CREATED_W: usize = 19;

/// Short forms of the engines' parts.
const SHORT_ENGINES: &[(&str, &str)] = &[
    ("oracle", "ora"),
    ("gaussdbv5", "gdbv5"),
    ("gaussredis", "gredis"),
    ("rediscluster", "redisc"),
    ("postgresql", "pg"),
];

/// A job type as the TYPE column draws it: the console's words for it in the language in force
/// (`short`: their short form); a type this version does not know stays as sent.
pub fn kind(raw: &str, short: bool) -> &str {
    crate::labels::kind_shown(raw, short)
}

/// `mysql-to-kafka` → `mysql→kafka`; `short`: each side in its short form.
pub fn engine(raw: &str, arrow: &str, short: bool) -> String {
    let part = |p: &str| -> String {
        if !short {
            return p.to_owned();
        }
        SHORT_ENGINES
            .iter()
            .find(|(l, _)| *l == p)
            .map_or(p, |(_, s)| s)
            .to_owned()
    };
    match raw.split_once("-to-") {
        Some((a, b)) => format!("{}{arrow}{}", part(a), part(b)),
        None => part(raw),
    }
}

/// Whether `f` keeps the `values` apart.
fn keeps_apart<'a>(values: &[&'a str], f: impl Fn(&'a str) -> Cow<'a, str>) -> bool {
    let mut seen = HashSet::new();
    values.iter().all(|v| seen.insert(f(v)))
}

/// What each column would take: (whole, short) cells; 0 for a column left out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Wants {
    pub name: usize,
    pub region: usize,
    pub project: usize,
    pub op: usize,
    pub status: (usize, usize),
    /// Cells of STATUS's label part: the codes line up after it.
    pub status_label: usize,
    pub engine: (usize, usize),
    pub kind: (usize, usize),
    pub created: usize,
}

/// The loaded values a table is sized from.
pub struct Values<'a> {
    /// Each status with the product of a job that has it (labels depend on the job's type).
    pub statuses: Vec<(&'a str, status::Product)>,
    pub engines: Vec<&'a str>,
    pub kinds: Vec<&'a str>,
    pub regions: Vec<String>,
    pub projects: Vec<String>,
    pub widest_name: usize,
    pub any: bool,
}

/// Headings' cells, in the table's language.
pub struct Headings {
    pub name: usize,
    pub region: usize,
    pub project: usize,
    pub status: usize,
    pub engine: usize,
    pub kind: usize,
    pub created: usize,
}

impl Wants {
    /// The columns' wants over `v`; `region`/`project`: whether those columns are shown;
    /// `op`: the request column's cells (0 when no write can be made).
    pub fn measure(
        v: &Values,
        h: &Headings,
        region: bool,
        project: bool,
        op: usize,
        arrow: &str,
    ) -> Self {
        let widest = |it: &mut dyn Iterator<Item = usize>, head: usize, cap: usize| {
            it.max().unwrap_or(0).max(head).min(cap.max(head))
        };
        let short_engines = keeps_apart(&v.engines, |e| Cow::Owned(engine(e, arrow, true)));
        let short_kinds = keeps_apart(&v.kinds, |k| Cow::Borrowed(kind(k, true)));
        let eng = |short| {
            widest(
                &mut v.engines.iter().map(|e| width(&engine(e, arrow, short))),
                h.engine,
                ENGINE_CAP,
            )
        };
        let kinds = |short: bool| {
            let f = |k: &&str| width(kind(k, short));
            widest(&mut v.kinds.iter().map(f), h.kind, TYPE_CAP)
        };
        let sw = status::widths(v.statuses.iter().copied());
        Wants {
            name: v.widest_name.max(h.name),
            region: if region {
                widest(
                    &mut v.regions.iter().map(|r| width(r)),
                    h.region,
                    usize::MAX,
                )
            } else {
                0
            },
            project: if project {
                widest(
                    &mut v.projects.iter().map(|p| width(p)),
                    h.project,
                    PROJECT_CAP,
                )
            } else {
                0
            },
            op,
            status: (sw.whole.max(h.status), sw.short.max(h.status)),
            status_label: sw.label,
            engine: (
                eng(false),
                if short_engines { eng(true) } else { eng(false) },
            ),
            kind: (
                kinds(false),
                if short_kinds {
                    kinds(true)
                } else {
                    kinds(false)
                },
            ),
            created: if v.any {
                CREATED_W.max(h.created)
            } else {
                h.created
            },
        }
    }
}

/// One step of giving way.
type Step<'a> = &'a dyn Fn(&mut Columns);

/// The chosen widths (0: column left out) and forms.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Columns {
    pub name: usize,
    pub region: usize,
    pub project: usize,
    pub op: usize,
    pub status: usize,
    pub engine: usize,
    pub kind: usize,
    pub created: usize,
    /// STATUS shows each label with its code beside it (else the labels alone).
    pub full_status: bool,
    /// Cells of STATUS's label part (the codes start after it and a space).
    pub status_label: usize,
    /// ENGINE and TYPE show their short forms.
    pub short_engine: bool,
    pub short_kind: bool,
}

impl Columns {
    /// Cells of every column but NAME, with the space after each.
    fn fixed(&self) -> usize {
        [
            self.region,
            self.project,
            self.op,
            self.status,
            self.engine,
            self.kind,
            self.created,
        ]
        .iter()
        .filter(|w| **w > 0)
        .map(|w| w + 1)
        .sum()
    }

    /// Once NAME is whole, a short form that is no longer needed is given back, in the
    /// reverse of the order they were taken: no value is shortened while width is spare.
    fn give_back(&mut self, w: &Wants, room: usize) {
        let fits = |c: &Columns| c.fixed() + w.name <= room;
        let mut t = *self;
        (t.status, t.full_status) = (w.status.0, true);
        if !self.full_status && fits(&t) {
            *self = t;
        }
        let mut t = *self;
        (t.engine, t.short_engine) = (w.engine.0, false);
        if self.short_engine && fits(&t) {
            *self = t;
        }
        let mut t = *self;
        (t.kind, t.short_kind) = (w.kind.0, false);
        if self.short_kind && fits(&t) {
            *self = t;
        }
    }

    /// Widths for `room` cells (the row after its mark and pointer), giving way in the order
    /// the module documents.
    pub fn fit(w: &Wants, room: usize) -> Self {
        let mut c = Columns {
            name: 0,
            region: w.region,
            project: w.project,
            op: w.op,
            status: w.status.0,
            engine: w.engine.0,
            kind: w.kind.0,
            created: w.created,
            full_status: true,
            status_label: w.status_label,
            short_engine: false,
            short_kind: false,
        };
        // Each step, and the NAME width that must fit beside the rest after it.
        let steps: [(Step, usize); 13] = [
            (&|_| {}, w.name),
            (&|c| (c.kind, c.short_kind) = (w.kind.1, true), w.name),
            (&|c| (c.engine, c.short_engine) = (w.engine.1, true), w.name),
            (&|c| (c.status, c.full_status) = (w.status.1, false), w.name),
            (&|_| {}, MIN_NAME.min(w.name)),
            (&|c| c.created = 0, MIN_NAME.min(w.name)),
            (&|c| c.kind = 0, MIN_NAME.min(w.name)),
            (&|c| c.engine = 0, MIN_NAME.min(w.name)),
            (&|c| c.project = 0, MIN_NAME.min(w.name)),
            (&|c| c.op = c.op.min(OP_NARROW), MIN_NAME.min(w.name)),
            (&|c| c.op = c.op.min(2), MIN_NAME.min(w.name)),
            (&|_| {}, MIN_NAME_NARROW.min(w.name)),
            (&|c| c.region = 0, MIN_NAME_NARROW.min(w.name)),
        ];
        for (n, (step, name)) in steps.into_iter().enumerate() {
            step(&mut c);
            if c.fixed() + name <= room {
                if n <= 3 {
                    c.give_back(w, room);
                }
                c.name = room - c.fixed();
                return c;
            }
        }
        c.name = room.saturating_sub(c.fixed()).max(1);
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wants() -> Wants {
        Wants {
            name: 30,
            region: 14,
            project: 0,
            op: 12,
            status: (31, 14),
            status_label: 14,
            engine: (19, 9),
            kind: (14, 4),
            created: 19,
        }
    }

    #[test]
    fn every_column_whole_when_there_is_room_and_name_takes_the_rest() {
        let w = wants();
        let c = Columns::fit(&w, 200);
        assert_eq!(
            (c.region, c.op, c.status, c.engine, c.kind, c.created),
            (14, 12, 31, 19, 14, 19)
        );
        assert!(c.full_status && !c.short_engine && !c.short_kind);
        assert_eq!(c.name, 200 - c.fixed());
    }

    #[test]
    fn columns_give_way_in_the_documented_order() {
        let w = wants();
        let mut seen = Vec::new();
        for room in (1..=200).rev() {
            let c = Columns::fit(&w, room);
            // NAME is cut only once the other columns took their short forms.
            if c.name < w.name {
                assert!(!c.full_status && c.short_engine && c.short_kind, "{room}");
            }
            let step = if c.region == 0 {
                "no region"
            } else if c.op == 2 {
                "op sign"
            } else if c.op < w.op {
                "op narrow"
            } else if c.engine == 0 {
                "no engine"
            } else if c.kind == 0 {
                "no type"
            } else if c.created == 0 {
                "no created"
            } else if c.name < w.name {
                "name cut"
            } else if !c.full_status {
                "labels"
            } else if c.short_engine {
                "short engine"
            } else if c.short_kind {
                "short type"
            } else {
                "whole"
            };
            if seen.last() != Some(&step) {
                seen.push(step);
            }
            // No short form is kept where the whole value would fit beside a whole NAME.
            if c.name >= w.name && c.created > 0 {
                let spare = room - c.fixed() - w.name;
                assert!(!c.short_kind || w.kind.0 - w.kind.1 > spare, "{room}");
                assert!(!c.short_engine || w.engine.0 - w.engine.1 > spare, "{room}");
                assert!(c.full_status || w.status.0 - w.status.1 > spare, "{room}");
            }
            // REGION is whole or absent.
            assert!(c.region == 0 || c.region == w.region);
            // NAME goes below its floor only once the request column is down to its sign.
            assert!(c.name >= MIN_NAME || c.op <= 2, "{room}: {c:?}");
        }
        assert_eq!(
            seen,
            [
                "whole",
                "short type",
                "short engine",
                "labels",
                "name cut",
                "no created",
                "no type",
                "no engine",
                "op narrow",
                "op sign",
                "no region"
            ]
        );
    }

    #[test]
    fn short_forms_are_short_and_kept_only_when_they_stay_apart() {
        crate::i18n::scoped(crate::i18n::Language::EnUs, || {
            assert_eq!(engine("oracle-to-gaussdbv5", "→", true), "ora→gdbv5");
            assert_eq!(engine("mysql-to-kafka", "->", false), "mysql->kafka");
            assert_eq!(kind("cloudDataGuard", true), "DR");
            assert_eq!(kind("cloudDataGuard", false), "disaster recovery");
            assert_eq!(kind("brandNew", true), "brandNew");
            let v = |kinds: Vec<&'static str>| Values {
                statuses: vec![],
                engines: vec![],
                kinds,
                regions: vec![],
                projects: vec![],
                widest_name: 10,
                any: true,
            };
            let h = Headings {
                name: 4,
                region: 6,
                project: 7,
                status: 6,
                engine: 6,
                kind: 4,
                created: 7,
            };
            let apart = Wants::measure(
                &v(vec!["migration", "cloudDataGuard"]),
                &h,
                false,
                false,
                0,
                "→",
            );
            assert_eq!(apart.kind, (17, 4));
            // `DR` is a type of its own here: the short forms would make two types read the same.
            let clash = Wants::measure(&v(vec!["DR", "cloudDataGuard"]), &h, false, false, 0, "→");
            assert_eq!(clash.kind, (17, 17));
        });
    }

    proptest::proptest! {
        /// Over random wants and widths: NAME is cut only when every other column is down to
        /// what its values need (no column wider than its widest value or short form), every
        /// short form was taken first, and REGION is whole or gone.
        #[test]
        fn name_is_cut_only_when_no_column_has_spare_width(
            name in 4usize..60,
            region in 0usize..20,
            op in 0usize..14,
            status in (6usize..50, 4usize..14),
            engine in (6usize..30, 4usize..12),
            kind in (4usize..18, 2usize..8),
            created in 0usize..20,
            room in 1usize..250,
        ) {
            let w = Wants {
                name,
                region,
                project: 0,
                op,
                status: (status.0.max(status.1), status.1),
                status_label: status.1,
                engine: (engine.0.max(engine.1), engine.1),
                kind: (kind.0.max(kind.1), kind.1),
                created,
            };
            let c = Columns::fit(&w, room);
            let whole_or_short = |got: usize, want: (usize, usize)| got == 0 || got == want.0 || got == want.1;
            proptest::prop_assert!(whole_or_short(c.status, w.status));
            proptest::prop_assert!(whole_or_short(c.engine, w.engine));
            proptest::prop_assert!(whole_or_short(c.kind, w.kind));
            proptest::prop_assert!(c.region == 0 || c.region == w.region);
            proptest::prop_assert!(c.created == 0 || c.created == w.created);
            proptest::prop_assert!(c.op <= w.op);
            if c.name < w.name {
                proptest::prop_assert!(!c.full_status || w.status.0 == w.status.1);
                proptest::prop_assert!(c.kind == 0 || c.kind == w.kind.1);
                proptest::prop_assert!(c.engine == 0 || c.engine == w.engine.1);
            }
            // Nothing left over: NAME takes what the others leave.
            if c.fixed() + w.name.min(MIN_NAME_NARROW) <= room {
                proptest::prop_assert_eq!(c.fixed() + c.name, room);
            }
        }
    }
}
