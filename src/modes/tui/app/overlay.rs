//! What is drawn over the whole screen and takes every key until closed: an outcome's record,
//! a job's raw JSON, the message log. Its keys are in `overlay_keys`.

/// A view drawn over the whole screen that takes every key until closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// One outcome's full record.
    Record {
        /// Its sequence number.
        seq: usize,
        /// Lines scrolled.
        scroll: u16,
    },
    /// A job's raw JSON (as listed, plus the fetched detail).
    Raw {
        /// The job.
        job_id: String,
        /// Lines scrolled.
        scroll: u16,
    },
    /// Every status-line message of the session, newest first, each whole (`M`, `:messages`).
    Messages {
        /// Lines scrolled.
        scroll: u16,
    },
}
