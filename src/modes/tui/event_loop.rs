//! Terminal setup and restore, and the event loop: `select!` over terminal input, worker
//! messages, signals and a timer that runs only while something animates or is due.

use std::io::{self, Stdout};
use std::time::Duration;

use anyhow::Context as _;
use crossterm::event::{
    DisableMouseCapture, EnableMouseCapture, Event, EventStream, KeyEventKind, MouseEventKind,
};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use futures::StreamExt as _;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::api::{ClientEvent, DrsClient, JobType};
use crate::app::{App, Effect, Msg, Settings, update};
use crate::audit::{AuditContext, AuditLog};
use crate::layout::Drawn;
use crate::modes::tui::history;
use crate::ops::Writer;
use crate::shutdown::{Signal, Signals};
use crate::worker::{Worker, local_offset};

/// The selection must rest this long before its detail is fetched.
pub const DETAIL_DEBOUNCE: Duration = Duration::from_millis(250);
/// At most one frame per this interval.
pub const FRAME: Duration = Duration::from_millis(16);
/// Spinner step while something animates.
pub const TICK: Duration = Duration::from_millis(100);

/// Switches the scope at run time (`Effect::SetScope`): see [`crate::worker::ScopeResolver`].
#[derive(Clone)]
pub struct Resolver(pub crate::worker::ScopeResolver);

impl std::fmt::Debug for Resolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Resolver")
    }
}

/// What `run` needs: the app's settings plus what only the event loop and the worker use.
#[derive(Debug)]
pub struct TuiOptions {
    /// What the app shows and enforces (profile, badges, confirmation rules, undo window…).
    /// `auto_refresh` and `writes_disabled` are derived from the fields below.
    pub settings: Settings,
    /// Auto-refresh period; `None` turns it off (default 30 s).
    pub auto_refresh: Option<Duration>,
    /// Initial job type; `None` lists all types.
    pub job_type: Option<JobType>,
    /// The audit trail every write is recorded in, or why it cannot be written (writes are
    /// then disabled, and the header and status line say why).
    pub audit: Result<AuditLog, String>,
    /// What intent records say about where writes go.
    pub audit_context: AuditContext,
    /// After a signal or quitting with requests in flight: how long their answers may take.
    pub shutdown_grace: Duration,
    /// How long after its intent a write's answer may still arrive (`U` waits that long).
    pub settle_window: Duration,
    /// What resolving the settings found worth saying: shown in the status line.
    pub warnings: Vec<String>,
    /// The projects to cover from the start (`--regions`); `None`: the client's one.
    pub scopes: Option<crate::worker::ScopeSet>,
    /// How `:region`, `:project` and `:profile` find their projects; `None`: refused.
    pub resolver: Option<Resolver>,
}

/// How the TUI ended, for what is printed after the terminal is restored and the exit code.
#[derive(Debug, Default)]
pub struct TuiExit {
    /// The signal that ended it, if one did.
    pub signal: Option<Signal>,
    /// Outcome lines of the writes that ended during the shutdown, oldest first.
    pub lines: Vec<String>,
    /// Outcome records the audit log could not take (JSON, with why).
    pub unrecorded: Vec<String>,
    /// Writes that were still unanswered when the grace period ended (recorded interrupted).
    pub interrupted: usize,
}

/// After the grace period, abandoned writes get this long to record their outcomes.
const ABANDON_LIMIT: Duration = Duration::from_secs(3);

impl Default for TuiOptions {
    fn default() -> Self {
        TuiOptions {
            settings: Settings {
                profile: "default".into(),
                concurrency: crate::config::defaults::CONCURRENCY,
                confirm_threshold: crate::config::defaults::CONFIRM_THRESHOLD,
                undo_grace_secs: crate::config::defaults::UNDO_GRACE_SECS,
                ..Settings::default()
            },
            auto_refresh: Some(crate::config::defaults::AUTO_REFRESH),
            job_type: None,
            audit: Err("no audit log configured".into()),
            audit_context: AuditContext::default(),
            shutdown_grace: crate::shutdown::DEFAULT_GRACE,
            settle_window: crate::api::RetryPolicy::default().request_timeout
                + crate::shutdown::DEFAULT_GRACE,
            warnings: Vec::new(),
            scopes: None,
            resolver: None,
        }
    }
}

