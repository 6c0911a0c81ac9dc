//! Drives the real `drs-tui` binary in a pseudo-terminal and reads its screen with vt100.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use drs_tui::api::Job;
use drs_tui::demo::{self, DemoServer, project_id_of};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// The binary under test.
pub use super::bin::BIN;
use super::regions::{REGIONS, all_regions_args, jobs_of};
use super::service::{deletes_sent, top_level_job};

/// How long the helpers wait for a screen by default.
pub const LONG: Duration = Duration::from_secs(20);

/// After a key, the longest wait for the program to answer with output: a key that changes
/// nothing on screen draws nothing, and the next key may then go.
const KEY_ANSWER: Duration = Duration::from_millis(60);

/// A running TUI in a PTY.
pub struct Tui {
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    /// Set once the reader has seen the end of the program's output.
    closed: Arc<AtomicBool>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Tui {
    /// Starts the binary with `args` and `env` (on top of a clean environment whose HOME is
    /// `home`) in a `cols`×`rows` terminal.
    pub fn spawn(home: &Path, args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Tui {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("pty");
        let mut cmd = CommandBuilder::new(BIN);
        cmd.env_clear();
        cmd.env("HOME", home);
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("XDG_STATE_HOME", home.join("state"));
        cmd.env("PATH", std::env::var("PATH").unwrap_or_default());
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.args(args);
        cmd.cwd(home);
        let child = pair.slave.spawn_command(cmd).expect("spawn");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = Arc::new(Mutex::new(pair.master.take_writer().expect("writer")));
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(rows).expect("rows > 0"),
            std::num::NonZeroU16::new(cols).expect("cols > 0"),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let closed = Arc::new(AtomicBool::new(false));
        {
            let parser = parser.clone();
            let raw = raw.clone();
            let closed = closed.clone();
            let answer = writer.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                loop {
                    match reader.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            // Answer cursor-position queries (CSI 6n) as a real terminal does.
                            let queries = buf[..n].windows(4).filter(|w| w == b"\x1b[6n").count();
                            if let Ok(mut p) = parser.lock() {
                                p.process(&buf[..n]);
                                if queries > 0 {
                                    let (row, col) = p.screen().cursor_position();
                                    if let Ok(mut w) = answer.lock() {
                                        for _ in 0..queries {
                                            let _ = write!(w, "\x1b[{};{}R", row + 1, col + 1);
                                        }
                                        let _ = w.flush();
                                    }
                                }
                            }
                            if let Ok(mut r) = raw.lock() {
                                r.extend_from_slice(&buf[..n]);
                            }
                        }
                    }
                }
                closed.store(true, Ordering::Release);
            });
        }
        Tui {
            parser,
            raw,
            closed,
            writer,
            child,
            _master: pair.master,
        }
    }

    /// The screen's text now.
    pub fn screen(&self) -> String {
        self.parser
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    /// How many bytes the program wrote to the terminal so far.
    fn written(&self) -> usize {
        self.raw.lock().map(|r| r.len()).unwrap_or_default()
    }

    /// Waits until the program writes past `before` bytes, at most `cap`.
    fn answered(&self, before: usize, cap: Duration) {
        let end = Instant::now() + cap;
        while self.written() <= before && Instant::now() < end {
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// Everything the program wrote to the terminal so far.
    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// Whether the alternate screen is active.
    pub fn alternate_screen(&self) -> bool {
        self.parser
            .lock()
            .map(|p| p.screen().alternate_screen())
            .unwrap_or(false)
    }

    /// Whether the cursor is hidden.
    pub fn cursor_hidden(&self) -> bool {
        self.parser
            .lock()
            .map(|p| p.screen().hide_cursor())
            .unwrap_or(false)
    }

    /// Waits until `pred` holds for the screen, or panics with the screen after `timeout`. The
    /// screen is taken whole: once `pred` holds, it must still hold after the program has
    /// written nothing for a moment (a screen read mid-frame holds only part of the frame).
    pub fn wait_for(&self, what: &str, timeout: Duration, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let s = self.screen();
            if pred(&s) {
                let n = self.written();
                std::thread::sleep(Duration::from_millis(10));
                if self.written() == n {
                    let s = self.screen();
                    if pred(&s) {
                        return s;
                    }
                }
                continue;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Waits for `needle` on screen ([`LONG`]).
    pub fn wait_text(&self, needle: &str) -> String {
        self.wait_for(needle, LONG, |s| s.contains(needle))
    }

    /// Sends raw bytes (keys), then waits until the program answers with output (a frame), at
    /// most [`KEY_ANSWER`]: the next key then reaches it in a read of its own, as a person's
    /// would (an Esc followed at once by `/` would read as Alt-/).
    pub fn send(&mut self, bytes: &[u8]) {
        let before = self.written();
        {
            let mut w = self.writer.lock().expect("writer lock");
            w.write_all(bytes).expect("write to pty");
            w.flush().expect("flush");
        }
        self.answered(before, KEY_ANSWER);
        if bytes == keys::ESC {
            // A lone Esc is read as Esc only when no other byte comes in the same read: the
            // output seen may still be an earlier key's frame, so give the read a moment.
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Types text.
    pub fn type_text(&mut self, text: &str) {
        self.send(text.as_bytes());
    }

    /// Waits (bounded) for the process to exit; its exit code.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<u32> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                // Let the reader thread drain the last bytes (it sees the end of the output).
                let drained = Instant::now() + Duration::from_secs(2);
                while !self.closed.load(Ordering::Acquire) && Instant::now() < drained {
                    std::thread::sleep(Duration::from_millis(2));
                }
                return Some(status.exit_code());
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Resizes the terminal (the program gets SIGWINCH, as when a window is resized).
    pub fn resize(&mut self, cols: u16, rows: u16) {
        let before = self.written();
        self.parser
            .lock()
            .expect("parser lock")
            .screen_mut()
            .set_size(
                std::num::NonZeroU16::new(rows).expect("rows > 0"),
                std::num::NonZeroU16::new(cols).expect("cols > 0"),
            );
        self._master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("pty resize");
        // The program redraws at the new size.
        self.answered(before, Duration::from_millis(500));
    }

    /// The child's pid.
    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }
}

/// The TUI against a demo server: how [`Tui::against`] starts it.
pub struct Against<'a> {
    /// Arguments after the standard ones.
    pub extra: &'a [&'a str],
    /// Environment on top of the clean one (the demo token unless `token` is false).
    pub env: &'a [(&'a str, &'a str)],
    /// Whether `DRS_TUI_TOKEN` carries the demo token.
    pub token: bool,
    /// Terminal size.
    pub cols: u16,
    /// Terminal size.
    pub rows: u16,
}

impl Default for Against<'_> {
    fn default() -> Self {
        Against {
            extra: &[],
            env: &[],
            token: true,
            cols: 160,
            rows: 45,
        }
    }
}

impl Against<'_> {
    /// The default start in a `cols`×`rows` terminal.
    pub fn sized(cols: u16, rows: u16) -> Self {
        Against {
            cols,
            rows,
            ..Against::default()
        }
    }
}

impl Tui {
    /// The TUI against `server` at 160x45 with the demo token, its log (`tui.log`) and audit
    /// trail (`audit.jsonl`) in `home`, no undo window unless `extra` gives `--undo-grace`, and
    /// `--endpoint`/`--project-id` of the server unless `extra` names a `--region`.
    pub fn against(server: &DemoServer, home: &Path, extra: &[&str]) -> Tui {
        Tui::against_with(
            server,
            home,
            Against {
                extra,
                ..Against::default()
            },
        )
    }

    /// [`Tui::against`] with other environment or size.
    pub fn against_with(server: &DemoServer, home: &Path, how: Against<'_>) -> Tui {
        let log = home.join("tui.log").display().to_string();
        let audit = home.join("audit.jsonl").display().to_string();
        let base = server.base_url();
        let mut args = vec!["--log-file", &log, "--audit-log", &audit];
        if !how.extra.contains(&"--region") {
            args.extend(["--endpoint", &base, "--project-id", demo::DEMO_PROJECT_ID]);
        }
        if !how.extra.contains(&"--undo-grace") {
            args.extend(["--undo-grace", "0"]);
        }
        args.extend(how.extra);
        let mut env = Vec::new();
        if how.token {
            env.push(("DRS_TUI_TOKEN", demo::DEMO_TOKEN));
        }
        env.extend_from_slice(how.env);
        Tui::spawn(home, &args, &env, how.cols, how.rows)
    }

    /// `q`, and the program exits with 0 `within` this time.
    pub fn quit(&mut self, within: Duration) {
        self.send(b"q");
        assert_eq!(self.wait_exit(within), Some(0), "q quits");
    }

    /// Waits for the first listing of all of `server`'s jobs (`jobs N/N` in the header).
    pub fn loaded(&self, server: &DemoServer) -> String {
        let n = server.state.job_ids().len();
        self.wait_for("the job list", LONG, |s| {
            s.contains(&format!("jobs {n}/{n}"))
        })
    }

    /// `/`, `text`, Enter: the list filtered by `text` (names, statuses and ids match).
    pub fn filter(&mut self, text: &str) {
        self.send(b"/");
        self.type_text(text);
        self.send(keys::ENTER);
    }

    /// Filters the list down to `job` by its id and waits for the one row (`jobs 1/`).
    pub fn filter_to(&mut self, job: &Job) -> String {
        self.filter(&job.id);
        self.wait_for("the filtered job", LONG, |s| s.contains("jobs 1/"))
    }

    /// `:`, `line`, Enter: a command.
    pub fn command(&mut self, line: &str) {
        self.send(b":");
        self.type_text(line);
        self.send(keys::ENTER);
    }

    /// Filters the list to the ended jobs (`RELEASE_RESOURCE_COMPLETE`, all deletable), marks
    /// the first `n` rows and presses `d`.
    pub fn mark_ended_and_delete(&mut self, n: usize) {
        self.filter("RELEASE_RESOURCE_COMPLETE");
        self.wait_text("filter: RELEASE_RESOURCE");
        for _ in 0..n {
            self.send(b" ");
            self.send(b"j");
        }
        self.send(b"d");
    }

    /// Filters the list down to `job` by its id (the filter matches ids too).
    pub fn select(&mut self, job: &Job) -> String {
        self.filter(&job.id);
        let name = shown_name(job);
        self.wait_for("the filtered job", LONG, |s| {
            s.contains("jobs 1/") && s.contains(&name)
        })
    }
}

/// A private home and the TUI in it against `server` (see [`Tui::against`]), its first
/// listing shown. The home lives as long as the returned `TempDir`.
pub fn listed(server: &DemoServer, extra: &[&str]) -> (tempfile::TempDir, Tui) {
    let (home, tui) = started(
        server,
        Against {
            extra,
            ..Against::default()
        },
    );
    tui.loaded(server);
    (home, tui)
}

/// A private home and the TUI in it against `server` as `how` says (see [`Tui::against_with`]),
/// just started.
pub fn started(server: &DemoServer, how: Against<'_>) -> (tempfile::TempDir, Tui) {
    let home = tempfile::tempdir().expect("tmp");
    let tui = Tui::against_with(server, home.path(), how);
    (home, tui)
}

/// A demo service of `jobs` jobs, a top-level job of it that `pred` accepts, and the TUI
/// against it (see [`listed`]) with that job selected.
pub async fn at_job(
    jobs: usize,
    extra: &[&str],
    pred: impl Fn(&Job) -> bool,
) -> (DemoServer, Job, tempfile::TempDir, Tui) {
    let server = super::server(jobs).await;
    let job = top_level_job(&server, pred);
    let (home, mut tui) = listed(&server, extra);
    tui.select(&job);
    (server, job, home, tui)
}

/// The ids of the jobs the service received a DELETE for, in order.
pub fn deletes(server: &DemoServer) -> Vec<String> {
    deletes_sent(server)
        .into_iter()
        .filter_map(|r| r.job_id)
        .collect()
}

/// The TUI in `home` over the three projects of [`three_projects`](super::regions::three_projects) (`--regions all` from
/// cn-north-4), IAM and each region's DRS at `server`, with the demo token.
pub fn over_regions(server: &DemoServer, home: &Path) -> Tui {
    let args = all_regions_args(server);
    let extra: Vec<&str> = args.iter().map(String::as_str).collect();
    let vars = super::regions::region_env(server, false);
    let env: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    Tui::against_with(
        server,
        home,
        Against {
            extra: &extra,
            env: &env,
            ..Against::default()
        },
    )
}

/// The TUI over [`three_projects`](super::regions::three_projects) in a new private home, every project listed, with a
/// deletable cn-east-3 job selected (the one returned).
pub fn at_east_job(server: &DemoServer) -> (Job, tempfile::TempDir, Tui) {
    let job = jobs_of(server, "cn-east-3")
        .into_iter()
        .find(|j| j.can_delete())
        .expect("a deletable job in cn-east-3");
    let (home, mut tui, _) = regions_listed(server);
    tui.filter_to(&job);
    (job, home, tui)
}

/// The TUI over [`three_projects`](super::regions::three_projects) in a new private home, just started.
pub fn started_over_regions(server: &DemoServer) -> (tempfile::TempDir, Tui) {
    let home = tempfile::tempdir().expect("tmp");
    let tui = over_regions(server, home.path());
    (home, tui)
}

/// The TUI over [`three_projects`](super::regions::three_projects) in a new private home, every project listed; the screen.
pub fn regions_listed(server: &DemoServer) -> (tempfile::TempDir, Tui, String) {
    let (home, tui) = started_over_regions(server);
    let screen = all_listed(&tui, server);
    (home, tui, screen)
}

/// `switch` (keys that switch to cn-east-3 alone), then waits until the header names the
/// region and counts its jobs, and `also` accepts the header; checks that cn-east-3 was listed
/// again and no other region is shown. The screen.
pub fn switch_to_east(
    tui: &mut Tui,
    server: &DemoServer,
    switch: impl FnOnce(&mut Tui),
    also: impl Fn(&str) -> bool,
) -> String {
    let east = jobs_of(server, "cn-east-3").len();
    let before = lists_of(server, "cn-east-3");
    switch(tui);
    let screen = tui.wait_for("the switch to cn-east-3", LONG, |s| {
        let header = s.lines().next().unwrap_or_default();
        header.contains("region cn-east-3")
            && header.contains(&format!("jobs {east}/{east}"))
            && also(header)
    });
    assert!(
        lists_of(server, "cn-east-3") > before,
        "the worker listed cn-east-3 again"
    );
    assert!(
        !screen.contains("ap-southeast-1"),
        "no other project's rows:\n{screen}"
    );
    screen
}

/// Waits until every project of [`three_projects`](super::regions::three_projects) listed (`jobs N/N` for all of them).
pub fn all_listed(tui: &Tui, server: &DemoServer) -> String {
    let n: usize = REGIONS.iter().map(|r| jobs_of(server, r).len()).sum();
    tui.wait_for("every project's jobs", LONG, |s| {
        s.contains(&format!("jobs {n}/{n}"))
    })
}

/// How many listings (GET of its jobs) `region`'s project received.
pub fn lists_of(server: &DemoServer, region: &str) -> usize {
    let path = format!("/v5/{}/jobs", project_id_of(region));
    server
        .state
        .requests()
        .iter()
        .filter(|r| r.method == "GET" && r.path == path)
        .count()
}

/// The help overlay's title.
pub const HELP_TITLE: &str = "┌ Keys ";

impl Tui {
    /// Opens the help overlay and waits for it drawn whole (its title: the footer's "? help" is
    /// always there), which proves every key sent before `?` was taken.
    pub fn help_shown(&mut self) -> String {
        self.send(b"?");
        self.wait_for("the help", LONG, |s| {
            s.contains(HELP_TITLE) && s.contains("mark or unmark") && s.contains(" close")
        })
    }

    /// A fence for "nothing happened": every key sent so far was taken (the help overlay opened
    /// after them, and closed again). The screen after it.
    pub fn keys_taken(&mut self) -> String {
        self.help_shown();
        self.send(keys::ESC);
        // Gone whole: its title, its lines and its last line.
        self.wait_for("the help to close", LONG, |s| {
            !s.contains(HELP_TITLE) && !s.contains("mark or unmark") && !s.contains(" close")
        })
    }
}

/// The first characters of a job's name as drawn.
pub fn shown_name(job: &Job) -> String {
    drs_tui::sanitize::clean(&job.name)
        .chars()
        .take(12)
        .collect()
}

impl Drop for Tui {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Key bytes.
pub mod keys {
    /// Escape.
    pub const ESC: &[u8] = b"\x1b";
    /// Enter.
    pub const ENTER: &[u8] = b"\r";
    /// Down arrow.
    pub const DOWN: &[u8] = b"\x1b[B";
    /// Up arrow.
    pub const UP: &[u8] = b"\x1b[A";
    /// Tab.
    pub const TAB: &[u8] = b"\t";
    /// Ctrl-C.
    pub const CTRL_C: &[u8] = b"\x03";
    /// Ctrl-D.
    pub const CTRL_D: &[u8] = b"\x04";
}
