//! The confirmation modal and the quit question. Every job the action touches is listed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::modal_text::{wrap, wrap_words};
use super::status::{self, Product};
use super::text::{fit, fit_middle, thousands, truncate, width};
use super::{Theme, block};
use crate::api::model::status_kind;
use crate::app::App;
use crate::app::confirm::{Button, ConfirmAction, ConfirmModal, Skipped, Target};
use crate::layout::{ModalDrawn, centered};
use crate::tr;

/// Clears `rect` for a box drawn over the screen, and a blank ring one cell wide around it (in
/// the frame): no border of the panes below runs on into the box's border (`└───└───┘───┘`),
/// and no sliver of them shows beside it (`┌│ … │┐`); the rows of the box's own top and
/// bottom borders are blank across the screen, so no pane border continues them. A double-width character cut by the
/// ring's left edge would otherwise spill into it (a terminal draws both halves or neither), and
/// one cut by its right edge would leave half a character: both are blanked first.
pub(crate) fn clear_box(frame: &mut Frame, rect: Rect) {
    let area = frame.area();
    let outer = Rect::new(
        rect.x.saturating_sub(1),
        rect.y.saturating_sub(1),
        rect.width + 2,
        rect.height + 2,
    );
    for y in [rect.top(), rect.bottom().saturating_sub(1)] {
        let row = Rect::new(area.x, y, area.width, 1).intersection(area);
        frame.render_widget(Clear, row);
    }
    let buf = frame.buffer_mut();
    let rect = outer.intersection(area);
    for y in rect.top()..rect.bottom() {
        if rect.x > area.x
            && let Some(c) = buf.cell_mut((rect.x - 1, y))
            && width(c.symbol()) > 1
        {
            c.set_symbol(" ");
        }
        let last = rect.right().saturating_sub(1);
        let wide_at_edge = buf.cell((last, y)).is_some_and(|c| width(c.symbol()) > 1);
        if wide_at_edge
            && rect.right() < area.right()
            && let Some(c) = buf.cell_mut((rect.right(), y))
        {
            c.set_symbol(" ");
        }
    }
    frame.render_widget(Clear, rect);
}

/// Column widths shared by every job line of the modal, so its sections line up.
struct Cols {
    name: usize,
    id: usize,
    status: usize,
    /// The codes beside the status labels, after a label column this wide (`None`: the
    /// labels alone; they are shown at every width).
    code_at: Option<usize>,
}

impl Cols {
    fn of(m: &ConfirmModal, inner_w: usize) -> Cols {
        let all = || {
            m.targets
                .iter()
                .chain(m.hidden.iter())
                .chain(m.skipped.iter().map(|s| &s.target))
        };
        let mut pairs: Vec<(&str, Product)> = all()
            .map(|t| (t.status.as_str(), Product::of(&t.job.job_type)))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        let sw = status::widths(pairs.iter().copied());
        let longest = all().map(|t| width(&t.name)).max().unwrap_or(4);
        let name = longest.min(28).min(inner_w / 3).max(4);
        // The region column (several projects listed) comes out of the id's room: counted
        // here, so an id that fits beside it is not cut (`target_line` takes it off again).
        let region = if all().any(|t| !t.region.is_empty()) {
            REGION_W + 1
        } else {
            0
        };
        // The codes beside the labels only where the ids stay whole beside them.
        let with_codes = 2 + region + name + 1 + 36 + 1 + sw.whole <= inner_w;
        let status = if with_codes { sw.whole } else { sw.short };
        let status = status.clamp(
            6,
            (inner_w / 3)
                .max(6)
                .max(if with_codes { status } else { 0 }),
        );
        let rest = inner_w.saturating_sub(2 + region + name + 1 + 1 + status);
        Cols {
            name,
            id: 36.min(rest).max(4) + region,
            status,
            code_at: with_codes.then_some(sw.label),
        }
    }
}

/// One job: name, id, status, and for a skipped job why (then its id is shortened).
/// Cells of the region in a job line (several projects listed).
const REGION_W: usize = 14;

