//! The keys of each mode as the user is told about them: one table, from which the footer's
//! hints and the help's rows are both drawn, so a key's hint and its help row cannot drift
//! apart. What each key does is in [`super::keys`]; a test there presses every key the footer
//! offers and checks that it does something.

use crate::i18n::T;

/// Where a key works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyMode {
    /// The panes (the list, the detail pane, the Outcomes pane).
    Panes,
    /// Typing into the filter.
    Filter,
    /// The confirmation modal.
    Modal,
    /// The `:regions` view (a project chosen, Enter switches to it).
    Regions,
    /// Everywhere.
    Any,
}

/// When the footer offers a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// While there is room, in rank order (a narrow footer keeps the first).
    Room,
    /// Only while writes wait in the undo window (with how many). Undoing is not a write: it is
    /// offered even when writes are refused.
    Pending,
    /// At every width, right-aligned, in every mode: how to get help and how to leave.
    Always,
}

/// How the footer offers a key.
#[derive(Debug, Clone, Copy)]
pub struct Hint {
    /// The key as the footer names it (`↑↓`, `d`).
    pub keys: &'static str,
    /// What it does, in a word or two (for [`When::Pending`], with the writes pending as its
    /// one argument).
    pub text: T,
    /// Place among the footer's hints: lower first.
    pub rank: u8,
    /// When it is offered.
    pub when: When,
}

/// One row of the table: a key (or keys) of one mode.
#[derive(Debug, Clone, Copy)]
pub struct Key {
    /// Where it works.
    pub mode: KeyMode,
    /// The keys as the help names them (empty: the row continues the one above).
    pub keys: &'static str,
    /// Its help row, if the help lists it.
    pub help: Option<T>,
    /// Its footer hint, if the footer offers it.
    pub hint: Option<Hint>,
    /// A write (or answering one): neither offered nor listed when writes are refused.
    pub writes: bool,
}

const fn key(mode: KeyMode, keys: &'static str, help: T) -> Key {
    Key {
        mode,
        keys,
        help: Some(help),
        hint: None,
        writes: false,
    }
}

impl Key {
    /// The same key, offered by the footer.
    const fn hint(mut self, keys: &'static str, text: T, rank: u8, when: When) -> Key {
        self.hint = Some(Hint {
            keys,
            text,
            rank,
            when,
        });
        self
    }

    /// The same key, a write.
    const fn writes(mut self) -> Key {
        self.writes = true;
        self
    }
}

/// A key the footer offers but the help does not list.
const fn hint_only(mode: KeyMode, keys: &'static str, text: T, rank: u8) -> Key {
    Key {
        mode,
        keys,
        help: None,
        hint: Some(Hint {
            keys,
            text,
            rank,
            when: When::Room,
        }),
        writes: false,
    }
}

use KeyMode::{Any, Filter, Modal, Panes, Regions};
use When::{Always, Pending, Room};

