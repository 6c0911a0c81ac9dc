//! Keys and mouse: what each input does in each mode.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent, MouseEventKind};

use super::confirm::{Button, ConfirmAction, ConfirmModal};
use super::{App, Effect, Focus, OpKind, StoryKind, ops};
use crate::api::{Job, JobType};
use crate::layout::contains;

/// Rows moved by one mouse wheel step.
const WHEEL_ROWS: isize = 3;

/// No Ctrl or Alt: only such keys act as the plain letter (Ctrl-D is not `d`).
fn plain(key: &KeyEvent) -> bool {
    !key.modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

fn is_ctrl_c(key: &KeyEvent) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && matches!(key.code, KeyCode::Char('c' | 'C'))
}

/// Quit now, or ask first while writes are in flight. What has not been sent yet is
/// cancelled at once (the status line says what was already sent).
pub(super) fn ask_quit(app: &mut App) -> Vec<Effect> {
    let cancelled = ops::cancel_unsent(app);
    if app.sent_in_flight() > 0 {
        app.quit_confirm = true;
        cancelled
    } else if !cancelled.is_empty() {
        // Nothing was in flight: stay so the user reads what was cancelled; q again quits.
        cancelled
    } else {
        app.quit = true;
        vec![Effect::Quit]
    }
}

