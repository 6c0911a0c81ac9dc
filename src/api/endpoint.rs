//! Region → DRS and IAM endpoints, overrides, and the plain-HTTP guard.

use crate::tr;
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
/// `.eu`. Settings refuse regions outside [`DRS_REGIONS`] unless an endpoint is given
/// ([`check_region`]); the pattern still serves `drs-tui regions`.
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

/// Checks that drs-tui knows a region's endpoint; the error names the closest known regions
/// and the ways to reach a region not in the table.
pub fn check_region(region: &str) -> Result<(), String> {
    if DRS_REGIONS.contains(&region) {
        return Ok(());
    }
    let close = closest_regions(region);
    let hint = if close.is_empty() {
        String::new()
    } else {
        tr!(RegionDidYouMean, close.join(tr!(RegionOr)))
    };
    Err(tr!(
        RegionUnknown,
        format!("{region:?}"),
        hint,
        DRS_REGIONS.len(),
        region_override_var(region)
    ))
}

/// Up to three known regions nearest to `region` by edit distance (at most 3 edits).
pub fn closest_regions(region: &str) -> Vec<&'static str> {
    let wanted = region.to_ascii_lowercase();
    let mut scored: Vec<(usize, &'static str)> = DRS_REGIONS
        .iter()
        .map(|r| (edit_distance(&wanted, r), *r))
        .filter(|(d, _)| *d <= 3)
        .collect();
    scored.sort();
    let best = scored.first().map_or(0, |(d, _)| *d);
    scored
        .into_iter()
        .filter(|(d, _)| *d == best)
        .take(3)
        .map(|(_, r)| r)
        .collect()
}

/// Levenshtein distance over chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
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
    let quoted = format!("{raw:?}");
    let url = Url::parse(raw).map_err(|e| tr!(UrlInvalid, what, quoted, e))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback_host(&url) || allow_insecure_http => {}
        "http" => {
            return Err(tr!(UrlPlainHttp, what, quoted));
        }
        other => {
            return Err(tr!(UrlScheme, what, quoted, format!("{other:?}")));
        }
    }
    if url.host().is_none() {
        return Err(tr!(UrlNoHost, what, quoted));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(tr!(UrlQuery, what, quoted));
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
    fn a_mistyped_region_names_the_closest_known_ones() {
        assert!(check_region("cn-north-4").is_ok());
        let err = check_region("cn-nort-4").unwrap_err();
        assert!(err.contains("did you mean cn-north-4"), "{err}");
        assert!(err.contains("drs-tui regions"), "{err}");
        assert!(err.contains("--endpoint"), "{err}");
        assert_eq!(closest_regions("ap-southeast-9")[0], "ap-southeast-1");
        assert_eq!(closest_regions("CN-NORTH-4"), vec!["cn-north-4"]);
        let err = check_region("mars-1").unwrap_err();
        assert!(!err.contains("did you mean"), "{err}");
        assert_eq!(edit_distance("kitten", "sitting"), 3);
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
