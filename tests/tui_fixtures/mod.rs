//! Hand-made jobs and helpers shared by the TUI tests (no clocks, no network).
#![allow(dead_code)]

use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use drs_tui::api::{
    Answer, ApiError, ClientError, Failure, Job, JobActions, JobType, Scope, ScopeId, ScopeInForce,
    ScopeListing,
};
use drs_tui::app::{App, Effect, Msg, Phase, Settings, WallTime};
use drs_tui::ops::{OutcomeKind, WriteAction, WriteOutcome};

pub fn job(id: &str, name: &str, status: &str, actions: &[&str]) -> Job {
    Job {
        id: id.into(),
        name: name.into(),
        status: status.into(),
        engine_type: "mysql-to-kafka".into(),
        job_type: "sync".into(),
        task_type: "FULL_INCR_TRANS".into(),
        create_time: "2026-10-02T14:31:07Z".into(),
        net_type: "vpc".into(),
        job_action: JobActions {
            available_actions: actions.iter().copied().collect(),
            unavailable_actions: Default::default(),
            current_action: Default::default(),
        },
        ..Job::default()
    }
}

/// Eight jobs: stopped (deletable), running (not deletable), failed, Chinese and emoji names.
pub fn jobs() -> Vec<Job> {
    vec![
        job(
            "dc6016cf-f3b6-4c2d-b4d7-5084b0fjb20r",
            "orders-sync-08",
            "RELEASE_RESOURCE_COMPLETE",
            &["DELETE", "CLONE"],
        ),
        job(
            "77b2c0aa-1111-4c2d-b4d7-5084b0f00001",
            "订单库同步-05",
            "CREATE_FAILED",
            &["DELETE"],
        ),
        job(
            "0b1d3e4f-2222-4c2d-b4d7-5084b0f00002",
            "orders-sync-00",
            "INCRE_TRANSFER_STARTED",
            &["STOP"],
        ),
        job(
            "41ce09f3-3333-4c2d-b4d7-5084b0f00003",
            "billing-cdc-02",
            "RELEASE_RESOURCE_COMPLETE",
            &["DELETE"],
        ),
        job(
            "9a7e11d2-4444-4c2d-b4d7-5084b0f00004",
            "orders-sync-19",
            "FULL_TRANSFER_STARTED",
            &["STOP"],
        ),
        job(
            "5e5e5e5e-5555-4c2d-b4d7-5084b0f00005",
            "库存🚀迁移",
            "RELEASE_RESOURCE_STARTED",
            &[],
        ),
        job(
            "6f6f6f6f-6666-4c2d-b4d7-5084b0f00006",
            "orders-sync-12",
            "RELEASE_RESOURCE_COMPLETE",
            &["DELETE"],
        ),
        job(
            "7a7a7a7a-7777-4c2d-b4d7-5084b0f00007",
            "payments-mig-01",
            "FULL_TRANSFER_FAILED",
            &["DELETE"],
        ),
    ]
}

/// The number of property-test cases: `PROPTEST_CASES` when set, else `default`.
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

pub fn settings() -> Settings {
    Settings {
        profile: "prod-cn".into(),
        region: "cn-north-4".into(),
        project_id: "0a1b2c3d4e5f60718293a4b5c6d7e8f9".into(),
        endpoint: "https://drs.cn-north-4.myhuaweicloud.com".into(),
        custom_endpoint: false,
        demo: false,
        read_only: false,
        protected: false,
        concurrency: 4,
        confirm_threshold: 10,
        ascii: false,
        no_color: false,
        auto_refresh: true,
        undo_grace_secs: 0,
        writes_disabled: None,
        regions: Vec::new(),
        profiles: vec!["prod-cn".into(), "staging".into()],
    }
}

/// The `ListComplete` of a listing that saw `jobs`.
pub fn complete(generation: u64, jobs: &[Job]) -> Msg {
    Msg::ListComplete {
        generation,
        ids: jobs.iter().map(|j| j.id.clone()).collect(),
        kept: Vec::new(),
    }
}

/// A `JobsPage` of `jobs`.
pub fn page(generation: u64, jobs: &[Job]) -> Msg {
    Msg::JobsPage {
        generation,
        total: jobs.len() as u64,
        job_type: JobType::Sync,
        jobs: jobs.iter().cloned().map(Arc::new).collect(),
    }
}

/// One turn of the real event loop: apply `msg`, draw a frame at the app's size and tell the app
/// what it showed (a modal's y/Enter counts only once the modal was seen whole).
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let effects = drs_tui::app::update(app, msg);
    draw(app);
    effects
}

type TestTerminal = ratatui::Terminal<ratatui::backend::TestBackend>;

thread_local! {
    /// One terminal per test thread, kept while frames keep its size.
    static TERMINAL: std::cell::RefCell<Option<TestTerminal>> = const { std::cell::RefCell::new(None) };
}

