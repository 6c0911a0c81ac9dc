//! Terminal setup and restore, and the event loop.
