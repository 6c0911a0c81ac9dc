//! What is open over the panes. One value: the filter being typed, the help, the command line,
//! the `:regions` view, an overlay or the confirmation modal — never two at once (help and a
//! modal both open cannot be represented). Over whichever is open, the quit question
//! ([`App::quit_confirm`]) may stand; a zoomed pane ([`App::zoom`]) is a layout of the panes,
//! and the shutdown ([`App::shutdown`]) is the app draining, not something open.

use super::{App, CommandLine, ConfirmModal, Overlay};

/// What takes the keys besides the panes.
#[derive(Debug, Clone, Default)]
pub enum Mode {
    /// Nothing open: the panes (list, detail, Outcomes) take the keys.
    #[default]
    Panes,
    /// Typing into the filter (`/`).
    Filter,
    /// The help overlay (`?`).
    Help,
    /// The `:` command line.
    Command(CommandLine),
    /// The per-project view (`:regions`): a row chosen, Enter switches to it.
    Regions(super::scope::RegionsView),
    /// A view over the whole screen (an outcome's record, a job's raw JSON).
    Overlay(Overlay),
    /// The confirmation modal.
    Modal(ConfirmModal),
}

impl App {
    /// The open confirmation modal.
    pub fn modal(&self) -> Option<&ConfirmModal> {
        match &self.mode {
            Mode::Modal(m) => Some(m),
            _ => None,
        }
    }

    /// Closes the confirmation modal, if it is open, and returns it.
    pub(crate) fn take_modal(&mut self) -> Option<ConfirmModal> {
        match std::mem::take(&mut self.mode) {
            Mode::Modal(m) => Some(m),
            other => {
                self.mode = other;
                None
            }
        }
    }

    /// The open `:` command line.
    pub fn command_line(&self) -> Option<&CommandLine> {
        match &self.mode {
            Mode::Command(line) => Some(line),
            _ => None,
        }
    }

    /// The open overlay (an outcome's record, a job's raw JSON).
    pub fn overlay(&self) -> Option<&Overlay> {
        match &self.mode {
            Mode::Overlay(o) => Some(o),
            _ => None,
        }
    }

    /// Typing into the filter.
    pub fn filtering(&self) -> bool {
        matches!(self.mode, Mode::Filter)
    }

    /// The help overlay is open.
    pub fn help_open(&self) -> bool {
        matches!(self.mode, Mode::Help)
    }

    /// The per-project listing view (`:regions`) is open.
    pub fn regions_open(&self) -> bool {
        matches!(self.mode, Mode::Regions(_))
    }
}
