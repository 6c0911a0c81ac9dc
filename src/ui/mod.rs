//! Pure drawing: `render(&App, &mut Frame)`.
