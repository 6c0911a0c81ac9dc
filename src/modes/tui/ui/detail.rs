//! The selected job: every listed field, children, actions, the fetched detail, and its last
//! error.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::table::op_label;
use super::text::{created, truncate};
use super::values::{Field, kv, kv_actions, kv_text, kv_worded, value_lines, word};
use super::{Theme, block};
use crate::api::{Job, StatusKind};
use crate::app::{App, Detail, Focus};
use crate::tr;

fn kind_word(k: StatusKind) -> &'static str {
    match k {
        StatusKind::Running => tr!(KindRunning),
        StatusKind::Stopped => tr!(KindStopped),
        StatusKind::Failed => tr!(KindFailed),
        StatusKind::Transition => tr!(KindTransition),
        StatusKind::Unknown => tr!(KindUnknown),
    }
}

fn opt_bool(b: Option<bool>) -> String {
    b.map_or(String::new(), |b| {
        if b { tr!(DetYes) } else { tr!(DetNo) }.to_owned()
    })
}

/// The listed job: where it is, what it is, what it can do, its children (`width`: the pane's
/// inner cells).
fn job_lines<'a>(app: &App, job: &Job, theme: &Theme, width: usize) -> Vec<Line<'a>> {
    let mut l = identity_lines(app, job, theme, width);
    l.extend(state_lines(job, theme, width));
    l.extend(action_lines(job, theme, width));
    l.extend(children_lines(job, theme));
    l
}

/// Id, name, where it lives (several projects listed) and its parent (a child row).
fn identity_lines<'a>(app: &App, job: &Job, theme: &Theme, width: usize) -> Vec<Line<'a>> {
    let n = Style::new();
    let mut l = kv_text(theme, tr!(DetId), &job.id, n, width);
    l.extend(kv_text(theme, tr!(DetName), &job.name, n, width));
    if let Some(scope) = job.scope.get() {
        l.push(kv(
            theme,
            tr!(DetRegion),
            crate::sanitize::clean(&scope.region),
            n,
        ));
        l.extend(project_lines(
            theme,
            &crate::sanitize::clean(scope.label()),
            &crate::sanitize::clean(&scope.project_id),
            width,
        ));
    }
    if let Some(p) = app.table.parent(&job.id) {
        let name = app.table.get(p).map_or(p, |j| j.name.as_str());
        l.push(kv(theme, tr!(DetParent), name.to_owned(), n));
    }
    l
}

/// The project's name and id on one line where they fit, else the id on a line of its own
/// under the name (lined up with the values, continued there in a narrow pane): a 32-character
/// id never wraps to column 0.
fn project_lines<'a>(theme: &Theme, name: &str, id: &str, width: usize) -> Vec<Line<'a>> {
    let one = kv(
        theme,
        tr!(DetProject),
        format!("{name}  {id}"),
        Style::new(),
    );
    if one.width() <= width {
        return vec![one];
    }
    // The id continues under the value column when even its own line is too narrow.
    let mut l = vec![kv(theme, tr!(DetProject), name.to_owned(), Style::new())];
    l.extend(kv_text(theme, "", id, theme.dim(), width));
    l
}

/// Status, engine, type and creation time, then the fields the job has (empty ones left out).
fn state_lines<'a>(job: &Job, theme: &Theme, width: usize) -> Vec<Line<'a>> {
    let n = Style::new();
    let kind = theme.status(job.status_kind());
    let status_words = crate::labels::label_for(&job.status, &job.job_type)
        .unwrap_or(kind_word(job.status_kind()));
    let mut l = kv_worded(
        theme,
        tr!(DetStatus),
        Some(status_words),
        &job.status,
        kind,
        width,
    );
    l.push(kv(theme, tr!(DetEngine), job.engine_type.clone(), n));
    l.extend(kv_worded(
        theme,
        tr!(DetJobType),
        crate::labels::kind_label(&job.job_type, false),
        &job.job_type,
        n,
        width,
    ));
    let task = &job.task_type;
    l.extend(worded_lines(
        theme,
        tr!(DetTaskType),
        Field::TaskType,
        task,
        width,
    ));
    l.push(kv(theme, tr!(DetCreated), created(&job.create_time), n));
    l.extend(field_lines(job, theme, width));
    l
}

