//! The environment, read once: `main` takes a snapshot and every setting is resolved from it,
//! so no two parts of a run can see different values (or read a variable the other ignores).

use std::collections::HashMap;

/// A snapshot of the process environment.
#[derive(Debug, Clone, Default)]
pub struct Env(HashMap<String, String>);

impl Env {
    /// The process environment now. Called once, in `main`.
    pub fn capture() -> Env {
        Env(std::env::vars().collect())
    }

    /// An environment of exactly these variables (tests, the demo).
    pub fn from_pairs<K: Into<String>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Env {
        Env(pairs
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect())
    }

    /// A variable's value, trimmed; `None` when unset or blank.
    pub fn get(&self, key: &str) -> Option<String> {
        self.0
            .get(key)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    }

    /// Whether a variable is set to something other than blanks.
    pub fn is_set(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The variables, for code that takes the whole map.
    pub fn map(&self) -> &HashMap<String, String> {
        &self.0
    }
}

impl From<HashMap<String, String>> for Env {
    fn from(map: HashMap<String, String>) -> Self {
        Env(map)
    }
}
