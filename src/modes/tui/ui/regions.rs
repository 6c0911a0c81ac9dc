//! Several projects listed: the region strip under the header (each project's listing state at
//! a glance, with the console's region names where they fit) and the `:regions` view (each
//! project in full: its region and name, id, endpoint, job count, and a failure's whole reason
//! with its request id; a row is chosen and Enter switches to it).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthChar;

use super::text::{thousands, width};
use super::{Theme, block};
use crate::api::region_names::region_name;
use crate::api::{ScopeId, ScopeListing};
use crate::app::App;
use crate::app::keymap::{self, KeyMode};
use crate::app::scope::{RegionsView, rows};
use crate::sanitize::clean;
use crate::tr;

fn state_of(app: &App, s: ScopeId) -> Option<&ScopeListing> {
    app.scope_states.get(&s)
}

/// A project's listing state: its text and style.
fn state(app: &App, theme: &Theme, s: ScopeId) -> (String, Style) {
    if !app.scopes.contains(&s) {
        return (tr!(RegionsNotListed).to_owned(), theme.dim());
    }
    match state_of(app, s) {
        None | Some(ScopeListing::Listing) => (
            format!("{} {}", theme.spinner(app.spinner), tr!(StripListing)),
            theme.warn(),
        ),
        Some(ScopeListing::Listed { jobs }) => (
            format!(
                "{} {}",
                theme.tick(),
                tr!(StripJobs, thousands(*jobs as usize))
            ),
            theme.ok(),
        ),
        Some(ScopeListing::Failed(_)) => (
            format!("{} {}", theme.cross(), tr!(StripFailed)),
            theme.error(),
        ),
    }
}

/// One project in the strip: its label, its region's name (`named`), and its state.
fn cell<'a>(app: &App, theme: &Theme, s: ScopeId, named: bool) -> Vec<Span<'a>> {
    let label = clean(&s.label());
    let (text, style) = state(app, theme, s);
    let mut spans = vec![Span::styled(format!(" {label} "), theme.heading())];
    if let Some(name) = region_name(&s.region()).filter(|_| named) {
        spans.push(Span::styled(format!("{name} "), theme.dim()));
    }
    spans.push(Span::styled(text, style));
    spans.push(Span::raw(" "));
    spans
}

fn spans_width(spans: &[Span]) -> usize {
    spans.iter().map(|s| width(&s.content)).sum()
}

