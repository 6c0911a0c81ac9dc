//! Generates the i18n catalog from src/i18n/catalog/*.toml: the `T` enum, its English and
//! Chinese texts and each entry's argument count, which `tr!` checks at compile time. Fails the
//! build, naming the file, line and key, for an entry that is not exactly a non-empty `en` and
//! `zh` text taking the same arguments (see src/i18n/mod.rs for the format).

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::placeholder;

/// One catalog entry, checked.
struct Entry {
    key: String,
    en: String,
    zh: String,
    arity: usize,
}

/// Reads the catalog in `root`/`dir` (the crate's directory and the catalog's path in it), checks
/// it and writes the Rust code to `out`. Errors name files by their path in the crate.
pub fn generate(root: &Path, dir: &str, out: &Path) -> Result<(), String> {
    let dir = root.join(dir);
    println!("cargo:rerun-if-changed={}", dir.display());
    let files = catalog_files(&dir)?;
    let mut entries: Vec<Entry> = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let name = file.strip_prefix(root).unwrap_or(file).display();
        let text = fs::read_to_string(file).map_err(|e| format!("{name}: {e}"))?;
        for (entry, line) in read_file(&text).map_err(|e| format!("{name}:{e}"))? {
            let here = format!("{name}:{line}");
            if let Some(first) = seen.insert(entry.key.clone(), here.clone()) {
                return Err(format!(
                    "{here}: {} is already defined at {first}",
                    entry.key
                ));
            }
            entries.push(entry);
        }
    }
    if entries.is_empty() {
        return Err(format!("{}: no catalog entries found", dir.display()));
    }
    let code = rust_code(&entries);
    // Rewritten only when it changed: an unchanged catalog does not rebuild the crate.
    if fs::read_to_string(out).ok().as_deref() != Some(code.as_str()) {
        fs::write(out, code).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    Ok(())
}

/// The `*.toml` files of the catalog, by name (so the generated code does not depend on the
/// order the file system lists them in).
fn catalog_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for item in fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = item.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.extension().is_some_and(|x| x == "toml") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// The entries of one catalog file in the order written, each with its line; an error starts
/// with the line number.
fn read_file(text: &str) -> Result<Vec<(Entry, usize)>, String> {
    let line = |span: std::ops::Range<usize>| text[..span.start].matches('\n').count() + 1;
    let doc = DeTable::parse(text).map_err(|e| format!(" {e}"))?;
    let mut tables: Vec<_> = doc.get_ref().iter().collect();
    tables.sort_by_key(|(key, _)| key.span().start);
    let mut entries = Vec::new();
    for (key, value) in tables {
        let at = line(key.span());
        let entry = read_entry(key.get_ref(), value).map_err(|e| format!("{at}: {e}"))?;
        entries.push((entry, at));
    }
    Ok(entries)
}

/// One `[Key]` table with its `en` and `zh` texts.
fn read_entry(key: &str, value: &Spanned<DeValue<'_>>) -> Result<Entry, String> {
    let mut chars = key.chars();
    if !chars.next().is_some_and(|c| c.is_ascii_uppercase())
        || !chars.all(|c| c.is_ascii_alphanumeric())
    {
        return Err(format!(
            "{key}: a key is a Rust name in UpperCamelCase, e.g. HintMove"
        ));
    }
    let DeValue::Table(fields) = value.get_ref() else {
        return Err(format!(
            "{key}: expected a table, [{key}] with en = \"…\" and zh = \"…\""
        ));
    };
    let (mut en, mut zh) = (None, None);
    for (name, text) in fields.iter() {
        let slot = match name.get_ref().as_ref() {
            "en" => &mut en,
            "zh" => &mut zh,
            other => return Err(format!("{key}: unknown field {other:?} (only en and zh)")),
        };
        let DeValue::String(text) = text.get_ref() else {
            return Err(format!("{key}.{}: expected a string", name.get_ref()));
        };
        *slot = Some(text.to_string());
    }
    let (Some(en), Some(zh)) = (en, zh) else {
        return Err(format!("{key}: needs both an en and a zh text"));
    };
    let arity = arity(key, &en, &zh)?;
    Ok(Entry {
        key: key.to_string(),
        en,
        zh,
        arity,
    })
}

/// How many arguments the entry takes: both texts must be non-empty, valid, and use the same
/// arguments.
fn arity(key: &str, en: &str, zh: &str) -> Result<usize, String> {
    let mut both = Vec::new();
    for (lang, text) in [("en", en), ("zh", zh)] {
        if text.trim().is_empty() {
            return Err(format!("{key}: the {lang} text is empty"));
        }
        both.push(placeholder::arguments(text).map_err(|e| format!("{key}: the {lang} text {e}"))?);
    }
    if both[0] != both[1] {
        return Err(format!(
            "{key}: the en text takes arguments {:?} but the zh text {:?}; both must use the same",
            both[0], both[1]
        ));
    }
    u8::try_from(both[0].len())
        .map(usize::from)
        .map_err(|_| format!("{key}: more than 255 arguments"))
}

/// The generated module body: the enum, `T::ALL`, and the text and argument-count tables that
/// `T::text` and `T::arity` index by the key's discriminant.
fn rust_code(entries: &[Entry]) -> String {
    let n = entries.len();
    let mut s = String::from(
        "// Generated by build.rs from src/i18n/catalog/*.toml: edit those files, not this one.\n\n\
         /// A user-facing text; [`T::get`] gives it in the current language.\n\
         #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]\n\
         #[allow(missing_docs)]\n\
         pub enum T {\n",
    );
    for e in entries {
        let _ = writeln!(s, "    {},", e.key);
    }
    s.push_str("}\n\nimpl T {\n    /// Every key, for the completeness test.\n");
    s.push_str("    pub const ALL: &'static [T] = &[\n");
    for e in entries {
        let _ = writeln!(s, "        T::{},", e.key);
    }
    s.push_str("    ];\n}\n\n");
    let _ = writeln!(
        s,
        "/// The English texts, by key.\nstatic EN: [&str; {n}] = ["
    );
    for e in entries {
        let _ = writeln!(s, "    {:?},", e.en);
    }
    let _ = writeln!(
        s,
        "];\n\n/// The Chinese texts, by key.\nstatic ZH: [&str; {n}] = ["
    );
    for e in entries {
        let _ = writeln!(s, "    {:?},", e.zh);
    }
    let _ = writeln!(
        s,
        "];\n\n/// How many arguments each key takes.\nconst ARITY: [u8; {n}] = ["
    );
    for e in entries {
        let _ = writeln!(s, "    {}, // {}", e.arity, e.key);
    }
    s.push_str("];\n");
    s
}
