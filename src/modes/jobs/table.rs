//! `jobs list` as a table or TSV: one line per job, server text cleaned, widths by display
//! width (Chinese names take two columns a character).

use std::io::Write;

use unicode_width::UnicodeWidthStr;

use crate::api::Job;
use crate::sanitize::{clean, clean_id};
use crate::tr;

const HEADERS: [&str; 6] = ["ID", "NAME", "STATUS", "TYPE", "ENGINE", "CREATED"];

/// A job's cells for the table and TSV; CREATED formatted as the TUI shows it.
fn cells(j: &Job) -> [String; 6] {
    [
        clean_id(&j.id),
        clean(&j.name),
        clean(&j.status),
        clean(&j.job_type),
        clean(&j.engine_type),
        crate::ui::text::created(&clean(&j.create_time)),
    ]
}

/// One line per job, tab-separated. `clean` already turned tabs and line breaks in server text
/// into spaces, so a field never splits.
/// With `--regions`, TSV ends in REGION and PROJECT_ID (the columns before keep their
/// places for scripts).
pub(super) fn write_tsv(
    out: &mut dyn Write,
    jobs: &[Job],
    headers: bool,
    regional: bool,
) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(out);
    if headers {
        let extra = if regional { "\tREGION\tPROJECT_ID" } else { "" };
        writeln!(out, "{}{extra}", HEADERS.join("\t"))?;
    }
    for j in jobs {
        let mut line = cells(j).join("\t");
        if regional {
            line.push_str(&format!(
                "\t{}\t{}",
                clean(&j.scope.label()),
                clean(&j.scope.project_id())
            ));
        }
        writeln!(out, "{line}")?;
    }
    out.flush()
}

/// With `--regions`, the table starts with REGION (the project name: the region, or
/// `<region>_<suffix>` for a sub-project).
/// Each cell is cleaned and measured once (10,000 rows were a third of `jobs list`), and the
/// lines go out through one buffer: stdout writes each line on its own otherwise.
pub(super) fn write_table(
    out: &mut dyn Write,
    jobs: &[Job],
    headers: bool,
    regional: bool,
) -> std::io::Result<()> {
    // The table is for people: its headers are in the operator's language (TSV's stay as they
    // are, for scripts).
    let mut head: Vec<&str> = Vec::with_capacity(7);
    if regional {
        head.push(tr!(CliColRegion));
    }
    head.extend([
        tr!(CliColId),
        tr!(CliColName),
        tr!(CliColStatus),
        tr!(CliColType),
        tr!(CliColEngine),
        tr!(CliColCreated),
    ]);
    let n = head.len();
    // Every row's cells, back to back, each with its display width.
    let mut grid: Vec<(String, usize)> = Vec::with_capacity(jobs.len() * n);
    for j in jobs {
        if regional {
            grid.push(measured(clean(&j.scope.label())));
        }
        let [id, name, rest @ ..] = cells(j);
        grid.push(measured(id));
        grid.push(measured(truncate(&name, 48)));
        grid.extend(rest.into_iter().map(measured));
    }
    let mut widths: Vec<usize> = if headers {
        head.iter().map(|h| h.width()).collect()
    } else {
        vec![0; n]
    };
    for row in grid.chunks(n) {
        for (w, (_, cw)) in widths.iter_mut().zip(row) {
            *w = (*w).max(*cw);
        }
    }
    let mut out = std::io::BufWriter::new(out);
    if headers {
        let row: Vec<(&str, usize)> = head.iter().map(|h| (*h, h.width())).collect();
        write_line(&mut out, &row, &widths)?;
    }
    for row in grid.chunks(n) {
        let row: Vec<(&str, usize)> = row.iter().map(|(c, w)| (c.as_str(), *w)).collect();
        write_line(&mut out, &row, &widths)?;
    }
    if headers {
        writeln!(out, "{}", tr!(CliJobCount, jobs.len()))?;
    }
    out.flush()
}

/// A cell with its display width.
fn measured(s: String) -> (String, usize) {
    let w = s.width();
    (s, w)
}

/// One line: each cell padded to its column's width and two spaces, the last one not.
fn write_line(out: &mut dyn Write, row: &[(&str, usize)], widths: &[usize]) -> std::io::Result<()> {
    const SPACES: &[u8] = &[b' '; 128];
    for (i, (cell, w)) in row.iter().enumerate() {
        out.write_all(cell.as_bytes())?;
        if i + 1 < row.len() {
            let mut pad = widths[i] - w + 2;
            while pad > 0 {
                let k = pad.min(SPACES.len());
                out.write_all(&SPACES[..k])?;
                pad -= k;
            }
        }
    }
    out.write_all(b"\n")
}

fn truncate(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw + 1 > max {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.push('…');
    out
}

/// JSON text in which every unsafe character ([`crate::sanitize::is_unsafe`]: controls, C1,
/// line and paragraph separators, bidi controls) is `\u`-escaped, so that server text in JSON
/// output cannot drive a terminal. Still valid, equivalent JSON.
pub fn safe_json(v: &serde_json::Value) -> String {
    let s = v.to_string();
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if crate::sanitize::is_unsafe(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}
