//! Where credentials may go: the set of endpoints a session computes once, from what the user
//! pointed it at, and nothing else.
//!
//! The set holds the configured DRS endpoint, the IAM endpoint, and with `--regions` each
//! covered region's endpoint (its `HUAWEICLOUD_SDK_REGION_DRS_<REGION>` override, else the
//! region table's). Every entry passes the plain-http-only-to-loopback rule on its own (an
//! override is not excused because the base endpoint is loopback). Nothing read from a file
//! (the audit trail, the project cache) or from a server (IAM's project list) adds to it: a
//! project whose region has no entry is not covered, and an audit intent naming another
//! endpoint is not settled with these credentials.

use std::collections::BTreeMap;

use url::Url;

use crate::api::RegionsSpec;
use crate::api::endpoint::{self, drs_endpoint, parse_endpoint, region_override_var};
use crate::config::{ConfigError, Env, Settings};
use crate::tr;

/// The endpoints one scope may send credentials to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialTargets {
    /// The configured DRS endpoint (the one project's, or the base client's with `--regions`).
    pub endpoint: Url,
    /// The IAM endpoint (logins, project lookups).
    pub iam: Url,
    /// With `--regions`: each region's DRS endpoint, by region id.
    pub regions: BTreeMap<String, Url>,
    /// The in-process demo service: every region is served there.
    pub demo: Option<Url>,
}

impl CredentialTargets {
    /// The set for `settings`. `env` gives the per-region overrides; `demo` is the in-process
    /// demo service's address, if this is a `--demo` session.
    pub fn compute(
        settings: &Settings,
        env: &Env,
        demo: Option<&Url>,
    ) -> Result<CredentialTargets, ConfigError> {
        let mut regions = BTreeMap::new();
        if let Some(spec) = &settings.regions {
            let names: Vec<String> = match spec {
                RegionsSpec::All => endpoint::DRS_REGIONS
                    .iter()
                    .map(|r| r.to_string())
                    .collect(),
                RegionsSpec::List(l) => l
                    .iter()
                    .map(|r| {
                        crate::api::scope::region_of_project(r)
                            .unwrap_or(r)
                            .to_owned()
                    })
                    .collect(),
            };
            for region in names {
                let url = match demo {
                    Some(d) => d.clone(),
                    None => region_endpoint(&region, env, settings.allow_insecure_http)?,
                };
                regions.insert(region, url);
            }
        }
        Ok(CredentialTargets {
            endpoint: settings.endpoint.clone(),
            iam: settings.iam_endpoint.clone(),
            regions,
            demo: demo.cloned(),
        })
    }

    /// A demo service at `url` serving every region of the table (tests, benches).
    pub fn demo_at(url: &Url) -> CredentialTargets {
        CredentialTargets {
            endpoint: url.clone(),
            iam: url.clone(),
            regions: endpoint::DRS_REGIONS
                .iter()
                .map(|r| (r.to_string(), url.clone()))
                .collect(),
            demo: Some(url.clone()),
        }
    }

    /// The DRS endpoint of `region` in this set, if the region is covered.
    pub fn region_endpoint(&self, region: &str) -> Option<&Url> {
        self.regions.get(region)
    }

    /// Whether `url` (as an audit intent records it) is one of the set's endpoints.
    pub fn allows(&self, url: &str) -> bool {
        let Ok(url) = Url::parse(url) else {
            return false;
        };
        let key = origin(&url);
        std::iter::once(&self.endpoint)
            .chain(std::iter::once(&self.iam))
            .chain(self.regions.values())
            .chain(self.demo.iter())
            .any(|u| origin(u) == key)
    }

    /// Every endpoint of the set, each once, for `config show` and messages.
    pub fn all(&self) -> Vec<&Url> {
        let mut v: Vec<&Url> = vec![&self.endpoint, &self.iam];
        v.extend(self.regions.values());
        v.extend(self.demo.iter());
        let mut seen = std::collections::HashSet::new();
        v.retain(|u| seen.insert(origin(u)));
        v
    }
}

/// A region's DRS endpoint: its `HUAWEICLOUD_SDK_REGION_DRS_<REGION>` override (checked on its
/// own by the http rule), else the region table's.
pub fn region_endpoint(
    region: &str,
    env: &Env,
    allow_insecure_http: bool,
) -> Result<Url, ConfigError> {
    let var = region_override_var(region);
    match env.get(&var) {
        Some(raw) => parse_endpoint(&raw, &var, allow_insecure_http).map_err(ConfigError),
        None => {
            endpoint::check_region(region).map_err(ConfigError)?;
            parse_endpoint(&drs_endpoint(region), tr!(WhatEndpoint), false).map_err(ConfigError)
        }
    }
}

/// Scheme, host, port and path without a trailing slash: two spellings of one endpoint match.
fn origin(url: &Url) -> String {
    format!(
        "{}://{}:{}{}",
        url.scheme(),
        url.host_str().unwrap_or("").to_ascii_lowercase(),
        url.port_or_known_default().unwrap_or(0),
        url.path().trim_end_matches('/')
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(endpoint: &str, regions: Option<RegionsSpec>) -> Settings {
        let mut s = Settings::for_tests();
        s.endpoint = Url::parse(endpoint).expect("url");
        s.regions = regions;
        s
    }

    #[test]
    fn only_what_the_user_pointed_at_is_allowed() {
        let s = settings("https://drs.cn-north-4.myhuaweicloud.com", None);
        let t = CredentialTargets::compute(&s, &Env::default(), None).expect("set");
        assert!(t.allows("https://drs.cn-north-4.myhuaweicloud.com/"));
        assert!(t.allows("https://DRS.cn-north-4.myhuaweicloud.com:443"));
        assert!(!t.allows("http://127.0.0.1:8080/"));
        assert!(!t.allows("https://drs.cn-east-3.myhuaweicloud.com/"));
        assert!(!t.allows("not a url"));
    }

    #[test]
    fn each_region_override_is_checked_on_its_own() {
        let s = settings(
            "http://127.0.0.1:9000",
            Some(RegionsSpec::List(vec!["cn-north-4".into()])),
        );
        let env = Env::from_pairs([(
            "HUAWEICLOUD_SDK_REGION_DRS_CN_NORTH_4",
            "http://drs.example.test:8080",
        )]);
        let e = CredentialTargets::compute(&s, &env, None).unwrap_err();
        assert!(e.0.contains("HUAWEICLOUD_SDK_REGION_DRS_CN_NORTH_4"), "{e}");
        let env = Env::from_pairs([(
            "HUAWEICLOUD_SDK_REGION_DRS_CN_NORTH_4",
            "https://drs.example.test",
        )]);
        let t = CredentialTargets::compute(&s, &env, None).expect("https is fine");
        assert_eq!(
            t.region_endpoint("cn-north-4").map(Url::as_str),
            Some("https://drs.example.test/")
        );
        assert!(t.allows("https://drs.example.test"));
        assert!(!t.allows("https://drs.cn-north-4.myhuaweicloud.com/"));
    }
}
