//! The glossary (assets/glossary.toml) holds the Chinese catalog to one word per concept: the
//! word the Huawei Cloud console and DRS documentation use (结束 for stop, not 停止, which reads
//! like a pause), and one word each for drs-tui's own concepts (profile, credentials, settle …).

use std::path::Path;

use toml::{Table, Value};

/// A catalog entry: its file, key and texts.
struct Text {
    file: String,
    key: String,
    en: String,
    zh: String,
}

fn read(path: &Path) -> Table {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.parse::<Table>()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn catalog() -> Vec<Text> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/i18n/catalog");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut texts = Vec::new();
    for path in files {
        let file = path.file_name().map(|f| f.to_string_lossy().into_owned());
        for (key, entry) in read(&path) {
            let text = |lang| entry.get(lang).and_then(Value::as_str).map(str::to_string);
            if let (Some(en), Some(zh)) = (text("en"), text("zh")) {
                texts.push(Text {
                    file: file.clone().unwrap_or_default(),
                    key,
                    en,
                    zh,
                });
            }
        }
    }
    texts
}

fn terms() -> Vec<Table> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/glossary.toml");
    read(&path)
        .get("term")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|t| t.as_table().cloned()).collect())
        .unwrap_or_default()
}

fn strings<'a>(term: &'a Table, field: &str) -> Vec<&'a str> {
    term.get(field)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// The English text's words, lower-cased, without what is not prose: `code`, flags (`--settle`),
/// commands (`:profile`), paths and identifiers (`/stop`, `DRS_TUI_PROFILE`).
fn prose(en: &str) -> String {
    let mut out = String::new();
    for (n, part) in en.split('`').enumerate() {
        if n % 2 == 1 {
            continue;
        }
        for word in part.split_whitespace() {
            let bare = word.trim_start_matches(['(', '[', '{']);
            if bare.starts_with(['-', ':']) || word.contains(['/', '_']) {
                continue;
            }
            out.push_str(&word.to_lowercase());
            out.push(' ');
        }
    }
    out
}

/// Whether `text` has a word starting with `word` (`stop` in "stopped", not in "force-stop").
fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric() && c != '-')
    })
}

/// Where the Chinese catalog breaks the glossary: a forbidden variant used, or a text that names
/// the concept without its word.
fn violations(terms: &[Table], texts: &[Text]) -> Vec<String> {
    let mut found = Vec::new();
    for term in terms {
        let en = term.get("en").and_then(Value::as_str).unwrap_or("?");
        let zh = term.get("zh").and_then(Value::as_str).unwrap_or("?");
        let allow = strings(term, "allow");
        for bad in strings(term, "forbidden") {
            for t in texts.iter().filter(|t| t.zh.contains(bad)) {
                if !allow.contains(&t.key.as_str()) {
                    found.push(format!(
                        "{} [{}] says {bad} where the glossary has {en} = {zh}: {}",
                        t.file, t.key, t.zh
                    ));
                }
            }
        }
        if let Some(word) = term.get("en_word").and_then(Value::as_str) {
            for t in texts {
                if has_word(&prose(&t.en), word)
                    && !t.zh.contains(zh)
                    && !allow.contains(&t.key.as_str())
                {
                    found.push(format!(
                        "{} [{}] says {word} in English without {zh} in Chinese: {}",
                        t.file, t.key, t.zh
                    ));
                }
            }
        }
        for key in strings(term, "keys") {
            match texts.iter().find(|t| t.key == key) {
                None => found.push(format!("glossary: {en} names an unknown key {key}")),
                Some(t) if !t.zh.contains(zh) => found.push(format!(
                    "{} [{key}] names {en} without {zh}: {}",
                    t.file, t.zh
                )),
                Some(_) => {}
            }
        }
    }
    found
}

#[test]
fn the_chinese_catalog_uses_the_glossary_words() {
    let terms = terms();
    assert!(terms.len() >= 20, "the glossary lost its terms");
    let found = violations(&terms, &catalog());
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn every_glossary_term_is_complete_and_chinese_words_are_not_forbidden_elsewhere() {
    let terms = terms();
    for term in &terms {
        for field in ["en", "zh", "console", "used"] {
            assert!(
                term.get(field).and_then(Value::as_str).is_some(),
                "a term lacks {field}: {term:?}"
            );
        }
    }
    // No term's word is another term's forbidden variant: the rules agree with each other.
    for term in &terms {
        let zh = term.get("zh").and_then(Value::as_str).unwrap_or_default();
        for other in &terms {
            for bad in strings(other, "forbidden") {
                assert!(!zh.contains(bad), "{zh} is forbidden by {other:?}");
            }
        }
    }
}

#[test]
fn the_check_catches_a_forbidden_variant_and_a_missing_word() {
    let terms = terms();
    let text = |key: &str, zh: &str| Text {
        file: "t.toml".into(),
        key: key.into(),
        en: "x".into(),
        zh: zh.into(),
    };
    let mut texts = catalog();
    texts.push(text("Extra1", "确认停止该任务？"));
    texts.push(text("Extra2", "刷新失败：上方数据已过期"));
    texts.push(text("Extra3", "配置档 {}"));
    texts.push(text("Extra4", "凭据被拒绝"));
    let found = violations(&terms, &texts);
    for key in ["Extra1", "Extra2", "Extra3", "Extra4"] {
        assert!(found.iter().any(|f| f.contains(key)), "{key}: {found:?}");
    }
    // A text naming the concept without its word.
    let mut texts = catalog();
    if let Some(t) = texts.iter_mut().find(|t| t.key == "HintStop") {
        t.zh = "停".into();
    }
    let found = violations(&terms, &texts);
    assert!(found.iter().any(|f| f.contains("[HintStop]")), "{found:?}");
    // An English text naming a concept whose Chinese has another word; flags and code do not
    // count.
    let mut texts = catalog();
    texts.push(Text {
        file: "t.toml".into(),
        key: "Extra5".into(),
        en: "the profile has no region".into(),
        zh: "该配置没有区域".into(),
    });
    texts.push(Text {
        file: "t.toml".into(),
        key: "Extra6".into(),
        en: "pass --profile NAME or `drs-tui config profiles`; see DRS_TUI_PROFILE".into(),
        zh: "请传入 --profile NAME".into(),
    });
    let found = violations(&terms, &texts);
    assert!(found.iter().any(|f| f.contains("[Extra5]")), "{found:?}");
    assert!(!found.iter().any(|f| f.contains("[Extra6]")), "{found:?}");
    assert!(has_word("stopped waiting", "stop") && !has_word("force-stop", "stop"));
}
