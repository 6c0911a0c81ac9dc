//! The top line: where we are and what is shown. Less important fields go first when narrow.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use super::text::{abbreviate, thousands, truncate, width};
use crate::app::App;
use crate::tr;

/// A header field: its spans and how readily it is dropped (higher goes first).
struct Field<'a> {
    drop: u8,
    spans: Vec<Span<'a>>,
    /// Longer forms of the value, longest first, taken when the line has room (the region's
    /// console name, the whole list of regions); the value in `spans` is the shortest.
    longer: Vec<String>,
    /// Must not be missed (a failure, a badge): first in line when the line is cut.
    pinned: bool,
}

/// A field with its label (dimmed) before the value.
fn labeled<'a>(theme: &Theme, drop: u8, label: &str, value: String) -> Field<'a> {
    Field {
        drop,
        spans: vec![
            Span::styled(
                if label.is_empty() {
                    "  ".to_owned()
                } else {
                    // No space after a full-width colon (`类型：全部`).
                    format!("  {label}{}", crate::i18n::typo::gap(label, &value))
                },
                theme.dim(),
            ),
            Span::raw(value),
        ],
        longer: Vec::new(),
        pinned: false,
    }
}

/// A field that is only a word in a style (a failure, a badge); it never drops.
fn flag<'a>(text: impl Into<std::borrow::Cow<'a, str>>, style: Style) -> Field<'a> {
    Field {
        drop: 0,
        spans: vec![Span::raw("  "), Span::styled(text, style)],
        longer: Vec::new(),
        pinned: true,
    }
}

/// Where we are: the profile, the scope (region, or a custom endpoint), the project(s) and
/// the job type shown.
fn scope_fields<'a>(app: &App, theme: &Theme) -> Vec<Field<'a>> {
    let s = &app.settings;
    let e = theme.ellipsis();
    let mut fields = vec![labeled(
        theme,
        3,
        tr!(HdrProfile),
        truncate(&s.profile, 20, e),
    )];
    // The scope, always: the configured region, or what --regions / :region cover. An
    // --endpoint override may not be the region's endpoint: say so rather than guess.
    if s.custom_endpoint && app.scope_label.is_empty() {
        fields.push(labeled(theme, 5, "", tr!(HdrCustomEndpoint).to_owned()));
    } else {
        // One project in view (`:project ID` too): its region; several: what they cover.
        let one = app.scope_label.is_empty() || app.scopes.len() == 1;
        let region = if one { &s.region } else { &app.scope_label };
        let mut field = labeled(theme, 1, tr!(HdrRegion), truncate(region, 28, e));
        // With room: the whole list, or one region's console name beside its code.
        let name = crate::api::region_names::region_name(region).filter(|_| one);
        field.longer = name
            .map(|n| format!("{region} {n}"))
            .into_iter()
            .chain((width(region) > 28).then(|| region.clone()))
            .collect();
        fields.push(field);
    }
    fields.push(if crate::app::scope::multi(app) {
        // While they are listed (a few at a time), how many have answered.
        let n = app.scopes.len();
        let done = crate::app::scope::settled(app).min(n);
        let projects = if app.listing && done < n {
            tr!(HdrProjectsListed, thousands(done), thousands(n))
        } else {
            thousands(n)
        };
        labeled(theme, 4, tr!(HdrProjects), projects)
    } else {
        let mut field = labeled(theme, 4, tr!(HdrProject), abbreviate(&s.project_id, e));
        field.longer = vec![s.project_id.clone()];
        field
    });
    fields.push(labeled(
        theme,
        2,
        tr!(HdrType),
        app.job_type.map_or(tr!(HdrAll).to_owned(), |t| {
            crate::labels::kind_shown(t.as_str(), false).to_owned()
        }),
    ));
    fields
}

