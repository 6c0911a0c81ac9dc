#!/usr/bin/env python3
"""Converts entries of the old `catalog!` macro (`Key => "english", "chinese";`, as in a
src/i18n.rs from before the catalog moved to src/i18n/catalog/*.toml) into the TOML form:

    [Key]
    en = "english"
    zh = "chinese"

Reads the entries on stdin (`//` comments become `#` comments), prints TOML on stdout, to be
appended to the right src/i18n/catalog/<area>.toml. The texts are decoded as Rust string
literals and re-encoded as TOML strings, so they stay byte-identical.

    sed -n '/catalog! {/,/^}/p' old_i18n.rs | sed '1d;$d' | scripts/catalog_from_rust.py
"""

import re
import sys

ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", '"': '"', "'": "'"}


def rust_string(src, i):
    """Decodes the Rust string literal starting at src[i] (a `"`); returns (text, next index)."""
    assert src[i] == '"', f"expected a string at {src[i:i + 40]!r}"
    i += 1
    out = []
    while src[i] != '"':
        c = src[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        e = src[i + 1]
        if e in ESCAPES:
            out.append(ESCAPES[e])
            i += 2
        elif e == "x":
            out.append(chr(int(src[i + 2:i + 4], 16)))
            i += 4
        elif e == "u":
            end = src.index("}", i)
            out.append(chr(int(src[i + 3:end], 16)))
            i = end + 1
        elif e == "\n":  # line continuation: skips the newline and the next line's indent
            i += 2
            while src[i] in " \t\n\r":
                i += 1
        else:
            raise ValueError(f"unknown escape \\{e}")
    return "".join(out), i + 1


def toml_string(text):
    """A TOML basic string (multi-line when the text has line breaks) that decodes to `text`."""
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    body = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04x}", body)
    if "\n" in text:
        return '"""\n' + body + '"""'
    return '"' + body + '"'


def convert(src):
    """Yields TOML lines for the entries and `//` comments of `src`."""
    i = 0
    prev = None  # None at the start, then "comment" or "entry"
    while i < len(src):
        if src[i].isspace():
            i += 1
        elif src.startswith("//", i):
            end = src.find("\n", i)
            end = len(src) if end < 0 else end
            if prev == "entry":
                yield ""
            yield ("# " + src[i + 2:end].strip()).rstrip()
            prev = "comment"
            i = end
        else:
            m = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*=>\s*").match(src, i)
            if not m:
                raise ValueError(f"not an entry: {src[i:i + 60]!r}")
            en, i = rust_string(src, m.end())
            i = re.compile(r"\s*,\s*").match(src, i).end()
            zh, i = rust_string(src, i)
            i = re.compile(r"\s*;").match(src, i).end()
            if prev == "entry":
                yield ""
            prev = "entry"
            yield f"[{m.group(1)}]"
            yield "en = " + toml_string(en)
            yield "zh = " + toml_string(zh)


if __name__ == "__main__":
    for line in convert(sys.stdin.read()):
        print(line)
