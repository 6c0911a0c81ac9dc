//! `drs-tui regions`: the region table, with the console's name of each region
//! ([`crate::api::region_names`]) in the language in force.

use std::io::Write;

use crate::api::{Language, endpoint, region_names};
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
/// (`-o json`) one JSON array of `{region, name, name_zh, drs_endpoint, iam_endpoint}` (`name`
/// is the English console name, `name_zh` the Chinese one; `null` for a region without one).
pub fn run(output: AuditFormat) -> Result<ExitCode, Fatal> {
    let mut out = std::io::stdout().lock();
    match output {
        AuditFormat::Json => {
            let list: Vec<serde_json::Value> = sorted()
                .into_iter()
                .map(|r| {
                    serde_json::json!({
                        "region": r,
                        "name": region_names::region_name_in(r, Language::EnUs),
                        "name_zh": region_names::region_name_in(r, Language::ZhCn),
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
    let regions = sorted();
    let name = |r: &str| region_names::region_name(r).unwrap_or("");
    let (header, name_header) = (tr!(CliColRegion), tr!(CliColRegionName));
    // Padding by display width: a Chinese name or header is two columns a character.
    let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(s.width())));
    let width = regions
        .iter()
        .map(|r| r.width())
        .chain([header.width()])
        .max()
        .unwrap_or(6);
    let name_width = regions
        .iter()
        .map(|r| name(r).width())
        .chain([name_header.width()])
        .max()
        .unwrap_or(4);
    let drs_width = regions
        .iter()
        .map(|r| endpoint::drs_endpoint(r).len())
        .max()
        .unwrap_or(3);
    writeln!(
        out,
        "{}  {}  {:<drs_width$}  IAM",
        pad(header, width),
        pad(name_header, name_width),
        "DRS"
    )?;
    for r in regions {
        writeln!(
            out,
            "{}  {}  {:<drs_width$}  {}",
            pad(r, width),
            pad(name(r), name_width),
            endpoint::drs_endpoint(r),
            endpoint::iam_endpoint(r)
        )?;
    }
    Ok(())
}
