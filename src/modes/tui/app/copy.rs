//! Copying (`y`, `Y`) and the raw JSON view (`v`). On the list: the selected job's id, and the
//! job as JSON with where it lives. On an outcome (the Outcomes pane focused, or its record
//! open): the outcome as one line, and its whole record as JSON — each with the region,
//! project, endpoint and full date, so a pasted outcome says where and when.

use serde_json::{Value, json};

use super::outcomes::{Place, selected_pos, shown};
use super::{App, Detail, Effect, Focus, Mode, Outcome, Overlay};
use crate::ops::OutcomeKind;

/// The outcome `y`/`Y` act on: the record open, else the selected one while the Outcomes pane
/// has focus.
fn target_outcome(app: &App) -> Option<&Outcome> {
    if let Some(Overlay::Record { seq, .. }) = app.overlay() {
        return app.outcomes.by_seq(*seq);
    }
    if app.focus != Focus::Outcomes {
        return None;
    }
    let shown = shown(app);
    let seq = *shown.get(selected_pos(app, &shown))?;
    app.outcomes.by_seq(seq)
}

/// The job `v` acts on: the selected outcome's when the Outcomes pane has focus.
fn target_id(app: &App) -> Option<String> {
    if app.focus == Focus::Outcomes {
        return target_outcome(app).map(|o| o.id.clone());
    }
    app.table.selected().map(|j| j.id.clone())
}

/// `2026-12-02 14:02:11 +08:00`: the date, the time and the offset the worker stamped.
pub fn full_time(at: &super::WallTime) -> String {
    let (h, m, _) = at.offset().as_hms();
    let sign = if h < 0 || m < 0 { '-' } else { '+' };
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02} {sign}{:02}:{:02}",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second(),
        h.unsigned_abs(),
        m.unsigned_abs()
    )
}

/// One outcome as one line of text: when, what, which job, where, how it ended.
pub fn outcome_text_line(o: &Outcome) -> String {
    let p = &o.place;
    let dash = |s: &str| {
        if s.is_empty() {
            "-".to_owned()
        } else {
            s.to_owned()
        }
    };
    crate::tr!(
        OcCopyLine,
        full_time(&o.at),
        o.verb,
        o.name,
        o.id,
        dash(p.label()),
        dash(&p.project_id),
        dash(&p.endpoint),
        o.text
    )
}

/// How it ended, as a word for JSON.
fn kind_word(k: OutcomeKind) -> &'static str {
    match k {
        OutcomeKind::Succeeded => "succeeded",
        OutcomeKind::ConfirmedByReRead => "confirmed_by_re_read",
        OutcomeKind::AlreadyDeleted => "already_deleted",
        OutcomeKind::AlreadyGone => "already_gone",
        OutcomeKind::UnknownStillPresent => "unknown_still_present",
        OutcomeKind::Failed => "failed",
        OutcomeKind::Cancelled => "cancelled",
        OutcomeKind::Interrupted => "interrupted",
    }
}

/// One outcome's whole record as JSON.
pub fn outcome_json(o: &Outcome) -> Value {
    let r = &o.record;
    let p = &o.place;
    json!({
        "time": full_time(&o.at),
        "action": o.verb,
        "job_name": o.name,
        "job_id": o.id,
        "region": p.region,
        "project": p.project,
        "project_id": p.project_id,
        "endpoint": p.endpoint,
        "ok": o.ok,
        "outcome": kind_word(o.kind),
        "summary": o.text,
        "http_status": r.http_status,
        "error_code": r.error_code,
        "error_msg": r.error_msg,
        "error": r.error,
        "request_id": r.request_id,
        "attempts": r.attempts,
        "throttles": r.throttles,
        "duration_ms": r.duration_ms,
        "settled_by": r.settled_by,
    })
}

/// `y`, `Y`, `v` on the panes; `None` leaves the key to the others.
pub(super) fn on_key(app: &mut App, key: &crossterm::event::KeyEvent) -> Option<Vec<Effect>> {
    use crossterm::event::{KeyCode, KeyModifiers};
    if key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return None;
    }
    match key.code {
        KeyCode::Char('y') => Some(copy_line(app)),
        KeyCode::Char('Y') => Some(copy_json(app)),
        KeyCode::Char('v') => Some(open_raw(app)),
        _ => None,
    }
}

