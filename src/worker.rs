//! Runs `Effect`s (HTTP calls) on tokio with bounded concurrency and sends `Msg`s back.
