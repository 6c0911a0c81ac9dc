//! Keys: who takes a key (the topmost [`Layer`] open), and what each key does there.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::actions::{self, ask_quit};
use super::confirm::{Button, ConfirmAction};
use super::{
    App, Effect, Focus, Mode, StoryKind, ask, command_line, ops, outcomes, recovery, scope,
};

/// What takes the keys now: the topmost thing open. Earlier layers cover later ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layer {
    /// Shutting down: the countdown runs out or the answers come; keys change nothing.
    ShuttingDown,
    /// Too small to draw anything but "too small": only quitting works.
    TooSmall,
    /// Asking whether to quit with requests in flight.
    QuitQuestion,
    /// The confirmation modal.
    Modal,
    /// The help overlay.
    Help,
    /// The `:regions` view.
    Regions,
    /// The `:` command line.
    CommandLine,
    /// Typing into the filter.
    Filter,
    /// An outcome's record or a job's raw JSON over the screen.
    Overlay,
    /// The panes: the list, the detail pane, the Outcomes pane.
    Panes,
}

fn layer(app: &App) -> Layer {
    if app.shutdown.is_some() {
        Layer::ShuttingDown
    } else if crate::layout::too_small(app.size) {
        Layer::TooSmall
    } else if app.quit_confirm {
        Layer::QuitQuestion
    } else {
        match app.mode {
            Mode::Modal(_) => Layer::Modal,
            Mode::Help => Layer::Help,
            Mode::Regions(_) => Layer::Regions,
            Mode::Command(_) => Layer::CommandLine,
            Mode::Filter => Layer::Filter,
            Mode::Overlay(_) => Layer::Overlay,
            Mode::Panes => Layer::Panes,
        }
    }
}

/// No Ctrl or Alt: only such keys act as the plain letter (Ctrl-D is not `d`).
fn plain(key: &KeyEvent) -> bool {
    !key.modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

fn is_ctrl_c(key: &KeyEvent) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && matches!(key.code, KeyCode::Char('c' | 'C'))
}

pub(super) fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    if key.kind == KeyEventKind::Release {
        return Vec::new();
    }
    match layer(app) {
        Layer::ShuttingDown => Vec::new(),
        Layer::TooSmall => too_small_key(app, &key),
        Layer::QuitQuestion => quit_question_key(app, &key),
        Layer::Modal => modal_key(app, &key),
        Layer::Help => help_key(app, &key),
        _ if is_ctrl_c(&key) => ask_quit(app),
        Layer::Regions => regions_key(app, &key),
        Layer::CommandLine => command_line::on_key(app, key),
        Layer::Filter => {
            app.status = None;
            filter_key(app, &key)
        }
        Layer::Overlay => {
            app.status = None;
            super::overlay_keys::on_key(app, &key).unwrap_or_default()
        }
        Layer::Panes => {
            app.status = None;
            panes_key(app, &key)
        }
    }
}

/// While the terminal is too small nothing but "too small" is drawn: a key must not act on
/// what the user cannot see. Quit (q, Ctrl-C) still works; a resize is not a key.
fn too_small_key(app: &mut App, key: &KeyEvent) -> Vec<Effect> {
    let quit = is_ctrl_c(key) || (key.code == KeyCode::Char('q') && plain(key));
    if quit && !app.quit_confirm {
        return ask_quit(app);
    }
    if app.quit_confirm && key.code == KeyCode::Char('y') && plain(key) {
        return recovery::begin(app, crate::tr!(ShutConfirmed).into());
    }
    Vec::new()
}

/// `y` quits (after the answers come), `n`, Esc or Ctrl-C stays.
fn quit_question_key(app: &mut App, key: &KeyEvent) -> Vec<Effect> {
    match key.code {
        KeyCode::Char('y') if plain(key) => {
            return recovery::begin(app, crate::tr!(ShutConfirmed).into());
        }
        KeyCode::Char('n') | KeyCode::Esc => app.quit_confirm = false,
        _ if is_ctrl_c(key) => app.quit_confirm = false,
        _ => {}
    }
    Vec::new()
}

