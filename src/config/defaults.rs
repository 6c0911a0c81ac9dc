//! Every default, defined once: the resolver, the demo and the TUI's fallbacks read them here.

use std::time::Duration;

/// Concurrent write requests.
pub const CONCURRENCY: usize = 4;
/// The most concurrent writes allowed.
pub const MAX_CONCURRENCY: usize = 64;
/// Batches larger than this need the count typed to confirm.
pub const CONFIRM_THRESHOLD: usize = 10;
/// TUI auto-refresh period.
pub const AUTO_REFRESH: Duration = Duration::from_secs(30);
/// The TUI's undo window before a confirmed delete is sent, in seconds.
pub const UNDO_GRACE_SECS: u64 = 3;
/// How long writes already sent may take to be answered after a signal or a quit.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);
