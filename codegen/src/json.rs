//! The interpreter's JSON reader: the whole body as a tree, accepting exactly what the
//! runtime's scanner accepts (RFC 8259, plus a leading byte order mark, bytes that are
//! not UTF-8 inside strings, lone surrogate escapes, numbers of any size, any depth).
//!
//! Written for obviousness, not speed, and independently of the runtime's scanner, so
//! the differential test compares two readings of one rule. Numbers keep their literal
//! text; strings are decoded with U+FFFD for what is not text. Neither reading nor
//! dropping a tree recurses, so nesting depth is bounded by memory only.

/// A JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string, decoded.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object's members in document order (a repeated key: the last one counts).
    Object(Vec<(String, Json)>),
}

impl Json {
    /// The member `key` (the last one when it repeats).
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The members, a repeated key keeping only its last value, in the order of first
    /// appearance. Linear in the number of members.
    pub fn members(&self) -> Vec<(&str, &Json)> {
        let Json::Object(members) = self else { return Vec::new() };
        let mut out: Vec<(&str, &Json)> = Vec::with_capacity(members.len());
        let mut seen: std::collections::HashMap<&str, usize> =
            std::collections::HashMap::with_capacity(members.len());
        for (key, value) in members {
            match seen.get(key.as_str()) {
                Some(&at) => out[at].1 = value,
                None => {
                    seen.insert(key, out.len());
                    out.push((key, value));
                }
            }
        }
        out
    }
}

impl Json {
    /// The pointers of the strings (keys included) that hold control characters other
    /// than line breaks and tabs, at most `limit` of them, in document order.
    pub fn control_characters(&self, limit: usize) -> Vec<String> {
        let bad = |s: &str| s.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'));
        let mut found = Vec::new();
        // Values with the path to them; a path is references, not text, so visiting
        // every value costs no copy of a key.
        let mut pending: Vec<(&Json, Vec<PathToken<'_>>)> = vec![(self, Vec::new())];
        while let Some((value, path)) = pending.pop() {
            if found.len() >= limit {
                break;
            }
            match value {
                Json::String(s) if bad(s) => found.push(pointer_text(&path)),
                Json::Array(items) => {
                    for (i, item) in items.iter().enumerate().rev() {
                        let mut here = path.clone();
                        here.push(PathToken::Index(i));
                        pending.push((item, here));
                    }
                }
                Json::Object(members) => {
                    for (key, member) in members.iter().rev() {
                        let mut here = path.clone();
                        here.push(PathToken::Key(key));
                        if bad(key) {
                            found.push(pointer_text(&here));
                        }
                        pending.push((member, here));
                    }
                }
                _ => {}
            }
        }
        found.truncate(limit);
        found
    }
}

impl Json {
    /// Whether some object writes a key twice (which validation reports, at the cost of
    /// a scan of the text that a spec without the problem need not pay).
    pub fn has_repeated_keys(&self) -> bool {
        let mut pending: Vec<&Json> = vec![self];
        while let Some(value) = pending.pop() {
            match value {
                Json::Array(items) => pending.extend(items),
                Json::Object(members) => {
                    let mut keys: Vec<&str> = members.iter().map(|(k, _)| k.as_str()).collect();
                    keys.sort_unstable();
                    if keys.windows(2).any(|pair| pair[0] == pair[1]) {
                        return true;
                    }
                    pending.extend(members.iter().map(|(_, v)| v));
                }
                _ => {}
            }
        }
        false
    }
}

#[derive(Clone, Copy)]
enum PathToken<'a> {
    Key(&'a str),
    Index(usize),
}

fn pointer_text(path: &[PathToken]) -> String {
    let mut text = String::new();
    for token in path {
        text.push('/');
        match token {
            PathToken::Key(key) => text.push_str(&errtable_core::pointer::escape(key)),
            PathToken::Index(i) => text.push_str(&i.to_string()),
        }
    }
    text
}

impl Drop for Json {
    /// Drops nested values from a list rather than by recursion.
    fn drop(&mut self) {
        let mut pending: Vec<Json> = Vec::new();
        take_children(self, &mut pending);
        while let Some(mut value) = pending.pop() {
            take_children(&mut value, &mut pending);
        }
    }
}

fn take_children(value: &mut Json, into: &mut Vec<Json>) {
    match value {
        Json::Array(items) => into.append(items),
        Json::Object(members) => into.extend(std::mem::take(members).into_iter().map(|(_, v)| v)),
        _ => {}
    }
}

/// The tree as a `serde_json::Value`: a number that `Value` cannot hold (beyond `f64`)
/// becomes its text as a string; repeated keys keep their last value.
pub fn to_value(json: &Json) -> serde_json::Value {
    use serde_json::Value;
    match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => serde_json::from_str::<serde_json::Number>(n)
            .map_or_else(|_| Value::String(n.clone()), Value::Number),
        Json::String(s) => Value::String(s.clone()),
        Json::Array(items) => Value::Array(items.iter().map(to_value).collect()),
        Json::Object(_) => Value::Object(
            json.members().into_iter().map(|(k, v)| (k.to_owned(), to_value(v))).collect(),
        ),
    }
}

