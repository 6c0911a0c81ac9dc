//! The job list: only the visible rows are built.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::columns::{Columns, Headings, Values, Wants, engine, kind};
use super::status;
use super::text::{created, fit, fit_middle, width as cells};
use super::{Theme, block};
use crate::api::Job;
use crate::app::{App, Focus, Phase, SortColumn};
use crate::tr;

/// A job's write state as shown on its row and in its detail pane.
pub(crate) fn op_label(app: &App, theme: &Theme, id: &str) -> Option<(String, Style)> {
    let op = app.ops.get(id)?;
    let spin = theme.spinner(app.spinner);
    Some(match &op.phase {
        Phase::Pending { secs_left } => (theme.countdown(*secs_left), theme.warn()),
        Phase::Cancelling => (tr!(PhaseCancelling).to_owned(), theme.warn()),
        Phase::Queued => (tr!(PhaseQueued).to_owned(), theme.warn()),
        Phase::Deleting => (format!("{spin} {}", tr!(PhaseDeleting)), theme.warn()),
        Phase::Stopping => (format!("{spin} {}", tr!(PhaseStopping)), theme.warn()),
        Phase::WaitingForStop(_) => (format!("{spin} {}", tr!(PhaseWaitStop)), theme.warn()),
        Phase::Deleted => (
            format!("{} {}", theme.tick(), tr!(PhaseDeleted)),
            theme.ok(),
        ),
        Phase::Settling(_) => (format!("{spin} {}", tr!(PhaseStopping)), theme.warn()),
        Phase::Stopped => (
            format!("{} {}", theme.tick(), tr!(PhaseStopped)),
            theme.ok(),
        ),
        Phase::Failed => (
            format!("{} {}", theme.cross(), tr!(PhaseFailed)),
            theme.error(),
        ),
        Phase::Unknown => (format!("? {}", tr!(PhaseUnknown)), theme.warn()),
    })
}

/// The name cell: a child row hangs below its parent; a parent says whether it is open.
fn tree_name(app: &App, theme: &Theme, job: &Job) -> String {
    let (child, open, closed) = if theme.ascii {
        ("`-", "-", "+")
    } else {
        ("└", "▾", "▸")
    };
    if app.table.parent(&job.id).is_some() {
        format!(" {child} {}", job.name)
    } else if job.children.is_empty() {
        job.name.clone()
    } else if app.table.is_expanded(&job.id) {
        format!("{open} {}", job.name)
    } else {
        format!("{closed} {}", job.name)
    }
}

/// Cells of the request column: its widest sign and label in this language.
fn op_width() -> usize {
    [
        tr!(PhaseCancelling),
        tr!(PhaseQueued),
        tr!(PhaseDeleting),
        tr!(PhaseStopping),
        tr!(PhaseWaitStop),
        tr!(PhaseDeleted),
        tr!(PhaseStopped),
        tr!(PhaseFailed),
        tr!(PhaseUnknown),
    ]
    .iter()
    .map(|l| cells(l) + 2)
    .max()
    .unwrap_or(0)
    // The countdown: `⏳ 10s`.
    .max(6)
}