impl TuiOptions {
    /// The app's settings, with what is derived from the options filled in.
    pub fn settings(&self) -> Settings {
        let s = &self.settings;
        Settings {
            concurrency: s.concurrency.max(1),
            auto_refresh: self.auto_refresh.is_some(),
            // Kept even for a read-only profile: `:profile` may switch to a writable one.
            writes_disabled: self.audit.as_ref().err().cloned(),
            ..s.clone()
        }
    }
}

type Term = Terminal<CrosstermBackend<Stdout>>;

/// Puts the terminal back: main screen, cooked mode, no mouse capture, visible cursor.
/// Safe to call more than once.
pub fn restore_terminal() {
    let _ = disable_raw_mode();
    let _ = crossterm::execute!(
        io::stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

/// Restores the terminal when dropped (early returns and errors included).
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        restore_terminal();
    }
}

fn setup_terminal() -> anyhow::Result<Term> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
    enable_raw_mode().context("cannot switch the terminal to raw mode")?;
    crossterm::execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        crossterm::cursor::Hide
    )
    .context("cannot set up the terminal")?;
    let mut t = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    t.clear()?;
    Ok(t)
}

/// Turns a terminal event into a message; `None` for events nobody needs to redraw for.
fn event_msg(e: Event) -> Option<Msg> {
    match e {
        Event::Key(k) if k.kind != KeyEventKind::Release => Some(Msg::Key(k)),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Moved | MouseEventKind::Drag(_) | MouseEventKind::Up(_) => None,
            _ => Some(Msg::Mouse(m)),
        },
        Event::Resize(w, h) => Some(Msg::Resize(w, h)),
        _ => None,
    }
}

/// Opens the TUI on the current terminal and runs it until the user quits or a SIGTERM, SIGHUP
/// or SIGINT arrives; either way, writes already sent get `opts.shutdown_grace` to be answered
/// (counted down on screen) and every outcome is recorded. The terminal is restored on every
/// way out, panics included. `events` is the receiving end of the channel the client reports
/// throttling on (see [`DrsClient::new`]).
pub async fn run(
    client: DrsClient,
    events: Option<mpsc::UnboundedReceiver<ClientEvent>>,
    opts: TuiOptions,
) -> anyhow::Result<TuiExit> {
    let signals = Signals::install().context("installing signal handlers")?;
    let (tx, rx) = mpsc::unbounded_channel::<Msg>();
    if let Some(events) = events {
        forward_throttling(events, tx.clone());
    }
    let (mut worker, scopes_msg) = new_worker(client, tx, &opts);
    let history_file = history::path();
    let mut app = new_app(&opts, history_file.as_deref());
    let unsettled = opts
        .audit
        .as_ref()
        .ok()
        .and_then(|log| crate::modes::audit::unsettled_at_start(log.path()));

    let mut terminal = setup_terminal()?;
    let _restore = Restore;
    let size = terminal.size()?;
    update(&mut app, Msg::Clock(wall_clock()));
    update(&mut app, Msg::Resize(size.width, size.height));
    let first = match scopes_msg {
        Some(msg) => update(&mut app, msg),
        None => app.start(),
    };
    for e in first {
        worker.run(e);
    }
    if let Some((count, damaged)) = unsettled {
        update(&mut app, Msg::Unsettled { count, damaged });
    }
    let mut inputs = Inputs {
        events: EventStream::new(),
        rx,
        signals,
    };
    let mut turn = Turn {
        app: &mut app,
        worker: &mut worker,
        terminal: &mut terminal,
        opts: &opts,
    };
    let signal = event_loop(&mut turn, &mut inputs).await?;
    drop(terminal);
    restore_terminal();
    if app.history_dirty
        && let Some(path) = &history_file
        && let Err(e) = history::save(path, &app.history)
    {
        tracing::warn!(path = %path.display(), "command history not saved: {e}");
    }
    Ok(tui_exit(&mut app, signal))
}

