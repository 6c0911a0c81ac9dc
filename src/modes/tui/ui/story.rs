//! The job's progress (`p`) and log (`l`) in the detail pane.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use serde_json::Value;

use super::Theme;
use super::text::{created, thousands, width};
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
                l.extend(tree_lines(v, theme, width));
            }
        }
        StoryKind::Log => l.extend(log_lines(story, theme)),
    }
    if story.loading {
        l.push(Line::styled(
            format!("{} {}", theme.spinner(app.spinner), tr!(StoryLoading)),
            theme.warn(),
        ));
    }
    l
}

/// How much of the log is shown and how to get more (above the entries: always in view), then
/// the entries, oldest first: the newest are at the bottom, where `G` goes.
fn log_lines<'a>(story: &Story, theme: &Theme) -> Vec<Line<'a>> {
    let total = story
        .total
        .map_or_else(|| "?".to_owned(), |t| thousands(t as usize));
    let mut count = if story.first == 0 {
        tr!(StoryLogCount, thousands(story.log.len()), total)
    } else {
        tr!(
            StoryLogWindow,
            thousands(story.first as usize + 1),
            thousands(story.end() as usize),
            total
        )
    };
    if story.more() && !story.loading {
        count.push_str(&format!(
            " · {} · {}",
            tr!(StoryLogMore),
            tr!(StoryLogNewest)
        ));
    }
    let mut l = vec![Line::from(vec![Span::styled(count, theme.warn())])];
    if story.following {
        l[0].spans
            .push(Span::styled(following_mark(theme), theme.ok()));
    }
    if story.log.is_empty() && !story.loading && story.error.is_none() {
        l.push(Line::styled(tr!(StoryLogNone), theme.dim()));
    }
    for e in &story.log {
        let style = match e.level.as_str() {
            "Error" | "ERROR" | "error" => theme.error(),
            "Warn" | "WARN" | "warn" | "Warning" => theme.warn(),
            _ => Style::new(),
        };
        l.push(Line::from(vec![
            Span::styled(format!("{} ", created(&e.time)), theme.dim()),
            Span::styled(format!("{:<5} ", e.level), style),
            Span::raw(e.message.clone()),
        ]));
    }
    l
}

/// ` · ⟳ following · F/Esc ends`: the mark of a followed log (the pane's title has it too).
pub(super) fn following_mark(theme: &Theme) -> String {
    let mark = if theme.ascii { "(~)" } else { "⟳" };
    format!(" · {mark} {}", tr!(StoryFollowMarker))
}

/// One row of a JSON object drawn as a tree: its depth, its key, and its value (`None`: an
/// object or array whose rows follow, one level deeper).
type Row = (usize, String, Option<String>);

/// Deepest nesting drawn; anything deeper is shown as compact JSON.
const MAX_DEPTH: usize = 8;