/// Every key, in the help's order.
pub const KEYS: &[Key] = &[
    key(Panes, "↑/↓ j/k", T::HelpMove).hint("↑↓", T::HintMove, 1, Room),
    key(Panes, "Ctrl-D/U", T::HelpHalfPage),
    key(Panes, "Tab", T::HelpFocus).hint("Tab", T::HintDetail, 10, Room),
    key(Panes, "Enter / f", T::HelpOutcomesEnter),
    key(Panes, "z", T::HelpZoom),
    key(Panes, "y / Y", T::HelpCopy),
    key(Panes, "v", T::HelpRaw),
    key(Panes, "/", T::HelpFilter).hint("/", T::HintFilter, 2, Room),
    key(Panes, "s / S", T::HelpSort).hint("s", T::HintSort, 7, Room),
    key(Panes, "t", T::HelpType).hint("t", T::HintType, 6, Room),
    key(Panes, "r", T::HelpRefreshRegions).hint("r", T::HintRefresh, 8, Room),
    key(Panes, "space", T::HelpMark).hint("space", T::HintMark, 3, Room),
    key(Panes, "a / A", T::HelpMarkAll),
    key(Panes, "d Delete", T::HelpDelete)
        .hint("d", T::HintDelete, 4, Room)
        .writes(),
    key(Modal, "modal ↑↓", T::HelpModalScroll),
    key(Panes, "x / X", T::HelpStop)
        .hint("x", T::HintStop, 5, Room)
        .writes(),
    key(Modal, "y Enter", T::HelpConfirm).writes(),
    key(Modal, "n Esc", T::HelpCancel).writes(),
    key(Panes, "u", T::HelpUndo)
        .hint("u", T::HintUndoPending, 0, Pending)
        .writes(),
    key(Panes, "U", T::HelpSettle),
    key(Panes, "Esc", T::HelpEscBulk),
    key(Panes, "R", T::HelpRetry)
        .hint("R", T::HintRetryFailed, 9, Room)
        .writes(),
    key(Panes, "Enter", T::HelpParent),
    key(Panes, "p", T::HelpProgress).hint("p", T::HintProgress, 12, Room),
    key(Panes, "l / m", T::HelpLog).hint("l", T::HintLog, 13, Room),
    key(Panes, "F", T::HelpFollow),
    key(Panes, "M", T::HelpMessages),
    key(Panes, ":", T::HelpCommand).hint(":", T::HintCommand, 11, Room),
    key(Panes, "", T::HelpCommand2),
    // The `:regions` view's keys, in one row (its footer offers them one by one below).
    key(Regions, ":regions", T::HelpRegionsView),
    key(Panes, "mouse", T::HelpMouse),
    key(Any, "q Ctrl-C", T::HelpQuit).hint("q", T::HintQuit, 1, Always),
    key(Panes, "?", T::HelpHelp).hint("?", T::HintHelp, 0, Always),
    hint_only(Filter, "type", T::HintTypeToFilter, 0),
    hint_only(Filter, "↑↓", T::HintMove, 1),
    hint_only(Filter, "Enter", T::HintKeep, 2),
    hint_only(Filter, "Esc", T::HintClear, 3),
    // h15b: `:regions` (its own box shows these hints too).
    hint_only(Regions, "↑↓", T::HintChooseProject, 0),
    hint_only(Regions, "Enter", T::HintSwitchTo, 1),
    hint_only(Regions, "r", T::HintRetryProjects, 2),
    hint_only(Regions, "Esc", T::HintCloseView, 3),
];

