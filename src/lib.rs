//! drs-tui: a terminal UI and scripting tool for Huawei Cloud Data Replication Service (DRS) jobs.

pub mod api;
pub mod audit;
pub mod cli;
pub mod clipboard;
pub mod commands;
pub mod completions;
pub mod config;
pub mod demo;
pub mod exit;
pub mod i18n;
pub mod labels;
pub mod local_file;
pub mod logfile;
pub mod modes;
pub mod ops;
pub mod sanitize;
pub mod secret;
pub mod session;
pub mod shutdown;

// The TUI mode's layers, by their short names: the pure app state, the drawing, the worker
// (the only IO), and the geometry both share.
pub use modes::tui::{app, layout, ui, worker};