fn rows(key: &str, v: &Value, depth: usize, out: &mut Vec<Row>) {
    let scalar = |x: &Value| match x {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match v {
        Value::Null => {}
        Value::Object(o) if o.is_empty() => {}
        Value::Array(a) if a.is_empty() => {}
        Value::Object(o) if depth < MAX_DEPTH => {
            out.push((depth, key.to_owned(), None));
            for (k, x) in o {
                rows(k, x, depth + 1, out);
            }
        }
        Value::Array(a) if a.iter().all(|x| !x.is_object() && !x.is_array()) => {
            let parts: Vec<String> = a.iter().map(scalar).collect();
            out.push((depth, key.to_owned(), Some(parts.join(", "))));
        }
        Value::Array(a) if depth < MAX_DEPTH => {
            out.push((depth, key.to_owned(), None));
            for (i, x) in a.iter().enumerate() {
                rows(&format!("[{i}]"), x, depth + 1, out);
            }
        }
        other => out.push((depth, key.to_owned(), Some(scalar(other)))),
    }
}

/// A JSON object as a tree: each key under its parent, indented, so no key is ever cut and two
/// different fields never read the same at any width (`progress_info` / `  progress` /
/// `  progress_map` / `    schema` / `      completed`). A key too long for its row puts its
/// value on the next row; long values wrap.
pub(super) fn tree_lines<'a>(v: &Value, theme: &Theme, width_cells: usize) -> Vec<Line<'a>> {
    let mut out = Vec::new();
    match v {
        Value::Object(o) => o.iter().for_each(|(k, x)| rows(k, x, 0, &mut out)),
        other => rows("", other, 0, &mut out),
    }
    let leaf_w = out
        .iter()
        .filter(|r| r.2.is_some())
        .map(|(d, k, _)| d * 2 + width(k))
        .max()
        .unwrap_or(0);
    let key_w = (leaf_w + 2).min((width_cells / 2).max(12));
    let mut lines = Vec::new();
    for (depth, key, value) in out {
        let indent = " ".repeat(depth * 2);
        let used = depth * 2 + width(&key);
        match value {
            None => lines.push(Line::styled(format!("{indent}{key}"), theme.dim())),
            Some(v) if used + 2 <= key_w => lines.push(Line::from(vec![
                Span::styled(
                    format!("{indent}{key}{}", " ".repeat(key_w - used)),
                    theme.dim(),
                ),
                Span::raw(v),
            ])),
            Some(v) => {
                lines.push(Line::styled(format!("{indent}{key}"), theme.dim()));
                lines.push(Line::raw(format!("{indent}  {v}")));
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The progress the demo answers (as `jobs show type=progress` shapes it).
    fn progress() -> Value {
        serde_json::json!({
            "id": "41ce09f3-3333-4c2d-b4d7-5084b0f00003",
            "status": "FULL_TRANSFER_STARTED",
            "progress_info": {
                "progress": "0",
                "incr_trans_delay": "0",
                "incr_trans_delay_millis": "0",
                "task_mode": "FULL_INCR_TRANS",
                "transfer_status": "FULL_TRANSFER_STARTED",
                "remaining_time": "unknown",
                "progress_map": {
                    "schema": {"completed": "100", "remaining_time": "0s"},
                    "data": {"completed": "0", "remaining_time": ""},
                },
            },
            "migration_object_progress_info": {"tables": {"total": 12, "completed": 0}},
        })
    }

    #[test]
    fn progress_fields_never_read_the_same_in_a_50_column_pane() {
        let theme = Theme::new(&crate::app::Settings::default());
        for w in [20, 30, 48, 80] {
            let lines: Vec<String> = tree_lines(&progress(), &theme, w)
                .iter()
                .map(|l| l.to_string())
                .collect();
            // Every line is the only one of its depth under its parent with that text: here,
            // simply every row of a field with its value differs from every other.
            let mut seen = std::collections::HashSet::new();
            let mut parents: Vec<String> = Vec::new();
            for l in &lines {
                let depth = (l.len() - l.trim_start().len()) / 2;
                parents.truncate(depth);
                let path = format!("{}/{}", parents.join("/"), l.trim());
                assert!(
                    seen.insert(path.clone()),
                    "at {w}: {path} twice in {lines:#?}"
                );
                parents.push(l.split_whitespace().next().unwrap_or("").to_owned());
            }
            assert!(
                lines.iter().all(|l| !l.contains('…')),
                "at {w} a key is cut: {lines:#?}"
            );
            for key in [
                "progress",
                "incr_trans_delay",
                "incr_trans_delay_millis",
                "completed",
            ] {
                assert!(
                    lines.iter().any(|l| l.trim_start().starts_with(key)),
                    "at {w}: {key} missing from {lines:#?}"
                );
            }
        }
    }

    #[test]
    fn four_progress_fields_at_50_columns_are_told_apart() {
        // Issue 15 item 10: `progress_info.progress… 0` four times at 50 columns.
        let theme = Theme::new(&crate::app::Settings::default());
        let lines: Vec<String> = tree_lines(&progress(), &theme, 48)
            .iter()
            .map(|l| l.to_string().trim_end().to_owned())
            .collect();
        let zero_rows: Vec<&String> = lines.iter().filter(|l| l.ends_with(" 0")).collect();
        assert!(zero_rows.len() >= 4, "{lines:#?}");
        let distinct: std::collections::HashSet<&String> = zero_rows.iter().copied().collect();
        assert_eq!(distinct.len(), zero_rows.len(), "{lines:#?}");
    }
}
