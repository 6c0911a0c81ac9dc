//! The job list: only the visible rows are built.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::status::{self, FULL_STATUS_FROM, LABEL_W};
use super::text::{created, fit, fit_middle, width as cells};
use super::{Theme, block};
use crate::api::Job;
use crate::app::{App, Focus, Phase, SortColumn};
use crate::tr;

/// Cells of each optional column.
const ENGINE_W: usize = 14;
const TYPE_W: usize = 9;
const CREATED_W: usize = 19;
const OP_W: usize = 11;
const REGION_W: usize = 14;
const PROJECT_W: usize = 20;
const MIN_NAME: usize = 18;

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

/// `mysql-to-kafka` → `mysql→kafka`.
pub(crate) fn engine(raw: &str, theme: &Theme) -> String {
    raw.replacen("-to-", theme.arrow(), 1)
}

struct Columns {
    name: usize,
    region: usize,
    project: usize,
    op: usize,
    status: usize,
    engine: usize,
    kind: usize,
    created: usize,
}

fn columns(
    width: usize,
    with_op: bool,
    status_w: usize,
    status_min: usize,
    region: usize,
    project: usize,
) -> Columns {
    // Prefix: mark + pointer = 4 cells; one space between columns.
    let mut c = Columns {
        name: 0,
        region,
        project,
        op: if with_op { OP_W } else { 0 },
        status: status_w,
        engine: ENGINE_W,
        kind: TYPE_W,
        created: CREATED_W,
    };
    let fixed = |c: &Columns| {
        4 + [
            c.region, c.project, c.op, c.status, c.engine, c.kind, c.created,
        ]
        .iter()
        .filter(|w| **w > 0)
        .map(|w| w + 1)
        .sum::<usize>()
    };
    for drop in 0..7 {
        if width >= fixed(&c) + MIN_NAME {
            break;
        }
        match drop {
            0 => c.created = 0,
            1 => c.kind = 0,
            2 => c.engine = 0,
            3 => c.project = 0,
            4 => c.op = c.op.min(8),
            5 => c.region = c.region.min(10),
            _ => c.status = c.status.min(status_min),
        }
    }
    c.name = width.saturating_sub(fixed(&c)).max(1);
    c
}

/// How the STATUS column is drawn: whole values or labels, and its width. Measured over every
/// loaded job (not just the rows on screen), so widths never change while scrolling; NAME gives
/// way.
pub(crate) fn status_column(statuses: &[&str], term_width: u16, room: usize) -> (bool, usize) {
    let header = cells(tr!(ColStatus));
    if term_width >= FULL_STATUS_FROM {
        let w = status::widest(statuses.iter().copied(), true).max(header);
        // Whole values only where they fit beside a readable name; else labels.
        if 4 + MIN_NAME + 1 + w < room {
            return (true, w);
        }
    }
    (
        false,
        status::widest(statuses.iter().copied(), false).max(header),
    )
}

/// A cell `w` wide and the space after it; nothing for a column left out (`w` 0).
fn cell(s: &str, w: usize, e: &str) -> String {
    if w == 0 {
        String::new()
    } else {
        format!("{} ", fit(s, w, e))
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

/// The columns for `width` cells, and whether STATUS shows whole values. Measured over every
/// listed job, not the rows on screen: a column must not come and go while scrolling.
fn layout(app: &App, term_width: u16, width: usize) -> (Columns, bool) {
    let with_op = app.ops.keys().any(|id| app.table.get(id).is_some());
    let (full, status_w) =
        status_column(&app.table.statuses().collect::<Vec<_>>(), term_width, width);
    // Several projects listed: where each job lives (PROJECT only when a region has several).
    let (region_w, project_w) = if crate::app::scope::multi(app) {
        let project = if crate::app::scope::several_projects_per_region(app) {
            PROJECT_W
        } else {
            0
        };
        (REGION_W, project)
    } else {
        (0, 0)
    };
    let c = columns(
        width,
        with_op,
        status_w,
        LABEL_W.min(status_w),
        region_w,
        project_w,
    );
    (c, full)
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
            cell("", c.op, e),
            cell(&head(tr!(ColStatus), SortColumn::Status), c.status, e),
            cell(&head(tr!(ColEngine), SortColumn::Engine), c.engine, e),
            cell(&head(tr!(ColType), SortColumn::Type), c.kind, e),
            cell(&head(tr!(ColCreated), SortColumn::Created), c.created, e)
        ),
        theme.heading(),
    )
}

/// One job's row (`full`: STATUS shows whole values).
fn row<'a>(app: &App, theme: &Theme, job: &Job, c: &Columns, full: bool, is_sel: bool) -> Line<'a> {
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
        Span::raw(cell(&job.scope.label(), c.project, e)),
        Span::styled(cell(&op, c.op, e), op_style),
        Span::styled(
            cell(&status::cut(&job.status, full, c.status, e), c.status, e),
            theme.status(job.status_kind()),
        ),
        Span::raw(cell(&engine(&job.engine_type, theme), c.engine, e)),
        Span::raw(cell(&job.job_type, c.kind, e)),
        Span::raw(cell(&created(&job.create_time), c.created, e)),
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
    let (c, full) = layout(app, frame.area().width, width);
    let mut lines = Vec::with_capacity(rows_area.height as usize + 1);
    lines.push(heading(app, theme, &c));
    let selected = app.table.selected_pos();
    for pos in app.scroll..end {
        let Some(job) = app.table.row(pos) else { break };
        lines.push(row(app, theme, job, &c, full, selected == Some(pos)));
    }
    let empty = app.table.shown() == 0;
    if empty {
        lines.extend(empty_lines(app, theme));
    }
    frame.render_widget(
        if empty {
            // The empty state may be a failure's explanation: wrap it, never cut it.
            Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false })
        } else {
            Paragraph::new(lines)
        },
        Rect::new(
            inner.x,
            inner.y,
            inner.width.saturating_sub(1),
            inner.height,
        ),
    );
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