/// Passes the client's throttling reports on to the app (while it listens).
fn forward_throttling(mut events: mpsc::UnboundedReceiver<ClientEvent>, tx: Sender) {
    tokio::spawn(async move {
        while let Some(ClientEvent::Throttled { retry_in }) = events.recv().await {
            let secs = retry_in.as_secs() + u64::from(retry_in.subsec_nanos() > 0);
            if tx
                .send(Msg::Throttled {
                    retry_in_secs: secs,
                })
                .is_err()
            {
                break;
            }
        }
    });
}

/// The worker (writing through the audit log, when there is one), covering the projects of
/// `--regions` if given, with the message that tells the app about them.
fn new_worker(client: DrsClient, tx: Sender, opts: &TuiOptions) -> (Worker, Option<Msg>) {
    let writer = opts.audit.clone().map(|log| {
        Writer::new(
            client.clone(),
            Some(log),
            opts.audit_context.clone(),
            opts.settings.concurrency,
        )
        .with_settle_rules(opts.settle_window, opts.settings.demo)
    });
    let mut worker = Worker::new(client, writer, tx)
        .with_offset(local_offset())
        .with_grace(Duration::from_secs(opts.settings.undo_grace_secs));
    if let Some(r) = &opts.resolver {
        worker = worker.with_resolver(r.0.clone());
    }
    let Some(set) = opts.scopes.clone() else {
        return (worker, None);
    };
    let msg = Msg::ScopesSet {
        scopes: set.clients.iter().map(|(id, _)| *id).collect(),
        label: set.label.clone(),
        in_force: set.in_force.clone(),
    };
    (worker.with_scopes(set), Some(msg))
}

/// The app as it opens: the saved command history, and why writes are off or what the
/// settings warned about in the status line.
fn new_app(opts: &TuiOptions, history_file: Option<&std::path::Path>) -> App {
    let mut app = App::new(opts.settings(), opts.job_type);
    let (history, refused) = history_file.map(history::load).unwrap_or_default();
    app.history = history;
    let warnings: Vec<&String> = opts.warnings.iter().chain(&refused).collect();
    if let Some(why) = &app.settings.writes_disabled {
        app.status = Some(crate::tr!(MsgWritesDisabled, why));
    } else if !warnings.is_empty() {
        let joined: Vec<&str> = warnings.iter().map(|w| w.as_str()).collect();
        app.status = Some(crate::sanitize::clean(&joined.join(" · ")));
    }
    app
}

type Sender = mpsc::UnboundedSender<Msg>;

/// The wall-clock time now, in the local offset (read once: `date` is asked).
fn wall_clock() -> crate::app::WallTime {
    static OFFSET: std::sync::OnceLock<time::UtcOffset> = std::sync::OnceLock::new();
    let offset = *OFFSET.get_or_init(local_offset);
    time::OffsetDateTime::now_utc().to_offset(offset)
}

/// What the loop works on each turn.
struct Turn<'a> {
    app: &'a mut App,
    worker: &'a mut Worker,
    terminal: &'a mut Term,
    opts: &'a TuiOptions,
}

/// Where the loop's messages come from: terminal input, the worker, signals.
struct Inputs {
    events: EventStream,
    rx: mpsc::UnboundedReceiver<Msg>,
    signals: Signals,
}

/// The loop's timers and what it remembers between turns.
struct Timers {
    /// The screen is behind the app's state.
    dirty: bool,
    last_draw: Option<Instant>,
    /// The next spinner step, while something animates.
    next_tick: Option<Instant>,
    /// The job whose detail is fetched once the selection rests on it until then.
    detail_timer: Option<(String, Instant)>,
    next_refresh: Option<Instant>,
    was_listing: bool,
    /// Set once the shutdown starts: when to stop waiting, then when to stop for good.
    drain_end: Option<Instant>,
    abandon_end: Option<Instant>,
    /// The signal that asked for the shutdown, if one did.
    signal: Option<Signal>,
}

