//! `Sym`: a shared, interned string for the job fields that take few distinct values (status,
//! engine type, job type, actions…). 100,000 jobs then hold a few hundred strings instead of
//! two million, which is most of the TUI's memory at that size.

use std::borrow::Borrow;
use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Above this many distinct values per thread, new values are no longer interned (a hostile
/// server cannot grow the pool without bound; such values just get their own allocation).
const POOL_LIMIT: usize = 8192;

/// FxHash (rustc's hasher), inline: the pool is hashed up to 20 times per parsed job, and
/// SipHash made interning cost more than the allocations it saves (the parse bench went over its
/// 2 ms bound). Flooding is no concern: the pool is capped at [`POOL_LIMIT`] entries.
#[derive(Default, Clone, Copy)]
struct FxHasher(u64);

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

type Fx = BuildHasherDefault<FxHasher>;
type Pool = HashSet<Sym, Fx>;
type ListPool = HashSet<Syms, Fx>;

thread_local! {
    static POOL: RefCell<Pool> = RefCell::new(Pool::default());
    static EMPTY: Sym = Sym(Arc::new(Box::from("")));
    static LISTS: RefCell<ListPool> = RefCell::new(ListPool::default());
    static NO_SYMS: Syms = Syms(Arc::new(Box::default()));
}

/// An immutable, cheaply cloned string; equal values parsed on one thread share one allocation.
/// One pointer wide (a thin `Arc` of a `Box<str>`): a job holds a dozen of them.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sym(Arc<Box<str>>);

impl Sym {
    /// The interned `s`.
    pub fn new(s: &str) -> Sym {
        if s.is_empty() {
            return EMPTY.with(Sym::clone);
        }
        POOL.with(|pool| {
            let Ok(mut pool) = pool.try_borrow_mut() else {
                return Sym(Arc::new(Box::from(s)));
            };
            if let Some(found) = pool.get(s) {
                return found.clone();
            }
            let sym = Sym(Arc::new(Box::from(s)));
            if pool.len() < POOL_LIMIT {
                pool.insert(sym.clone());
            }
            sym
        })
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Sym {
    fn default() -> Self {
        Sym::new("")
    }
}

impl Deref for Sym {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Sym {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Sym {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Sym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Sym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Sym {
    fn from(s: &str) -> Self {
        Sym::new(s)
    }
}

impl From<String> for Sym {
    fn from(s: String) -> Self {
        Sym::new(&s)
    }
}

impl From<&String> for Sym {
    fn from(s: &String) -> Self {
        Sym::new(s)
    }
}

impl From<Sym> for String {
    fn from(s: Sym) -> Self {
        s.as_str().to_owned()
    }
}

impl From<&Sym> for String {
    fn from(s: &Sym) -> Self {
        s.as_str().to_owned()
    }
}

impl PartialEq<str> for Sym {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Sym {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Sym {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Sym> for str {
    fn eq(&self, other: &Sym) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Sym> for &str {
    fn eq(&self, other: &Sym) -> bool {
        *self == other.as_str()
    }
}

impl Serialize for Sym {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

struct SymVisitor;

impl<'de> serde::de::Visitor<'de> for SymVisitor {
    type Value = Sym;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or scalar")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Sym, E> {
        Ok(Sym::new(v))
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Sym, E> {
        Ok(Sym::new(if v { "true" } else { "false" }))
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Sym, E> {
        Ok(Sym::new(&v.to_string()))
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Sym, E> {
        Ok(Sym::new(&v.to_string()))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Sym, E> {
        Ok(Sym::new(&v.to_string()))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Sym, E> {
        Ok(Sym::default())
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Sym, E> {
        Ok(Sym::default())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Sym, D::Error> {
        d.deserialize_any(SymVisitor)
    }
    // Objects and arrays where a string belongs are dropped rather than failing the page.
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Sym, A::Error> {
        while map
            .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
            .is_some()
        {}
        Ok(Sym::default())
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Sym, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(Sym::default())
    }
}

/// Tolerant like `lenient_string`: scalars are stringified, `null`, objects and arrays are "".
impl<'de> Deserialize<'de> for Sym {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(SymVisitor)
    }
}

/// An immutable, interned list of [`Sym`]s: the action lists of a job, which repeat across
/// thousands of jobs with the same status, are one shared allocation. One pointer wide (a thin
/// `Arc` of a boxed slice), like [`Sym`]: a job holds two.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Syms(Arc<Box<[Sym]>>);

impl Syms {
    /// The interned list of `items`.
    pub fn new(items: &[Sym]) -> Syms {
        if items.is_empty() {
            return Syms::default();
        }
        LISTS.with(|pool| {
            let Ok(mut pool) = pool.try_borrow_mut() else {
                return Syms(Arc::new(Box::from(items)));
            };
            if let Some(found) = pool.get(items) {
                return found.clone();
            }
            let list = Syms(Arc::new(Box::from(items)));
            if pool.len() < POOL_LIMIT {
                pool.insert(list.clone());
            }
            list
        })
    }

    /// The items.
    pub fn as_slice(&self) -> &[Sym] {
        &self.0
    }
}

impl Default for Syms {
    fn default() -> Self {
        NO_SYMS.with(Syms::clone)
    }
}

impl Deref for Syms {
    type Target = [Sym];
    fn deref(&self) -> &[Sym] {
        &self.0
    }
}

impl Borrow<[Sym]> for Syms {
    fn borrow(&self) -> &[Sym] {
        &self.0
    }
}

impl fmt::Debug for Syms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.iter()).finish()
    }
}

impl<S: Into<Sym>> FromIterator<S> for Syms {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        let v: Vec<Sym> = iter.into_iter().map(Into::into).collect();
        Syms::new(&v)
    }
}

impl From<Vec<Sym>> for Syms {
    fn from(v: Vec<Sym>) -> Self {
        Syms::new(&v)
    }
}

impl<'a> IntoIterator for &'a Syms {
    type Item = &'a Sym;
    type IntoIter = std::slice::Iter<'a, Sym>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<T> PartialEq<[T]> for Syms
where
    Sym: PartialEq<T>,
{
    fn eq(&self, other: &[T]) -> bool {
        self.0.len() == other.len() && self.0.iter().zip(other).all(|(a, b)| a == b)
    }
}

impl<T, const N: usize> PartialEq<[T; N]> for Syms
where
    Sym: PartialEq<T>,
{
    fn eq(&self, other: &[T; N]) -> bool {
        *self == other[..]
    }
}

impl Serialize for Syms {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter())
    }
}

impl<'de> Deserialize<'de> for Syms {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Vec::<Sym>::deserialize(d).map(Syms::from)
    }
}

#[cfg(test)]
mod tests {
    use super::Sym;

    #[test]
    fn equal_values_share_one_allocation() {
        let a = Sym::new("RELEASE_RESOURCE_COMPLETE");
        let b: Sym = serde_json::from_str("\"RELEASE_RESOURCE_COMPLETE\"").expect("parses");
        assert!(std::sync::Arc::ptr_eq(&a.0, &b.0));
        assert_eq!(a, "RELEASE_RESOURCE_COMPLETE");
        assert_eq!(
            serde_json::to_string(&a).expect("ser"),
            "\"RELEASE_RESOURCE_COMPLETE\""
        );
    }

    #[test]
    fn tolerant_like_lenient_string() {
        let v: Vec<Sym> =
            serde_json::from_str(r#"["a", 1, true, null, {"x":1}, [2]]"#).expect("ok");
        let v: Vec<&str> = v.iter().map(|s| s.as_str()).collect();
        assert_eq!(v, ["a", "1", "true", "", "", ""]);
    }
}
