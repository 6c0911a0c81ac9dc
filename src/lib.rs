//! drs-tui: a terminal UI and scripting tool for Huawei Cloud Data Replication Service (DRS) jobs.

pub mod api;
pub mod app;
pub mod audit;
pub mod cli;
pub mod clipboard;
pub mod commands;
pub mod config;
pub mod demo;
pub mod exit;
pub mod i18n;
pub mod layout;
pub mod logfile;
pub mod modes;
pub mod ops;
pub mod sanitize;
pub mod secret;
pub mod session;
pub mod shutdown;
pub mod ui;
pub mod worker;
