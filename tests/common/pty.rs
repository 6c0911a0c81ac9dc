//! Drives the real `drs-tui` binary in a pseudo-terminal and reads its screen with vt100.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_drs-tui");

/// A running TUI in a PTY.
pub struct Tui {
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
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
        {
            let parser = parser.clone();
            let raw = raw.clone();
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
            });
        }
        Tui {
            parser,
            raw,
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

    /// Waits until `pred` holds for the screen, or panics with the screen after `timeout`.
    pub fn wait_for(&self, what: &str, timeout: Duration, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let s = self.screen();
            if pred(&s) {
                return s;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Waits for `needle` on screen (10 s).
    pub fn wait_text(&self, needle: &str) -> String {
        self.wait_for(needle, Duration::from_secs(10), |s| s.contains(needle))
    }

    /// Sends raw bytes (keys).
    pub fn send(&mut self, bytes: &[u8]) {
        {
            let mut w = self.writer.lock().expect("writer lock");
            w.write_all(bytes).expect("write to pty");
            w.flush().expect("flush");
        }
        // Let the app take the key before the next one, as a person would.
        std::thread::sleep(Duration::from_millis(40));
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
                // Let the reader thread drain the last bytes.
                std::thread::sleep(Duration::from_millis(100));
                return Some(status.exit_code());
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Resizes the terminal (the program gets SIGWINCH, as when a window is resized).
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self._master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("pty resize");
        self.parser
            .lock()
            .expect("parser lock")
            .screen_mut()
            .set_size(
                std::num::NonZeroU16::new(rows).expect("rows > 0"),
                std::num::NonZeroU16::new(cols).expect("cols > 0"),
            );
        std::thread::sleep(Duration::from_millis(100));
    }

    /// The child's pid.
    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }
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
