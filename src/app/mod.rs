//! The pure state machine of the TUI: `update(&mut App, Msg) -> Vec<Effect>`. No IO here.
