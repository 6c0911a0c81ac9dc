//! What drs-tui can do, one module per mode. Each runs on a [`crate::session::Session`] and
//! returns an exit code or a [`crate::exit::Fatal`].

pub mod audit;
pub mod config;
pub mod demo_server;
pub mod jobs;
pub mod regions;
pub mod shell;
pub mod tui;