pub(super) fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    // Shutting down: the countdown runs out or the answers come; keys change nothing.
    if key.kind == KeyEventKind::Release || app.shutdown.is_some() {
        return Vec::new();
    }
    // While the terminal is too small nothing but "too small" is drawn: a key must not act on
    // what the user cannot see. Quit (q, Ctrl-C) still works; a resize is not a key.
    if crate::layout::too_small(app.size) {
        let quit = is_ctrl_c(&key) || (key.code == KeyCode::Char('q') && plain(&key));
        if quit && !app.quit_confirm {
            return ask_quit(app);
        }
        if app.quit_confirm && key.code == KeyCode::Char('y') && plain(&key) {
            return super::recovery::begin(app, crate::tr!(HintQuit).into());
        }
        return Vec::new();
    }
    if app.quit_confirm {
        match key.code {
            KeyCode::Char('y') if plain(&key) => {
                return super::recovery::begin(app, crate::tr!(HintQuit).into());
            }
            KeyCode::Char('n') | KeyCode::Esc => app.quit_confirm = false,
            _ if is_ctrl_c(&key) => app.quit_confirm = false,
            _ => {}
        }
        return Vec::new();
    }
    if app.modal.is_some() {
        return modal_key(app, key);
    }
    if app.help {
        if is_ctrl_c(&key) {
            return ask_quit(app);
        }
        // The help scrolls like the detail pane; any other key closes it.
        let max = app.help_max_scroll;
        match (key.code, plain(&key)) {
            (KeyCode::Up | KeyCode::Char('k'), true) => {
                app.help_scroll = app.help_scroll.saturating_sub(1)
            }
            (KeyCode::Down | KeyCode::Char('j'), true) => {
                app.help_scroll = app.help_scroll.saturating_add(1).min(max)
            }
            (KeyCode::PageUp, _) | (KeyCode::Char('b' | 'u'), false) => {
                app.help_scroll = app.help_scroll.saturating_sub(10)
            }
            (KeyCode::PageDown, _) | (KeyCode::Char('f' | 'd'), false) => {
                app.help_scroll = app.help_scroll.saturating_add(10).min(max)
            }
            (KeyCode::Home | KeyCode::Char('g'), _) => app.help_scroll = 0,
            (KeyCode::End | KeyCode::Char('G'), _) => app.help_scroll = max,
            _ => {
                app.help = false;
                app.help_scroll = 0;
            }
        }
        return Vec::new();
    }
    if is_ctrl_c(&key) {
        return ask_quit(app);
    }
    // The `:regions` view closes on any key; `r` also lists the failed projects again.
    if app.regions_view {
        app.regions_view = false;
        if key.code == KeyCode::Char('r')
            && let Some(effects) = super::scope::retry_failed(app)
        {
            return effects;
        }
        return Vec::new();
    }
    if app.command.is_some() {
        return super::command_line::on_key(app, key);
    }
    app.status = None;
    if app.filtering {
        return filter_key(app, key);
    }
    if let Some(effects) = super::outcomes::overlay_key(app, &key) {
        return effects;
    }
    if key.code == KeyCode::Esc && !app.unsent().is_empty() {
        return ops::cancel_unsent(app);
    }
    if app.focus == Focus::Detail && detail_key(app, &key) {
        return Vec::new();
    }
    // The Outcomes pane's keys, and the view keys (z, y, Y, v), before the list's.
    if let Some(effects) = super::outcomes::on_key(app, &key) {
        return effects;
    }
    let page = (app.table_rows().height as isize).max(1);
    if !plain(&key) {
        // Ctrl-keys are never the plain letter: Ctrl-D is half a page down, not delete.
        if key.modifiers.contains(KeyModifiers::CONTROL) {
            match key.code {
                KeyCode::Char('d') => app.table.move_by((page / 2).max(1)),
                KeyCode::Char('u') => app.table.move_by(-(page / 2).max(1)),
                KeyCode::Char('f') => app.table.move_by(page),
                KeyCode::Char('b') => app.table.move_by(-page),
                KeyCode::PageUp => app.table.move_by(-page),
                KeyCode::PageDown => app.table.move_by(page),
                KeyCode::Home => app.table.select_pos(0),
                KeyCode::End => app.table.select_pos(usize::MAX),
                _ => {}
            }
        }
        return Vec::new();
    }
    match key.code {
        KeyCode::Up | KeyCode::Char('k') => app.table.move_by(-1),
        KeyCode::Down | KeyCode::Char('j') => app.table.move_by(1),
        KeyCode::PageUp => app.table.move_by(-page),
        KeyCode::PageDown => app.table.move_by(page),
        KeyCode::Home | KeyCode::Char('g') => app.table.select_pos(0),
        KeyCode::End | KeyCode::Char('G') => app.table.select_pos(usize::MAX),
        KeyCode::Tab => super::outcomes::next_focus(app, false),
        KeyCode::BackTab => super::outcomes::next_focus(app, true),
        KeyCode::Char('/') => app.filtering = true,
        KeyCode::Esc => app.table.set_filter(String::new()),
        KeyCode::Char('s') => app.table.cycle_sort(),
        KeyCode::Char('S') => app.table.reverse_sort(),
        KeyCode::Char('t') => return cycle_type(app),
        KeyCode::Char('r') => {
            // Several projects, some failed: list only those again.
            if let Some(effects) = super::scope::retry_failed(app) {
                return effects;
            }
            return refresh_key(app);
        }
        KeyCode::Char(':') => super::command_line::open(app),
        KeyCode::Char('p') => return super::story::open(app, StoryKind::Progress),
        KeyCode::Char('l') => return super::story::open(app, StoryKind::Log),
        KeyCode::Char('m') => return super::story::more(app),
        KeyCode::Enter => expand(app),
        KeyCode::Char(' ') => app.table.toggle_mark(),
        KeyCode::Char('a') => app.table.mark_shown(),
        KeyCode::Char('A') => app.table.clear_marks(),
        KeyCode::Char('d') | KeyCode::Delete => ask(app, ConfirmAction::Delete, None, false),
        KeyCode::Char('x') => ask(app, ConfirmAction::Stop, None, false),
        KeyCode::Char('X') => ask(app, ConfirmAction::Stop, None, true),
        KeyCode::Char('R') => retry(app),
        KeyCode::Char('u') => return undo(app),
        KeyCode::Char('U') => return super::recovery::settle(app),
        KeyCode::Char('?') => {
            app.help = true;
            app.help_scroll = 0;
        }
        KeyCode::Char('q') => return ask_quit(app),
        _ => {}
    }
    Vec::new()
}

/// Enter: a parent job opens to its children as rows, or closes again.
fn expand(app: &mut App) {
    let ops = &app.ops;
    let gone = |id: &str| {
        ops.get(id)
            .is_some_and(|o| o.phase == super::Phase::Deleted)
    };
    if !app.table.toggle_expand(gone) {
        app.status = Some(crate::tr!(NoChildren).to_owned());
    }
}

