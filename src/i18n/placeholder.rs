//! What an argument looks like in a catalog text. build.rs compiles this same file to check the
//! catalog, so the build and [`super::fill`] cannot disagree about it.
//!
//! `{}` is the next argument: the first `{}` is argument 0, the second argument 1, and so on.
//! `{N}` (decimal digits) is argument N, in any order and as often as the sentence needs. Any
//! other brace is plain text: `{job_id}` in a URL, `{"is_force_stop": true}` in a request body.

/// A run of plain text or one argument of a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text copied as it is.
    Text(&'a str),
    /// `{}`: the argument after the previous `{}`'s.
    Next,
    /// `{N}`: argument N.
    At(usize),
}

/// The pieces of `template`, in order.
pub fn pieces(template: &str) -> Pieces<'_> {
    Pieces { rest: template }
}

/// The iterator of [`pieces`].
pub struct Pieces<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = Piece<'a>;

    fn next(&mut self) -> Option<Piece<'a>> {
        if self.rest.is_empty() {
            return None;
        }
        let mut from = 0;
        while let Some(i) = self.rest[from..].find('{').map(|i| from + i) {
            if let Some((piece, len)) = argument(&self.rest[i..]) {
                // The text before the argument first; the argument on the next call.
                let (piece, len) = if i == 0 {
                    (piece, len)
                } else {
                    (Piece::Text(&self.rest[..i]), i)
                };
                self.rest = &self.rest[len..];
                return Some(piece);
            }
            from = i + 1;
        }
        let text = self.rest;
        self.rest = "";
        Some(Piece::Text(text))
    }
}

/// The argument `s` starts with (`{}` or `{N}`) and its length in bytes, if it starts with one.
fn argument(s: &str) -> Option<(Piece<'static>, usize)> {
    let close = s.find('}')?;
    let inside = &s[1..close];
    if inside.is_empty() {
        return Some((Piece::Next, 2));
    }
    if !inside.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((Piece::At(inside.parse().ok()?), close + 1))
}

/// The arguments a catalog text takes, ascending and without repeats (its `{}` count as 0, 1, …),
/// or why it is not a valid catalog text: it mixes `{}` with `{N}`, or skips a number (an
/// argument that would be passed and never shown).
#[allow(dead_code)] // used by build.rs and the catalog's tests
pub fn arguments(template: &str) -> Result<Vec<usize>, String> {
    let (mut sequential, mut positional) = (0, Vec::new());
    for piece in pieces(template) {
        match piece {
            Piece::Text(_) => {}
            Piece::Next => sequential += 1,
            Piece::At(n) => positional.push(n),
        }
    }
    if sequential > 0 && !positional.is_empty() {
        return Err("mixes {} with {N}: use one or the other".into());
    }
    if sequential > 0 {
        return Ok((0..sequential).collect());
    }
    positional.sort_unstable();
    positional.dedup();
    if let Some(missing) = (0..positional.len()).find(|&i| positional[i] != i) {
        return Err(format!(
            "uses {{{}}} but not {{{missing}}}",
            positional[missing]
        ));
    }
    Ok(positional)
}
