//! Every outcome of the session and the views that read it: the focused Outcomes pane (scrolls,
//! `f` failures only), one outcome's full record (Enter), the zoomed pane (`z`), a job's raw
//! JSON (`v`), and the copy keys (`y` id, `Y` job as JSON).

use std::collections::VecDeque;
use std::ops::Index;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use super::{App, Effect, Focus, Mode, Outcome, Overlay};
use crate::api::ScopeId;
use crate::ops::{OutcomeKind, WriteOutcome};
use crate::sanitize::clean;

/// Outcomes kept: as many as the table is built for, so a session's outcomes can all be read.
pub const MAX_OUTCOMES: usize = 100_000;

/// Everything known about how one write ended (the record Enter opens).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OutcomeRecord {
    /// HTTP status of the last answer.
    pub http_status: Option<u16>,
    /// The service's `error_code`, if it sent one.
    pub error_code: String,
    /// The service's whole `error_msg`.
    pub error_msg: String,
    /// The error when it is not the service's (connection, timeout, …).
    pub error: String,
    /// Request id of the last answer.
    pub request_id: String,
    /// Requests sent.
    pub attempts: u32,
    /// Of those, answered 429.
    pub throttles: u32,
    /// From start to outcome, in milliseconds.
    pub duration_ms: u64,
    /// `response`, `re-read` or `not sent`.
    pub settled_by: &'static str,
}

impl OutcomeRecord {
    /// The record of a writer's outcome (server text sanitized).
    pub fn of(o: &WriteOutcome) -> Self {
        let api = o.error.as_ref().and_then(|e| e.api());
        OutcomeRecord {
            http_status: o.http_status.or(api.map(|a| a.http_status)),
            error_code: api.map(|a| clean(&a.error_code)).unwrap_or_default(),
            error_msg: api.map(|a| clean(&a.error_msg)).unwrap_or_default(),
            error: match (&o.error, api) {
                (Some(e), None) => clean(&e.to_string()),
                _ => String::new(),
            },
            request_id: o
                .request_id
                .as_deref()
                .or(api.and_then(|a| a.request_id.as_deref()))
                .map(clean)
                .unwrap_or_default(),
            attempts: o.attempts,
            throttles: o.throttles,
            duration_ms: o.duration.as_millis().min(u64::MAX as u128) as u64,
            settled_by: o.settled_by(),
        }
    }

    /// `1`, or `4: 429 ×3, then 200`: how many requests and why there were more than one.
    pub fn attempts_text(&self) -> String {
        if self.attempts <= 1 {
            return self.attempts.to_string();
        }
        let mut why = Vec::new();
        if self.throttles > 0 {
            why.push(format!("429 ×{}", self.throttles));
        }
        let others = self.attempts.saturating_sub(self.throttles + 1);
        if others > 0 {
            why.push(crate::tr!(AttRetried, others));
        }
        let last = match self.http_status {
            Some(s) => s.to_string(),
            None => crate::tr!(AttNoAnswer).to_owned(),
        };
        crate::tr!(AttThen, self.attempts, why.join(", "), last)
    }
}

/// Where a job lived when its write ended: kept with the outcome, so it still says where
/// after a scope switch.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Place {
    /// Region id (`ap-southeast-1`).
    pub region: String,
    /// Project name (`ap-southeast-1`, `cn-north-4_payments`); empty when not known.
    pub project: String,
    /// Project id.
    pub project_id: String,
    /// DRS endpoint.
    pub endpoint: String,
}

impl Place {
    /// Where a job of `scope` lives: that project, or the configured one for `NONE`.
    pub fn of(app: &App, scope: ScopeId) -> Place {
        match scope.get() {
            Some(s) => Place {
                region: clean(&s.region),
                project: clean(s.label()),
                project_id: clean(&s.project_id),
                endpoint: clean(&s.endpoint),
            },
            None => Place {
                region: clean(&app.settings.region),
                project: String::new(),
                project_id: clean(&app.settings.project_id),
                endpoint: clean(&app.settings.endpoint),
            },
        }
    }

    /// How the outcome line names it: the project name (which starts with the region), else
    /// the region.
    pub fn label(&self) -> &str {
        if self.project.is_empty() {
            &self.region
        } else {
            &self.project
        }
    }
}

/// Whether an outcome line names where the job lived: several projects are listed, or the
/// job lived in a project no longer listed.
pub fn names_place(app: &App, o: &Outcome) -> bool {
    if o.place.label().is_empty() {
        return false;
    }
    if app.scopes.len() > 1 {
        return true;
    }
    let now = match app.scopes.first() {
        Some(s) => s.project_id(),
        None => app.settings.project_id.clone(),
    };
    !o.place.project_id.is_empty() && !now.is_empty() && o.place.project_id != now
}

/// The session's outcomes, oldest first inside; indexed and iterated newest first. Each
/// outcome also has a sequence number that never changes, so a selection stays put while new
/// outcomes arrive.
#[derive(Debug, Clone, Default)]
pub struct OutcomeLog {
    items: VecDeque<Outcome>,
    dropped: usize,
}