/// `r`: a new listing, unless one runs or the credentials were refused (nothing more is sent).
fn refresh_key(app: &mut App) -> Vec<Effect> {
    if app.list_error.as_ref().is_some_and(|e| !e.retry) {
        app.status = Some(crate::tr!(MsgCredentialsRefused).into());
        return Vec::new();
    }
    if app.listing {
        app.status = Some(crate::tr!(MsgRefreshRunning).into());
    }
    app.refresh()
}

/// Keys the detail pane takes when focused; returns whether the key was used. Its scroll stops
/// where the content ends (the last frame reported how far that is).
fn detail_key(app: &mut App, key: &KeyEvent) -> bool {
    let max = app.detail_max_scroll;
    let half = (app.areas().detail.height.saturating_sub(2) / 2).max(1);
    let page = (half * 2).max(1);
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    // Esc leaves the job's progress or log first, then the pane.
    if key.code == KeyCode::Esc && app.story.is_some() {
        app.story = None;
        app.detail_scroll = 0;
        return true;
    }
    let s = &mut app.detail_scroll;
    match key.code {
        _ if key.modifiers.contains(KeyModifiers::ALT) => return false,
        KeyCode::Char('d') if ctrl => *s = s.saturating_add(half).min(max),
        KeyCode::Char('u') if ctrl => *s = s.saturating_sub(half),
        KeyCode::Char('f') if ctrl => *s = s.saturating_add(page).min(max),
        KeyCode::Char('b') if ctrl => *s = s.saturating_sub(page),
        _ if ctrl => return false,
        KeyCode::Up | KeyCode::Char('k') => *s = s.saturating_sub(1),
        KeyCode::Down | KeyCode::Char('j') => *s = s.saturating_add(1).min(max),
        KeyCode::PageUp => *s = s.saturating_sub(page),
        KeyCode::PageDown => *s = s.saturating_add(page).min(max),
        KeyCode::Home | KeyCode::Char('g') => *s = 0,
        KeyCode::End | KeyCode::Char('G') => *s = max,
        KeyCode::Esc => app.focus = Focus::Table,
        _ => return false,
    }
    true
}

fn filter_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    match key.code {
        KeyCode::Esc => {
            app.filtering = false;
            app.table.set_filter(String::new());
        }
        KeyCode::Enter => app.filtering = false,
        KeyCode::Backspace => {
            let mut f = app.table.filter().to_owned();
            f.pop();
            app.table.set_filter(f);
        }
        KeyCode::Up => app.table.move_by(-1),
        KeyCode::Down => app.table.move_by(1),
        KeyCode::Char(c)
            if !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            let mut f = app.table.filter().to_owned();
            f.push(c);
            app.table.set_filter(f);
        }
        _ => {}
    }
    Vec::new()
}

fn cycle_type(app: &mut App) -> Vec<Effect> {
    let next = match app.job_type {
        None => Some(JobType::Migration),
        Some(JobType::Migration) => Some(JobType::Sync),
        Some(JobType::Sync) => Some(JobType::CloudDataGuard),
        Some(JobType::CloudDataGuard) => Some(JobType::Replay),
        Some(JobType::Replay) => None,
    };
    set_type(app, next)
}

/// Shows one job type (None: all) and lists it.
pub(super) fn set_type(app: &mut App, job_type: Option<JobType>) -> Vec<Effect> {
    app.job_type = job_type;
    app.table.clear();
    app.details.clear();
    app.scroll = 0;
    // Abandon the listing in flight: its messages carry an older generation.
    app.listing = false;
    app.refresh()
}

/// `u`: cancels the confirmed writes not sent yet.
fn undo(app: &mut App) -> Vec<Effect> {
    let effects = ops::cancel_unsent(app);
    if effects.is_empty() {
        app.status = Some(crate::tr!(MsgNothingToUndo).into());
    }
    effects
}

/// In read-only mode (or with writes disabled) says so on the status line and returns true.
fn refuse_writes(app: &mut App, verb: &str) -> bool {
    if let Some(why) = &app.settings.writes_disabled {
        app.status = Some(crate::tr!(MsgWritesDisabled, why));
        true
    } else if app.settings.read_only {
        app.status = Some(crate::tr!(MsgReadOnly, verb));
        true
    } else {
        false
    }
}