/// The fields a job has, in the pane's order (empty ones left out): coded ones in words with
/// their codes, then the description and the action in progress.
fn field_lines<'a>(job: &Job, theme: &Theme, width: usize) -> Vec<Line<'a>> {
    let n = Style::new();
    let dr = job.job_type == "cloudDataGuard";
    let mut l = Vec::new();
    let rows: [(&str, Option<Field>, String); 10] = [
        (
            tr!(DetDirection),
            Some(Field::Direction { dr }),
            job.job_direction.to_string(),
        ),
        (
            tr!(DetNetwork),
            Some(Field::Network),
            job.net_type.to_string(),
        ),
        (tr!(DetMode), Some(Field::Mode), job.job_mode.to_string()),
        (
            tr!(DetModeRole),
            Some(Field::ModeRole),
            job.job_mode_role.to_string(),
        ),
        (tr!(DetNodeRole), None, job.node_role.to_string()),
        (
            tr!(DetCharging),
            Some(Field::Charging),
            job.charging_mode.to_string(),
        ),
        (tr!(DetBilling), None, opt_bool(job.billing_tag)),
        (tr!(DetMultiAz), None, opt_bool(job.is_multi_az)),
        (tr!(DetNewFrame), None, opt_bool(job.node_new_framework)),
        (
            tr!(DetEnterprise),
            Some(Field::Enterprise),
            job.enterprise_project_id.to_string(),
        ),
    ];
    for (k, field, v) in rows {
        match field {
            _ if v.is_empty() => {}
            Some(f) => l.extend(worded_lines(theme, k, f, &v, width)),
            None => l.push(kv(theme, k, v, n)),
        }
    }
    if !job.description.is_empty() {
        l.extend(kv_text(
            theme,
            tr!(DetDescription),
            &job.description,
            n,
            width,
        ));
    }
    let current = &job.job_action.current_action;
    if !current.is_empty() {
        l.extend(worded_lines(
            theme,
            tr!(DetCurrent),
            Field::Action,
            current,
            width,
        ));
    }
    l
}

/// The `key  words  code` line of a coded field (two where they do not fit).
fn worded_lines<'a>(
    theme: &Theme,
    k: &str,
    field: Field,
    code: &str,
    width: usize,
) -> Vec<Line<'a>> {
    kv_worded(theme, k, word(field, code), code, Style::new(), width)
}

/// The actions the service says the job can and cannot take now, in words with their codes.
fn action_lines<'a>(job: &Job, theme: &Theme, width: usize) -> Vec<Line<'a>> {
    let a = &job.job_action;
    let mut l = kv_actions(theme, tr!(DetCan), &a.available_actions, theme.ok(), width);
    if !a.unavailable_actions.is_empty() {
        l.extend(kv_actions(
            theme,
            tr!(DetCannot),
            &a.unavailable_actions,
            theme.dim(),
            width,
        ));
    }
    l
}

/// A parent's children: how many, then one line each.
fn children_lines<'a>(job: &Job, theme: &Theme) -> Vec<Line<'a>> {
    if job.children.is_empty() {
        return Vec::new();
    }
    let mut l = vec![kv(
        theme,
        tr!(DetChildren),
        job.children.len().to_string(),
        Style::new(),
    )];
    for c in &job.children {
        l.push(Line::from(vec![
            Span::raw("  "),
            Span::raw(format!("{}  ", c.name)),
            Span::styled(c.status.to_string(), theme.status(c.status_kind())),
            Span::styled(format!("  {}", c.id), theme.dim()),
        ]));
    }
    l
}

