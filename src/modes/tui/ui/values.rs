//! Lines of a field and its value: the detail pane's `key  value` rows and a JSON object
//! flattened into `key.sub  value` lines (a job's fetched detail, its progress).

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::Theme;
use super::text::{self, truncate};
use crate::i18n::T;

/// Cells of the key column (at least).
const KEY_W: usize = 12;

/// One `key  value` line, the key dimmed and padded to the key column.
pub(super) fn kv<'a>(theme: &Theme, k: &str, v: impl Into<String>, style: Style) -> Line<'a> {
    Line::from(vec![key(theme, k), Span::styled(v.into(), style)])
}

/// A listed field whose codes have the console's words (drs-api.md §1.4, §1.8; the glossary's
/// "labels of API values").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    TaskType,
    /// `job_direction`; on a disaster-recovery job up and down say which side is primary.
    Direction {
        dr: bool,
    },
    Network,
    Charging,
    Mode,
    ModeRole,
    Enterprise,
    Action,
}

const TASK_TYPES: &[(&str, T)] = &[
    ("FULL_TRANS", T::TaskFull),
    ("INCR_TRANS", T::TaskIncr),
    ("FULL_INCR_TRANS", T::TaskFullIncr),
];
const DIRECTIONS: &[(&str, T)] = &[
    ("up", T::DirUp),
    ("down", T::DirDown),
    ("non-dbs", T::DirSelfBuilt),
];
const DR_DIRECTIONS: &[(&str, T)] = &[
    ("up", T::DirDrStandby),
    ("down", T::DirDrPrimary),
    ("non-dbs", T::DirSelfBuilt),
];
const NETWORKS: &[(&str, T)] = &[("vpc", T::NetVpc), ("eip", T::NetEip), ("vpn", T::NetVpn)];
const CHARGING: &[(&str, T)] = &[
    ("on_demand", T::ChargeOnDemand),
    ("period", T::ChargePeriod),
];
const MODES: &[(&str, T)] = &[
    ("single", T::ModeSingle),
    ("sync_child", T::ModeSyncChild),
    ("multi_to_single", T::ModeMultiToSingle),
];
const ROLES: &[(&str, T)] = &[
    ("parent", T::RoleParent),
    ("child", T::RoleChild),
    ("master", T::RoleMaster),
    ("slave", T::RoleSlave),
];
const ENTERPRISE: &[(&str, T)] = &[("0", T::EnterpriseDefault)];
/// The `job_action` values (drs-api.md §1.8: 31 actions, and the three `current_action` adds).
pub(super) const ACTIONS: &[(&str, T)] = &[
    ("CREATE", T::ActionCreate),
    ("CHOOSE_OBJECT", T::ActionChooseObject),
    ("PRE_CHECK", T::ActionPreCheck),
    ("CHANGE_MODE", T::ActionChangeMode),
    ("FREE_RESOURCE", T::ActionFreeResource),
    ("MODIFY_DB_CONFIG", T::ActionModifyDbConfig),
    ("RESET_DB_PWD", T::ActionResetDbPwd),
    ("MODIFY_CONFIGURATION", T::ActionModifyConfiguration),
    ("PAUSE", T::ActionPause),
    ("START", T::ActionStart),
    ("CHANGE", T::ActionChange),
    ("RETRY", T::ActionRetry),
    ("RESET", T::ActionReset),
    ("DELETE", T::ActionDelete),
    ("QUERY_PRE_CHECK", T::ActionQueryPreCheck),
    ("SWITCH_OVER", T::ActionSwitchOver),
    ("START_INCR", T::ActionStartIncr),
    ("MODIFY_TASK_NUMBER", T::ActionModifyTaskNumber),
    ("CONTINUE_JOB", T::ActionContinueJob),
    ("STOP_JOB", T::ActionStopJob),
    ("CONTINUE_CAPTURE", T::ActionContinueCapture),
    ("STOP_CAPTURE", T::ActionStopCapture),
    ("CONTINUE_APPLY", T::ActionContinueApply),
    ("STOP_APPLY", T::ActionStopApply),
    ("PAY_ORDER", T::ActionPayOrder),
    ("UNSUBSCRIBE", T::ActionUnsubscribe),
    ("TO_PERIOD", T::ActionToPeriod),
    ("TO_RENEW", T::ActionToRenew),
    ("ORDER_INFO", T::ActionOrderInfo),
    ("CHANGE_FLAVOR", T::ActionChangeFlavor),
    ("CLONE", T::ActionClone),
    ("API_CONFIGURATION_ACTION", T::ActionApiConfiguration),
    ("JUMP_RETRY", T::ActionJumpRetry),
    ("NODE_FLAVOR_MODIFY", T::ActionNodeFlavorModify),
];

/// The console's words for `code` of `field` in the language in force; `None` for a code this
/// version does not know (shown as sent).
pub(super) fn word(field: Field, code: &str) -> Option<&'static str> {
    let table = match field {
        Field::TaskType => TASK_TYPES,
        Field::Direction { dr: false } => DIRECTIONS,
        Field::Direction { dr: true } => DR_DIRECTIONS,
        Field::Network => NETWORKS,
        Field::Charging => CHARGING,
        Field::Mode => MODES,
        Field::ModeRole => ROLES,
        Field::Enterprise => ENTERPRISE,
        Field::Action => ACTIONS,
    };
    table.iter().find(|(c, _)| *c == code).map(|(_, t)| t.get())
}

