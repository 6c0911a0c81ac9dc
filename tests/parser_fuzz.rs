//! Hostile bytes from the server never panic the parsers: error bodies, list pages, details,
//! batch answers, and the sanitizer.

use drs_tui::api::error::{ApiError, parse_error_body};
use drs_tui::api::model::{BatchResponse, JobDetailResponse, ListJobsResponse};
use drs_tui::sanitize::clean;
use proptest::prelude::*;

fn json_like() -> impl Strategy<Value = Vec<u8>> {
    // Mostly JSON-ish fragments, so the parsers get past the first byte.
    let atoms = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "\"jobs\"",
        "\"total_count\"",
        "\"error_code\"",
        "\"error_msg\"",
        "\"code\"",
        "\"message\"",
        "\"errorCode\"",
        "\"id\"",
        "\"name\"",
        "\"status\"",
        "\"job_action\"",
        "\"available_actions\"",
        "\"children\"",
        "null",
        "true",
        "1e999",
        "-1",
        "18446744073709551616",
        "\"\\u001b[2J\"",
        "\"\\ud800\"",
        "\u{1b}]0;x\u{7}",
        "\u{9b}",
        "订单",
        "\u{0}",
    ]);
    prop::collection::vec(atoms, 0..60).prop_map(|v| v.concat().into_bytes())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let e = ApiError::from_response(400, Some("rid"), &bytes);
        prop_assert!(!e.error_code.is_empty());
        prop_assert!(!e.error_msg.chars().any(|ch| ch == '\x1b'), "escape in message");
        let _ = parse_error_body(&bytes);
        let _ = serde_json::from_slice::<ListJobsResponse>(&bytes);
        let _ = serde_json::from_slice::<JobDetailResponse>(&bytes);
        let _ = serde_json::from_slice::<BatchResponse>(&bytes);
        let text = String::from_utf8_lossy(&bytes);
        let c = clean(&text);
        prop_assert!(!c.chars().any(|ch| ch.is_control()));
    }

    #[test]
    fn json_like_bytes_never_panic(bytes in json_like()) {
        let e = ApiError::from_response(502, None, &bytes);
        prop_assert!(!e.error_msg.chars().any(|ch| ch.is_control()));
        if let Ok(page) = serde_json::from_slice::<ListJobsResponse>(&bytes) {
            for j in page.jobs {
                let _ = (j.can_delete(), j.status_kind(), clean(&j.name));
            }
        }
        let _ = serde_json::from_slice::<JobDetailResponse>(&bytes);
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    // Either a clear error or an empty (tolerated) page; never a stack overflow.
    if let Ok(page) = serde_json::from_str::<ListJobsResponse>(&deep) {
        assert!(page.jobs.is_empty());
    }
    assert!(serde_json::from_str::<JobDetailResponse>(&deep).is_err());
    let e = ApiError::from_response(500, None, deep.as_bytes());
    assert_eq!(e.error_code, "500");
    let nested_obj = format!(
        "{{\"job\":{}1{}}}",
        "{\"a\":".repeat(10_000),
        "}".repeat(10_000)
    );
    assert!(serde_json::from_str::<JobDetailResponse>(&nested_obj).is_err());
}

#[test]
fn wrong_types_are_tolerated_or_clear_errors() {
    // Numbers and booleans where strings belong, objects where strings belong: tolerated.
    let page: ListJobsResponse = serde_json::from_str(
        r#"{"total_count":"3","jobs":[{"id":7,"name":{"x":1},"status":["a"],"job_action":null}]}"#,
    )
    .expect("tolerated");
    assert_eq!(page.jobs[0].id, "7");
    assert_eq!(page.jobs[0].name, "");
    // A list that is not a list is a clear error.
    let err = serde_json::from_str::<ListJobsResponse>(r#"{"jobs":"nope"}"#).unwrap_err();
    assert!(err.to_string().contains("invalid type"), "{err}");
    // Invalid UTF-8 is an error, not a panic.
    assert!(
        serde_json::from_slice::<ListJobsResponse>(b"{\"jobs\":[{\"name\":\"\xff\"}]}").is_err()
    );
}