/// Runs turns until the app quits, the terminal input ends or the abandoned writes run out of
/// time; the signal that ended it, if one did.
async fn event_loop(turn: &mut Turn<'_>, inputs: &mut Inputs) -> anyhow::Result<Option<Signal>> {
    let mut t = Timers {
        dirty: true,
        last_draw: None,
        next_tick: None,
        detail_timer: None,
        next_refresh: turn.opts.auto_refresh.map(|d| Instant::now() + d),
        was_listing: turn.app.listing,
        drain_end: None,
        abandon_end: None,
        signal: None,
    };
    while !turn.app.quit {
        let now = Instant::now();
        if turn.app.shutdown.is_some() && !t.drain(turn, now) {
            break;
        }
        t.arm(turn.app, turn.opts, now);
        t.draw(turn, now)?;
        let deadline = t.deadline(turn.app, now);
        let Some(mut msgs) = inputs.wait(deadline, &mut t, turn.app).await? else {
            break;
        };
        t.due(turn.app, turn.opts, Instant::now(), &mut msgs);
        t.dirty |= !msgs.is_empty();
        if !msgs.is_empty() {
            // The time the turn's messages are stamped with (the app reads no clock).
            msgs.insert(0, Msg::Clock(wall_clock()));
        }
        turn.apply(msgs)?;
    }
    Ok(t.signal)
}

impl Timers {
    /// The shutdown's countdown: starts the grace period, abandons the writes still waiting
    /// when it ends, and says how long is left. `false` once the abandoned writes ran out of
    /// time too (stop now).
    fn drain(&mut self, turn: &mut Turn<'_>, now: Instant) -> bool {
        let end = *self.drain_end.get_or_insert(now + turn.opts.shutdown_grace);
        if now >= end && self.abandon_end.is_none() {
            tracing::warn!("shutdown grace over; abandoning writes still waiting for answers");
            turn.worker.abandon();
            self.abandon_end = Some(now + ABANDON_LIMIT);
        }
        if self.abandon_end.is_some_and(|t| now >= t) {
            tracing::error!("abandoned writes did not end in time; quitting");
            return false;
        }
        let left = end.saturating_duration_since(now);
        let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
        if turn.app.shutdown.as_ref().and_then(|s| s.secs_left) != Some(secs) {
            update(turn.app, Msg::ShutdownLeft { secs });
            self.dirty = true;
        }
        true
    }

    /// Arms the timers the app's state asks for: the detail debounce whenever the selection
    /// lands on a job without detail, the spinner while something animates, and the next
    /// auto-refresh once a listing ends.
    fn arm(&mut self, app: &App, opts: &TuiOptions, now: Instant) {
        match app.detail_needed() {
            Some(id) if self.detail_timer.as_ref().is_none_or(|(t, _)| t != id) => {
                self.detail_timer = Some((id.to_owned(), now + DETAIL_DEBOUNCE));
            }
            None => self.detail_timer = None,
            _ => {}
        }
        if app.animating() {
            self.next_tick.get_or_insert(now + TICK);
        } else {
            self.next_tick = None;
        }
        if self.was_listing && !app.listing {
            self.next_refresh = opts.auto_refresh.map(|d| now + d);
            // The listing's temporary blocks are freed by now: give their pages back (≈8 ms
            // at 100,000 jobs, off the loop's thread).
            tokio::task::spawn_blocking(super::memory::release_free_memory);
        }
        self.was_listing = app.listing;
    }

    /// Draws a frame if the screen is behind and the last frame is at least [`FRAME`] old.
    fn draw(&mut self, turn: &mut Turn<'_>, now: Instant) -> anyhow::Result<()> {
        if self.dirty && self.last_draw.is_none_or(|t| now >= t + FRAME) {
            let mut drawn = Drawn::default();
            turn.terminal
                .draw(|f| drawn = crate::ui::draw(turn.app, f))?;
            // What the user saw decides what a confirming key may do; it changes nothing on
            // screen, so it does not ask for another frame.
            let _ = update(turn.app, Msg::Drawn(drawn));
            self.dirty = false;
            self.last_draw = Some(now);
        }
        Ok(())
    }

    /// The auto-refresh's time, unless a listing is in flight.
    fn refresh_due(&self, app: &App) -> Option<Instant> {
        self.next_refresh.filter(|_| !app.listing)
    }

