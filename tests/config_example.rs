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
    let flags = drs_tui::config::FlagValues {
        profile: Some("prod-cn".into()),
        ..Default::default()
    };
    let env = std::collections::HashMap::from([(
        "HUAWEICLOUD_SDK_CREDENTIALS_FILE".to_string(),
        path.display().to_string() + ".none",
    )]);
    let err = drs_tui::config::resolve(&flags, &env, Some((&path, &file))).unwrap_err();
    assert!(
        err.0.contains("does not exist"),
        "the sdk-file source is followed: {err}"
    );
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