/// Opens the modal for `only` (retry) or the marked jobs, else the selected one.
fn ask(app: &mut App, action: ConfirmAction, only: Option<Vec<String>>, force: bool) {
    let verb = if force {
        crate::tr!(ActForceStopLower).to_owned()
    } else {
        action.verb().to_lowercase()
    };
    if refuse_writes(app, &verb) {
        return;
    }
    let (shown, hidden): (Vec<&Job>, Vec<&Job>) = match &only {
        Some(ids) => {
            let shown: Vec<&Job> = app.table.rows().filter(|j| ids.contains(&j.id)).collect();
            let hidden = ids
                .iter()
                .filter(|id| !shown.iter().any(|j| &j.id == *id))
                .filter_map(|id| app.table.get(id))
                .collect();
            (shown, hidden)
        }
        None => {
            // Marks on jobs of another job type are kept but not listed here: without a listed
            // mark, the selected job is meant.
            let (shown, hidden) = app.table.marked_split();
            if shown.is_empty() && hidden.is_empty() {
                (app.table.selected().into_iter().collect(), Vec::new())
            } else {
                (shown, hidden)
            }
        }
    };
    // A job with a write in flight is not offered again until it finishes.
    let busy = |j: &&Job| app.ops.get(&j.id).is_some_and(|o| o.is_active());
    let shown: Vec<&Job> = shown.into_iter().filter(|j| !busy(j)).collect();
    let hidden: Vec<&Job> = hidden.into_iter().filter(|j| !busy(j)).collect();
    if shown.is_empty() && hidden.is_empty() {
        app.status = Some(crate::tr!(MsgNothingToActOn).into());
        return;
    }
    // The modal holds the jobs as the table shares them: a confirmed write carries these.
    let share = |jobs: Vec<&Job>| -> Vec<std::sync::Arc<Job>> {
        let table = &app.table;
        jobs.iter()
            .filter_map(|j| table.shared(&j.id).cloned())
            .collect()
    };
    let (shown, hidden) = (share(shown), share(hidden));
    let s = &app.settings;
    let mut modal = ConfirmModal::new(
        action,
        &shown,
        &hidden,
        app.table.filter(),
        s.protected,
        s.confirm_threshold,
        s.concurrency,
    );
    modal.force = force && action == ConfirmAction::Stop;
    app.modal = Some(modal);
}

fn retry(app: &mut App) {
    if refuse_writes(app, crate::tr!(ActRetryLower)) {
        return;
    }
    let pick = |want: &[OpKind]| -> Vec<String> {
        let mut ids: Vec<String> = app
            .failed
            .iter()
            .filter(|(id, k)| want.contains(k) && app.table.get(id).is_some())
            .map(|(id, _)| id.clone())
            .collect();
        ids.sort();
        ids
    };
    let deletes = pick(&[OpKind::Delete, OpKind::StopThenDelete]);
    let stops = pick(&[OpKind::Stop]);
    if !deletes.is_empty() {
        ask(app, ConfirmAction::Delete, Some(deletes), false);
    } else if !stops.is_empty() {
        ask(app, ConfirmAction::Stop, Some(stops), false);
    } else {
        app.status = Some(crate::tr!(MsgNoRetry).into());
        return;
    }
    // Say it is a retry, and why each job is asked again.
    let errors = &app.last_error;
    if let Some(m) = app.modal.as_mut() {
        m.retry = true;
        for t in m.targets.iter_mut().chain(m.hidden.iter_mut()) {
            t.previous = errors.get(&t.id).cloned();
        }
        for sk in m.skipped.iter_mut() {
            sk.target.previous = errors.get(&sk.target.id).cloned();
        }
    }
}

/// The status line after a modal closed without acting.
fn cancelled_text() -> String {
    crate::tr!(MsgCancelled).to_owned()
}

