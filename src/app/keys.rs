//! Keys and mouse: what each input does in each mode.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent, MouseEventKind};

use super::confirm::{Button, ConfirmAction, ConfirmModal};
use super::{App, Effect, Focus, OpKind, StoryKind, ops};
use crate::api::{Job, JobType};

/// Rows moved by one mouse wheel step.
const WHEEL_ROWS: isize = 3;

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
    if app.quit_confirm {
        match key.code {
            KeyCode::Char('y') => return super::recovery::begin(app, "quit".into()),
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
        app.help = false;
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
    if key.code == KeyCode::Esc && !app.unsent().is_empty() {
        return ops::cancel_unsent(app);
    }
    if app.focus == Focus::Detail && detail_key(app, key.code) {
        return Vec::new();
    }
    let page = (crate::ui::table_rows(app).height as isize).max(1);
    match key.code {
        KeyCode::Up | KeyCode::Char('k') => app.table.move_by(-1),
        KeyCode::Down | KeyCode::Char('j') => app.table.move_by(1),
        KeyCode::PageUp => app.table.move_by(-page),
        KeyCode::PageDown => app.table.move_by(page),
        KeyCode::Home | KeyCode::Char('g') => app.table.select_pos(0),
        KeyCode::End | KeyCode::Char('G') => app.table.select_pos(usize::MAX),
        KeyCode::Tab | KeyCode::BackTab => toggle_focus(app),
        KeyCode::Char('/') => app.filtering = true,
        KeyCode::Esc => app.table.set_filter(String::new()),
        KeyCode::Char('s') => app.table.cycle_sort(),
        KeyCode::Char('S') => app.table.reverse_sort(),
        KeyCode::Char('t') => return cycle_type(app),
        KeyCode::Char('r') => {
            if let Some(effects) = super::scope::retry_failed(app) {
                return effects;
            }
            if app.listing {
                app.status = Some("a refresh is already running".into());
            }
            return app.refresh();
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
        KeyCode::Char('?') => app.help = true,
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

fn toggle_focus(app: &mut App) {
    app.focus = match app.focus {
        Focus::Table => Focus::Detail,
        Focus::Detail => Focus::Table,
    };
}

/// Keys the detail pane takes when focused; returns whether the key was used.
fn detail_key(app: &mut App, code: KeyCode) -> bool {
    match code {
        KeyCode::Up | KeyCode::Char('k') => app.detail_scroll = app.detail_scroll.saturating_sub(1),
        KeyCode::Down | KeyCode::Char('j') => {
            app.detail_scroll = app.detail_scroll.saturating_add(1)
        }
        KeyCode::PageUp => app.detail_scroll = app.detail_scroll.saturating_sub(10),
        KeyCode::PageDown => app.detail_scroll = app.detail_scroll.saturating_add(10),
        KeyCode::Home | KeyCode::Char('g') => app.detail_scroll = 0,
        KeyCode::Esc if app.story.is_some() => {
            app.story = None;
            app.detail_scroll = 0;
        }
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
        app.status = Some("nothing to undo: no confirmed request is waiting to be sent".into());
    }
    effects
}

/// In read-only mode (or with writes disabled) says so on the status line and returns true.
fn refuse_writes(app: &mut App, verb: &str) -> bool {
    if let Some(why) = &app.settings.writes_disabled {
        app.status = Some(format!("writes disabled: {why}"));
        true
    } else if app.settings.read_only {
        app.status = Some(format!("read-only: {verb} is disabled for this profile"));
        true
    } else {
        false
    }
}

/// Opens the modal for `only` (retry) or the marked jobs, else the selected one.
fn ask(app: &mut App, action: ConfirmAction, only: Option<Vec<String>>, force: bool) {
    let verb = if force {
        "force-stop".to_owned()
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
        None if !app.table.marks().is_empty() => app.table.marked_split(),
        None => (app.table.selected().into_iter().collect(), Vec::new()),
    };
    // A job with a write in flight is not offered again until it finishes.
    let busy = |j: &&Job| app.ops.get(&j.id).is_some_and(|o| o.is_active());
    let shown: Vec<&Job> = shown.into_iter().filter(|j| !busy(j)).collect();
    let hidden: Vec<&Job> = hidden.into_iter().filter(|j| !busy(j)).collect();
    if shown.is_empty() && hidden.is_empty() {
        app.status =
            Some("nothing to act on: select or mark jobs (requests in flight are skipped)".into());
        return;
    }
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
    if refuse_writes(app, "retry") {
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
    if !deletes.is_empty() {
        return ask(app, ConfirmAction::Delete, Some(deletes), false);
    }
    let stops = pick(&[OpKind::Stop]);
    if !stops.is_empty() {
        return ask(app, ConfirmAction::Stop, Some(stops), false);
    }
    app.status = Some("no failed requests to retry".into());
}

fn modal_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let (protected, threshold) = (app.settings.protected, app.settings.confirm_threshold);
    let Some(modal) = app.modal.as_mut() else {
        return Vec::new();
    };
    let mut confirmed = false;
    let mut cancelled = false;
    match key.code {
        KeyCode::Esc => cancelled = true,
        _ if is_ctrl_c(&key) => cancelled = true,
        KeyCode::Tab | KeyCode::BackTab | KeyCode::Left | KeyCode::Right => modal.toggle_focus(),
        KeyCode::Enter => match modal.focus {
            Button::Cancel => cancelled = true,
            Button::Confirm => confirmed = modal.can_confirm(),
        },
        KeyCode::Backspace if modal.require.is_some() => {
            modal.typed.pop();
        }
        KeyCode::Char(c) if modal.typing() => {
            let plain = !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
            if plain {
                modal.typed.push(c);
            }
        }
        KeyCode::Char('y') => confirmed = modal.can_confirm(),
        KeyCode::Char('n') => cancelled = true,
        KeyCode::Char('s') => modal.toggle_stop_first(protected, threshold),
        _ => {}
    }
    if cancelled {
        app.modal = None;
    } else if confirmed && let Some(m) = app.modal.take() {
        return ops::confirm(app, m);
    }
    Vec::new()
}

/// A left click on one of the modal's buttons acts like Enter on it; other clicks do nothing.
fn modal_click(app: &mut App, m: MouseEvent) -> Vec<Effect> {
    if m.kind != MouseEventKind::Down(crossterm::event::MouseButton::Left) {
        return Vec::new();
    }
    let Some((cancel, confirm)) = crate::ui::modal_buttons(app) else {
        return Vec::new();
    };
    let inside = |r: ratatui::layout::Rect| {
        m.column >= r.x && m.column < r.right() && m.row >= r.y && m.row < r.bottom()
    };
    if inside(cancel) {
        app.modal = None;
    } else if inside(confirm)
        && app.modal.as_ref().is_some_and(|m| m.can_confirm())
        && let Some(modal) = app.modal.take()
    {
        return ops::confirm(app, modal);
    }
    Vec::new()
}

pub(super) fn on_mouse(app: &mut App, m: MouseEvent) -> Vec<Effect> {
    if app.modal.is_some() {
        return modal_click(app, m);
    }
    if app.quit_confirm || app.help {
        return Vec::new();
    }
    let rows = crate::ui::table_rows(app);
    let detail = crate::ui::detail_area(app);
    let inside = |r: ratatui::layout::Rect| {
        m.column >= r.x && m.column < r.right() && m.row >= r.y && m.row < r.bottom()
    };
    match m.kind {
        MouseEventKind::ScrollUp | MouseEventKind::ScrollDown => {
            let delta = if m.kind == MouseEventKind::ScrollUp {
                -WHEEL_ROWS
            } else {
                WHEEL_ROWS
            };
            if inside(detail) {
                app.detail_scroll = app.detail_scroll.saturating_add_signed(delta as i16);
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
