//! The simulated DRS v5 service (axum) used by `--demo`, `demo-server` and the tests.
