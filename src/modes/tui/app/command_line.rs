//! The `:` command line: typing, Tab completion, history (↑/↓), and what each command does.
//! Commands that change where jobs are listed from leave as one [`Effect::SetScope`]; the
//! worker answers with `ScopesSet` (or `ScopeFailed`), and only then does the app list again,
//! so the listing never races the switch.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{App, Effect, Mode};
use crate::api::endpoint::{DRS_REGIONS, closest_regions};
use crate::api::region_names::region_name;
use crate::api::{JobType, RegionsSpec, ScopeId, ScopeRequest};
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
    /// Candidates of the last Tab when there were several (shown beside the line).
    pub candidates: Vec<String>,
    /// What is shown beside each candidate (a region's name, a project's id), or "".
    pub notes: Vec<String>,
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
        self.notes.clear();
        self.chosen = None;
    }
}

/// What the app knows to check `:region` arguments against: the configured regions, those
/// listed, and the region table.
fn known_regions(app: &App) -> Vec<String> {
    let mut r: Vec<String> = app.settings.regions.clone();
    r.extend(app.scopes.iter().map(|s| s.region()));
    r.extend(DRS_REGIONS.iter().map(|s| s.to_string()));
    let mut seen = std::collections::HashSet::new();
    r.retain(|x| !x.is_empty() && seen.insert(x.clone()));
    r
}

/// The account's projects as completion knows them (those IAM listed and those listed now), in
/// natural order of their names.
fn account_projects(app: &App) -> Vec<ScopeId> {
    let mut seen = std::collections::HashSet::new();
    let mut projects: Vec<(String, ScopeId)> = app
        .account
        .iter()
        .chain(&app.scopes)
        .copied()
        .filter(|s| !s.is_none() && seen.insert(*s))
        .map(|s| (s.label(), s))
        .collect();
    projects.sort_by(|a, b| super::jobs::natural_cmp(&a.0, &b.0));
    projects.into_iter().map(|(_, s)| s).collect()
}

/// A region with its console name as the note.
fn named_region(code: String) -> (String, String) {
    let note = region_name(&code).unwrap_or_default().to_owned();
    (code, note)
}

/// What `:region` completes from first: `all`, the regions of the account's projects (and the
/// configured one), then its sub-projects by name; each with its region's name.
fn region_pool(app: &App) -> Vec<(String, String)> {
    let projects = account_projects(app);
    let mut codes: Vec<String> = projects.iter().map(|s| s.region()).collect();
    codes.push(app.settings.region.clone());
    codes.extend(app.settings.regions.iter().cloned());
    let mut seen = std::collections::HashSet::new();
    codes.retain(|c| !c.is_empty() && seen.insert(c.clone()));
    let mut pool = vec![("all".to_owned(), String::new())];
    pool.extend(codes.into_iter().map(named_region));
    for s in projects {
        let (label, region) = (s.label(), s.region());
        if label != region && seen.insert(label.clone()) {
            pool.push((label, region_name(&region).unwrap_or_default().to_owned()));
        }
    }
    pool
}

/// What `:project` completes from: each of the account's projects by name (its id beside it),
/// or by id when the word typed is the start of one; a project IAM did not list (one
/// configured project) by id, its region beside it.
fn project_pool(app: &App, word: &str) -> Vec<(String, String)> {
    account_projects(app)
        .into_iter()
        .map(|s| {
            let (id, label, region) = (s.project_id(), s.label(), s.region());
            let by_id = !word.is_empty() && id.to_lowercase().starts_with(word);
            if app.account.contains(&s) && !by_id {
                (label, id)
            } else {
                let name = region_name(&region).map_or(label.clone(), |n| format!("{label} {n}"));
                (id, name)
            }
        })
        .collect()
}

/// Whether a candidate fits the word typed (lower-cased): its value starts with it, or its
/// note (a region's name) contains it.
fn fits(word: &str, (value, note): &(String, String)) -> bool {
    value.to_lowercase().starts_with(word)
        || (!word.is_empty() && note.to_lowercase().contains(word))
}

/// Completion candidates for the last word of `input`, each with its note, and where that word
/// starts (bytes). `:region` and `:project` offer the account's projects first; `:region`
/// offers the rest of the region table only when the word fits none of them.
pub fn candidates(app: &App, input: &str) -> (usize, Vec<(String, String)>) {
    let start = input.rfind([' ', ',']).map_or(0, |i| i + 1);
    let word = input[start..].to_lowercase();
    let head: Vec<&str> = input[..start].split_whitespace().collect();
    let plain = |v: &[&str]| -> Vec<(String, String)> {
        v.iter().map(|s| (s.to_string(), String::new())).collect()
    };
    let pool: Vec<(String, String)> = match head.as_slice() {
        [] => plain(COMMANDS),
        ["region"] => region_pool(app),
        ["profile"] => app
            .settings
            .profiles
            .iter()
            .map(|p| (p.clone(), String::new()))
            .collect(),
        ["project"] => project_pool(app, &word),
        ["type"] => plain(TYPES),
        _ => Vec::new(),
    };
    let mut hits: Vec<(String, String)> = pool.into_iter().filter(|c| fits(&word, c)).collect();
    if hits.is_empty() && head.as_slice() == ["region"] {
        hits = DRS_REGIONS
            .iter()
            .map(|r| named_region(r.to_string()))
            .filter(|c| fits(&word, c))
            .collect();
    }
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
    let (values, notes): (Vec<String>, Vec<String>) = hits.into_iter().unzip();
    match values.len() {
        0 => {}
        1 => {
            // A command name is followed by its argument: the space saves a keystroke.
            let space = if start == 0 && values[0] != "q" && values[0] != "quit" {
                " "
            } else {
                ""
            };
            line.set(format!("{}{}{space}", &input[..start], values[0]));
        }
        _ => {
            // Only values that all start with the word typed share a prefix worth putting in
            // (a name's match, `beijing`, is no prefix of its code).
            let typed = input[start..].to_lowercase();
            let prefix = common_prefix(&values);
            line.stem = input[..start].to_owned();
            if prefix.to_lowercase().starts_with(&typed)
                && prefix.chars().count() > input[start..].chars().count()
            {
                line.set(format!("{}{prefix}", &input[..start]));
            }
            line.candidates = values;
            line.notes = notes;
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
            super::scope::open_view(app);
            Vec::new()
        }
        Command::Scope(request) => super::scope::request(app, request),
    }
}

/// The text before the cursor and the rest, for drawing the cursor.
pub fn split_at_cursor(line: &CommandLine) -> (&str, &str) {
    line.input.split_at(line.byte_at(line.cursor))
}
