//! The command tree's own texts in Chinese: the root's about, long about and after-help, each
//! subcommand's about and each argument's help, from the catalog (by the subcommand's path and
//! the argument's id), with clap's words (see [`super`]) in Chinese too.

use crate::i18n::{Language, T};

/// The command tree with its texts in Chinese: the root's about, long about and after-help,
/// each subcommand's about, each argument's help and the global options' heading. Texts with
/// no catalog entry (clap's own, `--faults` rules, possible values) stay as they are.
pub fn localise(cmd: clap::Command) -> clap::Command {
    let cmd = cmd
        .about(T::HelpAbout.text(Language::ZhCn))
        .long_about(T::HelpLongAbout.text(Language::ZhCn))
        .after_help(T::HelpAfter.text(Language::ZhCn));
    localise_tree(cmd, &mut Vec::new())
}

fn localise_tree(mut cmd: clap::Command, path: &mut Vec<String>) -> clap::Command {
    let zh = |t: T| t.text(Language::ZhCn);
    let root = path.is_empty();
    let here: Vec<&str> = path.iter().map(String::as_str).collect();
    if let Some(t) = subcommand_about(&here) {
        cmd = cmd.about(zh(t)).long_about(None::<&str>);
    }
    if here == ["completions"] {
        cmd = cmd.after_help(zh(T::HelpCompletionsAfter));
    }
    if here == ["demo-server"] {
        cmd = cmd.after_help(zh(T::HelpDemoFaults));
    }
    cmd = cmd.mut_args(|a| {
        let a = match arg_help(a.get_id().as_str()) {
            // The Chinese text is short: no separate long help (which --help would prefer).
            // Defaults and possible values follow it in Chinese, not clap's English.
            Some(t) => super::arg(a, zh(t)).long_help(None::<&str>),
            None => a,
        };
        if a.get_help_heading() == Some("Global options") {
            a.help_heading(zh(T::HelpGlobalOptions))
        } else {
            a
        }
    });
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        path.push(name.clone());
        cmd = cmd.mut_subcommand(&name, |sc| localise_tree(sc, path));
        path.pop();
    }
    // clap's own words: -h/-V descriptions, the subcommands' heading and value name.
    super::command(cmd, root)
}

/// The catalog key of a subcommand's about, by its path of names.
fn subcommand_about(path: &[&str]) -> Option<T> {
    Some(match path {
        ["jobs"] => T::HelpCmdJobs,
        ["jobs", "list"] => T::HelpCmdJobsList,
        ["jobs", "show"] => T::HelpCmdJobsShow,
        ["jobs", "delete"] => T::HelpCmdJobsDelete,
        ["jobs", "stop"] => T::HelpCmdJobsStop,
        ["demo-server"] => T::HelpCmdDemoServer,
        ["regions"] => T::HelpCmdRegions,
        ["audit"] => T::HelpCmdAudit,
        ["config"] => T::HelpCmdConfig,
        ["config", "init"] => T::HelpCmdConfigInit,
        ["config", "show"] => T::HelpCmdConfigShow,
        ["config", "profiles"] => T::HelpCmdConfigProfiles,
        ["completions"] => T::HelpCmdCompletions,
        ["man"] => T::HelpCmdMan,
        _ => return None,
    })
}

/// The catalog key of an argument's help, by its id: an id means the same wherever it is used.
fn arg_help(id: &str) -> Option<T> {
    Some(match id {
        "demo" => T::HelpArgDemo,
        "config" => T::HelpArgConfig,
        "profile" => T::HelpArgProfile,
        "region" => T::HelpArgRegion,
        "regions" => T::HelpArgRegions,
        "project_id" => T::HelpArgProjectId,
        "endpoint" => T::HelpArgEndpoint,
        "iam_endpoint" => T::HelpArgIamEndpoint,
        "language" => T::HelpArgLanguage,
        "read_only" => T::HelpArgReadOnly,
        "allow_insecure_http" => T::HelpArgAllowInsecureHttp,
        "ca_bundle" => T::HelpArgCaBundle,
        "log_file" => T::HelpArgLogFile,
        "audit_log" => T::HelpArgAuditLog,
        "ak" => T::HelpArgAk,
        "sk" => T::HelpArgSk,
        "security_token" => T::HelpArgSecurityToken,
        "token" => T::HelpArgToken,
        "iam_user" => T::HelpArgIamUser,
        "iam_domain" => T::HelpArgIamDomain,
        "page_size" => T::HelpArgPageSize,
        "concurrency" => T::HelpArgConcurrency,
        "undo_grace" => T::HelpArgUndoGrace,
        "shutdown_grace" => T::HelpArgShutdownGrace,
        "ascii" => T::HelpArgAscii,
        "since" => T::HelpArgSince,
        "output" => T::HelpArgOutput,
        "unsettled" => T::HelpArgUnsettled,
        "settle" => T::HelpArgSettle,
        "shell" => T::HelpArgShell,
        "job_type" => T::HelpArgJobType,
        "status" => T::HelpArgStatus,
        "name" => T::HelpArgName,
        "no_headers" => T::HelpArgNoHeaders,
        "id" => T::HelpArgId,
        "ids" => T::HelpArgIds,
        "yes" => T::HelpArgYes,
        "dry_run" => T::HelpArgDryRun,
        "ignore_not_found" => T::HelpArgIgnoreNotFound,
        "force" => T::HelpArgForce,
        "listen" => T::HelpArgListen,
        "jobs" => T::HelpArgJobs,
        "seed" => T::HelpArgSeed,
        "latency_ms" => T::HelpArgLatencyMs,
        "faults" => T::HelpArgFaults,
        "projects" => T::HelpArgProjects,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// A new option or subcommand without a catalog entry would stay English in Chinese help.
    fn check(cmd: &clap::Command, path: &mut Vec<String>, missing: &mut Vec<String>) {
        let here: Vec<&str> = path.iter().map(String::as_str).collect();
        if !here.is_empty() && subcommand_about(&here).is_none() {
            missing.push(format!("subcommand {here:?}"));
        }
        for a in cmd.get_arguments() {
            let id = a.get_id().as_str();
            if a.get_help().is_some() && arg_help(id).is_none() {
                missing.push(format!("{here:?} argument {id}"));
            }
        }
        for sc in cmd.get_subcommands() {
            path.push(sc.get_name().to_string());
            check(sc, path, missing);
            path.pop();
        }
    }

    #[test]
    fn the_catalog_s_fault_rules_are_the_demo_server_s() {
        assert_eq!(
            T::HelpDemoFaults.text(Language::EnUs),
            crate::demo::FAULTS_HELP
        );
    }

    #[test]
    fn every_option_and_subcommand_has_chinese_help() {
        let mut missing = Vec::new();
        check(&crate::cli::Cli::command(), &mut Vec::new(), &mut missing);
        assert!(missing.is_empty(), "no catalog entry for: {missing:?}");
    }
}
