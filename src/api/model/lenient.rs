//! Tolerant field parsers: unknown shapes become defaults or strings instead of failing a page.

use std::fmt;

use serde::{Deserialize, Deserializer};

use super::{Sym, Syms};

/// `null` → default; otherwise the type's own deserializer.
pub fn null_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// A list that is `null` → empty, kept without spare capacity (it lives as long as its job).
pub fn shrunk_list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    let mut v: Vec<T> = null_default(d)?;
    v.shrink_to_fit();
    Ok(v)
}

struct LenientString;

impl<'de> serde::de::Visitor<'de> for LenientString {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or scalar")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_any(LenientString)
    }
    // Objects and arrays where a string belongs are dropped rather than failing the page.
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
        while map
            .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
            .is_some()
        {}
        Ok(String::new())
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<String, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(String::new())
    }
}

/// A string field that accepts any JSON value: scalars are stringified, the rest become "".
pub fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_any(LenientString)
}

/// A list of [`Sym`]s (interned as [`Syms`]) that tolerates `null`, a single scalar, and non-string items (which are
/// stringified); empty items are dropped.
pub fn lenient_syms<'de, D: Deserializer<'de>>(d: D) -> Result<Syms, D::Error> {
    // A visitor rather than an untagged enum: untagged buffers every value before trying the
    // variants, which was a tenth of the time spent parsing a list page.
    d.deserialize_any(LenientSyms).map(Syms::from)
}

struct LenientSyms;

impl LenientSyms {
    fn one(s: &str) -> Vec<Sym> {
        if s.is_empty() {
            Vec::new()
        } else {
            vec![Sym::new(s)]
        }
    }
}

impl<'de> serde::de::Visitor<'de> for LenientSyms {
    type Value = Vec<Sym>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of strings, a string or null")
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // serde_json gives no size hint: room for the dozen actions DRS knows, one allocation
        // instead of growing 0 → 4 → 8 (the list is interned and this Vec dropped).
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).max(12));
        // `Sym` reads any JSON value as `lenient_string` does.
        while let Some(s) = seq.next_element::<Sym>()? {
            if !s.is_empty() {
                out.push(s);
            }
        }
        Ok(out)
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(LenientSyms)
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Self::one(v))
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Self::one(if v { "true" } else { "false" }))
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Self::one(&v.to_string()))
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Self::one(&v.to_string()))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Self::one(&v.to_string()))
    }
    // An object where a list belongs reads as no actions, as a lone object item would.
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map
            .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
            .is_some()
        {}
        Ok(Vec::new())
    }
}

/// A bool that also accepts `"true"`/`"false"` strings and `null`.
pub fn lenient_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    // Its own visitor: going through `lenient_string` allocated a String for every plain bool.
    d.deserialize_any(LenientBool)
}

fn bool_word(s: &str) -> Option<bool> {
    match s {
        "true" | "True" | "1" => Some(true),
        "false" | "False" | "0" => Some(false),
        _ => None,
    }
}

struct LenientBool;

impl<'de> serde::de::Visitor<'de> for LenientBool {
    type Value = Option<bool>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a bool, a string or null")
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(bool_word(v))
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(bool_word(&v.to_string()))
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(bool_word(&v.to_string()))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(bool_word(&v.to_string()))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(LenientBool)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        LenientString.visit_map(map).map(|_| None)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        LenientString.visit_seq(seq).map(|_| None)
    }
}

/// A count that also accepts a numeric string; anything else is 0.
pub fn lenient_u64<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    let s = lenient_string(d)?;
    Ok(s.parse::<u64>()
        .or_else(|_| s.parse::<f64>().map(|f| f.max(0.0) as u64))
        .unwrap_or(0))
}