/// The keys as shown in the language in force: the words among them (`mouse`, `type` for
/// typing text, `modal ↑↓`) from the catalog; key names themselves (`Enter`, `d`) as they are.
pub fn key_words(keys: &'static str) -> &'static str {
    match keys {
        "mouse" => crate::tr!(HelpMouseKey),
        "type" => crate::tr!(KeyTypeText),
        "modal ↑↓" => crate::tr!(KeyModalScroll),
        k => k,
    }
}

/// The help's rows: key and text, in order (writes left out when they are refused).
pub fn help_rows(no_writes: bool) -> impl Iterator<Item = (&'static str, T)> {
    KEYS.iter()
        .filter(move |k| !(no_writes && k.writes))
        .filter_map(|k| Some((k.keys, k.help?)))
}

/// The footer's hints for a mode, in rank order, with their text (`pending`: writes in the
/// undo window). The [`When::Always`] hints are [`always`]'s.
pub fn hints(mode: KeyMode, no_writes: bool, pending: usize) -> Vec<(&'static str, String)> {
    let mut hints: Vec<&Hint> = KEYS
        .iter()
        .filter(|k| k.mode == mode || k.mode == Any)
        .filter_map(|k| {
            let h = k.hint.as_ref()?;
            let offered = match h.when {
                When::Room => !(no_writes && k.writes),
                When::Pending => pending > 0,
                When::Always => false,
            };
            offered.then_some(h)
        })
        .collect();
    hints.sort_by_key(|h| h.rank);
    hints
        .into_iter()
        .map(|h| {
            let text = match h.when {
                When::Pending => h.text.fill(&[&pending]),
                _ => h.text.get().to_owned(),
            };
            (h.keys, text)
        })
        .collect()
}

/// The hints the footer shows at every width, in every mode, in rank order.
pub fn always() -> Vec<(&'static str, &'static str)> {
    let mut hints: Vec<&Hint> = KEYS
        .iter()
        .filter_map(|k| k.hint.as_ref())
        .filter(|h| h.when == When::Always)
        .collect();
    hints.sort_by_key(|h| h.rank);
    hints.into_iter().map(|h| (h.keys, h.text.get())).collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::sync::Arc;

    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;
    use crate::api::JobType;
    use crate::app::{App, Mode, Msg, Settings, update};

    /// An app with jobs listed, at a size where everything is drawn.
    fn listed() -> App {
        let settings = Settings {
            concurrency: 4,
            confirm_threshold: 10,
            ..Settings::default()
        };
        let mut app = App::new(settings, None);
        update(&mut app, Msg::Resize(120, 32));
        let _ = app.start();
        let jobs = crate::demo::seed_jobs(20, 7);
        let generation = app.generation;
        let ids: HashSet<String> = jobs.iter().map(|j| j.id.clone()).collect();
        let jobs = jobs.into_iter().map(Arc::new).collect();
        let total = 20;
        let job_type = JobType::Sync;
        update(
            &mut app,
            Msg::JobsPage {
                generation,
                total,
                job_type,
                jobs,
            },
        );
        let kept = Vec::new();
        update(
            &mut app,
            Msg::ListComplete {
                generation,
                ids,
                kept,
            },
        );
        app
    }

    /// The key a hint names (`↑↓`: down; `type`: a letter).
    fn press(hint: &str) -> KeyEvent {
        let code = match hint {
            "↑↓" => KeyCode::Down,
            "space" => KeyCode::Char(' '),
            "Tab" => KeyCode::Tab,
            "Enter" => KeyCode::Enter,
            "Esc" => KeyCode::Esc,
            "type" => KeyCode::Char('a'),
            k => KeyCode::Char(k.chars().next().unwrap_or_default()),
        };
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    /// Every key the footer offers in `mode` changes the app or asks the worker for something.
    fn every_hint_acts(mode: KeyMode, open: Mode) {
        let mut offered: Vec<&str> = hints(mode, false, 1).iter().map(|h| h.0).collect();
        offered.extend(always().iter().map(|h| h.0));
        assert!(offered.len() >= 4, "{mode:?}: {offered:?}");
        for hint in offered {
            let mut app = listed();
            app.mode = open.clone();
            let before = format!("{app:?}");
            let effects = update(&mut app, Msg::Key(press(hint)));
            assert!(
                !effects.is_empty() || format!("{app:?}") != before,
                "{mode:?}: the footer offers `{hint}`, which does nothing"
            );
        }
    }

    #[test]
    fn every_key_the_footer_offers_does_something() {
        every_hint_acts(KeyMode::Panes, Mode::Panes);
        every_hint_acts(KeyMode::Filter, Mode::Filter);
    }

    #[test]
    fn read_only_offers_and_lists_no_write() {
        let offered = hints(KeyMode::Panes, true, 0);
        assert!(
            offered
                .iter()
                .all(|(k, _)| !["d", "x", "R", "u"].contains(k))
        );
        let listed: Vec<&str> = help_rows(true).map(|r| r.0).collect();
        for k in ["d Delete", "x / X", "R", "y Enter", "n Esc", "u"] {
            assert!(!listed.contains(&k), "{k} listed in read-only help");
        }
        assert!(listed.contains(&"s / S"));
    }
}