impl OutcomeLog {
    /// Adds the newest outcome (the oldest goes beyond [`MAX_OUTCOMES`]).
    pub fn push(&mut self, o: Outcome) {
        if self.items.len() >= MAX_OUTCOMES {
            self.items.pop_front();
            self.dropped += 1;
        }
        self.items.push_back(o);
    }

    /// Outcomes kept.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Outcomes of the session, including any dropped beyond [`MAX_OUTCOMES`].
    pub fn seen(&self) -> usize {
        self.dropped + self.items.len()
    }

    /// No outcome yet.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Newest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Outcome> + ExactSizeIterator {
        self.items.iter().rev()
    }

    /// Newest first, with sequence numbers.
    pub fn iter_seq(&self) -> impl Iterator<Item = (usize, &Outcome)> {
        let d = self.dropped;
        self.items
            .iter()
            .enumerate()
            .rev()
            .map(move |(i, o)| (d + i, o))
    }

    /// The outcome with this sequence number, if still kept.
    pub fn by_seq(&self, seq: usize) -> Option<&Outcome> {
        self.items.get(seq.checked_sub(self.dropped)?)
    }

    /// How many failed (errors and unknown outcomes; a cancel is not a failure).
    pub fn failures(&self) -> usize {
        self.items.iter().filter(|o| is_failure(o)).count()
    }
}

impl Index<usize> for OutcomeLog {
    type Output = Outcome;
    /// The `i`-th newest outcome.
    fn index(&self, i: usize) -> &Outcome {
        &self.items[self.items.len() - 1 - i]
    }
}

/// Whether `f` shows it: an error or an unknown outcome.
pub fn is_failure(o: &Outcome) -> bool {
    !o.ok && o.kind != OutcomeKind::Cancelled
}

/// Where the Outcomes pane stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutcomeView {
    /// Sequence number of the selected outcome; `None` follows the newest.
    pub selected: Option<usize>,
    /// First row drawn (position in the shown list, newest first).
    pub top: usize,
    /// `f`: failures only.
    pub failures_only: bool,
}

/// Sequence numbers of the outcomes the pane shows, newest first.
pub fn shown(app: &App) -> Vec<usize> {
    let f = app.outcome_view.failures_only;
    app.outcomes
        .iter_seq()
        .filter(|(_, o)| !f || is_failure(o))
        .map(|(s, _)| s)
        .collect()
}

/// Position of the selected outcome among those shown.
pub fn selected_pos(app: &App, shown: &[usize]) -> usize {
    app.outcome_view
        .selected
        .and_then(|s| shown.iter().position(|x| *x == s))
        .unwrap_or(0)
}

/// Outcome rows the pane has room for.
fn page(app: &App) -> usize {
    (app.areas().outcomes.height as usize)
        .saturating_sub(2)
        .max(1)
}

/// Keeps the selected outcome inside the rows drawn (after every message).
pub(super) fn follow(app: &mut App) {
    let shown = shown(app);
    let h = page(app);
    let pos = selected_pos(app, &shown);
    let v = &mut app.outcome_view;
    if v.selected.is_none() {
        v.top = 0;
        return;
    }
    if pos < v.top {
        v.top = pos;
    } else if pos >= v.top + h {
        v.top = pos + 1 - h;
    }
    v.top = v.top.min(shown.len().saturating_sub(h));
}

fn move_by(app: &mut App, delta: isize) {
    let shown = shown(app);
    let Some(last) = shown.len().checked_sub(1) else {
        return;
    };
    let pos = selected_pos(app, &shown) as isize;
    let to = (pos + delta).clamp(0, last as isize) as usize;
    app.outcome_view.selected = Some(shown[to]);
}

/// The mouse over the Outcomes pane: a click focuses it (on a line: selects that outcome), the
/// wheel scrolls it. Returns whether the event was the pane's.
pub(super) fn on_mouse(app: &mut App, m: &MouseEvent) -> bool {
    let area = app.areas().outcomes;
    let inside =
        m.column >= area.x && m.column < area.right() && m.row >= area.y && m.row < area.bottom();
    if !inside {
        return false;
    }
    match m.kind {
        MouseEventKind::ScrollUp | MouseEventKind::ScrollDown => {
            if app.focus != Focus::Outcomes {
                next_focus_to(app, Focus::Outcomes);
            }
            move_by(
                app,
                if m.kind == MouseEventKind::ScrollUp {
                    -3
                } else {
                    3
                },
            );
        }
        MouseEventKind::Down(MouseButton::Left) => {
            if app.focus != Focus::Outcomes {
                next_focus_to(app, Focus::Outcomes);
            }
            // Rows start below the top border.
            let row = usize::from(m.row.saturating_sub(area.y + 1));
            let shown = shown(app);
            if m.row > area.y
                && let Some(&seq) = shown.get(app.outcome_view.top + row)
            {
                app.outcome_view.selected = Some(seq);
            }
        }
        _ => return false,
    }
    true
}