/// Reads `body`; `None` when it is not JSON.
pub fn parse(body: &[u8]) -> Option<Json> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let mut reader = Reader { body, at: 0 };
    // Containers being read, with the key their value will take in its parent.
    let mut open: Vec<(Json, Option<String>)> = Vec::new();
    let mut key: Option<String> = None;
    loop {
        reader.ws();
        // A value: a scalar, or a container to fill.
        let value = match reader.peek()? {
            b'{' | b'[' => {
                let container = if reader.next()? == b'{' {
                    Json::Object(Vec::new())
                } else {
                    Json::Array(Vec::new())
                };
                reader.ws();
                let closer = if matches!(container, Json::Object(_)) { b'}' } else { b']' };
                if reader.peek()? == closer {
                    reader.at += 1;
                    container
                } else {
                    open.push((container, key.take()));
                    if matches!(open.last(), Some((Json::Object(_), _))) {
                        key = Some(reader.key()?);
                    }
                    continue;
                }
            }
            _ => reader.scalar()?,
        };
        // Place it, then close every container that ends here.
        let mut value = value;
        loop {
            let Some((container, _)) = open.last_mut() else {
                reader.ws();
                return (reader.at == body.len()).then_some(value);
            };
            match container {
                Json::Array(items) => items.push(value),
                Json::Object(members) => members.push((key.take()?, value)),
                _ => return None,
            }
            reader.ws();
            match (reader.next()?, &*container) {
                (b',', Json::Object(_)) => {
                    key = Some(reader.key()?);
                    break;
                }
                (b',', _) => break,
                (b'}', Json::Object(_)) | (b']', Json::Array(_)) => {
                    let (closed, closed_key) = open.pop()?;
                    key = closed_key;
                    value = closed;
                }
                _ => return None,
            }
        }
    }
}

struct Reader<'a> {
    body: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.body.get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.at += 1;
        Some(b)
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// `"key":`
    fn key(&mut self) -> Option<String> {
        self.ws();
        if self.peek()? != b'"' {
            return None;
        }
        let key = self.string()?;
        self.ws();
        (self.next()? == b':').then_some(key)
    }

    fn scalar(&mut self) -> Option<Json> {
        match self.peek()? {
            b'"' => self.string().map(Json::String),
            b't' => self.word(b"true", Json::Bool(true)),
            b'f' => self.word(b"false", Json::Bool(false)),
            b'n' => self.word(b"null", Json::Null),
            _ => self.number().map(Json::Number),
        }
    }

    fn word(&mut self, word: &[u8], value: Json) -> Option<Json> {
        let end = self.at + word.len();
        (self.body.get(self.at..end)? == word).then(|| {
            self.at = end;
            value
        })
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, kept as written.
    fn number(&mut self) -> Option<String> {
        let start = self.at;
        let digits = |r: &mut Self| {
            let from = r.at;
            while matches!(r.peek(), Some(b'0'..=b'9')) {
                r.at += 1;
            }
            r.at > from
        };
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        if self.peek() == Some(b'0') {
            self.at += 1;
        } else if !matches!(self.peek(), Some(b'1'..=b'9')) || !digits(self) {
            return None;
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if !digits(self) {
                return None;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if !digits(self) {
                return None;
            }
        }
        String::from_utf8(self.body[start..self.at].to_vec()).ok()
    }

    /// A string literal, decoded: escapes resolved (a lone surrogate as U+FFFD), bytes
    /// that are not UTF-8 as U+FFFD; a control character is not JSON.
    fn string(&mut self) -> Option<String> {
        self.at += 1;
        let mut bytes: Vec<u8> = Vec::new();
        let mut pending_high: Option<u32> = None;
        loop {
            match self.next()? {
                b'"' => {
                    if pending_high.take().is_some() {
                        bytes.extend("\u{FFFD}".as_bytes());
                    }
                    return Some(String::from_utf8_lossy(&bytes).into_owned());
                }
                0x00..=0x1f => return None,
                b'\\' => {
                    let escape = self.next()?;
                    if escape == b'u' {
                        let digits =
                            std::str::from_utf8(self.body.get(self.at..self.at + 4)?).ok()?;
                        if !digits.bytes().all(|d| d.is_ascii_hexdigit()) {
                            return None;
                        }
                        let unit = u32::from_str_radix(digits, 16).ok()?;
                        self.at += 4;
                        match (pending_high.take(), unit) {
                            (Some(high), 0xDC00..=0xDFFF) => {
                                let c = char::from_u32(
                                    0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00),
                                );
                                push_char(&mut bytes, c.unwrap_or('\u{FFFD}'));
                            }
                            (high, 0xD800..=0xDBFF) => {
                                if high.is_some() {
                                    push_char(&mut bytes, '\u{FFFD}');
                                }
                                pending_high = Some(unit);
                            }
                            (high, unit) => {
                                if high.is_some() {
                                    push_char(&mut bytes, '\u{FFFD}');
                                }
                                push_char(&mut bytes, char::from_u32(unit).unwrap_or('\u{FFFD}'));
                            }
                        }
                        continue;
                    }
                    if pending_high.take().is_some() {
                        push_char(&mut bytes, '\u{FFFD}');
                    }
                    bytes.push(match escape {
                        b'"' => b'"',
                        b'\\' => b'\\',
                        b'/' => b'/',
                        b'b' => 0x08,
                        b'f' => 0x0c,
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        _ => return None,
                    });
                }
                other => {
                    if pending_high.take().is_some() {
                        push_char(&mut bytes, '\u{FFFD}');
                    }
                    bytes.push(other);
                }
            }
        }
    }
}

