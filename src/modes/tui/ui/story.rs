//! The job's progress (`p`) and log (`l`) in the detail pane.

use ratatui::text::{Line, Span};

use super::Theme;
use super::text::{created, thousands};
use crate::app::story::Story;
use crate::app::{App, StoryKind};
use crate::tr;

/// The lines of the story shown for the selected job.
pub(super) fn lines<'a>(app: &App, story: &Story, theme: &Theme, width: usize) -> Vec<Line<'a>> {
    let title = match story.kind {
        StoryKind::Progress => tr!(StoryProgress),
        StoryKind::Log => tr!(StoryLog),
    };
    let mut l = vec![
        Line::styled(title, theme.heading()),
        Line::styled(tr!(StoryBack), theme.dim()),
    ];
    if let Some(e) = &story.error {
        l.push(Line::styled(tr!(StoryFailed, e), theme.error()));
    }
    match story.kind {
        StoryKind::Progress => {
            if let Some(v) = &story.progress {
                l.extend(super::values::value_lines(v, theme, width));
            }
        }
        StoryKind::Log => {
            // How much is shown and how to get more, above the entries: always in view.
            let total = story
                .total
                .map_or_else(|| "?".to_owned(), |t| thousands(t as usize));
            let mut count = tr!(StoryLogCount, thousands(story.log.len()), total);
            if story.more() && !story.loading {
                count.push_str(&format!(" · {}", tr!(StoryLogMore)));
            }
            l.push(Line::styled(count, theme.warn()));
            if story.log.is_empty() && !story.loading && story.error.is_none() {
                l.push(Line::styled(tr!(StoryLogNone), theme.dim()));
            }
            for e in &story.log {
                let style = match e.level.as_str() {
                    "Error" | "ERROR" | "error" => theme.error(),
                    "Warn" | "WARN" | "warn" | "Warning" => theme.warn(),
                    _ => ratatui::style::Style::new(),
                };
                l.push(Line::from(vec![
                    Span::styled(format!("{} ", created(&e.time)), theme.dim()),
                    Span::styled(format!("{:<5} ", e.level), style),
                    Span::raw(e.message.clone()),
                ]));
            }
        }
    }
    if story.loading {
        l.push(Line::styled(
            format!("{} {}", theme.spinner(app.spinner), tr!(StoryLoading)),
            theme.warn(),
        ));
    }
    l
}