/// The widths for `room` cells (after each row's mark and pointer). Measured over every loaded
/// job, never the rows on screen, and with the request column kept whenever a write can be
/// made: no width moves while scrolling or when a request starts.
pub(crate) fn layout_for(app: &App, theme: &Theme, room: usize) -> Columns {
    let values = app.table.values();
    let scopes: Vec<_> = values.scopes().collect();
    let mut regions: Vec<String> = scopes.iter().map(|s| s.region()).collect();
    regions.sort_unstable();
    regions.dedup();
    let multi = crate::app::scope::multi(app);
    let several = multi && crate::app::scope::several_projects_per_region(app);
    let v = Values {
        statuses: values.typed_statuses().collect(),
        engines: values.engines().collect(),
        kinds: values.kinds().collect(),
        regions,
        projects: scopes.iter().map(|s| s.label()).collect(),
        widest_name: values.widest_name(),
        any: !app.table.all().is_empty(),
    };
    let (sort, _) = app.table.sort();
    let head =
        |label: &str, col: Option<SortColumn>| cells(label) + if col == Some(sort) { 2 } else { 0 };
    let h = Headings {
        name: head(tr!(ColName), Some(SortColumn::Name)),
        region: head(tr!(ColRegion), Some(SortColumn::Region)),
        project: head(tr!(ColProject), None),
        status: head(tr!(ColStatus), Some(SortColumn::Status)),
        engine: head(tr!(ColEngine), Some(SortColumn::Engine)),
        kind: head(tr!(ColType), Some(SortColumn::Type)),
        created: head(tr!(ColCreated), Some(SortColumn::Created)),
    };
    let op = if app.settings.no_writes() {
        0
    } else {
        op_width()
    };
    let wants = Wants::measure(&v, &h, multi, several, op, theme.arrow());
    Columns::fit(&wants, room)
}

/// A cell `w` wide and the space after it; nothing for a column left out (`w` 0).
fn cell(s: &str, w: usize, e: &str) -> String {
    if w == 0 {
        String::new()
    } else {
        format!("{} ", fit(s, w, e))
    }
}

/// [`cell`], cut in the middle: a capped value keeps both its ends.
fn middle_cell(s: &str, w: usize, e: &str) -> String {
    if w == 0 {
        String::new()
    } else {
        format!("{} ", fit_middle(s, w, e))
    }
}

/// The pane's title: the sort, and whether the rows are stale (the last listing failed).
fn title(app: &App) -> String {
    let (sort, rev) = app.table.sort();
    let stale = if app.list_error.is_some() && app.table.shown() > 0 {
        tr!(TableStale)
    } else {
        ""
    };
    tr!(
        TableTitle,
        sort.label(),
        if rev { tr!(TableDesc) } else { "" },
        stale
    )
}

/// The column headings; the sorted column's carries ▲ (ascending) or ▼ (descending).
fn heading<'a>(app: &App, theme: &Theme, c: &Columns) -> Line<'a> {
    let (sort, rev) = app.table.sort();
    let e = theme.ellipsis();
    let head = |label: &str, col: SortColumn| -> String {
        if col != sort {
            return label.to_owned();
        }
        let arrow = match (rev, theme.ascii) {
            (false, false) => "▲",
            (true, false) => "▼",
            (false, true) => "^",
            (true, true) => "v",
        };
        format!("{label} {arrow}")
    };
    Line::styled(
        format!(
            "    {}{}{}{}{}{}{}{}",
            cell(&head(tr!(ColName), SortColumn::Name), c.name, e),
            cell(&head(tr!(ColRegion), SortColumn::Region), c.region, e),
            cell(tr!(ColProject), c.project, e),
            cell(&head(tr!(ColStatus), SortColumn::Status), c.status, e),
            cell(&head(tr!(ColEngine), SortColumn::Engine), c.engine, e),
            cell(&head(tr!(ColType), SortColumn::Type), c.kind, e),
            cell(&head(tr!(ColCreated), SortColumn::Created), c.created, e),
            cell("", c.op, e)
        ),
        theme.heading(),
    )
}

