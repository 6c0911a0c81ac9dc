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
}
