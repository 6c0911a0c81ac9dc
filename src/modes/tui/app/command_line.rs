//! The `:` command line: typing, Tab completion, history (↑/↓), and what each command does.
//! Commands that change where jobs are listed from leave as one [`Effect::SetScope`]; the
//! worker answers with `ScopesSet` (or `ScopeFailed`), and only then does the app list again,
//! so the listing never races the switch.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::scope::describe;
use super::{App, Effect, Mode};
use crate::api::endpoint::{DRS_REGIONS, closest_regions};
use crate::api::{JobType, RegionsSpec, ScopeRequest};
use crate::tr;

/// Most history lines kept (in the session and on disk).
pub const MAX_HISTORY: usize = 200;

/// The command names, in the order completion offers them.
pub const COMMANDS: &[&str] = &[
    "region", "regions", "profile", "project", "type", "messages", "q", "quit",
];

/// Job type words `:type` takes.
const TYPES: &[&str] = &["all", "migration", "sync", "cloudDataGuard", "replay"];

/// A parsed command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Switch where jobs are listed from.
    Scope(ScopeRequest),
    /// Show one job type (None: all).
    Type(Option<JobType>),
    /// Open or close the per-project listing view.
    Regions,
    /// Open the message log.
    Messages,
    /// Leave (like `q`).
    Quit,
}

/// The open command line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommandLine {
    /// What is typed (after the `:`).
    pub input: String,
    /// Cursor position, in chars.
    pub cursor: usize,
    /// Candidates of the last Tab when there were several (shown above the line).
    pub candidates: Vec<String>,
    /// Which candidate the last Tab put in, when Tab cycles through them.
    pub chosen: Option<usize>,
    /// Position in the history while browsing it with ↑/↓ (None: the line being typed).
    browsing: Option<usize>,
    /// The line being typed before browsing started.
    draft: String,
    /// The input before the token Tab is cycling (so each Tab replaces the same token).
    stem: String,
}

impl CommandLine {
    fn set(&mut self, s: String) {
        self.cursor = s.chars().count();
        self.input = s;
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.input
            .char_indices()
            .nth(chars)
            .map_or(self.input.len(), |(i, _)| i)
    }

    fn reset_completion(&mut self) {
        self.candidates.clear();
        self.chosen = None;
    }
}

/// What the app knows to offer for completion and to check arguments against.
fn known_regions(app: &App) -> Vec<String> {
    let mut r: Vec<String> = app.settings.regions.clone();
    r.extend(app.scopes.iter().map(|s| s.region()));
    r.extend(DRS_REGIONS.iter().map(|s| s.to_string()));
    let mut seen = std::collections::HashSet::new();
    r.retain(|x| !x.is_empty() && seen.insert(x.clone()));
    r
}

/// Completion candidates for the last word of `input`, and where that word starts (bytes).
pub fn candidates(app: &App, input: &str) -> (usize, Vec<String>) {
    let start = input.rfind([' ', ',']).map_or(0, |i| i + 1);
    let word = &input[start..];
    let head: Vec<&str> = input[..start].split_whitespace().collect();
    let pool: Vec<String> = match head.as_slice() {
        [] => COMMANDS.iter().map(|s| s.to_string()).collect(),
        ["region"] => {
            let mut p = vec!["all".to_owned()];
            p.extend(known_regions(app));
            p
        }
        ["profile"] => app.settings.profiles.clone(),
        ["project"] => {
            let mut p: Vec<String> = app.scopes.iter().map(|s| s.project_id()).collect();
            p.extend(app.scopes.iter().map(|s| s.label()));
            p
        }
        ["type"] => TYPES.iter().map(|s| s.to_string()).collect(),
        _ => Vec::new(),
    };
    let lower = word.to_lowercase();
    let mut hits: Vec<String> = pool
        .into_iter()
        .filter(|c| c.to_lowercase().starts_with(&lower))
        .collect();
    hits.dedup();
    (start, hits)
}

fn common_prefix(words: &[String]) -> String {
    let Some(first) = words.first() else {
        return String::new();
    };
    let mut n = first.len();
    for w in &words[1..] {
        n = n.min(
            first
                .char_indices()
                .zip(w.chars())
                .take_while(|((_, a), b)| a == b)
                .last()
                .map_or(0, |((i, a), _)| i + a.len_utf8()),
        );
    }
    first[..n].to_owned()
}