    /// The earliest of the armed timers: when the loop must wake without any input.
    fn deadline(&self, app: &App, now: Instant) -> Option<Instant> {
        let frame_due = self
            .dirty
            .then(|| self.last_draw.map_or(now, |t| t + FRAME));
        [
            frame_due,
            self.next_tick,
            self.detail_timer.as_ref().map(|t| t.1),
            self.refresh_due(app),
            // Past its end the drain deadline has done its work (it would only spin the loop).
            self.drain_end.filter(|_| self.abandon_end.is_none()),
            self.abandon_end,
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// The messages of the timers that are due at `now` (each re-armed or disarmed).
    fn due(&mut self, app: &App, opts: &TuiOptions, now: Instant, msgs: &mut Vec<Msg>) {
        if self.next_tick.is_some_and(|t| now >= t) {
            msgs.push(Msg::Tick);
            self.next_tick = Some(now + TICK);
        }
        if let Some((id, at)) = self.detail_timer.clone()
            && now >= at
        {
            msgs.push(Msg::DetailDue { job_id: id });
            self.detail_timer = None;
        }
        if self.refresh_due(app).is_some_and(|t| now >= t) {
            msgs.push(Msg::RefreshDue);
            self.next_refresh = opts.auto_refresh.map(|d| now + d);
        }
    }
}

impl Inputs {
    /// Waits for terminal input, worker messages (a burst coalesced into one frame), a signal
    /// or `deadline`. `None` when the terminal input has ended.
    async fn wait(
        &mut self,
        deadline: Option<Instant>,
        t: &mut Timers,
        app: &App,
    ) -> anyhow::Result<Option<Vec<Msg>>> {
        let mut msgs = Vec::new();
        tokio::select! {
            ev = self.events.next() => match ev {
                Some(Ok(e)) => msgs.extend(event_msg(e)),
                Some(Err(e)) => return Err(e).context("reading terminal input"),
                None => return Ok(None),
            },
            Some(m) = self.rx.recv() => {
                msgs.push(m);
                while let Ok(m) = self.rx.try_recv() {
                    msgs.push(m);
                    if msgs.len() >= 256 { break; }
                }
            },
            _ = sleep_until_opt(deadline) => {},
            sig = self.signals.recv() => {
                if t.signal.is_some() || app.shutdown.is_some() {
                    // Asked again: stop waiting now.
                    t.drain_end = Some(Instant::now());
                }
                t.signal.get_or_insert(sig);
                msgs.push(Msg::ShutdownRequested { reason: crate::tr!(SigReceived, sig.name()) });
            },
        }
        Ok(Some(msgs))
    }
}

impl Turn<'_> {
    /// Feeds `msgs` to the app and carries out its effects: quitting, copying, and the rest
    /// through the worker.
    fn apply(&mut self, msgs: Vec<Msg>) -> anyhow::Result<()> {
        for m in msgs {
            if let Msg::Resize(..) = m {
                self.terminal.autoresize()?;
            }
            for e in update(self.app, m) {
                if e == Effect::Quit {
                    self.app.quit = true;
                } else if let Effect::Copy { text } = &e {
                    copy(text);
                } else {
                    self.worker.run(e);
                }
            }
        }
        Ok(())
    }
}

/// How the TUI ended: the outcomes that arrived since the shutdown began, oldest first.
fn tui_exit(app: &mut App, signal: Option<Signal>) -> TuiExit {
    // The outcome log iterates newest first.
    let since = app
        .shutdown
        .as_ref()
        .map_or(0, |s| app.outcomes.seen().saturating_sub(s.outcomes_before));
    let ended: Vec<_> = app.outcomes.iter().take(since).collect();
    let lines = ended
        .iter()
        .rev()
        .map(|o| format!("{} {} ({}): {}", o.verb, o.name, o.id, o.text))
        .collect();
    let interrupted = ended
        .iter()
        .filter(|o| o.kind == crate::ops::OutcomeKind::Interrupted)
        .count();
    TuiExit {
        signal,
        lines,
        interrupted,
        unrecorded: std::mem::take(&mut app.unrecorded),
    }
}

/// Sends the OSC 52 copy sequence to the terminal (between frames, so it never splits one).
fn copy(text: &str) {
    use std::io::Write;
    let mut out = io::stdout();
    if let Err(e) = out
        .write_all(crate::clipboard::osc52(text).as_bytes())
        .and_then(|()| out.flush())
    {
        tracing::warn!("copy to the clipboard failed: {e}");
    }
}

async fn sleep_until_opt(t: Option<Instant>) {
    match t {
        Some(t) => tokio::time::sleep_until(t).await,
        None => std::future::pending().await,
    }
}