/// The help scrolls like the detail pane; any other key closes it.
fn help_key(app: &mut App, key: &KeyEvent) -> Vec<Effect> {
    if is_ctrl_c(key) {
        return ask_quit(app);
    }
    let max = app.help_max_scroll;
    let s = &mut app.help_scroll;
    match (key.code, plain(key)) {
        (KeyCode::Up | KeyCode::Char('k'), true) => *s = s.saturating_sub(1),
        (KeyCode::Down | KeyCode::Char('j'), true) => *s = s.saturating_add(1).min(max),
        (KeyCode::PageUp, _) | (KeyCode::Char('b' | 'u'), false) => *s = s.saturating_sub(10),
        (KeyCode::PageDown, _) | (KeyCode::Char('f' | 'd'), false) => {
            *s = s.saturating_add(10).min(max)
        }
        (KeyCode::Home | KeyCode::Char('g'), _) => *s = 0,
        (KeyCode::End | KeyCode::Char('G'), _) => *s = max,
        _ => {
            app.mode = Mode::Panes;
            app.help_scroll = 0;
        }
    }
    Vec::new()
}

/// The `:regions` view: a row is chosen and Enter switches to it ([`scope::view_key`]).
fn regions_key(app: &mut App, key: &KeyEvent) -> Vec<Effect> {
    if !plain(key) {
        return Vec::new();
    }
    scope::view_key(app, key)
}

fn filter_key(app: &mut App, key: &KeyEvent) -> Vec<Effect> {
    match key.code {
        KeyCode::Esc => {
            app.mode = Mode::Panes;
            app.table.set_filter(String::new());
        }
        KeyCode::Enter => app.mode = Mode::Panes,
        KeyCode::Backspace => {
            let mut f = app.table.filter().to_owned();
            f.pop();
            app.table.set_filter(f);
        }
        KeyCode::Up => app.table.move_by(-1),
        KeyCode::Down => app.table.move_by(1),
        KeyCode::Char(c) if plain(key) => {
            let mut f = app.table.filter().to_owned();
            f.push(c);
            app.table.set_filter(f);
        }
        _ => {}
    }
    Vec::new()
}

/// The panes: Esc first cancels what is unsent, then the focused pane's keys, the view keys
/// (z, y, Y, v), and last the list's.
fn panes_key(app: &mut App, key: &KeyEvent) -> Vec<Effect> {
    if key.code == KeyCode::Esc && !app.unsent().is_empty() {
        return ops::cancel_unsent(app);
    }
    if let Some(effects) = super::story::on_key(app, key) {
        return effects;
    }
    if app.focus == Focus::Detail && detail_key(app, key) {
        return Vec::new();
    }
    if let Some(effects) = outcomes::on_key(app, key) {
        return effects;
    }
    if let Some(effects) = super::copy::on_key(app, key) {
        return effects;
    }
    if plain(key) {
        list_key(app, key)
    } else {
        // Ctrl-keys are never the plain letter: Ctrl-D is half a page down, not delete.
        if key.modifiers.contains(KeyModifiers::CONTROL) {
            list_ctrl_key(app, key);
        }
        Vec::new()
    }
}

/// Rows in one page of the list.
fn list_page(app: &App) -> isize {
    (app.table_rows().height as isize).max(1)
}

/// Ctrl-keys on the list: paging.
fn list_ctrl_key(app: &mut App, key: &KeyEvent) {
    let page = list_page(app);
    let t = &mut app.table;
    match key.code {
        KeyCode::Char('d') => t.move_by((page / 2).max(1)),
        KeyCode::Char('u') => t.move_by(-(page / 2).max(1)),
        KeyCode::Char('f') | KeyCode::PageDown => t.move_by(page),
        KeyCode::Char('b') | KeyCode::PageUp => t.move_by(-page),
        KeyCode::Home => t.select_pos(0),
        KeyCode::End => t.select_pos(usize::MAX),
        _ => {}
    }
}

