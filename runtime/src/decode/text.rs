//! Text of captured values: strings unescaped leniently, numbers as written.

use std::borrow::Cow;

/// The text of a JSON string's contents (between the quotes, as written): escapes
/// decoded, a lone surrogate escape and any byte that is not UTF-8 read as U+FFFD.
/// Borrowed when there is nothing to decode or repair.
pub(crate) fn string(raw: &[u8], escaped: bool) -> Cow<'_, str> {
    if escaped {
        return Cow::Owned(unescape(raw));
    }
    // `from_utf8` validates faster than `from_utf8_lossy` walks its chunks.
    match std::str::from_utf8(raw) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(raw),
    }
}

/// Whether a key, as written (`raw`, `escaped`), reads as `token`: compared as bytes
/// unless it has escapes, or could hold U+FFFD read from bytes that are not UTF-8.
pub(crate) fn key_is(raw: &[u8], escaped: bool, token: &str) -> bool {
    if !escaped {
        if raw == token.as_bytes() {
            return true;
        }
        // Unequal bytes still read alike only through bytes that are not UTF-8, read
        // as U+FFFD: never when the token has no U+FFFD.
        if !token.contains('\u{FFFD}') {
            return false;
        }
    }
    *string(raw, escaped) == *token
}

/// Decodes the escapes of a string's contents.
pub(crate) fn unescape(raw: &[u8]) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(raw.len());
    let mut bytes = raw.iter().copied().enumerate();
    while let Some((at, b)) = bytes.next() {
        if b != b'\\' {
            out.push(b);
            continue;
        }
        let Some((_, escape)) = bytes.next() else { break };
        let simple = match escape {
            b'"' => b'"',
            b'\\' => b'\\',
            b'/' => b'/',
            b'b' => 0x08,
            b'f' => 0x0c,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'u' => {
                let unit = hex4(raw.get(at + 2..at + 6));
                for _ in 0..4 {
                    bytes.next();
                }
                let low = (0xD800..0xDC00).contains(&unit).then(|| {
                    // A high surrogate pairs with an immediately following `\uDC00..`.
                    let next = raw.get(at + 6..at + 8) == Some(b"\\u");
                    let low = if next { hex4(raw.get(at + 8..at + 12)) } else { 0 };
                    (0xDC00..0xE000).contains(&low).then_some(low)
                });
                let c = match low {
                    Some(Some(low)) => {
                        for _ in 0..6 {
                            bytes.next();
                        }
                        char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                    }
                    _ => char::from_u32(unit),
                };
                let mut buffer = [0; 4];
                out.extend(c.unwrap_or('\u{FFFD}').encode_utf8(&mut buffer).as_bytes());
                continue;
            }
            // The scanner accepts no other escape; keep the text as written.
            other => {
                out.extend([b'\\', other]);
                continue;
            }
        };
        out.push(simple);
    }
    match String::from_utf8(out) {
        Ok(text) => text,
        Err(error) => String::from_utf8_lossy(error.as_bytes()).into_owned(),
    }
}

/// Four hex digits as a number (0 when absent; the scanner checked them).
fn hex4(digits: Option<&[u8]>) -> u32 {
    digits
        .and_then(|d| std::str::from_utf8(d).ok())
        .and_then(|d| u32::from_str_radix(d, 16).ok())
        .unwrap_or(0)
}

/// Whether a number literal is an integer (`-?digits`, no fraction or exponent).
pub(crate) fn is_integer(literal: &[u8]) -> bool {
    let digits = literal.strip_prefix(b"-").unwrap_or(literal);
    !digits.is_empty() && digits.iter().all(u8::is_ascii_digit)
}

/// A number literal's value when it is an integer (`-?digits`) within `i64`: one pass
/// over the bytes, what `is_integer` then `str::parse` would find.
pub(crate) fn integer(literal: &[u8]) -> Option<i64> {
    let (negative, digits) = match literal.strip_prefix(b"-") {
        Some(digits) => (true, digits),
        None => (false, literal),
    };
    if digits.is_empty() {
        return None;
    }
    let mut value: i64 = 0;
    for &byte in digits {
        let digit = i64::from(byte.wrapping_sub(b'0'));
        if digit > 9 {
            return None;
        }
        // Accumulated with the sign, so that `i64::MIN` fits.
        value = value.checked_mul(10)?;
        value = if negative { value.checked_sub(digit)? } else { value.checked_add(digit)? };
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescapes_leniently() {
        assert_eq!(unescape(br#"a\"b\\c\/d\n\t"#), "a\"b\\c/d\n\t");
        assert_eq!(unescape(br"\u00e9\u20AC"), "é€");
        assert_eq!(unescape(br"\ud83d\ude00!"), "😀!");
        assert_eq!(unescape(br"\ud83d!"), "\u{FFFD}!");
        assert_eq!(unescape(br"\ude00x"), "\u{FFFD}x");
        assert_eq!(unescape(br"\ud83d\u0041"), "\u{FFFD}A");
        assert_eq!(unescape(b"\xff\\n"), "\u{FFFD}\n");
        assert_eq!(string(b"caf\xc3\xa9", false), "café");
        assert_eq!(string(b"bad\xff", false), "bad\u{FFFD}");
    }

    #[test]
    fn keys_read_as_their_text() {
        assert!(key_is(b"code", false, "code"));
        assert!(!key_is(b"codes", false, "code"));
        assert!(key_is(br"c\u006fde", true, "code"));
        assert!(key_is(b"c\xffde", false, "c\u{FFFD}de"), "invalid bytes read as U+FFFD");
        assert!(!key_is(b"c\xffde", false, "cde"));
    }

    #[test]
    fn integers() {
        assert!(is_integer(b"404"));
        assert!(is_integer(b"-3"));
        assert!(is_integer(b"18446744073709551616"));
        assert!(!is_integer(b"1e400"));
        assert!(!is_integer(b"4.0"));
        assert!(!is_integer(b"-"));
        for literal in [
            "0",
            "-0",
            "404",
            "-3",
            "9223372036854775807",
            "-9223372036854775808",
            "9223372036854775808",
            "-9223372036854775809",
            "18446744073709551616",
            "1e3",
            "4.0",
            "-",
            "",
            "12a",
        ] {
            let parsed = is_integer(literal.as_bytes()).then(|| literal.parse().ok()).flatten();
            assert_eq!(integer(literal.as_bytes()), parsed, "{literal}");
        }
    }
}
