//! The modal's text: prose and runs wrapped (never cut), and a job shown whole over several
//! lines when one line would cut its name or id (a narrow terminal, a long name): a
//! confirmation counts only for what the user could read.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

use super::Theme;
use super::text::width;
use crate::app::confirm::Target;

/// `(text, style)` runs wrapped into lines of at most `w` cells (character by character: the
/// typed text and ids have no spaces to break at).
pub(super) fn wrap<'a>(runs: &[(String, Style)], w: usize) -> Vec<Line<'a>> {
    let w = w.max(1);
    let mut lines = Vec::new();
    let mut spans: Vec<Span<'a>> = Vec::new();
    let mut used = 0;
    for (text, style) in runs {
        let mut cur = String::new();
        for ch in text.chars() {
            let cw = UnicodeWidthChar::width(ch).unwrap_or(0);
            if used + cw > w {
                spans.push(Span::styled(std::mem::take(&mut cur), *style));
                lines.push(Line::from(std::mem::take(&mut spans)));
                used = 0;
            }
            cur.push(ch);
            used += cw;
        }
        if !cur.is_empty() {
            spans.push(Span::styled(cur, *style));
        }
    }
    if !spans.is_empty() {
        lines.push(Line::from(spans));
    }
    lines
}

/// Prose wrapped into lines of at most `w` cells, with Chinese line breaking (see
/// [`super::text::wrap`]).
pub(super) fn wrap_words<'a>(text: &str, style: Style, w: usize) -> Vec<Line<'a>> {
    super::text::wrap(text, w)
        .into_iter()
        .map(|l| Line::styled(l, style))
        .collect()
}

/// A job whole over several lines: its region and name, then its id and status (indented
/// when there is room), then why it was retried; each wrapped, never cut.
pub(super) fn stacked_lines<'a>(
    t: &Target,
    theme: &Theme,
    inner_w: usize,
    status: (String, Style),
    extra: &str,
) -> Vec<Line<'a>> {
    let mut head = vec![("  ".to_owned(), Style::new())];
    if !t.region.is_empty() {
        head.push((format!("{} ", t.region), theme.heading()));
    }
    head.push((t.name.clone(), Style::new()));
    let mut lines = wrap(&head, inner_w);
    let indent = if 4 + width(&t.id) <= inner_w {
        "    "
    } else {
        ""
    };
    let mut id = vec![
        (indent.to_owned(), Style::new()),
        (t.id.clone(), theme.dim()),
    ];
    // The status beside the id when both fit, else on its own line.
    if width(indent) + width(&t.id) + 1 + width(&status.0) <= inner_w {
        id.extend([(" ".to_owned(), Style::new()), status]);
        lines.extend(wrap(&id, inner_w));
    } else {
        lines.extend(wrap(&id, inner_w));
        lines.extend(wrap(&[(indent.to_owned(), Style::new()), status], inner_w));
    }
    if !extra.is_empty() {
        lines.extend(wrap(&[(format!("{indent}{extra}"), theme.warn())], inner_w));
    }
    lines
}

/// Whether a line's spans hold `text` whole (no cut, no ellipsis).
#[cfg(test)]
pub(super) fn holds(lines: &[Line<'_>], text: &str) -> bool {
    lines.iter().any(|l| {
        l.spans
            .iter()
            .map(|s| s.content.as_ref())
            .collect::<String>()
            .contains(text)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_stacked_at_40_columns_keeps_its_whole_name_and_id() {
        let theme = Theme::new(&crate::app::Settings::default());
        let job = std::sync::Arc::new(crate::api::Job {
            id: "41ce09f3-3333-4c2d-b4d7-5084b0f00003".into(),
            name: "billing-cdc-02".into(),
            ..Default::default()
        });
        let t = Target {
            job: job.clone(),
            id: job.id.clone(),
            name: job.name.clone(),
            status: "RELEASE_RESOURCE_COMPLETE".into(),
            region: String::new(),
            previous: None,
        };
        let lines = stacked_lines(&t, &theme, 36, ("stopped".into(), Style::new()), "");
        assert!(holds(&lines, "billing-cdc-02"), "{lines:?}");
        assert!(holds(&lines, &t.id), "{lines:?}");
        assert!(lines.iter().all(|l| l.width() <= 36), "{lines:?}");
    }
}