fn detail_lines<'a>(app: &App, theme: &Theme, id: &str, width: usize) -> Vec<Line<'a>> {
    let mut l = Vec::new();
    match app.details.get(id) {
        None => l.push(Line::styled(tr!(DetResting), theme.dim())),
        Some(Detail::Loading) => l.push(Line::styled(
            format!("{} {}", theme.spinner(app.spinner), tr!(DetLoading)),
            theme.warn(),
        )),
        Some(Detail::Failed(e)) => l.push(Line::styled(tr!(DetFailed, e), theme.error())),
        Some(Detail::Loaded(v)) => {
            l.push(Line::styled(tr!(DetHeading), theme.heading()));
            l.extend(value_lines(v, theme, width));
        }
    }
    l
}

/// Draws the pane; returns how far it can scroll before its content ends.
pub(super) fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) -> u16 {
    if area.width < 3 || area.height < 3 {
        return 0;
    }
    let Some(job) = app.table.selected() else {
        let b = block(theme, tr!(DetTitle), app.focus == Focus::Detail);
        let inner = b.inner(area);
        frame.render_widget(b, area);
        frame.render_widget(
            Paragraph::new(Line::styled(tr!(DetNoJob), theme.dim())),
            inner,
        );
        return 0;
    };
    // A followed log says so in the title: in view wherever the log is scrolled.
    let following = crate::app::story::shown(app)
        .filter(|s| s.following)
        .map(|_| super::story::following_mark(theme))
        .unwrap_or_default();
    let room = (area.width as usize).saturating_sub(12 + super::text::width(&following));
    let mut title = tr!(DetTitleOf, truncate(&job.name, room, theme.ellipsis()));
    title.push_str(&following);
    let b = block(theme, title, app.focus == Focus::Detail);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let mut lines = Vec::new();
    if let Some((op, style)) = op_label(app, theme, &job.id) {
        lines.push(kv(theme, tr!(DetRequest), op, style));
    }
    if let Some(err) = app.last_error.get(&job.id) {
        lines.push(kv(theme, tr!(DetLastError), err.clone(), theme.error()));
    }
    // The story the user asked for comes first: the job's fields follow its progress. The log
    // comes last, so its end is the pane's end: its newest entries, where `G` and `F` go.
    let story = crate::app::story::shown(app);
    if let Some(story) = story {
        lines.extend(super::story::lines(app, story, theme, inner.width as usize));
        if story.kind == crate::app::StoryKind::Progress {
            lines.push(Line::raw(""));
            lines.extend(job_lines(app, job, theme, inner.width as usize));
        }
    } else {
        lines.extend(job_lines(app, job, theme, inner.width as usize));
        lines.push(Line::raw(""));
        lines.extend(detail_lines(app, theme, &job.id, inner.width as usize));
    }
    let p = Paragraph::new(lines).wrap(Wrap { trim: false });
    let max = p
        .line_count(inner.width)
        .saturating_sub(inner.height as usize);
    let max = u16::try_from(max).unwrap_or(u16::MAX);
    // On the log's newest entries (`G`, `F`), the pane stays there as entries arrive.
    let scroll = if story.is_some_and(|s| s.tail) {
        max
    } else {
        app.detail_scroll.min(max)
    };
    frame.render_widget(p.scroll((scroll, 0)), inner);
    max
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_project_id_wider_than_the_pane_continues_under_the_value_column() {
        let theme = Theme {
            color: false,
            ascii: false,
        };
        let id = "de40de40de40de40de40de40de40de40";
        for width in [26, 30, 40, 50, 80] {
            let lines = project_lines(&theme, "cn-north-4", id, width);
            let text: Vec<String> = lines
                .iter()
                .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
                .collect();
            // Every line fits; the id's pieces start at the value column and add up to it.
            assert!(
                lines.iter().all(|l| l.width() <= width),
                "{width}: {text:?}"
            );
            let id_shown: String = text
                .iter()
                .map(|t| {
                    let (key, value) = t.split_at(12.min(t.len()));
                    if lines.len() > 1 {
                        assert!(key.trim().is_empty() || key.contains("project"), "{t:?}");
                    }
                    value
                        .trim()
                        .trim_start_matches("cn-north-4")
                        .trim()
                        .to_owned()
                })
                .collect();
            assert_eq!(id_shown, id, "{width}: {text:?}");
        }
    }
}