fn next_focus_to(app: &mut App, to: Focus) {
    app.focus = to;
    app.outcome_view.selected = shown(app).first().copied();
}

/// The next focus for Tab (`back`: Shift-Tab): list → detail → outcomes → list.
pub(super) fn next_focus(app: &mut App, back: bool) {
    app.focus = match (app.focus, back) {
        (Focus::Table, false) | (Focus::Outcomes, true) => Focus::Detail,
        (Focus::Detail, false) | (Focus::Table, true) => Focus::Outcomes,
        (Focus::Outcomes, false) | (Focus::Detail, true) => Focus::Table,
    };
    if app.focus == Focus::Outcomes {
        next_focus_to(app, Focus::Outcomes);
    } else {
        // Unfocused, the pane shows the newest outcomes again.
        app.outcome_view.selected = None;
    }
}

fn ctrl(key: &KeyEvent) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL)
}

/// Keys of the focused Outcomes pane, and `z` everywhere (the copy keys are `copy`'s); `None`
/// leaves the key to the main key map.
pub(super) fn on_key(app: &mut App, key: &KeyEvent) -> Option<Vec<Effect>> {
    if app.focus == Focus::Outcomes {
        let half = (page(app) / 2).max(1) as isize;
        let page = page(app) as isize;
        let used = match key.code {
            KeyCode::Char('d') if ctrl(key) => Some(half),
            KeyCode::Char('u') if ctrl(key) => Some(-half),
            KeyCode::Char('f') if ctrl(key) => Some(page),
            KeyCode::Char('b') if ctrl(key) => Some(-page),
            _ if ctrl(key) => None,
            KeyCode::Up | KeyCode::Char('k') => Some(-1),
            KeyCode::Down | KeyCode::Char('j') => Some(1),
            KeyCode::PageUp => Some(-page),
            KeyCode::PageDown => Some(page),
            KeyCode::Home | KeyCode::Char('g') => Some(isize::MIN / 2),
            KeyCode::End | KeyCode::Char('G') => Some(isize::MAX / 2),
            _ => None,
        };
        if let Some(d) = used {
            move_by(app, d);
            return Some(Vec::new());
        }
        match key.code {
            KeyCode::Enter => {
                let shown = shown(app);
                match shown.get(selected_pos(app, &shown)) {
                    Some(&seq) => app.mode = Mode::Overlay(Overlay::Record { seq, scroll: 0 }),
                    None => app.status = Some(crate::tr!(MsgNoOutcome).into()),
                }
                return Some(Vec::new());
            }
            KeyCode::Char('f') if !ctrl(key) => {
                let v = &mut app.outcome_view;
                v.failures_only = !v.failures_only;
                let newest = shown(app).first().copied();
                app.outcome_view.selected = newest;
                app.status = Some(if app.outcome_view.failures_only {
                    crate::tr!(MsgOutcomesFailures).into()
                } else {
                    crate::tr!(MsgOutcomesAll).into()
                });
                return Some(Vec::new());
            }
            KeyCode::Esc => {
                app.focus = Focus::Table;
                app.outcome_view.selected = None;
                return Some(Vec::new());
            }
            _ => {}
        }
    }
    if ctrl(key) || key.modifiers.contains(KeyModifiers::ALT) {
        return None;
    }
    match key.code {
        KeyCode::Char('z') => {
            app.zoom = !app.zoom;
            Some(Vec::new())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(n: usize, ok: bool, kind: OutcomeKind) -> Outcome {
        Outcome {
            at: time::OffsetDateTime::UNIX_EPOCH,
            verb: "DELETE",
            name: format!("job-{n}"),
            id: n.to_string(),
            text: String::new(),
            ok,
            kind,
            record: OutcomeRecord::default(),
            place: Place::default(),
        }
    }

    #[test]
    fn the_log_reads_newest_first_and_keeps_sequence_numbers() {
        let mut log = OutcomeLog::default();
        for n in 0..5 {
            log.push(outcome(n, n != 2, OutcomeKind::Succeeded));
        }
        log.push(outcome(5, false, OutcomeKind::Cancelled));
        assert_eq!(log[0].name, "job-5");
        assert_eq!(log[5].name, "job-0");
        assert_eq!(log.by_seq(2).map(|o| o.name.as_str()), Some("job-2"));
        assert_eq!(log.iter_seq().next().map(|(s, _)| s), Some(5));
        // A cancel is not a failure.
        assert_eq!(log.failures(), 1);
        assert_eq!(log.seen(), 6);
    }

    #[test]
    fn attempts_say_why_there_were_more_than_one() {
        let r = |attempts, throttles, http_status| OutcomeRecord {
            attempts,
            throttles,
            http_status,
            ..OutcomeRecord::default()
        };
        assert_eq!(r(1, 0, Some(200)).attempts_text(), "1");
        assert_eq!(r(4, 3, Some(200)).attempts_text(), "4: 429 ×3, then 200");
        assert_eq!(
            r(3, 1, None).attempts_text(),
            "3: 429 ×1, 1 failed (5xx or connection) and retried, then no answer"
        );
    }
}