/// Tab: completes the last word; several candidates extend it to their common prefix, and a
/// further Tab cycles through them.
fn complete(app: &mut App) {
    let Some(line) = app.command_line() else {
        return;
    };
    if !line.candidates.is_empty() {
        let next = line.chosen.map_or(0, |i| (i + 1) % line.candidates.len());
        let pick = format!("{}{}", line.stem, line.candidates[next]);
        if let Mode::Command(line) = &mut app.mode {
            line.chosen = Some(next);
            line.set(pick);
        }
        return;
    }
    let input = line.input.clone();
    let (start, hits) = candidates(app, &input);
    let Mode::Command(line) = &mut app.mode else {
        return;
    };
    match hits.len() {
        0 => {}
        1 => {
            // A command name is followed by its argument: the space saves a keystroke.
            let space = if start == 0 && hits[0] != "q" && hits[0] != "quit" {
                " "
            } else {
                ""
            };
            line.set(format!("{}{}{space}", &input[..start], hits[0]));
        }
        _ => {
            let prefix = common_prefix(&hits);
            line.stem = input[..start].to_owned();
            if prefix.chars().count() > input[start..].chars().count() {
                line.set(format!("{}{prefix}", &input[..start]));
            }
            line.candidates = hits;
            line.chosen = None;
        }
    }
}

fn history_step(app: &mut App, up: bool) {
    let len = app.history.len();
    let Mode::Command(line) = &mut app.mode else {
        return;
    };
    if len == 0 {
        return;
    }
    let next = match (line.browsing, up) {
        (None, true) => Some(len - 1),
        (None, false) => None,
        (Some(0), true) => Some(0),
        (Some(i), true) => Some(i - 1),
        (Some(i), false) if i + 1 < len => Some(i + 1),
        (Some(_), false) => None,
    };
    if line.browsing.is_none() && next.is_some() {
        line.draft = line.input.clone();
    }
    line.browsing = next;
    let text = match next {
        Some(i) => app.history[i].clone(),
        None => std::mem::take(&mut line.draft),
    };
    line.set(text);
    line.reset_completion();
}

/// Opens the command line (`:`).
pub(super) fn open(app: &mut App) {
    app.mode = Mode::Command(CommandLine::default());
}

/// A key while the command line is open.
pub(super) fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if key.code != KeyCode::Tab
        && let Mode::Command(line) = &mut app.mode
    {
        line.reset_completion();
    }
    let Mode::Command(line) = &mut app.mode else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc => app.mode = Mode::Panes,
        KeyCode::Char('c' | 'g') if ctrl => app.mode = Mode::Panes,
        KeyCode::Enter => {
            let input = line.input.trim().to_owned();
            app.mode = Mode::Panes;
            if input.is_empty() {
                return Vec::new();
            }
            remember(app, &input);
            return match parse(app, &input) {
                Ok(cmd) => run(app, cmd),
                Err(why) => {
                    app.status = Some(why);
                    Vec::new()
                }
            };
        }
        KeyCode::Tab => complete(app),
        KeyCode::Up => history_step(app, true),
        KeyCode::Down => history_step(app, false),
        KeyCode::Left => line.cursor = line.cursor.saturating_sub(1),
        KeyCode::Right => line.cursor = (line.cursor + 1).min(line.input.chars().count()),
        KeyCode::Home => line.cursor = 0,
        KeyCode::Char('a') if ctrl => line.cursor = 0,
        KeyCode::End => line.cursor = line.input.chars().count(),
        KeyCode::Char('e') if ctrl => line.cursor = line.input.chars().count(),
        KeyCode::Char('u') if ctrl => line.set(String::new()),
        KeyCode::Backspace if line.input.is_empty() => app.mode = Mode::Panes,
        KeyCode::Backspace if line.cursor > 0 => {
            let i = line.byte_at(line.cursor - 1);
            line.input.remove(i);
            line.cursor -= 1;
        }
        KeyCode::Delete if line.cursor < line.input.chars().count() => {
            let i = line.byte_at(line.cursor);
            line.input.remove(i);
        }
        // Control characters never reach the line (they would reach the screen).
        KeyCode::Char(c)
            if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) && !c.is_control() =>
        {
            let i = line.byte_at(line.cursor);
            line.input.insert(i, c);
            line.cursor += 1;
        }
        _ => {}
    }
    Vec::new()
}