fn target_line<'a>(t: &Target, theme: &Theme, c: &Cols, inner_w: usize, extra: &str) -> Line<'a> {
    let e = theme.ellipsis();
    // Several projects listed: the job's region first, so a write's destination is in view
    // (the id gives up the room it takes).
    let region_w = if t.region.is_empty() { 0 } else { REGION_W + 1 };
    let id_w = if extra.is_empty() { c.id } else { c.id.min(9) };
    let mut spans = vec![Span::raw("  ")];
    if region_w > 0 {
        spans.push(Span::styled(fit(&t.region, REGION_W, e), theme.heading()));
        spans.push(Span::raw(" "));
    }
    spans.extend([
        Span::raw(fit_middle(&t.name, c.name, e)),
        Span::raw(" "),
        Span::styled(fit(&t.id, id_w, e), theme.dim()),
        Span::raw(" "),
        Span::styled(
            fit(
                &status::cut(
                    &t.status,
                    Product::of(&t.job.job_type),
                    c.code_at,
                    c.status,
                    e,
                ),
                c.status,
                e,
            ),
            theme.status(status_kind(&t.status)),
        ),
    ]);
    if !extra.is_empty() {
        let used = 2 + region_w + c.name + 1 + id_w + 1 + c.status;
        let room = inner_w.saturating_sub(used + 2);
        spans.push(Span::styled(
            format!("  {}", truncate(extra, room, e)),
            theme.warn(),
        ));
    }
    Line::from(spans)
}

/// A job the action touches: on one line when that shows its whole name and id, else stacked
/// over several (a confirmation counts only for what the user could read).
fn target_lines<'a>(
    t: &Target,
    theme: &Theme,
    c: &Cols,
    inner_w: usize,
    extra: &str,
) -> Vec<Line<'a>> {
    // The cells `target_line` gives the name and the id.
    let region_w = if t.region.is_empty() { 0 } else { REGION_W + 1 };
    let id_w = if extra.is_empty() { c.id } else { c.id.min(9) };
    let id_w = if region_w > 0 {
        id_w.saturating_sub(region_w).max(8)
    } else {
        id_w
    };
    let one_line = 2 + region_w + c.name + 1 + id_w + 1 + c.status <= inner_w;
    if one_line && width(&t.name) <= c.name && width(&t.id) <= id_w {
        return vec![target_line(t, theme, c, inner_w, extra)];
    }
    let e = theme.ellipsis();
    let status = (
        status::cut(
            &t.status,
            Product::of(&t.job.job_type),
            c.code_at,
            inner_w,
            e,
        ),
        theme.status(status_kind(&t.status)),
    );
    super::modal_text::stacked_lines(t, theme, inner_w, status, extra)
}

/// The two buttons' labels and the gap between them, for an inner width.
fn button_labels(m: &ConfirmModal, inner_w: usize) -> (String, &'static str, String) {
    let n = m.count();
    let verb = m.verb();
    let lower = verb.to_lowercase();
    let compact = inner_w < 48;
    let cancel = if compact {
        tr!(ModCancelCompact)
    } else {
        tr!(ModCancel)
    }
    .to_owned();
    let confirm = match (n, compact) {
        (0, _) => tr!(ModNothingTo, lower),
        (_, true) => tr!(ModConfirmCompact, verb, n),
        (_, false) => tr!(ModConfirm, verb, n),
    };
    let gap = if compact { "] [" } else { "]      [" };
    (cancel, gap, confirm)
}

/// `one at a time` or `at most N at a time` (the worker lowers the limit when throttled).
fn pace(concurrency: usize, n: usize) -> String {
    match concurrency.max(1).min(n) {
        0 | 1 => tr!(ModOneAtATime).to_owned(),
        k => tr!(ModAtMost, k),
    }
}

/// The exact requests a confirmation sends (`compact`: paths shortened for a narrow modal).
fn request_line(m: &ConfirmModal, compact: bool) -> String {
    let direct = m.direct();
    let stops_first = m.stop_then_delete().count();
    let n = m.count();
    let each = |k: usize| {
        if k == 1 {
            tr!(ModForOne).to_owned()
        } else {
            tr!(ModForEach, thousands(k))
        }
    };
    let pace = pace(m.concurrency, n);
    let text = match m.action {
        ConfirmAction::Delete if stops_first == 0 => tr!(ReqDelete, each(n), pace),
        ConfirmAction::Delete => tr!(
            ReqStopThenDelete,
            each(stops_first),
            if direct == 0 {
                tr!(ReqForEachOne).to_owned()
            } else {
                tr!(ReqForThose, thousands(direct))
            },
            if stops_first == 1 {
                tr!(ReqOneStop, thousands(stops_first))
            } else {
                tr!(ReqManyStops, thousands(stops_first))
            },
            if n == 1 {
                tr!(ReqOneDelete, thousands(n))
            } else {
                tr!(ReqManyDeletes, thousands(n))
            },
            pace
        ),
        ConfirmAction::Stop if m.force => tr!(ReqForcedStop, each(n), pace),
        ConfirmAction::Stop => tr!(ReqStop, each(n), pace),
    };
    if compact {
        text.replace("/v5/{project_id}/jobs/{job_id}", "…/jobs/{id}")
    } else {
        text
    }
}

