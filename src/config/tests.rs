//! Unit tests of the settings resolver and the profiles file.

use super::*;
use crate::secret::Secret;
use std::collections::HashMap;

fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn undo_grace_defaults_to_3_s_and_the_flag_beats_the_profile() {
    let file = parse_config(
        r#"
default_profile = "p"
[profiles.p]
region = "cn-north-4"
project_id = "x"
undo_grace_secs = 5
[profiles.p.credentials]
type = "token"
token = "t"
"#,
        Path::new("c.toml"),
    )
    .expect("parses");
    let src = Some((Path::new("c.toml"), &file));
    let s = resolve(&FlagValues::default(), &env(&[]), src).expect("resolves");
    assert_eq!(s.undo_grace, Duration::from_secs(5));
    let flags = FlagValues {
        undo_grace_secs: Some(0),
        ..Default::default()
    };
    let s = resolve(&flags, &env(&[]), src).expect("resolves");
    assert_eq!(s.undo_grace, Duration::ZERO, "0 turns it off");
    let flags = FlagValues {
        region: Some("cn-north-4".into()),
        project_id: Some("x".into()),
        token: Some("t".into()),
        ..Default::default()
    };
    let s = resolve(&flags, &env(&[]), None).expect("resolves");
    assert_eq!(s.undo_grace, Duration::from_secs(DEFAULT_UNDO_GRACE_SECS));
}

#[test]
fn flags_beat_env_beat_profile() {
    let file = parse_config(
        r#"
default_profile = "prod"
[profiles.prod]
region = "cn-north-4"
project_id = "from-profile"
read_only = true
[profiles.prod.credentials]
type = "token"
token = "profile-token"
"#,
        Path::new("c.toml"),
    )
    .expect("parses");
    let e = env(&[
        ("HUAWEICLOUD_SDK_PROJECT_ID", "from-env"),
        ("HUAWEICLOUD_SDK_SK", ""),
    ]);
    let s = resolve(
        &FlagValues::default(),
        &e,
        Some((Path::new("c.toml"), &file)),
    )
    .expect("resolves");
    assert_eq!(s.project_id.as_deref(), Some("from-env"));
    assert_eq!(
        s.endpoint.as_str(),
        "https://drs.cn-north-4.myhuaweicloud.com/"
    );
    assert!(s.read_only);
    assert_eq!(
        s.credentials,
        Credentials::Token(Secret::new("profile-token"))
    );
    let flags = FlagValues {
        project_id: Some("from-flag".into()),
        region: Some("eu-west-101".into()),
        ..Default::default()
    };
    let s = resolve(&flags, &e, Some((Path::new("c.toml"), &file))).expect("resolves");
    assert_eq!(s.project_id.as_deref(), Some("from-flag"));
    assert_eq!(
        s.endpoint.as_str(),
        "https://drs.eu-west-101.myhuaweicloud.eu/"
    );
}

#[test]
fn env_credentials_in_sdk_names() {
    let e = env(&[
        ("HUAWEICLOUD_SDK_AK", "AK1"),
        ("HUAWEICLOUD_SDK_SK", "SK1"),
        ("HUAWEICLOUD_SDK_PROJECT_ID", "p"),
        ("DRS_TUI_REGION", "cn-north-4"),
        (
            "HUAWEICLOUD_SDK_REGION_DRS_CN_NORTH_4",
            "https://drs.example.test",
        ),
        ("HUAWEICLOUD_SDK_CREDENTIALS_FILE", "/nonexistent"),
    ]);
    let s = resolve(&FlagValues::default(), &e, None).expect("resolves");
    assert!(matches!(s.credentials, Credentials::AkSk { .. }));
    assert_eq!(s.endpoint.as_str(), "https://drs.example.test/");
}

#[test]
fn no_credentials_says_what_to_set_and_mentions_demo() {
    let e = env(&[
        ("DRS_TUI_REGION", "cn-north-4"),
        (
            "HUAWEICLOUD_SDK_CREDENTIALS_FILE",
            "/nonexistent/credentials",
        ),
    ]);
    let err = resolve(&FlagValues::default(), &e, None).unwrap_err();
    assert!(err.0.contains("HUAWEICLOUD_SDK_AK"), "{err}");
    assert!(err.0.contains("--demo"), "{err}");
}