fn modal_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let (protected, threshold) = (app.settings.protected, app.settings.confirm_threshold);
    let Some(modal) = app.modal.as_mut() else {
        return Vec::new();
    };
    // A confirming key counts only once this modal was seen whole at the current size.
    let seen = modal.drawn.is_some_and(|d| d.whole);
    let mut confirm = false;
    let mut cancelled = false;
    let mut status = None;
    match key.code {
        KeyCode::Esc => cancelled = true,
        _ if is_ctrl_c(&key) => cancelled = true,
        _ if !plain(&key) => {}
        KeyCode::Tab | KeyCode::BackTab | KeyCode::Left | KeyCode::Right => modal.toggle_focus(),
        // The job list scrolls (a big batch lists more jobs than the screen holds).
        KeyCode::Up => modal.scroll_by(-1),
        KeyCode::Down => modal.scroll_by(1),
        KeyCode::PageUp => modal.scroll_by(-10),
        KeyCode::PageDown => modal.scroll_by(10),
        KeyCode::Home => modal.scroll = 0,
        KeyCode::End => modal.scroll_by(isize::MAX),
        // With text to type, Enter submits it (as every "type to confirm" dialog does);
        // Tab to Cancel first to cancel with Enter.
        KeyCode::Enter if modal.require.is_some() && modal.focus == Button::Confirm => {
            if modal.can_confirm() {
                confirm = true;
            } else if let Some(req) = &modal.require {
                status = Some(crate::tr!(MsgTypeExactly, req, modal.typed));
            }
        }
        KeyCode::Enter => match modal.focus {
            Button::Cancel => cancelled = true,
            Button::Confirm => confirm = modal.can_confirm(),
        },
        KeyCode::Backspace if modal.require.is_some() => {
            modal.typed.pop();
        }
        KeyCode::Char(c) if modal.typing() => modal.typed.push(c),
        KeyCode::Char('y') => confirm = modal.can_confirm(),
        KeyCode::Char('n') => cancelled = true,
        KeyCode::Char('s') => modal.toggle_stop_first(protected, threshold),
        _ => {}
    }
    if cancelled {
        app.modal = None;
        app.status = Some(cancelled_text());
    } else if confirm && !seen {
        app.status = Some(crate::tr!(MsgNotWhole).into());
    } else if confirm && let Some(m) = app.modal.take() {
        app.status = None;
        return ops::confirm(app, m);
    } else if status.is_some() {
        app.status = status;
    }
    Vec::new()
}

/// A left click on one of the modal's buttons acts like Enter on it; other clicks do nothing.
fn modal_click(app: &mut App, m: MouseEvent) -> Vec<Effect> {
    if m.kind != MouseEventKind::Down(crossterm::event::MouseButton::Left) {
        return Vec::new();
    }
    // The buttons where the last frame at this size drew them (nothing to hit before that).
    let Some(drawn) = app.modal.as_ref().and_then(|m| m.drawn) else {
        return Vec::new();
    };
    let (cancel, confirm) = (drawn.cancel, drawn.confirm);
    let inside = |r: ratatui::layout::Rect| contains(r, m.column, m.row);
    if inside(cancel) {
        app.modal = None;
        app.status = Some(cancelled_text());
    } else if inside(confirm)
        && drawn.whole
        && app.modal.as_ref().is_some_and(|m| m.can_confirm())
        && let Some(modal) = app.modal.take()
    {
        return ops::confirm(app, modal);
    }
    Vec::new()
}

pub(super) fn on_mouse(app: &mut App, m: MouseEvent) -> Vec<Effect> {
    if crate::layout::too_small(app.size) {
        return Vec::new();
    }
    if app.modal.is_some() {
        return modal_click(app, m);
    }
    if app.quit_confirm || app.help || app.overlay.is_some() {
        return Vec::new();
    }
    if super::outcomes::on_mouse(app, &m) {
        return Vec::new();
    }
    let areas = app.areas();
    let (rows, detail) = (areas.table_rows(), areas.detail);
    let inside = |r: ratatui::layout::Rect| contains(r, m.column, m.row);
    match m.kind {
        MouseEventKind::ScrollUp | MouseEventKind::ScrollDown => {
            let delta = if m.kind == MouseEventKind::ScrollUp {
                -WHEEL_ROWS
            } else {
                WHEEL_ROWS
            };
            if inside(detail) {
                app.detail_scroll = app
                    .detail_scroll
                    .saturating_add_signed(delta as i16)
                    .min(app.detail_max_scroll);
            } else {
                app.table.move_by(delta);
            }
        }
        MouseEventKind::Down(crossterm::event::MouseButton::Left) => {
            if inside(rows) {
                let pos = app.scroll + usize::from(m.row - rows.y);
                if pos < app.table.shown() {
                    app.table.select_pos(pos);
                    app.focus = Focus::Table;
                }
            } else if inside(detail) {
                app.focus = Focus::Detail;
            }
        }
        _ => {}
    }
    Vec::new()
}