/// Renders a frame of `w`×`h` with `render` into a blank buffer and reads it with `read`. The
/// frame is rendered as on a terminal but not sent to one: the diff and the backend's copy,
/// which a test never reads, cost as much as the frame.
pub fn frame<R, D>(
    w: u16,
    h: u16,
    render: impl FnOnce(&mut ratatui::Frame) -> D,
    read: impl FnOnce(&ratatui::buffer::Buffer) -> R,
) -> (D, R) {
    TERMINAL.with(|cell| {
        let mut slot = cell.borrow_mut();
        let area = ratatui::layout::Rect::new(0, 0, w, h);
        if slot
            .as_ref()
            .is_none_or(|t| t.backend().buffer().area != area)
        {
            let backend = ratatui::backend::TestBackend::new(w, h);
            *slot = Some(ratatui::Terminal::new(backend).expect("test terminal"));
        }
        let t = slot.as_mut().expect("just made");
        t.current_buffer_mut().reset();
        let mut f = t.get_frame();
        let d = render(&mut f);
        let r = read(f.buffer_mut());
        (d, r)
    })
}

/// Draws a frame at the app's size and hands the app what it showed, as the event loop does.
pub fn draw(app: &mut App) {
    let _ = draw_and(app, |_| ());
}

/// [`draw`], and the frame as text (see [`screen_text`]).
pub fn draw_text(app: &mut App) -> String {
    draw_and(app, text_of).unwrap_or_default()
}

/// Draws a frame (none at a zero size), hands the app what it showed, and reads the frame
/// with `read`.
fn draw_and<R>(app: &mut App, read: impl FnOnce(&ratatui::buffer::Buffer) -> R) -> Option<R> {
    let size = app.size;
    if size.width == 0 || size.height == 0 {
        return None;
    }
    let (drawn, r) = frame(size.width, size.height, |f| drs_tui::ui::draw(app, f), read);
    drs_tui::app::update(app, Msg::Drawn(drawn));
    Some(r)
}

/// An app of `w`×`h` that has listed `jobs`.
pub fn app_with(settings: Settings, jobs: Vec<Job>, w: u16, h: u16) -> App {
    let mut app = App::new(settings, None);
    update(&mut app, Msg::Resize(w, h));
    let _ = app.start();
    listed_now(&mut app, &jobs);
    app
}

pub fn app() -> App {
    app_with(settings(), jobs(), 120, 32)
}

pub fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

