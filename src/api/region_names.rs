//! The console's names of the regions of [`super::endpoint::DRS_REGIONS`] (华北-北京四,
//! "CN North-Beijing4"), as data beside the region table: the strip, `:regions`, completion and
//! `drs-tui regions` show them next to the codes, in the language in force.
//!
//! Where they come from: the SDK's region files hold only codes and endpoints, so the names are
//! those of Huawei Cloud's documentation ("地区和终端节点" / "Regions and Endpoints" tables, and
//! the IAM `GET /v3/regions` answer's `locales`), as used across Huawei Cloud's public docs and
//! the console's region picker. A region whose console name could not be confirmed has none here
//! (it is shown by its code alone rather than under a guessed name): cn-north-11,
//! cn-southwest-3, ru-moscow-1, ae-ad-1, my-kualalumpur-1.

use crate::i18n::{Language, language};

/// Code, English name, Chinese name.
const NAMES: &[(&str, &str, &str)] = &[
    ("cn-north-1", "CN North-Beijing1", "华北-北京一"),
    ("cn-north-2", "CN North-Beijing2", "华北-北京二"),
    ("cn-north-4", "CN North-Beijing4", "华北-北京四"),
    ("cn-north-9", "CN North-Ulanqab1", "华北-乌兰察布一"),
    ("cn-north-12", "CN North3", "华北三"),
    ("cn-east-2", "CN East-Shanghai2", "华东-上海二"),
    ("cn-east-3", "CN East-Shanghai1", "华东-上海一"),
    ("cn-east-4", "CN East2", "华东二"),
    ("cn-east-5", "CN East-Qingdao", "华东-青岛"),
    ("cn-south-1", "CN South-Guangzhou", "华南-广州"),
    ("cn-south-2", "CN South-Shenzhen", "华南-深圳"),
    (
        "cn-south-4",
        "CN South-Guangzhou-InvitationOnly",
        "华南-广州-友好用户环境",
    ),
    ("cn-southwest-2", "CN Southwest-Guiyang1", "西南-贵阳一"),
    ("ap-southeast-1", "CN-Hong Kong", "中国-香港"),
    ("ap-southeast-2", "AP-Bangkok", "亚太-曼谷"),
    ("ap-southeast-3", "AP-Singapore", "亚太-新加坡"),
    ("ap-southeast-4", "AP-Jakarta", "亚太-雅加达"),
    ("ap-southeast-5", "AP-Manila", "亚太-马尼拉"),
    ("af-south-1", "AF-Johannesburg", "非洲-约翰内斯堡"),
    ("af-north-1", "AF-Cairo", "非洲-开罗"),
    ("sa-brazil-1", "LA-Sao Paulo1", "拉美-圣保罗一"),
    ("la-south-2", "LA-Santiago", "拉美-圣地亚哥"),
    ("la-north-2", "LA-Mexico City2", "拉美-墨西哥城二"),
    ("na-mexico-1", "LA-Mexico City1", "拉美-墨西哥城一"),
    ("tr-west-1", "TR-Istanbul", "土耳其-伊斯坦布尔"),
    ("me-east-1", "ME-Riyadh", "中东-利雅得"),
    ("eu-west-0", "EU-Paris", "欧洲-巴黎"),
    ("eu-west-101", "EU-Dublin", "欧洲-都柏林"),
    ("ru-northwest-2", "RU-Moscow2", "俄罗斯-莫斯科二"),
];

/// The console's name of `region` in `lang`, `None` for a region without one here.
pub fn region_name_in(region: &str, lang: Language) -> Option<&'static str> {
    NAMES
        .iter()
        .find(|(code, _, _)| *code == region)
        .map(|(_, en, zh)| match lang {
            Language::EnUs => *en,
            Language::ZhCn => *zh,
        })
}

/// The console's name of `region` in the language in force.
pub fn region_name(region: &str) -> Option<&'static str> {
    region_name_in(region, language())
}

/// The region whose name, in either language, contains `needle` (case-insensitive), for a
/// filter typed as the console names the region: `/华北-北京四`, `/beijing4`.
pub fn regions_named(needle: &str) -> impl Iterator<Item = &'static str> + '_ {
    let needle = needle.to_lowercase();
    NAMES.iter().filter_map(move |(code, en, zh)| {
        (!needle.is_empty() && (en.to_lowercase().contains(&needle) || zh.contains(&needle)))
            .then_some(*code)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::endpoint::DRS_REGIONS;

    #[test]
    fn every_named_region_is_in_the_table_and_names_are_unique() {
        let mut en = std::collections::HashSet::new();
        let mut zh = std::collections::HashSet::new();
        for (code, e, z) in NAMES {
            assert!(DRS_REGIONS.contains(code), "{code} not in DRS_REGIONS");
            assert!(en.insert(*e), "{e} twice");
            assert!(zh.insert(*z), "{z} twice");
        }
        // Most of the table is named; the rest is shown by code.
        assert!(NAMES.len() * 4 >= DRS_REGIONS.len() * 3);
    }

    #[test]
    fn names_in_both_languages() {
        assert_eq!(
            region_name_in("cn-north-4", Language::ZhCn),
            Some("华北-北京四")
        );
        assert_eq!(
            region_name_in("cn-east-3", Language::EnUs),
            Some("CN East-Shanghai1")
        );
        assert_eq!(
            region_name_in("ap-southeast-3", Language::ZhCn),
            Some("亚太-新加坡")
        );
        assert_eq!(region_name_in("cn-north-11", Language::EnUs), None);
        assert_eq!(region_name_in("mars-1", Language::ZhCn), None);
    }

    #[test]
    fn a_name_finds_its_region_in_either_language() {
        assert_eq!(
            regions_named("华北-北京四").collect::<Vec<_>>(),
            ["cn-north-4"]
        );
        assert_eq!(
            regions_named("Beijing4").collect::<Vec<_>>(),
            ["cn-north-4"]
        );
        assert_eq!(
            regions_named("beijing4").collect::<Vec<_>>(),
            ["cn-north-4"]
        );
        assert!(regions_named("").next().is_none());
        assert_eq!(regions_named("上海").count(), 2);
    }
}
