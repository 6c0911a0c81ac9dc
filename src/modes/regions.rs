//! `drs-tui regions`: the region table.

use std::io::Write;

use crate::api::endpoint;
use crate::cli::AuditFormat;
use crate::exit::{ExitCode, Fatal};
use crate::tr;

/// Every region of the table in natural order (`cn-north-2` before `cn-north-11`).
pub fn sorted() -> Vec<&'static str> {
    let mut regions = endpoint::DRS_REGIONS.to_vec();
    regions.sort_unstable_by(|a, b| crate::app::jobs::natural_cmp(a, b));
    regions
}

/// `drs-tui regions`: every region in the table, with the endpoints it maps to, as a table or
/// (`-o json`) one JSON array of `{region, drs_endpoint, iam_endpoint}`.
pub fn run(output: AuditFormat) -> Result<ExitCode, Fatal> {
    let mut out = std::io::stdout().lock();
    match output {
        AuditFormat::Json => {
            let list: Vec<serde_json::Value> = sorted()
                .into_iter()
                .map(|r| {
                    serde_json::json!({
                        "region": r,
                        "drs_endpoint": endpoint::drs_endpoint(r),
                        "iam_endpoint": endpoint::iam_endpoint(r),
                    })
                })
                .collect();
            writeln!(out, "{}", serde_json::Value::Array(list))?;
        }
        AuditFormat::Table => write_table(&mut out)?,
    }
    Ok(ExitCode::Ok)
}

fn write_table(out: &mut dyn Write) -> std::io::Result<()> {
    use unicode_width::UnicodeWidthStr;
    let header = tr!(CliColRegion);
    let width = endpoint::DRS_REGIONS
        .iter()
        .map(|r| r.len())
        .chain([header.width()])
        .max()
        .unwrap_or(6);
    let drs_width = endpoint::DRS_REGIONS
        .iter()
        .map(|r| endpoint::drs_endpoint(r).len())
        .max()
        .unwrap_or(3);
    // `{:<w$}` pads by chars, not columns: a Chinese header is padded by its display width.
    let pad = " ".repeat(width - header.width());
    writeln!(out, "{header}{pad}  {:<drs_width$}  IAM", "DRS")?;
    for r in sorted() {
        writeln!(
            out,
            "{r:<width$}  {:<drs_width$}  {}",
            endpoint::drs_endpoint(r),
            endpoint::iam_endpoint(r)
        )?;
    }
    Ok(())
}