pub fn code(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

pub fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

pub fn at() -> WallTime {
    time::macros::datetime!(2026-10-02 14:02:11 +08:00)
}

pub fn ok_answer() -> Answer<()> {
    Answer {
        value: (),
        status: 200,
        request_id: None,
        attempts: 1,
        throttles: 0,
    }
}

/// A write outcome of `kind` for `id` with no error.
pub fn outcome(id: &str, action: WriteAction, kind: OutcomeKind) -> WriteOutcome {
    WriteOutcome {
        job_id: id.into(),
        action,
        kind,
        http_status: (kind == OutcomeKind::Succeeded).then_some(200),
        error: None,
        request_id: None,
        attempts: u32::from(kind != OutcomeKind::Cancelled),
        throttles: 0,
        duration: std::time::Duration::ZERO,
        unrecorded: None,
    }
}

/// A delete answered 200.
pub fn deleted(id: &str) -> WriteOutcome {
    outcome(id, WriteAction::Delete, OutcomeKind::Succeeded)
}

/// A stop answered 200.
pub fn stopped(id: &str) -> WriteOutcome {
    outcome(
        id,
        WriteAction::Stop { force: false },
        OutcomeKind::Succeeded,
    )
}

/// A delete refused with 400 DRS.10000010.
pub fn delete_not_found(id: &str) -> WriteOutcome {
    WriteOutcome {
        http_status: Some(400),
        error: Some(not_found().error),
        ..outcome(id, WriteAction::Delete, OutcomeKind::Failed)
    }
}

/// A delete whose answer was lost and whose job a re-read still finds.
pub fn delete_unknown(id: &str) -> WriteOutcome {
    outcome(id, WriteAction::Delete, OutcomeKind::UnknownStillPresent)
}

pub fn delete_msg(id: &str, outcome: WriteOutcome) -> Msg {
    Msg::DeleteDone {
        job_id: id.into(),
        outcome,
        at: at(),
    }
}

pub fn not_found() -> Failure {
    Failure {
        error: ClientError::Api(ApiError {
            http_status: 400,
            error_code: "DRS.10000010".into(),
            error_msg: "Job does not exist, please check job ID.".into(),
            request_id: None,
        }),
        attempts: 1,
        ambiguous: false,
        throttles: 0,
    }
}

/// Selects the job with this name (moves from the top, in one burst of keys: one frame is
/// drawn once it is reached).
pub fn select(app: &mut App, name: &str) {
    let _ = drs_tui::app::update(app, code(KeyCode::Home));
    for _ in 0..app.table.shown() {
        if app.table.selected().is_some_and(|j| j.name == name) {
            draw(app);
            return;
        }
        let _ = drs_tui::app::update(app, key('j'));
    }
    panic!("no job named {name}");
}

pub fn type_text(app: &mut App, s: &str) {
    for c in s.chars() {
        update(app, key(c));
    }
}

/// `n` deletable jobs named `job-00`, `job-01`, …
pub fn many(n: usize) -> Vec<Job> {
    (0..n)
        .map(|i| {
            job(
                &format!("id-{i:03}"),
                &format!("job-{i:03}"),
                "RELEASE_RESOURCE_COMPLETE",
                &["DELETE"],
            )
        })
        .collect()
}

/// A delete refused with 400 for the job's state (not "does not exist").
pub fn delete_refused(id: &str) -> WriteOutcome {
    WriteOutcome {
        http_status: Some(400),
        error: Some(ClientError::Api(ApiError {
            http_status: 400,
            error_code: "DRS.10000011".into(),
            error_msg: "The job status does not allow this operation.".into(),
            request_id: None,
        })),
        ..outcome(id, WriteAction::Delete, OutcomeKind::Failed)
    }
}

/// The drawn buffer of `app` at its size. A frame that cannot be drawn fails the test (an
/// empty screen would pass every "does not contain" check): `render` panics.
pub fn buffer(app: &App) -> ratatui::buffer::Buffer {
    let (w, h) = (app.size.width, app.size.height);
    frame(w, h, |f| drs_tui::ui::render(app, f), Clone::clone).1
}

/// Draws `app` at its size and returns the screen as text, one line per row (a double-width
/// character's second cell is skipped, trailing blanks trimmed).
pub fn screen_text(app: &App) -> String {
    let (w, h) = (app.size.width, app.size.height);
    frame(w, h, |f| drs_tui::ui::render(app, f), text_of).1
}

/// A drawn buffer as text, one line per row (a double-width character's second cell is
/// skipped, trailing blanks trimmed).
fn text_of(buf: &ratatui::buffer::Buffer) -> String {
    use unicode_width::UnicodeWidthStr;
    let (w, h) = (buf.area.width, buf.area.height);
    let mut out = String::new();
    for y in 0..h {
        let mut skip = 0;
        let mut line = String::new();
        for x in 0..w {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let s = buf[(x, y)].symbol();
            skip = s.width().saturating_sub(1);
            line.push_str(s);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// [`settings`] with `change` made.
pub fn settings_with(change: impl FnOnce(&mut Settings)) -> Settings {
    let mut s = settings();
    change(&mut s);
    s
}

/// [`app`] with the job named `name` selected.
pub fn on(name: &str) -> App {
    let mut a = app();
    select(&mut a, name);
    a
}

/// Presses each character of `keys` in turn, a frame drawn after each; the last key's effects.
pub fn press(app: &mut App, keys: &str) -> Vec<Effect> {
    let mut effects = Vec::new();
    for c in keys.chars() {
        effects = update(app, key(c));
    }
    effects
}

/// Marks the jobs named `names`: each selected, then Space.
pub fn mark(app: &mut App, names: &[&str]) {
    for n in names {
        select(app, n);
        update(app, key(' '));
    }
}

/// Marks the jobs named `names`, then `d` and `y`: the effects of the confirmation.
pub fn confirm_delete(app: &mut App, names: &[&str]) -> Vec<Effect> {
    mark(app, names);
    press(app, "dy")
}

/// The worker's report that the write on `id` is in `phase`.
pub fn progress(id: &str, phase: Phase) -> Msg {
    Msg::OpProgress {
        job_id: id.into(),
        phase,
    }
}

/// A delete the worker cancelled before sending it.
pub fn cancelled(id: &str) -> WriteOutcome {
    outcome(id, WriteAction::Delete, OutcomeKind::Cancelled)
}

/// The answer to the stop of `id`.
pub fn stop_msg(id: &str, outcome: WriteOutcome) -> Msg {
    Msg::StopDone {
        job_id: id.into(),
        outcome,
        at: at(),
    }
}

/// [`app`] with the jobs named `names` marked.
pub fn marked(names: &[&str]) -> App {
    let mut a = app();
    mark(&mut a, names);
    a
}

/// `/`, `text`, Enter: the list filtered by `text`.
pub fn filter_by(app: &mut App, text: &str) {
    update(app, key('/'));
    type_text(app, text);
    update(app, code(KeyCode::Enter));
}

/// The id of [`jobs`]'s orders-sync-08 (stopped, deletable).
pub const ORDERS_08: &str = "dc6016cf-f3b6-4c2d-b4d7-5084b0fjb20r";
/// The id of [`jobs`]'s orders-sync-12 (stopped, deletable).
pub const ORDERS_12: &str = "6f6f6f6f-6666-4c2d-b4d7-5084b0f00006";
/// The id of [`jobs`]'s payments-mig-01 (failed, deletable).
pub const PAYMENTS_01: &str = "7a7a7a7a-7777-4c2d-b4d7-5084b0f00007";

/// The worker's answer to a delete: `outcome` for the job it names. The effects.
pub fn delete_answered(app: &mut App, outcome: WriteOutcome) -> Vec<Effect> {
    let id = outcome.job_id.clone();
    update(app, delete_msg(&id, outcome))
}

/// The answers to deleting orders-sync-08 (200) and orders-sync-12 (400, its state does not
/// allow it).
pub fn ok_08_refused_12(app: &mut App) {
    delete_answered(app, deleted(ORDERS_08));
    delete_answered(app, delete_refused(ORDERS_12));
}

/// An app of `w`×`h` that has listed [`jobs`], its [`settings`] changed by `change`.
pub fn app_set(w: u16, h: u16, change: impl FnOnce(&mut Settings)) -> App {
    app_with(settings_with(change), jobs(), w, h)
}

/// The project of `region` named `name` with this id, at the region's endpoint.
pub fn project(region: &str, name: &str, project_id: &str) -> ScopeId {
    ScopeId::intern(Scope {
        region: region.into(),
        project_id: project_id.into(),
        project_name: name.into(),
        endpoint: format!("https://drs.{region}.myhuaweicloud.com"),
    })
}

/// The main project of each of `regions`: named as its region, its id the region's letters and
/// digits padded with zeros.
pub fn region_scopes(regions: &[&str]) -> Vec<ScopeId> {
    regions
        .iter()
        .map(|r| project(r, r, &format!("{:0<32}", r.replace('-', ""))))
        .collect()
}

/// The worker's switch to all of `scopes` at once, with what is in force.
pub fn all_scopes(scopes: &[ScopeId], in_force: ScopeInForce) -> Msg {
    Msg::ScopesSet {
        scopes: scopes.to_vec(),
        label: format!("all ({} projects)", scopes.len()),
        in_force,
    }
}

/// The listing of the app's generation finds `jobs`: one page, then the end.
pub fn listed_now(app: &mut App, jobs: &[Job]) {
    let g = app.generation;
    update(app, page(g, jobs));
    update(app, complete(g, jobs));
}

/// How each project's listing of the app's generation went.
pub fn scope_states(app: &mut App, states: Vec<(ScopeId, ScopeListing)>) {
    let generation = app.generation;
    for (scope, state) in states {
        update(
            app,
            Msg::ScopeListing {
                generation,
                scope,
                state,
            },
        );
    }
}

/// An app of `w`×`h` switched to all of `scopes` (with `in_force`) that has listed [`jobs`],
/// the i-th in `scopes[i % n]`, and each project's listing as `states` says; the effects of
/// the switch.
pub fn app_over(
    scopes: &[ScopeId],
    in_force: ScopeInForce,
    (w, h): (u16, u16),
    states: Vec<ScopeListing>,
) -> (App, Vec<Effect>) {
    let mut jobs = jobs();
    for (i, j) in jobs.iter_mut().enumerate() {
        j.scope = scopes[i % scopes.len()];
    }
    let mut a = App::new(settings(), None);
    update(&mut a, Msg::Resize(w, h));
    let switched = update(&mut a, all_scopes(scopes, in_force));
    listed_now(&mut a, &jobs);
    scope_states(&mut a, scopes.iter().copied().zip(states).collect());
    (a, switched)
}

/// `:`, `line`, Enter: a command; the effects of Enter.
pub fn command(app: &mut App, line: &str) -> Vec<Effect> {
    update(app, key(':'));
    type_text(app, line);
    update(app, code(KeyCode::Enter))
}

/// Presses `c` (`y` or `Y`), which must ask for exactly one copy to the clipboard: its text.
pub fn copied(app: &mut App, c: char) -> String {
    let effects = update(app, key(c));
    let [Effect::Copy { text }] = effects.as_slice() else {
        panic!("{c}: {effects:?}");
    };
    text.clone()
}

/// [`copied`], read as JSON.
pub fn copied_json(app: &mut App, c: char) -> serde_json::Value {
    serde_json::from_str(&copied(app, c)).expect("JSON")
}

/// [`app`] with the jobs named `names` marked and their delete confirmed (`d`, `y`).
pub fn deleting(names: &[&str]) -> App {
    let mut a = marked(names);
    press(&mut a, "dy");
    a
}