/// The counts line: what will happen to how many.
fn counts_line(m: &ConfirmModal) -> String {
    let done = match m.action {
        ConfirmAction::Delete => tr!(DoneDeleted),
        ConfirmAction::Stop if m.force => tr!(DoneForceStopped),
        ConfirmAction::Stop => tr!(DoneStopped),
    };
    let mut s = tr!(ModSummary, thousands(m.count()), done);
    let first = m.stop_then_delete().count();
    if first > 0 {
        s.push_str(&tr!(ModStoppedFirst, thousands(first)));
    }
    let skipped = m.skipped.len() - first;
    s.push_str(&tr!(ModSkipped, thousands(skipped)));
    if !m.hidden.is_empty() {
        s.push_str(&tr!(ModHiddenCount, thousands(m.hidden.len())));
    }
    s
}

/// The modal's lines: the job list (`body`, it scrolls) and what stays put below it (`tail`).
fn lines<'a>(m: &ConfirmModal, theme: &Theme, inner_w: usize) -> (Vec<Line<'a>>, Vec<Line<'a>>) {
    let body = job_list(m, theme, inner_w);
    let mut tail = vec![Line::raw("")];
    if m.offers_stop_first() {
        let state = if m.stop_first {
            tr!(ModOn)
        } else {
            tr!(ModOff)
        };
        tail.extend(wrap_words(&tr!(ModStopFirst, state), Style::new(), inner_w));
    }
    tail.extend(requests(m, theme, inner_w));
    if let Some(req) = &m.require {
        tail.extend(typed(m, req, theme, inner_w));
    }
    tail.push(Line::raw(""));
    tail.push(buttons(m, theme, inner_w, m.can_confirm()));
    (body, tail)
}

/// Every job the action touches, by section: those it acts on, those hidden by the filter,
/// those stopped first, and those it cannot act on now (with why).
fn job_list<'a>(m: &ConfirmModal, theme: &Theme, inner_w: usize) -> Vec<Line<'a>> {
    let mut body = Vec::new();
    let c = Cols::of(m, inner_w);
    let lower = m.verb().to_lowercase();
    if !m.targets.is_empty() {
        body.push(Line::styled(tr!(ModWill, lower), theme.heading()));
        body.extend(m.targets.iter().flat_map(|t| {
            // A retry shows each job's previous error.
            let previous = t.previous.as_deref().map(|p| tr!(ModWas, p));
            target_lines(t, theme, &c, inner_w, previous.as_deref().unwrap_or(""))
        }));
    }
    if !m.hidden.is_empty() {
        body.push(Line::styled(
            tr!(ModHidden, m.filter, lower),
            theme.heading(),
        ));
        body.extend(
            m.hidden
                .iter()
                .flat_map(|t| target_lines(t, theme, &c, inner_w, "")),
        );
    }
    let (first, skipped): (Vec<&Skipped>, Vec<&Skipped>) =
        m.skipped.iter().partition(|s| m.stop_first && s.stoppable);
    if !first.is_empty() {
        body.push(Line::styled(tr!(ModStopThenDelete), theme.heading()));
        body.extend(
            first
                .iter()
                .flat_map(|s| target_lines(&s.target, theme, &c, inner_w, "")),
        );
    }
    if !skipped.is_empty() {
        body.push(Line::styled(tr!(ModCannotNow, lower), theme.heading()));
        for s in skipped {
            body.push(target_line(&s.target, theme, &c, inner_w, &s.reason));
        }
    }
    body
}

