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
    Ok(())
}

/// With `--regions`, the table starts with REGION (the project name: the region, or
/// `<region>_<suffix>` for a sub-project).
pub(super) fn write_table(
    out: &mut dyn Write,
    jobs: &[Job],
    headers: bool,
    regional: bool,
) -> std::io::Result<()> {
    let rows: Vec<Vec<String>> = jobs
        .iter()
        .map(|j| {
            let mut c = cells(j);
            c[1] = truncate(&c[1], 48);
            let mut row = Vec::with_capacity(7);
            if regional {
                row.push(clean(&j.scope.label()));
            }
            row.extend(c);
            row
        })
        .collect();
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
    let mut widths: Vec<usize> = if headers {
        head.iter().map(|h| h.width()).collect()
    } else {
        vec![0; head.len()]
    };
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.width());
        }
    }
    let line = |cells: &[&str]| -> String {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            s.push_str(c);
            if i + 1 < cells.len() {
                s.push_str(&" ".repeat(widths[i] - c.width() + 2));
            }
        }
        s
    };
    if headers {
        writeln!(out, "{}", line(&head))?;
    }
    for r in &rows {
        let cells: Vec<&str> = r.iter().map(String::as_str).collect();
        writeln!(out, "{}", line(&cells))?;
    }
    if headers {
        writeln!(out, "{}", tr!(CliJobCount, jobs.len()))?;
    }
    Ok(())
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
