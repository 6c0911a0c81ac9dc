//! Region → DRS and IAM endpoints, overrides, and the plain-HTTP guard.

use url::Url;

/// Regions whose DRS endpoint is in the SDK's built-in table.
pub const DRS_REGIONS: &[&str] = &[
    "eu-west-101",
    "cn-north-4",
    "cn-north-1",
    "cn-north-2",
    "cn-north-9",
    "cn-north-11",
    "cn-north-12",
    "cn-south-1",
    "cn-south-2",
    "cn-south-4",
    "cn-east-2",
    "cn-east-3",
    "cn-east-4",
    "cn-east-5",
    "cn-southwest-2",
    "cn-southwest-3",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "sa-brazil-1",
    "la-south-2",
    "la-north-2",
    "na-mexico-1",
    "af-south-1",
    "af-north-1",
    "tr-west-1",
    "eu-west-0",
    "ru-moscow-1",
    "ru-northwest-2",
    "ae-ad-1",
    "my-kualalumpur-1",
    "me-east-1",
];

/// Regions with a regional IAM endpoint in the SDK's table; others use the global one.
pub const IAM_REGIONS: &[&str] = &[
    "cn-north-1",
    "cn-north-2",
    "cn-north-4",
    "cn-north-9",
    "cn-north-12",
    "cn-east-2",
    "cn-east-3",
    "cn-east-4",
    "cn-east-5",
    "cn-south-1",
    "cn-south-2",
    "cn-southwest-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "af-south-1",
    "sa-brazil-1",
    "la-south-2",
    "la-north-2",
    "na-mexico-1",
    "eu-west-0",
    "my-kualalumpur-1",
    "ru-moscow-1",
    "me-east-1",
    "ae-ad-1",
    "tr-west-1",
];

/// The DRS endpoint of a region: `https://drs.{region}.myhuaweicloud.com`, with eu-west-101 on
/// `.eu`. Unknown regions follow the pattern too (new regions appear before SDK tables do).
pub fn drs_endpoint(region: &str) -> String {
    if region == "eu-west-101" {
        "https://drs.eu-west-101.myhuaweicloud.eu".to_string()
    } else {
        format!("https://drs.{region}.myhuaweicloud.com")
    }
}

/// The IAM endpoint of a region; the global endpoint for regions outside the SDK's table.
pub fn iam_endpoint(region: &str) -> String {
    if region == "eu-west-101" {
        // Not in the SDK table; inferred from the DRS host of the same region.
        "https://iam.eu-west-101.myhuaweicloud.eu".to_string()
    } else if IAM_REGIONS.contains(&region) {
        format!("https://iam.{region}.myhuaweicloud.com")
    } else {
        "https://iam.myhuaweicloud.com".to_string()
    }
}

/// The name of the SDK's per-region DRS endpoint override variable, e.g.
/// `HUAWEICLOUD_SDK_REGION_DRS_CN_NORTH_4`.
pub fn region_override_var(region: &str) -> String {
    format!(
        "HUAWEICLOUD_SDK_REGION_DRS_{}",
        region.replace('-', "_").to_ascii_uppercase()
    )
}

/// Whether a host is loopback (`localhost`, 127.0.0.0/8, `::1`).
pub fn is_loopback_host(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Parses and checks an endpoint: http(s) only, no query, and plain `http://` only for loopback
/// hosts unless `allow_insecure_http`. `what` names the setting in the error ("--endpoint").
pub fn parse_endpoint(raw: &str, what: &str, allow_insecure_http: bool) -> Result<Url, String> {
    // The SDK's override may list several endpoints; the first is used.
    let raw = raw.split(',').next().unwrap_or("").trim();
    let url = Url::parse(raw).map_err(|e| format!("{what} {raw:?} is not a valid URL: {e}"))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback_host(&url) || allow_insecure_http => {}
        "http" => {
            return Err(format!(
                "{what} {raw:?} uses plain http:// to a non-loopback host; use https:// or pass --allow-insecure-http"
            ));
        }
        other => {
            return Err(format!(
                "{what} {raw:?}: unsupported scheme {other:?} (use https://)"
            ));
        }
    }
    if url.host().is_none() {
        return Err(format!("{what} {raw:?} has no host"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!("{what} {raw:?} must not have a query or fragment"));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_map_to_hosts() {
        assert_eq!(
            drs_endpoint("cn-north-4"),
            "https://drs.cn-north-4.myhuaweicloud.com"
        );
        assert_eq!(
            drs_endpoint("eu-west-101"),
            "https://drs.eu-west-101.myhuaweicloud.eu"
        );
        assert_eq!(
            iam_endpoint("cn-north-4"),
            "https://iam.cn-north-4.myhuaweicloud.com"
        );
        assert_eq!(iam_endpoint("cn-north-11"), "https://iam.myhuaweicloud.com");
        assert_eq!(
            region_override_var("cn-north-4"),
            "HUAWEICLOUD_SDK_REGION_DRS_CN_NORTH_4"
        );
    }

    #[test]
    fn plain_http_only_for_loopback() {
        assert!(parse_endpoint("http://127.0.0.1:8080", "--endpoint", false).is_ok());
        assert!(parse_endpoint("http://localhost:1", "--endpoint", false).is_ok());
        assert!(parse_endpoint("http://[::1]:1", "--endpoint", false).is_ok());
        let err = parse_endpoint("http://10.0.0.1", "--endpoint", false).unwrap_err();
        assert!(err.contains("--allow-insecure-http"), "{err}");
        assert!(parse_endpoint("http://10.0.0.1", "--endpoint", true).is_ok());
        assert!(parse_endpoint("ftp://x", "--endpoint", true).is_err());
        assert!(parse_endpoint("https://a,https://b", "--endpoint", false).is_ok());
    }
}