/// `y`: the outcome as a line, or the selected job's id.
pub(super) fn copy_line(app: &mut App) -> Vec<Effect> {
    let line = target_outcome(app).map(|o| {
        (
            outcome_text_line(o),
            crate::tr!(MsgCopiedOutcomeLine, o.verb, o.name),
        )
    });
    if let Some((text, said)) = line {
        app.status = Some(said);
        return vec![Effect::Copy { text }];
    }
    let Some(id) = target_id(app) else {
        app.status = Some(crate::tr!(MsgNothingToCopy).into());
        return Vec::new();
    };
    app.status = Some(crate::tr!(MsgCopiedId, id));
    vec![Effect::Copy { text: id }]
}

/// `Y`: the outcome's record as JSON, or the selected job as JSON with where it lives.
pub(super) fn copy_json(app: &mut App) -> Vec<Effect> {
    let record = target_outcome(app).map(|o| {
        let text = serde_json::to_string_pretty(&outcome_json(o)).unwrap_or_default();
        let said = crate::tr!(MsgCopiedOutcomeJson, o.verb, o.name, text.len());
        (text, said)
    });
    if let Some((text, said)) = record {
        app.status = Some(said);
        return vec![Effect::Copy { text }];
    }
    let Some(id) = target_id(app) else {
        app.status = Some(crate::tr!(MsgNothingToCopy).into());
        return Vec::new();
    };
    let Some(v) = app.table.get(&id).and_then(|j| {
        let mut v = serde_json::to_value(j).ok()?;
        // Where the job lives is not part of the API's JSON: added, so a pasted job says it.
        let p = Place::of(app, j.scope);
        if let Value::Object(m) = &mut v {
            for (k, x) in [
                ("region", p.region),
                ("project", p.project),
                ("project_id", p.project_id),
                ("endpoint", p.endpoint),
            ] {
                m.entry(k).or_insert(Value::String(x));
            }
        }
        serde_json::to_string_pretty(&v).ok()
    }) else {
        app.status = Some(crate::tr!(MsgNoLongerListed).into());
        return Vec::new();
    };
    app.status = Some(crate::tr!(MsgCopiedJson, id, v.len()));
    vec![Effect::Copy { text: v }]
}

/// `v`: the job's raw JSON over the screen (its detail is fetched if it is not known).
pub(super) fn open_raw(app: &mut App) -> Vec<Effect> {
    let Some(job) = target_id(app).and_then(|id| app.table.shared(&id).cloned()) else {
        app.status = Some(crate::tr!(MsgNoListedJob).into());
        return Vec::new();
    };
    let id = job.id.clone();
    app.mode = Mode::Overlay(Overlay::Raw {
        job_id: id.clone(),
        scroll: 0,
    });
    // The view shows the detail once it arrives.
    if app.details.contains_key(&id) {
        Vec::new()
    } else {
        super::remember_detail(app, id.clone(), Detail::Loading);
        vec![Effect::ShowJob { job }]
    }
}

/// The raw view's text: the job as listed, then its fetched detail, pretty-printed (the strings
/// were sanitized on arrival; JSON escapes whatever control characters remain).
pub fn raw_lines(app: &App, id: &str) -> Vec<String> {
    let Some(job) = app.table.get(id) else {
        return vec![crate::tr!(RawNoLonger).to_owned()];
    };
    let pretty = |v: &dyn erased::Json| v.pretty();
    let mut lines = vec![crate::tr!(RawAsListed).to_owned()];
    lines.extend(pretty(job).lines().map(str::to_owned));
    lines.push(String::new());
    match app.details.get(id) {
        Some(Detail::Loaded(d)) => {
            lines.push(crate::tr!(RawAsFetched).to_owned());
            lines.extend(pretty(d).lines().map(str::to_owned));
        }
        Some(Detail::Failed(e)) => lines.push(crate::tr!(DetFailed, e)),
        _ => lines.push(crate::tr!(RawLoading).to_owned()),
    }
    lines
}

mod erased {
    /// Anything printable as pretty JSON.
    pub trait Json {
        fn pretty(&self) -> String;
    }

    impl<T: serde::Serialize> Json for T {
        fn pretty(&self) -> String {
            serde_json::to_string_pretty(self).unwrap_or_default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_full_time_has_the_date_and_the_offset() {
        let at = time::macros::datetime!(2026-12-02 14:02:11 +08:00);
        assert_eq!(full_time(&at), "2026-12-02 14:02:11 +08:00");
        let at = time::macros::datetime!(2026-01-09 03:04:05 -03:30);
        assert_eq!(full_time(&at), "2026-01-09 03:04:05 -03:30");
    }
}