/// Adds a line to the history (not twice in a row), keeping the newest [`MAX_HISTORY`].
fn remember(app: &mut App, input: &str) {
    if app.history.last().map(String::as_str) != Some(input) {
        app.history.push(input.to_owned());
    }
    let over = app.history.len().saturating_sub(MAX_HISTORY);
    app.history.drain(..over);
    app.history_dirty = true;
}

fn check_region(app: &App, r: &str) -> Result<(), String> {
    if known_regions(app).iter().any(|k| k == r) {
        return Ok(());
    }
    let close = closest_regions(r);
    let hint = if close.is_empty() {
        String::new()
    } else {
        tr!(CmdDidYouMean, close.join(", "))
    };
    Err(tr!(CmdUnknownRegion, r, hint))
}

/// Parses a command line (without the `:`); the error says what is wrong and what is accepted.
pub fn parse(app: &App, input: &str) -> Result<Command, String> {
    let mut words = input.split_whitespace();
    let name = words.next().unwrap_or_default();
    let args: Vec<&str> = words.collect();
    let one = |what: &str| -> Result<&str, String> {
        match args.as_slice() {
            [a] => Ok(*a),
            [] => Err(tr!(CmdMissingArg, name, what)),
            _ => Err(tr!(CmdOneArg, name, what)),
        }
    };
    match name {
        "region" => {
            let arg = one("REGION|all")?;
            let spec = RegionsSpec::parse(arg).map_err(|e| e.replace("--regions", ":region"))?;
            if let RegionsSpec::List(regions) = &spec {
                for r in regions {
                    // A sub-project name (`cn-north-4_payments`) is checked by its region.
                    check_region(app, r.split_once('_').map_or(r.as_str(), |(r, _)| r))?;
                }
            }
            Ok(Command::Scope(ScopeRequest::Regions(spec)))
        }
        "profile" => {
            let p = one("NAME")?;
            let known = &app.settings.profiles;
            if !known.is_empty() && !known.iter().any(|k| k == p) {
                return Err(tr!(CmdUnknownProfile, p, known.join(", ")));
            }
            Ok(Command::Scope(ScopeRequest::Profile(p.to_owned())))
        }
        "project" => {
            let p = one("ID")?;
            let ok = (2..=64).contains(&p.len())
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !ok {
                return Err(tr!(CmdBadProject, p));
            }
            Ok(Command::Scope(ScopeRequest::Project(p.to_owned())))
        }
        "type" => {
            let t = one("all|migration|sync|cloudDataGuard|replay")?;
            if t.eq_ignore_ascii_case("all") {
                return Ok(Command::Type(None));
            }
            JobType::parse(t)
                .map(|t| Command::Type(Some(t)))
                .ok_or_else(|| tr!(CmdUnknownType, t))
        }
        "regions" if args.is_empty() => Ok(Command::Regions),
        "messages" if args.is_empty() => Ok(Command::Messages),
        "q" | "quit" if args.is_empty() => Ok(Command::Quit),
        "regions" | "messages" | "q" | "quit" => Err(tr!(CmdNoArgs, name)),
        _ => Err(tr!(CmdUnknown, name, COMMANDS.join(", "))),
    }
}

/// Runs a parsed command.
pub fn run(app: &mut App, cmd: Command) -> Vec<Effect> {
    match cmd {
        Command::Quit => super::actions::ask_quit(app),
        Command::Type(t) => super::actions::set_type(app, t),
        Command::Messages => {
            super::messages::open(app);
            Vec::new()
        }
        Command::Regions => {
            app.mode = if app.regions_open() {
                Mode::Panes
            } else {
                Mode::Regions
            };
            Vec::new()
        }
        Command::Scope(request) => {
            if app.switching.is_some() {
                app.status = Some(tr!(CmdSwitchBusy).to_owned());
                return Vec::new();
            }
            app.switching = Some(request.clone());
            app.status = Some(tr!(CmdSwitching, describe(&request)));
            vec![Effect::SetScope(request)]
        }
    }
}

/// The text before the cursor and the rest, for drawing the cursor.
pub fn split_at_cursor(line: &CommandLine) -> (&str, &str) {
    line.input.split_at(line.byte_at(line.cursor))
}
