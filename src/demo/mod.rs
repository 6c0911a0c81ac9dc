//! The simulated DRS v5 service (axum) used by `--demo`, `demo-server` and the tests.
/// Placeholder until the demo service lands.
pub struct DemoServer;
