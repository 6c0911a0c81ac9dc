//! `drs-tui config init|show|profiles`: write the example config, show what is in force and
//! where each value came from, list the profiles. (Named apart from `crate::config`, the
//! settings it shows.)

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::ConfigCommand;
use crate::config::{ConfigFile, CredentialSource};
use crate::exit::{ExitCode, Fatal};
use crate::session::Session;
use crate::tr;

mod show;

pub use show::{Row, show_rows};
use show::{project_endpoint_rows, write_rows};

/// The commented example config, shipped in the binary so `config init` works anywhere.
pub const EXAMPLE_CONFIG: &str = include_str!("../../../assets/config.example.toml");

/// Runs one `config` subcommand.
pub fn run(session: &Session, command: ConfigCommand) -> Result<ExitCode, Fatal> {
    let mut out = std::io::stdout().lock();
    match command {
        ConfigCommand::Init => {
            let path = config_path(session)?;
            init(&path)?;
            // The next commands as they work from here: with `--config PATH` when it was given.
            let c = crate::modes::shell::config_flag(session.global.config.as_deref());
            writeln!(out, "{}", tr!(ConfWroteNext, path.display(), c, c, c))?;
            Ok(ExitCode::Ok)
        }
        ConfigCommand::Profiles => {
            let path = config_path(session)?;
            let Some(loaded) = session.config_file()? else {
                eprintln!("drs-tui: {}", tr!(ConfNoFile, path.display()));
                return Ok(ExitCode::Ok);
            };
            write_profiles(&mut out, &loaded.file)?;
            Ok(ExitCode::Ok)
        }
        ConfigCommand::Show => {
            let flags = session.global.flag_values();
            let (settings, targets) = session.resolve_scope(&flags, None)?;
            for w in &settings.warnings {
                eprintln!("drs-tui: {w}");
            }
            let loaded = session.config_file()?;
            let mut rows = show_rows(
                &flags,
                session.env().map(),
                session.config_path(),
                loaded.map(|l| &l.file),
                &settings,
            );
            rows.extend(project_endpoint_rows(&targets));
            write_rows(&mut out, &rows)?;
            Ok(ExitCode::Ok)
        }
    }
}

/// `--config`, or the default path.
fn config_path(session: &Session) -> Result<PathBuf, Fatal> {
    session
        .config_path()
        .map(Path::to_path_buf)
        .ok_or_else(|| Fatal::usage(tr!(ConfNoDir)))
}

/// Writes the example to `path`, private from the first byte, never over an existing file.
pub fn init(path: &Path) -> Result<(), Fatal> {
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)
            .map_err(|e| Fatal::usage(tr!(ConfCannotCreateDir, dir.display(), e)))?;
    }
    // Whole or not at all, and never over an existing file (a temp file renamed without
    // replacing, see `local_file::write_new_private`).
    crate::local_file::write_new_private(path, EXAMPLE_CONFIG.as_bytes()).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Fatal::usage(tr!(ConfExists, path.display()))
        } else {
            Fatal::usage(tr!(ConfCannotWrite, path.display(), e))
        }
    })
}

fn write_profiles(out: &mut dyn Write, file: &ConfigFile) -> std::io::Result<()> {
    if file.profiles.is_empty() {
        writeln!(out, "{}", tr!(ConfNoProfiles))?;
    }
    let width = file
        .profiles
        .keys()
        .map(|k| k.chars().count())
        .max()
        .unwrap_or(0);
    for (name, p) in &file.profiles {
        let mark = if file.default_profile.as_deref() == Some(name) {
            tr!(ConfDefaultMark)
        } else {
            ""
        };
        let credentials = p.credentials.as_ref().map_or("-", credential_kind);
        writeln!(
            out,
            "{:<width$}  region {:<16} credentials {credentials}{mark}",
            crate::sanitize::clean(name),
            crate::sanitize::clean(p.region.as_deref().unwrap_or("-")),
        )?;
    }
    Ok(())
}

fn credential_kind(c: &CredentialSource) -> &'static str {
    match c {
        CredentialSource::Aksk { .. } => "aksk",
        CredentialSource::Token { .. } => "token",
        CredentialSource::IamPassword { .. } => "iam-password",
        CredentialSource::SdkFile { .. } => "sdk-file",
        CredentialSource::Env { .. } => "env",
    }
}
