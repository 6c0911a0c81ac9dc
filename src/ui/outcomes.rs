//! Outcome lines, newest first, and the bulk progress gauge.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::{short_id, truncate, width};
use super::{Theme, block};
use crate::app::{App, ConfirmAction};
use crate::ops::OutcomeKind;

fn gauge<'a>(app: &App, theme: &Theme, width: usize) -> Option<Line<'a>> {
    let b = app.batch?;
    let (finished, total) = b.progress();
    let pending = app.pending();
    let head = if pending > 0 && finished == 0 && pending >= total {
        format!("{pending} waiting to send (u undoes)")
    } else if b.finished() {
        "finished".to_owned()
    } else {
        match b.action {
            ConfirmAction::Delete => "deleting",
            ConfirmAction::Stop => "stopping",
        }
        .to_owned()
    };
    let tail = b.summary();
    let bar_w = width.saturating_sub(head.len() + tail.len() + 12).min(20);
    let mut spans = vec![Span::raw(format!(" {head} "))];
    if bar_w >= 5 {
        let filled = (finished * bar_w / total.max(1)).min(bar_w);
        let (f, e) = theme.gauge();
        let (l, r) = if theme.ascii {
            ("[", "]")
        } else {
            ("▕", "▏")
        };
        spans.push(Span::raw(l));
        spans.push(Span::styled(f.repeat(filled), theme.ok()));
        spans.push(Span::styled(e.repeat(bar_w - filled), theme.dim()));
        spans.push(Span::raw(format!("{r} ")));
    }
    let bad = b.stops.failed + b.deletes.failed + b.stops.unknown + b.deletes.unknown;
    let style = if bad > 0 { theme.error() } else { theme.dim() };
    spans.push(Span::styled(format!("{tail} "), style));
    Some(Line::from(spans).right_aligned())
}

pub(super) fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    if area.width < 3 || area.height < 3 {
        return;
    }
    let mut b = block(theme, " Outcomes ", false);
    if let Some(g) = gauge(app, theme, area.width as usize) {
        b = b.title_top(g);
    }
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let e = theme.ellipsis();
    let lines: Vec<Line> = if app.outcomes.is_empty() {
        vec![Line::styled(
            "no requests yet: outcomes of deletes and stops appear here, newest first",
            theme.dim(),
        )]
    } else {
        app.outcomes
            .iter()
            .take(inner.height as usize)
            .map(|o| {
                let head = format!(
                    "{:02}:{:02}:{:02}  {} ",
                    o.at.hour(),
                    o.at.minute(),
                    o.at.second(),
                    o.verb,
                );
                let tail = format!(" ({}): {}", short_id(&o.id, e), o.text);
                // The outcome matters more than the whole name: a long name gives way first,
                // down to a few characters, before the line is cut at its end.
                let room = (inner.width as usize).saturating_sub(width(&head) + width(&tail));
                let name = truncate(&o.name, room.max(12), e);
                let text = format!("{head}{name}{tail}");
                let style = match o.kind {
                    _ if o.ok => theme.ok(),
                    OutcomeKind::Cancelled => theme.dim(),
                    OutcomeKind::UnknownStillPresent => theme.warn(),
                    _ => theme.error(),
                };
                Line::styled(truncate(&text, inner.width as usize, e), style)
            })
            .collect()
    };
    frame.render_widget(Paragraph::new(lines), inner);
}