/// The strip: every project's listing state on one line. The region names are shown when
/// every cell fits with them, whole; otherwise none is (codes only), and what does not fit is
/// counted.
pub(super) fn strip(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let w = area.width as usize;
    let failed = crate::app::scope::failed(app);
    let tail = if failed > 0 {
        format!(" · {} · :regions", tr!(StripRetry))
    } else {
        String::new()
    };
    let named: Vec<Vec<Span>> = app
        .scopes
        .iter()
        .map(|s| cell(app, theme, *s, true))
        .collect();
    let with_names = named.iter().map(|c| spans_width(c)).sum::<usize>() + width(&tail) <= w;
    let mut spans: Vec<Span> = Vec::new();
    let mut used = width(&tail);
    for (i, s) in app.scopes.iter().enumerate() {
        let c = if with_names {
            named[i].clone()
        } else {
            cell(app, theme, *s, false)
        };
        let cw = spans_width(&c);
        if used + cw > w {
            let more = format!(" +{}", app.scopes.len() - i);
            used += width(&more);
            spans.push(Span::styled(more, theme.dim()));
            break;
        }
        used += cw;
        spans.extend(c);
    }
    if !tail.is_empty() {
        // `used` counted the tail already: it gets its own width back. A tail that does not
        // fit whole is shortened to where to look (`:regions`), never cut in a word.
        let room = w.saturating_sub(used - width(&tail));
        let short = " · :regions";
        let tail = if width(&tail) <= room {
            tail
        } else if width(short) <= room {
            short.to_owned()
        } else {
            String::new()
        };
        spans.push(Span::styled(tail, theme.warn()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// `text` in lines of at most `w` cells (by display width), each starting with `indent`.
fn wrapped(text: &str, indent: &str, w: usize) -> Vec<String> {
    let room = w.saturating_sub(width(indent)).max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for c in text.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw > room && !line.is_empty() {
            lines.push(format!("{indent}{line}"));
            line.clear();
            used = 0;
        }
        line.push(c);
        used += cw;
    }
    if !line.is_empty() {
        lines.push(format!("{indent}{line}"));
    }
    lines
}

/// The lines of one project: the chosen marker, label, region name and state; its id and
/// endpoint; a failure's whole reason (wrapped, never cut).
fn project_lines<'a>(
    app: &App,
    theme: &Theme,
    s: ScopeId,
    chosen: bool,
    w: usize,
) -> Vec<Line<'a>> {
    let marker = match (chosen, theme.ascii) {
        (false, _) => "  ",
        (true, true) => "> ",
        (true, false) => "› ",
    };
    let label_style = if chosen {
        theme.selected()
    } else {
        theme.heading()
    };
    let (text, style) = state(app, theme, s);
    let label = clean(&s.label());
    let mut first = vec![
        Span::styled(marker, theme.heading()),
        Span::styled(label.clone(), label_style),
    ];
    // The region's name when the line holds it whole (never cut: a narrow view shows codes).
    if let Some(name) = region_name(&s.region())
        .filter(|n| 2 + width(&label) + 2 + width(n) + 2 + width(&text) <= w)
    {
        first.push(Span::raw(format!("  {name}")));
    }
    first.push(Span::raw("  "));
    first.push(Span::styled(text, style));
    let mut lines = vec![Line::from(first)];
    let (id, endpoint) = (clean(&s.project_id()), clean(&endpoint_of(s)));
    if 4 + width(&id) + 2 + width(&endpoint) <= w {
        lines.push(Line::styled(format!("    {id}  {endpoint}"), theme.dim()));
    } else {
        // Narrow: each on its own lines, wrapped rather than cut.
        for l in wrapped(&id, "    ", w)
            .into_iter()
            .chain(wrapped(&endpoint, "    ", w))
        {
            lines.push(Line::styled(l, theme.dim()));
        }
    }
    if app.scopes.contains(&s)
        && let Some(ScopeListing::Failed(why)) = state_of(app, s)
    {
        for l in wrapped(why, "    ", w) {
            lines.push(Line::styled(l, theme.error()));
        }
    }
    lines
}

fn endpoint_of(s: ScopeId) -> String {
    s.get().map(|s| s.endpoint.clone()).unwrap_or_default()
}

/// The one configured project (no `--regions`, the account's projects not known).
fn configured_lines<'a>(app: &App, theme: &Theme, w: usize) -> Vec<Line<'a>> {
    let s = &app.settings;
    let mut first = format!("  {}", clean(&s.region));
    if let Some(name) = region_name(&s.region) {
        first.push_str(&format!("  {name}"));
    }
    let mut lines = vec![
        Line::styled(first, theme.heading()),
        Line::styled(
            format!("    {}  {}", clean(&s.project_id), clean(&s.endpoint)),
            theme.dim(),
        ),
        Line::raw(""),
    ];
    for l in wrapped(tr!(RegionsNoRows), "  ", w) {
        lines.push(Line::styled(l, theme.dim()));
    }
    lines
}

/// The body's lines and where the chosen row starts and ends (lines).
fn body<'a>(app: &App, theme: &Theme, chosen: usize, w: usize) -> (Vec<Line<'a>>, usize, usize) {
    let rows = rows(app);
    if rows.is_empty() {
        return (configured_lines(app, theme, w), 0, 0);
    }
    let chosen = chosen.min(rows.len() - 1);
    let (mut lines, mut start, mut end) = (Vec::new(), 0, 0);
    for (i, s) in rows.iter().enumerate() {
        if i == app.scopes.len() && i > 0 {
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                format!(" {}", tr!(RegionsOthers)),
                theme.dim(),
            ));
        }
        if i == chosen {
            start = lines.len();
        }
        lines.extend(project_lines(app, theme, *s, i == chosen, w));
        if i == chosen {
            end = lines.len();
        }
    }
    (lines, start, end)
}

/// The view's keys, from the key table (as the footer shows them): whole hints while they fit
/// in `w` cells.
fn hints<'a>(app: &App, theme: &Theme, w: usize) -> Line<'a> {
    let mut spans = Vec::new();
    let mut used = 0;
    for (k, v) in keymap::hints(KeyMode::Regions, app.settings.no_writes(), 0) {
        let (k, v) = (format!(" {k}"), format!(" {v} "));
        used += width(&k) + width(&v);
        if used > w {
            break;
        }
        spans.push(Span::styled(k, theme.heading()));
        spans.push(Span::styled(v, theme.dim()));
    }
    Line::from(spans)
}

/// The `:regions` view: every project, the chosen one marked, scrolled to keep it in sight.
pub(super) fn view(app: &App, v: &RegionsView, theme: &Theme, frame: &mut Frame, area: Rect) {
    let w = area.width.saturating_sub(4).min(120);
    let inner_w = w.saturating_sub(2) as usize;
    let (lines, start, end) = body(app, theme, v.selected, inner_w);
    // Borders, a blank line and the hints around the body.
    let h = (lines.len() as u16 + 4).min(area.height);
    let room = h.saturating_sub(4) as usize;
    let scroll = if end > room {
        (end - room).min(start)
    } else {
        0
    };
    let rect = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    let b = block(theme, tr!(RegionsTitle), true);
    let inner = b.inner(rect);
    super::modal::clear_box(frame, rect);
    frame.render_widget(b, rect);
    let shown: Vec<Line> = lines.into_iter().skip(scroll).take(room).collect();
    let body_rect = Rect {
        height: inner.height.saturating_sub(2),
        ..inner
    };
    frame.render_widget(Paragraph::new(shown), body_rect);
    if inner.height >= 1 {
        let last = Rect::new(inner.x, inner.bottom() - 1, inner.width, 1);
        let line = hints(app, theme, inner.width as usize);
        frame.render_widget(Paragraph::new(line), last);
    }
}