fn push_char(bytes: &mut Vec<u8>, c: char) {
    let mut buffer = [0; 4];
    bytes.extend(c.encode_utf8(&mut buffer).as_bytes());
}

/// Reading a tree with serde_json: a spec's text is read by serde_json (its syntax
/// errors name a line and column) into a [`Json`], which keeps members in order.
mod from_serde {
    use std::fmt;

    use serde_core::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

    use super::Json;

    impl<'de> Deserialize<'de> for Json {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Json, D::Error> {
            deserializer.deserialize_any(JsonVisitor)
        }
    }

    struct JsonVisitor;

    impl<'de> Visitor<'de> for JsonVisitor {
        type Value = Json;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_unit<E>(self) -> Result<Json, E> {
            Ok(Json::Null)
        }
        fn visit_none<E>(self) -> Result<Json, E> {
            Ok(Json::Null)
        }
        fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
            Ok(Json::Bool(v))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
            Ok(Json::Number(v.to_string()))
        }
        fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
            Ok(Json::Number(v.to_string()))
        }
        fn visit_f64<E>(self, v: f64) -> Result<Json, E> {
            Ok(Json::Number(v.to_string()))
        }
        fn visit_str<E>(self, v: &str) -> Result<Json, E> {
            Ok(Json::String(v.to_owned()))
        }
        fn visit_string<E>(self, v: String) -> Result<Json, E> {
            Ok(Json::String(v))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element()? {
                items.push(item);
            }
            Ok(Json::Array(items))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
            let mut members = Vec::new();
            while let Some(member) = map.next_entry()? {
                members.push(member);
            }
            Ok(Json::Object(members))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_are_found_at_any_depth() {
        let has = |text: &str| parse(text.as_bytes()).unwrap().has_repeated_keys();
        assert!(!has(r#"{"a": 1, "b": {"a": 2}, "c": [{"a": 1, "b": 2}]}"#));
        assert!(has(r#"{"a": 1, "a": 2}"#));
        assert!(has(r#"{"a": [1, {"x": {"y": 1, "z": 2, "y": 3}}]}"#));
    }

    fn s(text: &str) -> Json {
        Json::String(text.to_owned())
    }

    #[test]
    fn reads_values() {
        let doc =
            parse(br#" {"a": [1, -2.5e3, true, null], "b": {"c": "x\u00e9\n"}, "a": 0} "#).unwrap();
        assert_eq!(doc.get("a"), Some(&Json::Number("0".into())));
        assert_eq!(doc.get("b").and_then(|b| b.get("c")), Some(&s("xé\n")));
        assert_eq!(doc.members().len(), 2);
        assert_eq!(parse(b"[]"), Some(Json::Array(Vec::new())));
        assert_eq!(parse(b"{}"), Some(Json::Object(Vec::new())));
        assert_eq!(
            parse(b"[[], {}]").map(|d| matches!(&d, Json::Array(v) if v.len() == 2)),
            Some(true)
        );
    }

    #[test]
    fn is_lenient_where_the_scanner_is() {
        assert_eq!(parse(b"\xEF\xBB\xBF\"a\""), Some(s("a")));
        assert_eq!(parse(b"\"\xff\""), Some(s("\u{FFFD}")));
        assert_eq!(parse(br#""\ud800""#), Some(s("\u{FFFD}")));
        assert_eq!(parse(br#""\ud83d\ude00""#), Some(s("😀")));
        assert_eq!(parse(br#""\ud83dx""#), Some(s("\u{FFFD}x")));
        assert_eq!(parse(b"1e400"), Some(Json::Number("1e400".into())));
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse(deep.as_bytes()).is_some());
    }

    #[test]
    fn refuses_what_is_not_json() {
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\" 1}",
            "{\"a\":}",
            "01",
            "1.",
            "-",
            "+1",
            "tru",
            "\"a",
            "\"\t\"",
            "\"\\x\"",
            "\"\\u12\"",
            "[1 2]",
            "{} {}",
            "{1: 2}",
            "[}",
            "{]",
        ] {
            assert_eq!(parse(bad.as_bytes()), None, "{bad:?}");
        }
    }
}
