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
            no_color: s.no_color || std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
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
    let mut signals = Signals::install().context("installing signal handlers")?;
    let mut signal: Option<Signal> = None;
    let (tx, mut rx) = mpsc::unbounded_channel::<Msg>();
    if let Some(mut events) = events {
        let tx = tx.clone();
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
    let initial_scopes = opts.scopes.clone().map(|set| {
        let msg = Msg::ScopesSet {
            scopes: set.clients.iter().map(|(id, _)| *id).collect(),
            label: set.label.clone(),
            in_force: set.in_force.clone(),
        };
        (set, msg)
    });
    let mut app = App::new(opts.settings(), opts.job_type);
    let history_file = history_path();
    app.history = history_file
        .as_deref()
        .map(load_history)
        .unwrap_or_default();
    if let Some(why) = &app.settings.writes_disabled {
        app.status = Some(crate::tr!(MsgWritesDisabled, why));
    } else if !opts.warnings.is_empty() {
        app.status = Some(crate::sanitize::clean(&opts.warnings.join(" · ")));
    }

    let unsettled = opts
        .audit
        .as_ref()
        .ok()
        .and_then(|log| crate::modes::audit::unsettled_at_start(log.path()));

    let mut terminal = setup_terminal()?;
    let _restore = Restore;
    let size = terminal.size()?;
    update(&mut app, Msg::Resize(size.width, size.height));
    let first = match initial_scopes {
        Some((set, msg)) => {
            worker = worker.with_scopes(set);
            update(&mut app, msg)
        }
        None => app.start(),
    };
    for e in first {
        worker.run(e);
    }
    if let Some((count, damaged)) = unsettled {
        update(&mut app, Msg::Unsettled { count, damaged });
    }
    // Set once the shutdown starts: when to stop waiting, then when to stop for good.
    let mut drain_end: Option<Instant> = None;
    let mut abandon_end: Option<Instant> = None;

    let mut events = EventStream::new();
    let mut dirty = true;
    let mut last_draw: Option<Instant> = None;
    let mut next_tick: Option<Instant> = None;
    let mut detail_timer: Option<(String, Instant)> = None;
    let mut next_refresh = opts.auto_refresh.map(|d| Instant::now() + d);
    let mut was_listing = app.listing;

    while !app.quit {
        let now = Instant::now();
        if app.shutdown.is_some() {
            let end = *drain_end.get_or_insert(now + opts.shutdown_grace);
            if now >= end && abandon_end.is_none() {
                tracing::warn!("shutdown grace over; abandoning writes still waiting for answers");
                worker.abandon();
                abandon_end = Some(now + ABANDON_LIMIT);
            }
            if abandon_end.is_some_and(|t| now >= t) {
                tracing::error!("abandoned writes did not end in time; quitting");
                break;
            }
            let left = end.saturating_duration_since(now);
            let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
            if app.shutdown.as_ref().and_then(|s| s.secs_left) != Some(secs) {
                update(&mut app, Msg::ShutdownLeft { secs });
                dirty = true;
            }
        }
        // Arm the detail debounce whenever the selection lands on a job without detail.
        match app.detail_needed() {
            Some(id) if detail_timer.as_ref().is_none_or(|(t, _)| t != id) => {
                detail_timer = Some((id.to_owned(), now + DETAIL_DEBOUNCE));
            }
            None => detail_timer = None,
            _ => {}
        }
        if app.animating() {
            next_tick.get_or_insert(now + TICK);
        } else {
            next_tick = None;
        }
        if was_listing && !app.listing {
            next_refresh = opts.auto_refresh.map(|d| now + d);
        }
        was_listing = app.listing;
        if dirty && last_draw.is_none_or(|t| now >= t + FRAME) {
            let mut drawn = Drawn::default();
            terminal.draw(|f| drawn = crate::ui::draw(&app, f))?;
            // What the user saw decides what a confirming key may do; it changes nothing on
            // screen, so it does not ask for another frame.
            let _ = update(&mut app, Msg::Drawn(drawn));
            dirty = false;
            last_draw = Some(now);
        }
        let frame_due = dirty.then(|| last_draw.map_or(now, |t| t + FRAME));
        let refresh_due = next_refresh.filter(|_| !app.listing);
        let deadline = [
            frame_due,
            next_tick,
            detail_timer.as_ref().map(|t| t.1),
            refresh_due,
            // Past its end the drain deadline has done its work (it would only spin the loop).
            drain_end.filter(|_| abandon_end.is_none()),
            abandon_end,
        ]
        .into_iter()
        .flatten()
        .min();

        let mut msgs = Vec::new();
        tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(e)) => msgs.extend(event_msg(e)),
                Some(Err(e)) => return Err(e).context("reading terminal input"),
                None => break,
            },
            Some(m) = rx.recv() => {
                msgs.push(m);
                // Coalesce a burst of worker messages into one frame.
                while let Ok(m) = rx.try_recv() {
                    msgs.push(m);
                    if msgs.len() >= 256 { break; }
                }
            },
            _ = sleep_until_opt(deadline) => {},
            sig = signals.recv() => {
                if signal.is_some() || app.shutdown.is_some() {
                    // Asked again: stop waiting now.
                    drain_end = Some(Instant::now());
                }
                signal.get_or_insert(sig);
                msgs.push(Msg::ShutdownRequested { reason: crate::tr!(SigReceived, sig.name()) });
            },
        }
        let now = Instant::now();
        if next_tick.is_some_and(|t| now >= t) {
            msgs.push(Msg::Tick);
            next_tick = Some(now + TICK);
        }
        if let Some((id, at)) = detail_timer.clone()
            && now >= at
        {
            msgs.push(Msg::DetailDue { job_id: id });
            detail_timer = None;
        }
        if refresh_due.is_some_and(|t| now >= t) {
            msgs.push(Msg::RefreshDue);
            next_refresh = opts.auto_refresh.map(|d| now + d);
        }
        for m in msgs {
            if let Msg::Resize(..) = m {
                terminal.autoresize()?;
            }
            for e in update(&mut app, m) {
                if e == Effect::Quit {
                    app.quit = true;
                } else if let Effect::Copy { text } = &e {
                    copy(text);
                } else {
                    worker.run(e);
                }
            }
            dirty = true;
        }
    }
    drop(terminal);
    restore_terminal();
    if app.history_dirty
        && let Some(path) = &history_file
        && let Err(e) = save_history(path, &app.history)
    {
        tracing::warn!(path = %path.display(), "command history not saved: {e}");
    }
    // The outcomes that arrived since the shutdown began (the log iterates newest first).
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
    Ok(TuiExit {
        signal,
        lines,
        interrupted,
        unrecorded: std::mem::take(&mut app.unrecorded),
    })
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

/// Where `:` command lines are kept between sessions.
fn history_path() -> Option<std::path::PathBuf> {
    crate::config::state_dir().map(|d| d.join("command-history"))
}

/// The saved command lines, oldest first; none when the file is missing or unreadable.
fn load_history(path: &std::path::Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let mut lines: Vec<String> = text
        .lines()
        .map(crate::sanitize::clean)
        .filter(|l| !l.trim().is_empty())
        .collect();
    let over = lines
        .len()
        .saturating_sub(crate::app::command_line::MAX_HISTORY);
    lines.drain(..over);
    lines
}

/// Saves the command lines (private to the user: they may name projects).
fn save_history(path: &std::path::Path, lines: &[String]) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut text = lines.join("\n");
    text.push('\n');
    let tmp = path.with_extension("tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    {
        use std::io::Write as _;
        let mut f = options.open(&tmp)?;
        f.write_all(text.as_bytes())?;
    }
    std::fs::rename(&tmp, path)
}
