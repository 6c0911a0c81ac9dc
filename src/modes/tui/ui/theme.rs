//! Colours, borders and symbols, honouring `NO_COLOR` and `--ascii`.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

use crate::api::StatusKind;
use crate::app::Settings;

/// How things are drawn.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    /// Colours allowed.
    pub color: bool,
    /// ASCII only.
    pub ascii: bool,
}

const ASCII_BORDER: border::Set<'static> = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

const BRAILLE: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const ASCII_SPIN: [&str; 4] = ["|", "/", "-", "\\"];

impl Theme {
    /// The theme for these settings.
    pub fn new(s: &Settings) -> Self {
        Theme {
            color: !s.no_color,
            ascii: s.ascii,
        }
    }

    /// Border characters.
    pub fn border(&self) -> border::Set<'static> {
        if self.ascii {
            ASCII_BORDER
        } else {
            border::PLAIN
        }
    }

    /// The focused pane's border.
    pub fn focused_border(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Cyan)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }

    /// A status, coloured by kind (or bold/dim without colour).
    pub fn status(&self, kind: StatusKind) -> Style {
        if self.color {
            match kind {
                StatusKind::Running => Style::new().fg(Color::Green),
                StatusKind::Stopped => Style::new().fg(Color::DarkGray),
                StatusKind::Failed => Style::new().fg(Color::Red),
                StatusKind::Transition => Style::new().fg(Color::Yellow),
                StatusKind::Unknown => Style::new(),
            }
        } else {
            match kind {
                StatusKind::Failed => Style::new().add_modifier(Modifier::BOLD),
                StatusKind::Stopped => Style::new().add_modifier(Modifier::DIM),
                StatusKind::Transition => Style::new().add_modifier(Modifier::ITALIC),
                _ => Style::new(),
            }
        }
    }

    /// Good news.
    pub fn ok(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Green)
        } else {
            Style::new()
        }
    }

    /// Bad news.
    pub fn error(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Red)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }

    /// Warnings and in-progress states.
    pub fn warn(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Yellow)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }

    /// Labels and hints.
    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    /// Badges like `[DEMO]`.
    pub fn badge(&self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    /// The selected row / focused button.
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// Column headers and keys.
    pub fn heading(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Marked-job symbol.
    pub fn mark(&self) -> &'static str {
        if self.ascii { "*" } else { "●" }
    }

    /// Selected-row symbol.
    pub fn pointer(&self) -> &'static str {
        if self.ascii { ">" } else { "▶" }
    }

    /// Truncation marker.
    pub fn ellipsis(&self) -> &'static str {
        if self.ascii { "~" } else { "…" }
    }

    /// Success symbol.
    pub fn tick(&self) -> &'static str {
        if self.ascii { "+" } else { "✓" }
    }

    /// The undo window's countdown on a row: `⏳ 2s` (`wait 2s` in ASCII).
    pub fn countdown(&self, secs: u64) -> String {
        if self.ascii {
            format!("wait {secs}s")
        } else {
            format!("⏳ {secs}s")
        }
    }

    /// Failure symbol.
    pub fn cross(&self) -> &'static str {
        if self.ascii { "x" } else { "✗" }
    }

    /// Spinner frame for a counter.
    pub fn spinner(&self, n: usize) -> &'static str {
        if self.ascii {
            ASCII_SPIN[n % ASCII_SPIN.len()]
        } else {
            BRAILLE[n % BRAILLE.len()]
        }
    }

    /// Gauge (filled, empty) cells.
    pub fn gauge(&self) -> (&'static str, &'static str) {
        if self.ascii {
            ("#", "-")
        } else {
            ("█", "░")
        }
    }

    /// Arrow for "then".
    pub fn arrow(&self) -> &'static str {
        if self.ascii { "->" } else { "→" }
    }

    /// Scrollbar (track, thumb).
    pub fn scrollbar(&self) -> (&'static str, &'static str) {
        if self.ascii {
            ("|", "#")
        } else {
            ("│", "█")
        }
    }
}
