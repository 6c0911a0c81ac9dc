//! The signer matches the official SDK byte for byte on every vector it computed.

use drs_tui::api::signer::{SignInput, sign};
use serde_json::Value;

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}

#[test]
fn every_sdk_vector_matches() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/signer-vectors.json"
    ))
    .expect("fixture present");
    let doc: Value = serde_json::from_str(&text).expect("fixture is JSON");
    let ak = doc["ak"].as_str().expect("ak");
    let sk = doc["sk"].as_str().expect("sk");
    let vectors = doc["vectors"].as_array().expect("vectors");
    assert!(vectors.len() >= 6, "fixture has all vectors");
    for v in vectors {
        let name = v["name"].as_str().unwrap_or("?");
        let input = &v["input"];
        let mut query = Vec::new();
        for pair in input["query"].as_array().expect("query") {
            let key = pair[0].as_str().expect("key").to_string();
            match &pair[1] {
                Value::Array(items) => {
                    query.extend(items.iter().map(|i| (key.clone(), scalar(i))));
                }
                other => query.push((key, scalar(other))),
            }
        }
        let host = input["host"].as_str().expect("host");
        let mut headers: Vec<(String, String)> = input["headers"]
            .as_object()
            .expect("headers")
            .iter()
            .map(|(k, v)| (k.clone(), scalar(v)))
            .collect();
        headers.push(("Host".to_string(), host.to_string()));
        let body = input["body"].as_str().unwrap_or("").as_bytes().to_vec();
        let path = input["path"].as_str().expect("path");
        let sig = sign(
            &SignInput {
                method: input["method"].as_str().expect("method"),
                path,
                query: &query,
                headers: &headers,
                body: &body,
            },
            ak,
            sk.as_bytes(),
        );
        let expected = &v["expected"];
        let url = if sig.query_string.is_empty() {
            format!("https://{host}{path}")
        } else {
            format!("https://{host}{path}?{}", sig.query_string)
        };
        assert_eq!(url, expected["url"].as_str().expect("url"), "{name}: url");
        assert_eq!(
            sig.canonical_request,
            expected["canonical_request"].as_str().expect("cr"),
            "{name}: canonical request"
        );
        assert_eq!(
            sig.string_to_sign,
            expected["string_to_sign"].as_str().expect("sts"),
            "{name}: string to sign"
        );
        assert_eq!(
            sig.authorization,
            expected["authorization"].as_str().expect("auth"),
            "{name}: authorization"
        );
    }
}