/// One job's row.
fn row<'a>(app: &App, theme: &Theme, job: &Job, c: &Columns, is_sel: bool) -> Line<'a> {
    let e = theme.ellipsis();
    let mark = if app.table.is_marked(&job.id) {
        theme.mark()
    } else {
        " "
    };
    let ptr = if is_sel { theme.pointer() } else { " " };
    let (op, op_style) = op_label(app, theme, &job.id).unwrap_or_default();
    let name = tree_name(app, theme, job);
    let mut spans = vec![
        Span::raw(format!("{mark} {ptr} ")),
        Span::raw(if c.name == 0 {
            String::new()
        } else {
            format!("{} ", fit_middle(&name, c.name, e))
        }),
        Span::raw(cell(&job.scope.region(), c.region, e)),
        Span::raw(middle_cell(&job.scope.label(), c.project, e)),
        Span::styled(
            cell(
                &status::cut(
                    &job.status,
                    status::Product::of(&job.job_type),
                    c.full_status.then_some(c.status_label),
                    c.status,
                    e,
                ),
                c.status,
                e,
            ),
            theme.status(job.status_kind()),
        ),
        Span::raw(middle_cell(
            &engine(&job.engine_type, theme.arrow(), c.short_engine),
            c.engine,
            e,
        )),
        Span::raw(middle_cell(kind(&job.job_type, c.short_kind), c.kind, e)),
        Span::raw(cell(&created(&job.create_time), c.created, e)),
        // Last: the request column is kept for writes, blank until one starts.
        Span::styled(cell(&op, c.op, e), op_style),
    ];
    if is_sel {
        spans = spans
            .into_iter()
            .map(|s| {
                let st = s.style.patch(theme.selected());
                s.style(st)
            })
            .collect();
    }
    Line::from(spans)
}

/// What the list says when it shows no row: why the listing failed, that it is loading, that
/// nothing matches the filter, or that there are no jobs.
fn empty_lines<'a>(app: &App, theme: &Theme) -> Vec<Line<'a>> {
    if !app.listing
        && let Some(f) = &app.list_error
    {
        return super::failure::lines(f, theme);
    }
    let msg = if app.listing {
        format!("{} {}", theme.spinner(app.spinner), tr!(TableLoading))
    } else if !app.table.filter().is_empty() {
        tr!(TableNoMatch).to_owned()
    } else {
        tr!(TableEmpty).to_owned()
    };
    vec![Line::styled(format!("    {msg}"), theme.dim())]
}

pub(super) fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    if area.width < 3 || area.height < 3 {
        return;
    }
    let b = block(theme, title(app), app.focus == Focus::Table);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let rows_area = crate::layout::rows_of(area);
    let width = inner.width.saturating_sub(1) as usize; // last column: scrollbar
    let end = (app.scroll + rows_area.height as usize).min(app.table.shown());
    let c = layout_for(app, theme, width.saturating_sub(4));
    let mut lines = Vec::with_capacity(rows_area.height as usize + 1);
    lines.push(heading(app, theme, &c));
    let selected = app.table.selected_pos();
    for pos in app.scroll..end {
        let Some(job) = app.table.row(pos) else { break };
        lines.push(row(app, theme, job, &c, selected == Some(pos)));
    }
    let empty = app.table.shown() == 0;
    if empty {
        // The empty state may be a failure's explanation: wrap it (with Chinese line
        // breaking), never cut it.
        let w = inner.width.saturating_sub(1) as usize;
        lines.extend(super::text::wrap_lines(empty_lines(app, theme), w));
    }
    let text = Rect::new(
        inner.x,
        inner.y,
        inner.width.saturating_sub(1),
        inner.height,
    );
    if empty {
        // Wrapped above (`wrap_lines`).
        frame.render_widget(Paragraph::new(lines), text);
    } else {
        // Rows are cut, never wrapped: drawn straight into the buffer (see `rows`).
        super::rows::draw(frame.buffer_mut(), text, &lines);
    }
    scrollbar(app, theme, frame, rows_area, inner);
}

fn scrollbar(app: &App, theme: &Theme, frame: &mut Frame, rows: Rect, inner: Rect) {
    let total = app.table.shown();
    let h = rows.height as usize;
    if h == 0 || total <= h || inner.width == 0 {
        return;
    }
    let x = inner.right() - 1;
    let thumb = (h * h / total).max(1);
    let max_top = h - thumb;
    let top = (app.scroll * max_top) / (total - h).max(1);
    let (track, bar) = theme.scrollbar();
    let buf = frame.buffer_mut();
    for i in 0..h {
        let sym = if i >= top && i < top + thumb {
            bar
        } else {
            track
        };
        if let Some(cell) = buf.cell_mut((x, rows.y + i as u16)) {
            cell.set_symbol(sym).set_style(theme.dim());
        }
    }
}