/// The requests a confirmation sends (and that each goes to its job's own project), or that
/// nothing can be acted on.
fn requests<'a>(m: &ConfirmModal, theme: &Theme, inner_w: usize) -> Vec<Line<'a>> {
    if m.count() == 0 {
        return vec![Line::styled(
            tr!(
                ModNothingCan,
                match m.action {
                    ConfirmAction::Delete => tr!(DoneDeleted),
                    ConfirmAction::Stop => tr!(DoneStopped),
                }
            ),
            theme.warn(),
        )];
    }
    let style = if m.force { theme.warn() } else { theme.dim() };
    let mut l = wrap_words(&request_line(m, inner_w < 60), style, inner_w);
    let several = m
        .targets
        .iter()
        .chain(m.hidden.iter())
        .any(|t| !t.region.is_empty());
    if several {
        l.extend(wrap_words(crate::tr!(ModOwnProject), style, inner_w));
    }
    l
}

/// The typed confirmation: what to type (`req`) and what was typed so far.
fn typed<'a>(m: &ConfirmModal, req: &str, theme: &Theme, inner_w: usize) -> Vec<Line<'a>> {
    let cursor = if theme.ascii { "_" } else { "▏" };
    let what = if m.count() == 1 {
        tr!(ModTheName)
    } else {
        tr!(ModTheNumber)
    };
    let ok = m.typed == *req;
    // Wrapped, never cut: a long name and what was typed so far both stay readable. The
    // words wrap at spaces; the typed text continues on the prompt's last line.
    let prompt = tr!(ModTypeToConfirm, what, req);
    let mut head: Vec<String> = wrap_words(&prompt, Style::new(), inner_w)
        .into_iter()
        .map(|l| l.to_string())
        .collect();
    let last = head.pop().unwrap_or_default();
    let mut l: Vec<Line<'a>> = head.into_iter().map(Line::raw).collect();
    l.extend(wrap(
        &[
            (last, Style::new()),
            (
                format!("{}{cursor}", m.typed),
                if ok { theme.ok() } else { theme.warn() },
            ),
        ],
        inner_w,
    ));
    l
}

/// `[Cancel]      [Delete N]`, the focused button highlighted, a disabled one dimmed.
fn buttons<'a>(m: &ConfirmModal, theme: &Theme, inner_w: usize, enabled: bool) -> Line<'a> {
    let (cancel, gap, confirm) = button_labels(m, inner_w);
    let style = |b: Button, enabled: bool| {
        let s = if enabled { Style::new() } else { theme.dim() };
        if m.focus == b {
            s.patch(theme.selected())
        } else {
            s
        }
    };
    Line::from(vec![
        Span::raw("["),
        Span::styled(cancel, style(Button::Cancel, true)),
        Span::raw(gap),
        Span::styled(confirm, style(Button::Confirm, enabled)),
        Span::raw("]"),
    ])
    .centered()
}

/// Where the modal goes in `area`: its box, its lines (the job list scrolled and cut to fit
/// between the counts line and the tail) and the buttons' row.
/// The modal as placed: its box, its lines, the buttons' row, the job list's page, and
/// whether the one job it acts on is in view whole (when it acts on one).
struct Placed<'a> {
    rect: Rect,
    lines: Vec<Line<'a>>,
    buttons_row: usize,
    page: u16,
    identified: bool,
}