#[test]
fn malformed_file_names_line_and_key() {
    let err = parse_config(
        "[profiles.prod]\nregion = \"cn-north-4\"\nregoin = \"x\"\n",
        Path::new("/tmp/c.toml"),
    )
    .unwrap_err();
    assert!(err.0.contains("/tmp/c.toml"), "{err}");
    assert!(err.0.contains("line 3"), "{err}");
    assert!(err.0.contains("regoin"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_secret_holding_file_readable_by_others_gets_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("config.toml");
    std::fs::write(
            &path,
            "[profiles.p]\nregion = \"cn-north-4\"\n[profiles.p.credentials]\ntype = \"aksk\"\nak = \"A\"\nsk = \"SKSECRET123\"\n",
        )
        .expect("write");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let (_, warnings) = load_config_file(&path, true)
        .expect("loads")
        .expect("exists");
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].contains("chmod 600"), "{warnings:?}");
    assert!(!warnings[0].contains("SKSECRET123"), "no secret in it");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let (_, warnings) = load_config_file(&path, true)
        .expect("loads")
        .expect("exists");
    assert!(warnings.is_empty());
    // A missing default file is fine; a missing --config file is an error.
    assert!(
        load_config_file(&dir.path().join("none.toml"), false)
            .expect("ok")
            .is_none()
    );
    assert!(load_config_file(&dir.path().join("none.toml"), true).is_err());
}

#[test]
fn booleans_accept_eight_words_in_any_case_and_nothing_else() {
    for v in ["true", "TRUE", "1", "yes", "Yes", "on", "ON"] {
        assert_eq!(parse_bool("X", v), Ok(true), "{v}");
    }
    for v in ["false", "0", "no", "NO", "off", "Off"] {
        assert_eq!(parse_bool("X", v), Ok(false), "{v}");
    }
    for v in ["y", "n", "enabled", "2", "-1", "tru", "yes please"] {
        let e = parse_bool("DRS_TUI_READ_ONLY", v).unwrap_err();
        assert!(e.0.contains("DRS_TUI_READ_ONLY"), "{e}");
    }
    let base = [
        ("DRS_TUI_REGION", "cn-north-4"),
        ("HUAWEICLOUD_SDK_PROJECT_ID", "p"),
        ("DRS_TUI_TOKEN", "t"),
    ];
    let with = |k: &'static str, v: &'static str| {
        let mut pairs = base.to_vec();
        pairs.push((k, v));
        env(&pairs)
    };
    let s = resolve(
        &FlagValues::default(),
        &with("DRS_TUI_READ_ONLY", "On"),
        None,
    )
    .expect("resolves");
    assert!(s.read_only);
    let e = resolve(
        &FlagValues::default(),
        &with("DRS_TUI_READ_ONLY", "y"),
        None,
    )
    .unwrap_err();
    assert!(e.0.contains("DRS_TUI_READ_ONLY"), "{e}");
    let file = parse_config(
        "[profiles.p]\nprotected = \"yes\"\nread_only = 0\n",
        Path::new("c"),
    )
    .expect("word booleans parse");
    assert_eq!(file.profiles["p"].protected, Some(true));
    assert_eq!(file.profiles["p"].read_only, Some(false));
    let e = parse_config("[profiles.p]\nread_only = \"enabled\"\n", Path::new("c")).unwrap_err();
    assert!(e.0.contains("read_only"), "names the key: {e}");
    assert!(e.0.contains("line 2"), "{e}");
}

#[test]
fn a_config_file_over_1_mib_is_refused_unread() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("big.toml");
    std::fs::write(&path, vec![b'#'; MAX_CONFIG_BYTES as usize + 1]).expect("write");
    let e = load_config_file(&path, true).unwrap_err();
    assert!(e.0.contains("larger than 1024 KiB"), "{e}");
    std::fs::write(&path, vec![b'#'; MAX_CONFIG_BYTES as usize]).expect("write");
    assert!(
        load_config_file(&path, true).is_ok(),
        "exactly 1 MiB is fine"
    );
}