/// One piece of a value as [`kv_pieces`] lays it out.
pub(super) struct Piece {
    text: String,
    style: Style,
    /// Spaces before it when it follows another piece on the same line.
    gap: usize,
}

/// A `key  value` row whose value is laid out piece by piece within `width` cells: a piece
/// that does not fit goes to the next line, indented to the value column, so nothing wraps
/// back under the key (a 31-character status code, a list of actions).
pub(super) fn kv_pieces<'a>(
    theme: &Theme,
    k: &str,
    pieces: Vec<Piece>,
    width: usize,
) -> Vec<Line<'a>> {
    let room = width.saturating_sub(KEY_W).max(1);
    let mut lines = Vec::new();
    let mut cur = vec![key(theme, k)];
    let mut used = 0;
    for p in pieces {
        let w = text::width(&p.text);
        if used > 0 && used + p.gap + w > room {
            lines.push(Line::from(std::mem::take(&mut cur)));
            cur.push(Span::raw(" ".repeat(KEY_W)));
            used = 0;
        }
        if used > 0 {
            cur.push(Span::raw(" ".repeat(p.gap)));
            used += p.gap;
        }
        cur.push(Span::styled(p.text, p.style));
        used += w;
    }
    lines.push(Line::from(cur));
    lines
}

/// A free-text `key  value` row ([`kv_pieces`]): broken at spaces, and a word longer than the
/// value column (a long Chinese name) at the column's edge; every line starts at the value
/// column.
pub(super) fn kv_text<'a>(
    theme: &Theme,
    k: &str,
    v: &str,
    style: Style,
    width: usize,
) -> Vec<Line<'a>> {
    let room = width.saturating_sub(KEY_W).max(1);
    let mut pieces = Vec::new();
    for (i, w) in v.split(' ').enumerate() {
        let mut chunk = String::new();
        let mut first = true;
        for c in w.chars() {
            if text::width(&chunk) + text::width(c.encode_utf8(&mut [0; 4])) > room
                && !chunk.is_empty()
            {
                pieces.push(Piece {
                    text: std::mem::take(&mut chunk),
                    style,
                    gap: usize::from(i > 0 && first),
                });
                first = false;
            }
            chunk.push(c);
        }
        pieces.push(Piece {
            text: chunk,
            style,
            gap: usize::from(i > 0 && first),
        });
    }
    kv_pieces(theme, k, pieces, width)
}

/// A value in words with its API code beside it, dimmed (`实时迁移  migration`); a code without
/// words is shown alone, as sent.
pub(super) fn kv_worded<'a>(
    theme: &Theme,
    k: &str,
    words: Option<&str>,
    code: &str,
    style: Style,
    width: usize,
) -> Vec<Line<'a>> {
    let mut pieces = Vec::new();
    if let Some(w) = words.filter(|w| *w != code) {
        pieces.push(Piece {
            text: w.to_owned(),
            style,
            gap: 0,
        });
        pieces.push(Piece {
            text: code.to_owned(),
            style: theme.dim(),
            gap: 2,
        });
    } else {
        pieces.push(Piece {
            text: code.to_owned(),
            style,
            gap: 0,
        });
    }
    kv_pieces(theme, k, pieces, width)
}

/// A list of actions in words, then their codes dimmed (`启动、结束任务  START FREE_RESOURCE`).
pub(super) fn kv_actions<'a, S: AsRef<str>>(
    theme: &Theme,
    k: &str,
    codes: &[S],
    style: Style,
    width: usize,
) -> Vec<Line<'a>> {
    if codes.is_empty() {
        return vec![kv(theme, k, "-", style)];
    }
    if codes
        .iter()
        .all(|c| word(Field::Action, c.as_ref()).is_none())
    {
        // No words to give: the codes alone, once.
        let all: Vec<&str> = codes.iter().map(|c| c.as_ref()).collect();
        return kv_worded(theme, k, None, &all.join("  "), style, width);
    }
    let sep = crate::tr!(ValueListSep);
    let (mark, gap) = (sep.trim_end(), sep.len() - sep.trim_end().len());
    let n = codes.len();
    let mut pieces: Vec<Piece> = codes
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let c = c.as_ref();
            let w = word(Field::Action, c).unwrap_or(c);
            Piece {
                text: if i + 1 < n {
                    format!("{w}{mark}")
                } else {
                    w.to_owned()
                },
                style,
                gap,
            }
        })
        .collect();
    pieces.extend(codes.iter().enumerate().map(|(i, c)| Piece {
        text: c.as_ref().to_owned(),
        style: theme.dim(),
        gap: if i == 0 { 2 } else { 1 },
    }));
    kv_pieces(theme, k, pieces, width)
}

/// The key column's span.
fn key<'a>(theme: &Theme, k: &str) -> Span<'a> {
    // Padded by display width: a Chinese key is two columns a character.
    Span::styled(
        format!("{k}{}", " ".repeat(KEY_W.saturating_sub(text::width(k)))),
        theme.dim(),
    )
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