fn place<'a>(m: &ConfirmModal, theme: &Theme, area: Rect) -> Placed<'a> {
    let w = area.width.saturating_sub(2).min(110);
    let inner_w = w.saturating_sub(2) as usize;
    let (mut body, mut tail) = lines(m, theme, inner_w);
    let max_inner_h = area.height.saturating_sub(2) as usize;
    let mut out = wrap_words(&counts_line(m), theme.heading(), inner_w);
    let mut room = max_inner_h.saturating_sub(tail.len() + out.len());
    if body.len() > room {
        // Short of rows: the blank spacer lines go before any job does.
        tail.retain(|l| l.width() > 0);
        room = max_inner_h.saturating_sub(tail.len() + out.len());
    }
    let mut page = body.len();
    // One job whose lines do not all fit: what would be confirmed cannot be read, so the modal
    // says so instead, and a confirmation does not count (see `drawn`).
    let identified = m.count() != 1 || body.len() <= room;
    if !identified {
        // Only the buttons stay (the confirming one dimmed): the sentence saying why gets
        // the rows the explanation of the requests had.
        tail = vec![buttons(m, theme, inner_w, false)];
        room = max_inner_h.saturating_sub(tail.len() + out.len());
        body = wrap_words(tr!(ModTooSmall), theme.warn(), inner_w);
        body.truncate(room);
        page = 0;
    } else if body.len() > room {
        // The list scrolls; its last row says where it stands and how to move.
        let rows = room.saturating_sub(1);
        page = rows;
        let top = m.scroll.min(body.len().saturating_sub(rows));
        let end = (top + rows).min(body.len());
        let len = body.len();
        body = body.drain(top..end).collect();
        if room > 0 {
            body.push(Line::styled(
                tr!(
                    ModScroll,
                    thousands(top + 1),
                    thousands(end),
                    thousands(len)
                ),
                theme.warn(),
            ));
        }
    }
    out.extend(body);
    let h = (out.len() + tail.len() + 2) as u16;
    let rect = centered(area, w, h);
    let buttons_row = out.len() + tail.len() - 1;
    out.extend(tail);
    Placed {
        rect,
        lines: out,
        buttons_row,
        page: page as u16,
        identified,
    }
}

/// What of the modal drawn at `rect` the user saw: whether all of it fits, and its buttons.
fn drawn(
    m: &ConfirmModal,
    theme: &Theme,
    area: Rect,
    rect: Rect,
    (row, page): (usize, u16),
) -> Option<ModalDrawn> {
    let inner = block(theme, "", true).inner(rect);
    let y = inner.y + row as u16;
    if y >= inner.bottom() {
        return None;
    }
    let (cancel, gap, confirm) = button_labels(m, inner.width as usize);
    let (cw, gw, fw) = (width(&cancel), width(gap), width(&confirm));
    let total = (1 + cw + gw + fw + 1) as u16;
    // Centred as ratatui centres a line: the spare cells split, the odd one to the right.
    let x0 = inner.x + inner.width.saturating_sub(total) / 2;
    let cancel_r = Rect::new(x0 + 1, y, cw as u16, 1).intersection(inner);
    let confirm_r = Rect::new(x0 + 1 + (cw + gw) as u16, y, fw as u16, 1).intersection(inner);
    let whole = rect.intersection(area) == rect
        && total <= inner.width
        && cancel_r.width as usize == cw
        && confirm_r.width as usize == fw;
    Some(ModalDrawn {
        whole,
        cancel: cancel_r,
        confirm: confirm_r,
        page,
    })
}

pub(super) fn render(
    m: &ConfirmModal,
    _app: &App,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) -> Option<ModalDrawn> {
    let Placed {
        rect,
        lines: body,
        buttons_row: row,
        page,
        identified,
    } = place(m, theme, area);
    let inner_w = rect.width.saturating_sub(2) as usize;
    let n = m.count();
    let title = (if n == 1 {
        crate::i18n::T::ModTitleOne
    } else {
        crate::i18n::T::ModTitleMany
    })
    .fill(&[
        &if m.retry { tr!(ModRetry) } else { "" },
        &if m.retry {
            m.verb().to_lowercase()
        } else {
            m.verb().to_owned()
        },
        &n,
    ]);
    let b = block(theme, truncate(&title, inner_w, theme.ellipsis()), true);
    let inner = b.inner(rect);
    clear_box(frame, rect);
    frame.render_widget(b, rect);
    frame.render_widget(Paragraph::new(body), inner);
    drawn(m, theme, area, rect, (row, page)).map(|d| ModalDrawn {
        whole: d.whole && identified,
        ..d
    })
}

pub(super) fn render_quit(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let n = app.sent_in_flight();
    let text = vec![
        Line::raw(tr!(ModInFlight, n)),
        Line::raw(tr!(ModQuitStops)),
        Line::raw(""),
        Line::from(vec![
            Span::styled("y", theme.heading()),
            Span::raw(tr!(ModQuitAnyway)),
            Span::styled("n/Esc", theme.heading()),
            Span::raw(tr!(ModStay)),
        ]),
    ];
    let rect = centered(area, 48, 6);
    let b = block(theme, tr!(ModQuitTitle), true);
    let inner = b.inner(rect);
    clear_box(frame, rect);
    frame.render_widget(b, rect);
    frame.render_widget(Paragraph::new(text), inner);
}