/// The list's keys (plain: no Ctrl or Alt).
fn list_key(app: &mut App, key: &KeyEvent) -> Vec<Effect> {
    let page = list_page(app);
    match key.code {
        KeyCode::Up | KeyCode::Char('k') => app.table.move_by(-1),
        KeyCode::Down | KeyCode::Char('j') => app.table.move_by(1),
        KeyCode::PageUp => app.table.move_by(-page),
        KeyCode::PageDown => app.table.move_by(page),
        KeyCode::Home | KeyCode::Char('g') => app.table.select_pos(0),
        KeyCode::End | KeyCode::Char('G') => app.table.select_pos(usize::MAX),
        KeyCode::Tab => outcomes::next_focus(app, false),
        KeyCode::BackTab => outcomes::next_focus(app, true),
        KeyCode::Char('/') => app.mode = Mode::Filter,
        KeyCode::Esc => app.table.set_filter(String::new()),
        KeyCode::Char('s') => app.table.cycle_sort(),
        KeyCode::Char('S') => app.table.reverse_sort(),
        KeyCode::Char('t') => return actions::cycle_type(app),
        // Several projects, some failed: list only those again.
        KeyCode::Char('r') => {
            return scope::retry_failed(app).unwrap_or_else(|| actions::refresh(app));
        }
        KeyCode::Char(':') => command_line::open(app),
        KeyCode::Char('p') => return super::story::open(app, StoryKind::Progress),
        KeyCode::Char('l') => return super::story::open(app, StoryKind::Log),
        KeyCode::Char('m') => return super::story::more(app),
        KeyCode::Char('M') => super::messages::open(app),
        KeyCode::Enter => actions::expand(app),
        KeyCode::Char(' ') => app.table.toggle_mark(),
        KeyCode::Char('a') => app.table.mark_shown(),
        KeyCode::Char('A') => app.table.clear_marks(),
        KeyCode::Char('d') | KeyCode::Delete => ask::ask(app, ConfirmAction::Delete, None, false),
        KeyCode::Char('x') => ask::ask(app, ConfirmAction::Stop, None, false),
        KeyCode::Char('X') => ask::ask(app, ConfirmAction::Stop, None, true),
        KeyCode::Char('R') => ask::retry(app),
        KeyCode::Char('u') => return actions::undo(app),
        KeyCode::Char('U') => return recovery::settle(app),
        KeyCode::Char('?') => {
            app.mode = Mode::Help;
            app.help_scroll = 0;
        }
        KeyCode::Char('q') => return ask_quit(app),
        _ => {}
    }
    Vec::new()
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

/// The confirmation modal takes every key. A confirming key counts only once this modal was
/// seen whole at the current size.
fn modal_key(app: &mut App, key: &KeyEvent) -> Vec<Effect> {
    let (protected, threshold) = (app.settings.protected, app.settings.confirm_threshold);
    let Mode::Modal(modal) = &mut app.mode else {
        return Vec::new();
    };
    let seen = modal.drawn.is_some_and(|d| d.whole);
    let mut confirm = false;
    let mut cancelled = false;
    let mut status = None;
    match key.code {
        KeyCode::Esc => cancelled = true,
        _ if is_ctrl_c(key) => cancelled = true,
        _ if !plain(key) => {}
        KeyCode::Tab | KeyCode::BackTab | KeyCode::Left | KeyCode::Right => modal.toggle_focus(),
        // The job list scrolls (a big batch lists more jobs than the screen holds).
        KeyCode::Up => modal.scroll_by(-1),
        KeyCode::Down => modal.scroll_by(1),
        KeyCode::PageUp => modal.scroll_by(-modal_page(modal)),
        KeyCode::PageDown => modal.scroll_by(modal_page(modal)),
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
        ask::cancel(app);
    } else if confirm && !seen {
        app.status = Some(crate::tr!(MsgNotWhole).into());
    } else if confirm && let Some(m) = app.take_modal() {
        app.status = None;
        return ops::confirm(app, m);
    } else if status.is_some() {
        app.status = status;
    }
    Vec::new()
}

/// How far PgUp/PgDn move the modal's job list: one row fewer than it shows (so no line is
/// skipped), 10 before it was drawn.
fn modal_page(modal: &crate::app::ConfirmModal) -> isize {
    modal.drawn.map_or(10, |d| (d.page as isize - 1).max(1))
}
