//! The shipped example config parses with every key this version knows.

use std::path::Path;

#[test]
fn example_config_parses_and_resolves() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/config.example.toml");
    let text = std::fs::read_to_string(&path).expect("example config exists");
    let file = drs_tui::config::parse_config(&text, &path).expect("example config parses");
    assert_eq!(file.profiles.len(), 3);
    let env = std::collections::HashMap::from([
        ("STAGING_AK".to_string(), "ak".to_string()),
        ("STAGING_SK".to_string(), "sk".to_string()),
    ]);
    let flags = drs_tui::config::FlagValues {
        profile: Some("staging".into()),
        ..Default::default()
    };
    let s = drs_tui::config::resolve(&flags, &env, Some((&path, &file))).expect("resolves");
    assert!(s.read_only);
    assert_eq!(
        s.endpoint.as_str(),
        "https://drs.ap-southeast-1.myhuaweicloud.com/"
    );
    // The prod-cn profile sets every key; they arrive in the settings.
    every_prod_cn_key_arrives(&text, &path);
    let env = std::collections::HashMap::from([(
        "HUAWEICLOUD_SDK_CREDENTIALS_FILE".to_string(),
        path.display().to_string() + ".none",
    )]);
    let lab = drs_tui::config::FlagValues {
        profile: Some("lab".into()),
        ..Default::default()
    };
    let s = drs_tui::config::resolve(&lab, &env, Some((&path, &file))).expect("lab resolves");
    assert_eq!(
        s.endpoint.as_str(),
        "https://drs.eu-west-101.myhuaweicloud.eu/"
    );
    assert_eq!(s.body_limit, 8 * 1024 * 1024);
}

/// Each key of the example's prod-cn profile, the value this test gives it instead (none is a
/// default, so a key that does not arrive shows), and a check that it arrived.
type Check = fn(&drs_tui::config::Settings) -> bool;
const PROD_CN: &[(&str, &str, Check)] = &[
    ("region", "\"cn-east-3\"", |s| {
        s.region.as_deref() == Some("cn-east-3")
            && s.endpoint.as_str() == "https://drs.cn-east-3.myhuaweicloud.com/"
    }),
    ("project_id", "\"fedcba9876543210fedcba9876543211\"", |s| {
        s.project_id.as_deref() == Some("fedcba9876543210fedcba9876543211")
    }),
    ("language", "\"zh-cn\"", |s| {
        s.language == Some(drs_tui::api::Language::ZhCn)
    }),
    ("read_only", "true", |s| s.read_only),
    ("protected", "true", |s| s.protected),
    ("page_size", "777", |s| s.page_size == 777),
    ("concurrency", "7", |s| s.concurrency == 7),
    ("confirm_threshold", "13", |s| s.confirm_threshold == 13),
    ("auto_refresh_secs", "31", |s| {
        s.auto_refresh == Some(std::time::Duration::from_secs(31))
    }),
    ("undo_grace_secs", "5", |s| {
        s.undo_grace == std::time::Duration::from_secs(5)
    }),
    ("attempts", "3", |s| s.retry.attempts == 3),
    ("connect_timeout_secs", "11", |s| {
        s.retry.connect_timeout == std::time::Duration::from_secs(11)
    }),
    ("request_timeout_secs", "29", |s| {
        s.retry.request_timeout == std::time::Duration::from_secs(29)
    }),
    ("max_answer_mib", "9", |s| s.body_limit == 9 * 1024 * 1024),
    ("allow_insecure_http", "true", |s| s.allow_insecure_http),
];

/// The example with each prod-cn key given the value of [`PROD_CN`] resolves to settings that
/// hold every one of them; the example has no prod-cn key the table lacks; its credentials
/// come from the SDK file it names.
fn every_prod_cn_key_arrives(text: &str, path: &Path) {
    let table: toml::Table = text.parse().expect("toml");
    let prod = table["profiles"]["prod-cn"].as_table().expect("prod-cn");
    for key in prod.keys().filter(|k| *k != "credentials") {
        assert!(
            PROD_CN.iter().any(|(k, _, _)| k == key),
            "prod-cn's {key} is not checked here"
        );
    }
    let mut changed = String::new();
    let mut in_prod = false;
    for line in text.lines() {
        if line.starts_with('[') {
            in_prod = line.trim() == "[profiles.prod-cn]";
        }
        let key = line.split('=').next().unwrap_or_default().trim();
        match PROD_CN.iter().find(|(k, _, _)| in_prod && *k == key) {
            Some((k, v, _)) => changed.push_str(&format!("{k} = {v}\n")),
            None => changed.push_str(&format!("{line}\n")),
        }
    }
    let file = drs_tui::config::parse_config(&changed, path).expect("changed example parses");
    let home = tempfile::tempdir().expect("tmp");
    let sdk = home.path().join("credentials");
    std::fs::write(&sdk, "[basic]\nak = AKFROMSDK\nsk = SKFROMSDK\n").expect("sdk file");
    let env = std::collections::HashMap::from([(
        "HUAWEICLOUD_SDK_CREDENTIALS_FILE".to_string(),
        sdk.display().to_string(),
    )]);
    let flags = drs_tui::config::FlagValues {
        profile: Some("prod-cn".into()),
        ..Default::default()
    };
    let s = drs_tui::config::resolve(&flags, &env, Some((path, &file))).expect("prod-cn resolves");
    for (key, value, arrived) in PROD_CN {
        assert!(
            arrived(&s),
            "prod-cn's {key} = {value} did not arrive in the settings"
        );
    }
    assert!(
        matches!(&s.credentials, drs_tui::api::Credentials::AkSk { .. }),
        "the sdk-file credentials are read"
    );
}
