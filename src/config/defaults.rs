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
/// `--regions`: how many projects are listed (or searched for a job) at a time. Each one's job
/// types and pages go concurrently, as for one project; the next project starts when one ends.
/// An account with 10,000 IAM projects is never 40,000 requests at once, and what is held at any
/// time is the jobs received plus these few listings in flight.
pub const PROJECTS_AT_ONCE: usize = 8;
/// `--regions` covering more projects than this says how many it will list, and how many at a
/// time ([`PROJECTS_AT_ONCE`]): `jobs` commands on stderr, the TUI in its status line.
pub const MANY_PROJECTS: usize = 50;

// The most each number may be (issue 17 item 4): above it is a configuration error naming the
// setting, never an overflow later (an `Instant` plus a huge `Duration` panics). Listed in the
// README's Configuration section.

/// `auto_refresh_secs`: a day.
pub const MAX_AUTO_REFRESH_SECS: u64 = 86_400;
/// `undo_grace_secs`, `--undo-grace`: ten minutes.
pub const MAX_UNDO_GRACE_SECS: u64 = 600;
/// `--shutdown-grace`: an hour.
pub const MAX_SHUTDOWN_GRACE_SECS: u64 = 3_600;
/// `connect_timeout_secs`, `request_timeout_secs`: an hour.
pub const MAX_TIMEOUT_SECS: u64 = 3_600;
/// `attempts`.
pub const MAX_ATTEMPTS: u32 = 100;
/// `page_size`, `--page-size`: the largest page DRS is known to serve.
pub const MAX_PAGE_SIZE: u32 = 1_000;
/// `max_answer_mib`: 4 GiB.
pub const MAX_ANSWER_MIB: usize = 4_096;
/// `confirm_threshold`.
pub const MAX_CONFIRM_THRESHOLD: usize = 1_000_000;
/// `demo-server --jobs`.
pub const MAX_DEMO_JOBS: usize = 1_000_000;
/// `demo-server --latency-ms`: a minute.
pub const MAX_DEMO_LATENCY_MS: u64 = 60_000;

/// `value` of `setting` if it is at most `max`, else the error naming both.
pub fn at_most<T: PartialOrd + std::fmt::Display>(
    setting: &str,
    value: T,
    max: T,
) -> Result<T, String> {
    if value <= max {
        Ok(value)
    } else {
        Err(crate::tr!(NumTooLarge, setting, value, max))
    }
}

/// A whole number given on the command line, at most `max` (for clap's `value_parser`).
pub fn parse_at_most<T>(s: &str, max: T) -> Result<T, String>
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display,
{
    let n = s
        .trim()
        .parse::<T>()
        .map_err(|_| crate::tr!(NumNotWhole, format!("{s:?}")))?;
    if n <= max {
        Ok(n)
    } else {
        Err(crate::tr!(NumTooLargeFlag, n, max))
    }
}
