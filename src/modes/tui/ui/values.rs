//! Lines of a field and its value: the detail pane's `key  value` rows and a JSON object
//! flattened into `key.sub  value` lines (a job's fetched detail, its progress).

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::Theme;
use super::text::{self, truncate};

/// Cells of the key column (at least).
const KEY_W: usize = 12;

/// One `key  value` line, the key dimmed and padded to the key column.
pub(super) fn kv<'a>(theme: &Theme, k: &str, v: impl Into<String>, style: Style) -> Line<'a> {
    Line::from(vec![
        // Padded by display width: a Chinese key is two columns a character.
        Span::styled(
            format!("{k}{}", " ".repeat(KEY_W.saturating_sub(text::width(k)))),
            theme.dim(),
        ),
        Span::styled(v.into(), style),
    ])
}

/// A JSON object as `key.sub  value` lines.
pub(super) fn value_lines<'a>(v: &serde_json::Value, theme: &Theme, width: usize) -> Vec<Line<'a>> {
    let mut flat = Vec::new();
    flatten("", v, 0, &mut flat);
    let e = theme.ellipsis();
    let longest = flat.iter().map(|(k, _)| text::width(k)).max().unwrap_or(0);
    let key_w = (longest + 2).clamp(KEY_W, (width / 2).max(KEY_W));
    flat.into_iter()
        .map(|(k, v)| {
            let v = truncate(&v, width.saturating_sub(key_w) * 3, e);
            Line::from(vec![
                Span::styled(
                    text::fit(&truncate(&k, key_w - 1, e), key_w, e),
                    theme.dim(),
                ),
                Span::raw(v),
            ])
        })
        .collect()
}

/// Deepest nesting flattened; anything deeper is shown as compact JSON.
const MAX_DEPTH: usize = 8;

/// Flattens a detail object into `key.sub` / `key[i].sub` lines; arrays of plain values join
/// on one line; nulls and empty containers are left out.
fn flatten(prefix: &str, v: &serde_json::Value, depth: usize, out: &mut Vec<(String, String)>) {
    use serde_json::Value;
    let join = |k: &str| {
        if prefix.is_empty() {
            k.to_owned()
        } else {
            format!("{prefix}.{k}")
        }
    };
    match v {
        Value::Null => {}
        Value::Object(o) if o.is_empty() => {}
        Value::Array(a) if a.is_empty() => {}
        Value::String(s) => out.push((prefix.to_owned(), s.clone())),
        Value::Object(o) if depth < MAX_DEPTH => {
            for (k, v) in o {
                flatten(&join(k), v, depth + 1, out);
            }
        }
        Value::Array(a)
            if a.iter()
                .all(|x| !matches!(x, Value::Object(_) | Value::Array(_))) =>
        {
            let parts: Vec<String> = a
                .iter()
                .map(|x| match x {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect();
            out.push((prefix.to_owned(), parts.join(", ")));
        }
        Value::Array(a) if depth < MAX_DEPTH => {
            for (i, x) in a.iter().enumerate() {
                flatten(&format!("{prefix}[{i}]"), x, depth + 1, out);
            }
        }
        other => out.push((prefix.to_owned(), other.to_string())),
    }
}
