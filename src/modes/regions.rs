//! `drs-tui regions`: the region table.

use std::io::Write;

use crate::exit::{ExitCode, Fatal};
use crate::tr;

/// `drs-tui regions`: every region in the table, with the endpoints it maps to.
pub fn run() -> Result<ExitCode, Fatal> {
    use crate::api::endpoint;
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
    let mut regions = endpoint::DRS_REGIONS.to_vec();
    regions.sort_unstable();
    let mut out = std::io::stdout().lock();
    // `{:<w$}` pads by chars, not columns: a Chinese header is padded by its display width.
    let pad = " ".repeat(width - header.width());
    writeln!(out, "{header}{pad}  {:<drs_width$}  IAM", "DRS")?;
    for r in regions {
        writeln!(
            out,
            "{r:<width$}  {:<drs_width$}  {}",
            endpoint::drs_endpoint(r),
            endpoint::iam_endpoint(r)
        )?;
    }
    Ok(ExitCode::Ok)
}