/// What is shown: the jobs (shown of all, loading or stale) and the filter.
fn shown_fields<'a>(app: &App, theme: &Theme) -> Vec<Field<'a>> {
    let mut fields = Vec::new();
    let (shown, total) = (thousands(app.table.shown_listed()), thousands(app.total()));
    let jobs = if app.listing {
        format!(
            "{shown}/{total} {} {}",
            theme.spinner(app.spinner),
            tr!(HdrLoading)
        )
    } else if app.list_error.is_some() && app.table.all().is_empty() {
        String::new()
    } else if app.list_error.is_some() {
        crate::i18n::typo::join(&format!("{shown}/{total}"), tr!(HdrStale))
    } else if crate::app::scope::failed(app) > 0 {
        // A project failed: its jobs are not among these.
        tr!(HdrJobsListed, shown, total)
    } else {
        format!("{shown}/{total}")
    };
    if !jobs.is_empty() {
        fields.push(labeled(theme, 0, tr!(HdrJobs), jobs));
    }
    let marked = app.table.marked_count();
    if marked > 0 {
        fields.push(labeled(theme, 0, tr!(HdrMarked), thousands(marked)));
    }
    if !app.table.filter().is_empty() || app.filtering() {
        let cursor = match (app.filtering(), theme.ascii) {
            (false, _) => "",
            (true, true) => "_",
            (true, false) => "▏",
        };
        let filter = truncate(app.table.filter(), 24, theme.ellipsis());
        fields.push(labeled(
            theme,
            1,
            tr!(HdrFilter),
            format!("{filter}{cursor}"),
        ));
    }
    fields
}

/// What must not be missed: a failed listing, and the badges (demo, read-only, no audit log,
/// protected).
fn flags<'a>(app: &App, theme: &Theme) -> Vec<Field<'a>> {
    let s = &app.settings;
    let mut fields = Vec::new();
    if app.list_error.is_some() && !app.listing {
        fields.push(flag(tr!(HdrListingFailed), theme.error()));
    }
    for (on, badge) in [
        (s.demo, tr!(BadgeDemo)),
        (s.read_only, tr!(BadgeReadOnly)),
        (
            !s.read_only && s.writes_disabled.is_some(),
            tr!(BadgeNoAudit),
        ),
        (s.protected, tr!(BadgeProtected)),
    ] {
        if on {
            fields.push(flag(badge, theme.badge()));
        }
    }
    fields
}

/// Projects whose listing failed: first after the title, so no width hides it (from 40
/// columns up it is whole).
fn failed_projects<'a>(app: &App, theme: &Theme) -> Option<Field<'a>> {
    let n = crate::app::scope::failed(app);
    (n > 0).then(|| {
        flag(
            format!("{} {}", theme.cross(), tr!(HdrProjectsFailed, n)),
            theme.error(),
        )
    })
}

pub(super) fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let mut fields: Vec<Field> = failed_projects(app, theme).into_iter().collect();
    fields.extend(scope_fields(app, theme));
    fields.extend(shown_fields(app, theme));
    fields.extend(flags(app, theme));
    let title = Span::styled(" drs-tui", theme.heading());
    let len = |fs: &[Field]| -> usize {
        8 + fs
            .iter()
            .flat_map(|f| f.spans.iter())
            .map(|s| width(&s.content))
            .sum::<usize>()
    };
    for level in (1..=5).rev() {
        if len(&fields) <= area.width as usize {
            break;
        }
        fields.retain(|f| f.drop < level);
    }
    // A kept field's longer form, when the line still fits with it (a dropped field's room
    // too: the whole region list over `projects 3`).
    for i in 0..fields.len() {
        for longer in std::mem::take(&mut fields[i].longer) {
            let shorter = std::mem::replace(&mut fields[i].spans[1].content, longer.into());
            if len(&fields) <= area.width as usize {
                break;
            }
            fields[i].spans[1].content = shorter;
        }
    }
    // Still too long: the failures and badges go first, so what the edge cuts is a count (at
    // 40 columns `[READ-ONLY]` was cut after the job count).
    if len(&fields) > area.width as usize {
        fields.sort_by_key(|f| !f.pinned);
    }
    let mut spans = vec![title];
    spans.extend(fields.into_iter().flat_map(|f| f.spans));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
