//! The app the TUI benches measure: `n` jobs generated like the demo service's (Chinese and
//! long names included) listed in one page, on a 200×50 terminal, the selection mid-table.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use drs_tui::api::JobType;
use drs_tui::app::{App, Msg, Settings, update};
use drs_tui::demo::seed_jobs;

/// An app that has listed `n` jobs, on a 200×50 terminal, with the selection mid-table.
pub fn loaded(n: usize) -> App {
    loaded_jobs(seed_jobs(n, 7))
}

/// An app that has listed `jobs`, as [`loaded`].
pub fn loaded_jobs(jobs: Vec<drs_tui::api::Job>) -> App {
    let n = jobs.len();
    let mut app = App::new(
        Settings {
            profile: "bench".into(),
            region: "cn-north-4".into(),
            concurrency: 4,
            confirm_threshold: 10,
            ..Settings::default()
        },
        None,
    );
    update(&mut app, Msg::Resize(200, 50));
    app.start();
    let generation = app.generation;
    let ids = jobs.iter().map(|j| j.id.clone()).collect();
    update(
        &mut app,
        Msg::JobsPage {
            generation,
            total: n as u64,
            job_type: JobType::Sync,
            jobs: jobs.into_iter().map(std::sync::Arc::new).collect(),
        },
    );
    update(
        &mut app,
        Msg::ListComplete {
            generation,
            ids,
            kept: Vec::new(),
        },
    );
    app.table.select_pos(n / 2);
    update(&mut app, Msg::Resize(200, 50));
    app
}

/// A key press without modifiers.
pub fn key(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
}
