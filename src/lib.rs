//! drs-tui: a terminal UI and scripting tool for Huawei Cloud Data Replication Service (DRS) jobs.

pub mod api;
pub mod sanitize;
pub mod secret;