#[test]
fn language_flag_beats_env_beats_profile_beats_locale() {
    let file = parse_config(
            "default_profile = \"p\"\n[profiles.p]\nregion = \"cn-north-4\"\nproject_id = \"x\"\nlanguage = \"zh-cn\"\n[profiles.p.credentials]\ntype = \"token\"\ntoken = \"t\"\n",
            Path::new("c.toml"),
        )
        .expect("parses");
    let src = Some((Path::new("c.toml"), &file));
    let english = FlagValues {
        language: Some("en-us".into()),
        ..Default::default()
    };
    let lang = |flags: &FlagValues, pairs: &[(&str, &str)], src| {
        resolve(flags, &env(pairs), src).expect("resolves").language
    };
    assert_eq!(
        lang(&english, &[("DRS_TUI_LANGUAGE", "zh-cn")], src),
        Some(Language::EnUs)
    );
    assert_eq!(
        lang(
            &FlagValues::default(),
            &[("DRS_TUI_LANGUAGE", "en-us")],
            src
        ),
        Some(Language::EnUs)
    );
    assert_eq!(
        lang(&FlagValues::default(), &[("LANG", "en_US.UTF-8")], src),
        Some(Language::ZhCn),
        "the profile beats the locale"
    );
    let token_flags = FlagValues {
        region: Some("cn-north-4".into()),
        project_id: Some("x".into()),
        token: Some("t".into()),
        ..Default::default()
    };
    assert_eq!(
        lang(&token_flags, &[], None),
        None,
        "nothing set: no X-Language"
    );
    assert_eq!(
        lang(&token_flags, &[("LANG", "zh_CN.UTF-8")], None),
        Some(Language::ZhCn)
    );
    assert_eq!(
        lang(
            &token_flags,
            &[("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")],
            None
        ),
        Some(Language::EnUs),
        "LC_ALL outranks LANG"
    );
    let bad = FlagValues {
        language: Some("klingon".into()),
        ..token_flags.clone()
    };
    let e = resolve(&bad, &env(&[]), None).unwrap_err();
    assert!(e.0.contains("--language") && e.0.contains("zh-cn"), "{e}");
    // Before the settings exist, the same order decides (and never fails).
    assert_eq!(
        early_language(&FlagValues::default(), &env(&[]), Some(&file)),
        Language::ZhCn
    );
    assert_eq!(
        early_language(&bad, &env(&[("LANG", "zh_CN")]), None),
        Language::ZhCn
    );
    assert_eq!(
        early_language(&FlagValues::default(), &env(&[]), None),
        Language::EnUs
    );
}

#[test]
fn half_an_aksk_is_an_error() {
    let e = env(&[
        ("HUAWEICLOUD_SDK_AK", "AK1"),
        ("DRS_TUI_REGION", "cn-north-4"),
    ]);
    let err = resolve(&FlagValues::default(), &e, None).unwrap_err();
    assert!(err.0.contains("both are needed"), "{err}");
}

#[test]
fn the_proxy_variables_come_from_the_snapshot_and_only_their_names_are_debug_printed() {
    let e = env(&[
        ("DRS_TUI_TOKEN", "t"),
        ("HUAWEICLOUD_SDK_PROJECT_ID", "p"),
        ("DRS_TUI_REGION", "cn-north-4"),
        ("HTTPS_PROXY", "http://user:hunter2@proxy.example.test:3128"),
        ("no_proxy", " example.test "),
        ("SOME_OTHER", "x"),
    ]);
    let s = resolve(&FlagValues::default(), &e, None).expect("resolves");
    let proxies = s.client_config().proxies;
    assert_eq!(
        proxies.get("HTTPS_PROXY").as_deref(),
        Some("http://user:hunter2@proxy.example.test:3128")
    );
    // As set, blanks and all: the client reads them as it read the process environment.
    assert_eq!(proxies.get("no_proxy").as_deref(), Some(" example.test "));
    assert_eq!(proxies.get("HTTP_PROXY"), None);
    assert_eq!(proxies.get("SOME_OTHER"), None, "only the proxy variables");
    let shown = format!("{s:?}");
    assert!(shown.contains("HTTPS_PROXY"), "{shown}");
    assert!(!shown.contains("hunter2"), "{shown}");
    // Without them in the snapshot, no proxy, whatever the process environment holds.
    let plain = env(&[
        ("DRS_TUI_TOKEN", "t"),
        ("HUAWEICLOUD_SDK_PROJECT_ID", "p"),
        ("DRS_TUI_REGION", "cn-north-4"),
    ]);
    let none = resolve(&FlagValues::default(), &plain, None).expect("resolves");
    assert_eq!(none.proxies, crate::api::ProxyEnv::default());
}
