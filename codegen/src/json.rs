//! The engine's JSON reader: a whole text as a tree, in two modes.
//!
//! - [`parse`], for the interpreter: accepts exactly what the runtime's scanner accepts
//!   (RFC 8259, plus a leading byte order mark, bytes that are not UTF-8 inside
//!   strings, lone surrogate escapes, numbers of any size, any depth). Written for
//!   obviousness, not speed, and independently of the runtime's scanner, so the
//!   differential test compares two readings of one rule.
//! - [`parse_spec`], for specs: strict where serde_json (which read specs before) is
//!   strict, and saying what is wrong where serde_json did, in its words, so a spec's
//!   syntax errors read as they always have (a test holds the two together on a
//!   document using each construct, with each character deleted and with chosen bytes
//!   inserted at each place; an exponent beyond `i32` or a float at the very edge of
//!   `f64`'s range may still be placed or judged a little differently). The engine, and
//!   so every client's build, needs no JSON library.
//!
//! Numbers keep their literal text; strings are decoded with U+FFFD for what is not
//! text. Neither reading nor dropping a tree recurses.

/// A JSON value.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Json {
    /// `null`.
    #[default]
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

/// Up to this many members, [`Json::members`] finds repeated keys by comparing them.
const SMALL_OBJECT: usize = 16;

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
        // A spec's objects are mostly small (an entry has about six members): comparing
        // keys (`memcmp`) costs less than hashing them in the macro's unoptimized build.
        if members.len() <= SMALL_OBJECT {
            for (key, value) in members {
                match out.iter_mut().find(|(seen, _)| *seen == key.as_str()) {
                    Some(member) => member.1 = value,
                    None => out.push((key, value)),
                }
            }
            return out;
        }
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
        // Each value visited with the index of its path token in `tokens` (a token links
        // to its parent's), so a pointer is spelt only for what is found.
        let mut tokens: Vec<(PathToken<'_>, usize)> = Vec::new();
        let mut pending: Vec<(&Json, usize)> = vec![(self, NO_TOKEN)];
        let mut found = Vec::new();
        while let Some((value, at)) = pending.pop() {
            if found.len() >= limit {
                break;
            }
            // A member's key, checked as the member is reached: before its value.
            if let Some((PathToken::Key(key), _)) = tokens.get(at)
                && has_control(key)
            {
                found.push(pointer_text(&tokens, at));
            }
            match value {
                Json::String(s) if has_control(s) => found.push(pointer_text(&tokens, at)),
                Json::Array(items) => {
                    for (i, item) in items.iter().enumerate().rev() {
                        tokens.push((PathToken::Index(i), at));
                        pending.push((item, tokens.len() - 1));
                    }
                }
                Json::Object(members) => {
                    for (key, member) in members.iter().rev() {
                        tokens.push((PathToken::Key(key), at));
                        pending.push((member, tokens.len() - 1));
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

/// A spec's number as the engine reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Number {
    Unsigned(u64),
    Signed(i64),
    Float(f64),
}

/// How a spec's number literal is read, as it was while serde_json read specs (a float
/// went through its shortest text and was read again): an integer if it is one, or a
/// float that is a whole number within range (`404.0`, `1e3`, `-0`); else a float.
pub(crate) fn number(text: &str) -> Number {
    let integer = |text: &str| {
        text.parse().map(Number::Unsigned).or_else(|_| text.parse().map(Number::Signed)).ok()
    };
    integer(text).unwrap_or_else(|| {
        // Any JSON number parses as a float (beyond its range, as an infinity).
        let float: f64 = text.parse().unwrap_or(f64::NAN);
        integer(&float.to_string()).unwrap_or(Number::Float(float))
    })
}

/// Whether the JSON text `json` may hold a string with a control character (see
/// [`has_control`]); never false when one does. Such a string holds, as written, the byte
/// 0x7F, the byte 0xC2 (the lead of U+0080 to U+009F), or an escape `\u00…`, `\b` or
/// `\f`: JSON allows no raw byte below 0x20 in a string. A spec with none of them, as
/// nearly every spec is, skips the walk of [`Json::control_characters`]. The searches
/// are `std`'s `memchr`, optimized even in the macro's unoptimized build, where the
/// walk, string by string, is not (nor is `str::contains` with a text pattern).
pub(crate) fn may_hold_control_text(json: &str) -> bool {
    let bytes = json.as_bytes();
    if bytes.contains(&0x7f) || bytes.contains(&0xc2) {
        return true;
    }
    // Each backslash begins a two-byte escape (`\uXXXX` continues with plain digits).
    let mut from = 0;
    while let Some(at) = json[from..].find('\\') {
        let escape = from + at + 1;
        match bytes.get(escape) {
            Some(b'b' | b'f') => return true,
            Some(b'u') if bytes.get(escape + 1..escape + 3) == Some(b"00") => return true,
            // Past an ASCII escape; any other byte (not JSON) is where the next search starts.
            escaped => from = escape + usize::from(escaped.is_some_and(u8::is_ascii)),
        }
    }
    false
}

/// Whether `text` holds a control character other than a line break or a tab: below
/// U+0020, U+007F, or U+0080 to U+009F (`C2 80` to `C2 9F` in UTF-8).
fn has_control(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Every string of a spec whose text may hold one passes here, and inside the compiler
    // this runs unoptimized: a test of eight bytes at a time (any below 0x20, 0x7F or
    // 0xC2) clears nearly all text, and only what it flags, line breaks included, is
    // looked at byte by byte.
    let (words, tail) = bytes.as_chunks::<8>();
    let flagged = words.iter().any(|word| may_hold_control(u64::from_ne_bytes(*word)))
        || tail.iter().any(|&b| b < 0x20 || b == 0x7f || b == 0xc2);
    flagged
        && bytes.iter().enumerate().any(|(i, &b)| match b {
            b'\n' | b'\r' | b'\t' => false,
            0x00..=0x1f | 0x7f => true,
            0xc2 => matches!(bytes.get(i + 1), Some(0x80..=0x9f)),
            _ => false,
        })
}

/// Whether one of the eight bytes of `word` is below 0x20, 0x7F or 0xC2 (never false
/// when one is; the bit tricks of "Bit Twiddling Hacks", has-less and has-zero).
fn may_hold_control(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
    (below_space | has_zero(word ^ (ONES * 0x7f)) | has_zero(word ^ (ONES * 0xc2))) != 0
}

/// No path token: the document itself.
const NO_TOKEN: usize = usize::MAX;

#[derive(Clone, Copy)]
enum PathToken<'a> {
    Key(&'a str),
    Index(usize),
}

/// The pointer of the value whose last path token is `tokens[at]`.
fn pointer_text(tokens: &[(PathToken<'_>, usize)], mut at: usize) -> String {
    let mut path = Vec::new();
    while let Some(&(token, parent)) = tokens.get(at) {
        path.push(token);
        at = parent;
    }
    let mut text = String::new();
    for token in path.iter().rev() {
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

#[cfg(feature = "interpret")]
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

/// Reads `body`; `None` when it is not JSON. Lenient as the runtime's scanner is: a
/// leading byte order mark, bytes that are not UTF-8 and lone surrogate escapes (as
/// U+FFFD), numbers of any size, any depth.
pub fn parse(body: &[u8]) -> Option<Json> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    Reader { body, at: 0, strict: false }.document().ok()
}

/// Nesting a spec may not reach: 127 levels at most, as serde_json allowed (its message,
/// kept, says "more than 128").
pub const MAX_SPEC_DEPTH: usize = 128;

/// Why a spec's text is not JSON: where (a byte offset) and what, in serde_json's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// The byte the problem is shown at.
    pub offset: usize,
    /// What is wrong, e.g. "trailing comma".
    pub message: &'static str,
}

/// Reads a spec's text strictly: RFC 8259 with no lone surrogate escapes, numbers
/// within `f64`'s range and nesting below [`MAX_SPEC_DEPTH`].
pub fn parse_spec(text: &str) -> Result<Json, SyntaxError> {
    Reader { body: text.as_bytes(), at: 0, strict: true }.document()
}

struct Reader<'a> {
    body: &'a [u8],
    at: usize,
    /// A spec rather than a response body (see [`parse_spec`]).
    strict: bool,
}

/// What the reader found wrong, before it is placed.
type Read<T> = Result<T, SyntaxError>;

impl Reader<'_> {
    fn document(&mut self) -> Read<Json> {
        // Containers being read, with the key their value will take in its parent.
        let mut open: Vec<(Json, Option<String>)> = Vec::new();
        let mut key: Option<String> = None;
        loop {
            // A value: a scalar, or a container to fill.
            let value = match self.peek_value()? {
                b'{' | b'[' => {
                    // serde_json's count: the container that would make 128 is refused.
                    if self.strict && open.len() + 1 >= MAX_SPEC_DEPTH {
                        return Err(self.at_next("nested more than 128 levels deep"));
                    }
                    let object = self.next() == Some(b'{');
                    let container =
                        if object { Json::Object(Vec::new()) } else { Json::Array(Vec::new()) };
                    self.ws();
                    match (self.peek(), object) {
                        (Some(b'}'), true) | (Some(b']'), false) => {
                            self.at += 1;
                            container
                        }
                        (None, true) => return Err(self.at_next("EOF while parsing an object")),
                        (None, false) => return Err(self.at_next("EOF while parsing a list")),
                        (Some(b'"'), true) => {
                            open.push((container, key.take()));
                            key = Some(self.key()?);
                            continue;
                        }
                        (Some(_), true) => return Err(self.at_next("key must be a string")),
                        (Some(_), false) => {
                            open.push((container, key.take()));
                            continue;
                        }
                    }
                }
                _ => self.scalar()?,
            };
            // Place it, then close every container that ends here.
            let mut value = value;
            loop {
                let Some((container, _)) = open.last_mut() else {
                    self.ws();
                    return match self.peek() {
                        None => Ok(value),
                        Some(_) => Err(self.at_next("trailing characters")),
                    };
                };
                let object = matches!(container, Json::Object(_));
                match container {
                    Json::Array(items) => items.push(value),
                    Json::Object(members) => members.push((key.take().unwrap_or_default(), value)),
                    _ => {}
                }
                self.ws();
                match (self.peek(), object) {
                    (Some(b','), _) => {
                        self.at += 1;
                        self.ws();
                        match (self.peek(), object) {
                            (Some(b']'), false) | (Some(b'}'), true) => {
                                return Err(self.at_next("trailing comma"));
                            }
                            (None, _) => return Err(self.at_next("EOF while parsing a value")),
                            (Some(b'"'), true) => key = Some(self.key()?),
                            (Some(_), true) => return Err(self.at_next("key must be a string")),
                            (Some(_), false) => {}
                        }
                        break;
                    }
                    (Some(b'}'), true) | (Some(b']'), false) => {
                        self.at += 1;
                        let (closed, closed_key) = open.pop().unwrap_or((Json::Null, None));
                        key = closed_key;
                        value = closed;
                    }
                    (None, true) => return Err(self.at_next("EOF while parsing an object")),
                    (None, false) => return Err(self.at_next("EOF while parsing a list")),
                    (Some(_), true) => return Err(self.at_next("expected `,` or `}`")),
                    (Some(_), false) => return Err(self.at_next("expected `,` or `]`")),
                }
            }
        }
    }

    /// A problem found by peeking at the next byte, placed where serde_json places it.
    fn at_next(&self, message: &'static str) -> SyntaxError {
        SyntaxError { offset: self.shown_at((self.at + 1).min(self.body.len())), message }
    }

    /// A problem found in the byte just read, placed where serde_json places it.
    fn at_last(&self, message: &'static str) -> SyntaxError {
        SyntaxError { offset: self.shown_at(self.at), message }
    }

    /// serde_json's place for a problem whose position (its count of bytes) is `index`:
    /// the byte before it on its line, or the line's start (past a line break, the next
    /// line: an unterminated list at the end of a file is shown on the line after it).
    fn shown_at(&self, index: usize) -> usize {
        let line_start =
            self.body[..index].iter().rposition(|&b| b == b'\n').map_or(0, |at| at + 1);
        line_start + (index - line_start).saturating_sub(1)
    }

    // Indexed rather than `get(…).copied()`: two calls fewer a byte in the macro's
    // unoptimized build.
    fn peek(&self) -> Option<u8> {
        if self.at < self.body.len() { Some(self.body[self.at]) } else { None }
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.at += 1;
        Some(b)
    }

    fn ws(&mut self) {
        while self.at < self.body.len()
            && matches!(self.body[self.at], b' ' | b'\t' | b'\n' | b'\r')
        {
            self.at += 1;
        }
    }

    /// The first byte of the next value.
    fn peek_value(&mut self) -> Read<u8> {
        self.ws();
        self.peek().ok_or_else(|| self.at_next("EOF while parsing a value"))
    }

    /// `"key":`, the cursor on the opening quote.
    fn key(&mut self) -> Read<String> {
        let key = self.string()?;
        self.ws();
        match self.peek() {
            Some(b':') => {
                self.at += 1;
                Ok(key)
            }
            Some(_) => Err(self.at_next("expected `:`")),
            None => Err(self.at_next("EOF while parsing an object")),
        }
    }

    fn scalar(&mut self) -> Read<Json> {
        match self.peek_value()? {
            b'"' => self.string().map(Json::String),
            b't' => self.word(b"true", Json::Bool(true)),
            b'f' => self.word(b"false", Json::Bool(false)),
            b'n' => self.word(b"null", Json::Null),
            b'-' | b'0'..=b'9' => self.number().map(Json::Number),
            _ => Err(self.at_next("expected value")),
        }
    }

    fn word(&mut self, word: &[u8], value: Json) -> Read<Json> {
        for &expected in word {
            match self.next() {
                Some(b) if b == expected => {}
                Some(_) => return Err(self.at_last("expected ident")),
                None => return Err(self.at_last("EOF while parsing a value")),
            }
        }
        Ok(value)
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, kept as written.
    fn number(&mut self) -> Read<String> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.next() {
            Some(b'0') => {
                if matches!(self.peek(), Some(b'0'..=b'9')) {
                    return Err(self.at_next("invalid number"));
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            Some(_) => return Err(self.at_last("invalid number")),
            None => return Err(self.at_last("EOF while parsing a value")),
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            self.required_digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            self.required_digits()?;
        }
        let text = String::from_utf8_lossy(&self.body[start..self.at]).into_owned();
        if self.strict && text.parse::<f64>().map_or(true, f64::is_infinite) {
            return Err(self.at_last("number out of range"));
        }
        Ok(text)
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
    }

    fn required_digits(&mut self) -> Read<()> {
        match self.peek() {
            Some(b'0'..=b'9') => {
                self.digits();
                Ok(())
            }
            Some(_) => Err(self.at_next("invalid number")),
            None => Err(self.at_next("EOF while parsing a value")),
        }
    }

    /// A string literal, decoded: escapes resolved, bytes that are not UTF-8 and (unless
    /// strict) a lone surrogate as U+FFFD; a control character is not JSON.
    fn string(&mut self) -> Read<String> {
        const EOF: &str = "EOF while parsing a string";
        self.at += 1;
        let mut bytes: Vec<u8> = Vec::new();
        let mut pending_high: Option<u32> = None;
        loop {
            // A run of plain bytes is copied at once. Found by a plain loop: the macro
            // runs unoptimized, where `Iterator::position` and its closure cost twice as
            // many instructions a byte.
            if pending_high.is_none() {
                let (body, start) = (self.body, self.at);
                let mut end = start;
                while end < body.len() && !matches!(body[end], b'"' | b'\\' | 0x00..=0x1f) {
                    end += 1;
                }
                bytes.extend_from_slice(&body[start..end]);
                self.at = end;
            }
            let Some(byte) = self.next() else { return Err(self.at_last(EOF)) };
            if pending_high.is_some() && byte != b'\\' {
                if self.strict {
                    return Err(self.at_last("unexpected end of hex escape"));
                }
                pending_high = None;
                push_char(&mut bytes, '\u{FFFD}');
            }
            match byte {
                b'"' => {
                    return Ok(String::from_utf8(bytes).unwrap_or_else(|not_utf8| {
                        String::from_utf8_lossy(not_utf8.as_bytes()).into_owned()
                    }));
                }
                0x00..=0x1f => {
                    return Err(self.at_last(
                        "control character (\\u0000-\\u001F) found while parsing a string",
                    ));
                }
                b'\\' => {
                    let Some(escape) = self.next() else { return Err(self.at_last(EOF)) };
                    if escape != b'u' && pending_high.take().is_some() {
                        if self.strict {
                            return Err(self.at_last("unexpected end of hex escape"));
                        }
                        push_char(&mut bytes, '\u{FFFD}');
                    }
                    match escape {
                        b'u' => {
                            let unit = self.hex_escape()?;
                            match (pending_high.take(), unit) {
                                (Some(high), 0xDC00..=0xDFFF) => {
                                    let c = char::from_u32(
                                        0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00),
                                    );
                                    push_char(&mut bytes, c.unwrap_or('\u{FFFD}'));
                                }
                                (high, unit) => {
                                    let lone = high.is_some() || (0xDC00..=0xDFFF).contains(&unit);
                                    if lone && self.strict {
                                        return Err(
                                            self.at_last("lone leading surrogate in hex escape")
                                        );
                                    }
                                    if high.is_some() {
                                        push_char(&mut bytes, '\u{FFFD}');
                                    }
                                    if (0xD800..=0xDBFF).contains(&unit) {
                                        pending_high = Some(unit);
                                    } else {
                                        let c = char::from_u32(unit).unwrap_or('\u{FFFD}');
                                        push_char(&mut bytes, c);
                                    }
                                }
                            }
                        }
                        b'"' => bytes.push(b'"'),
                        b'\\' => bytes.push(b'\\'),
                        b'/' => bytes.push(b'/'),
                        b'b' => bytes.push(0x08),
                        b'f' => bytes.push(0x0c),
                        b'n' => bytes.push(b'\n'),
                        b'r' => bytes.push(b'\r'),
                        b't' => bytes.push(b'\t'),
                        _ => return Err(self.at_last("invalid escape")),
                    }
                }
                other => bytes.push(other),
            }
        }
    }

    /// The four hex digits of a `\u` escape (all four read before they are judged, as
    /// serde_json does).
    fn hex_escape(&mut self) -> Read<u32> {
        let Some(digits) = self.body.get(self.at..self.at + 4) else {
            self.at = self.body.len();
            return Err(self.at_last("EOF while parsing a string"));
        };
        self.at += 4;
        let unit = digits.iter().try_fold(0, |unit, &digit| {
            char::from(digit).to_digit(16).map(|value| unit * 16 + value)
        });
        unit.ok_or_else(|| self.at_last("invalid escape"))
    }
}

fn push_char(bytes: &mut Vec<u8>, c: char) {
    let mut buffer = [0; 4];
    bytes.extend(c.encode_utf8(&mut buffer).as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// serde_json's reading of `text`: `Ok`, or its message (without the position) and
    /// the byte it points at, as `load.rs` used to place it.
    fn serde_json_reading(text: &str) -> Result<(), (String, usize)> {
        let error = match serde_json::from_str::<serde_json::Value>(text) {
            Ok(_) => return Ok(()),
            Err(error) => error,
        };
        let message = error.to_string();
        let message = message.split(" at line ").next().unwrap_or_default().to_owned();
        let message = if message == "recursion limit exceeded" {
            "nested more than 128 levels deep".to_owned()
        } else {
            message
        };
        let line_start: usize =
            text.split_inclusive('\n').take(error.line().saturating_sub(1)).map(str::len).sum();
        Err((message, (line_start + error.column().saturating_sub(1)).min(text.len())))
    }

    fn spec_reading(text: &str) -> Result<(), (String, usize)> {
        parse_spec(text).map(drop).map_err(|e| (e.message.to_owned(), e.offset))
    }

    #[test]
    fn a_spec_with_one_byte_wrong_fails_as_serde_json_says_it_does() {
        // Every construct, then that text with each character deleted and with chosen bytes
        // inserted at each place.
        let base = concat!(
            "{\"a\": [1, -2.5e3, 0, true, false, null, \"x\\\"\\u00e9\\n\"],\n",
            " \"b\": {\"c\": {}, \"d\": []}, \"\\ud83d\\ude00\": 1E+2}\n"
        );
        assert_eq!(spec_reading(base), Ok(()));
        let mut texts = Vec::new();
        for at in 0..=base.len() {
            if !base.is_char_boundary(at) {
                continue;
            }
            let (head, tail) = base.split_at(at);
            let mut rest = tail.chars();
            rest.next();
            texts.push(format!("{head}{}", rest.as_str()));
            for inserted in ["\"", ",", "}", "]", "{", "[", ":", "x", "\\", "\n", "1", "-", "."] {
                texts.push(format!("{head}{inserted}{tail}"));
            }
        }
        texts.extend(
            [
                "",
                " ",
                "[",
                "{",
                "[1,]",
                "{\"a\":1,}",
                "{\"a\" 1}",
                "{1: 2}",
                "[1 2]",
                "01",
                "1.",
                "-",
                "1e",
                "1e400",
                "\"\\ud800\"",
                "\"\\udc00\"",
                "\"\\ud800\\u0041\"",
                "\"\\u12\"",
                "\"\\x\"",
                "\"a\u{1}\"",
                "nul",
                "tru",
                "[1]]",
                "{} {}",
            ]
            .map(str::to_owned),
        );
        texts.push(format!("{}{}", "[".repeat(127), "]".repeat(127)));
        texts.push(format!("{}{}", "[".repeat(128), "]".repeat(128)));
        texts.push(format!("{}1{}", "{\"a\":".repeat(130), "}".repeat(130)));
        let differ: Vec<_> = texts
            .iter()
            .filter(|text| spec_reading(text) != serde_json_reading(text))
            .map(|text| (text, spec_reading(text), serde_json_reading(text)))
            .collect();
        assert!(
            differ.is_empty(),
            "{} differ, e.g. {:#?}",
            differ.len(),
            &differ[..differ.len().min(4)]
        );
    }

    #[test]
    fn the_word_wide_test_finds_control_characters_wherever_they_sit() {
        // The definition, one character at a time.
        let reference =
            |text: &str| text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'));
        let inserts = [
            "\0", "\t", "\n", "\r", "\u{1f}", " ", "~", "\u{7f}", "\u{80}", "\u{85}", "\u{9f}",
            "\u{a0}", "\u{c2}", "é", "\u{2028}", "\u{fffd}",
        ];
        for len in 0..20 {
            for at in 0..=len {
                for insert in inserts {
                    let text = format!("{}{insert}{}", "a".repeat(at), "b".repeat(len - at));
                    assert_eq!(has_control(&text), reference(&text), "{text:?}");
                    let twice = format!("{text}\n{insert}");
                    assert_eq!(has_control(&twice), reference(&twice), "{twice:?}");
                }
            }
        }
    }

    #[test]
    fn the_text_prefilter_flags_every_way_to_write_a_control_character() {
        let controls = (0u32..0x20).chain([0x7f]).chain(0x80..0xa0).filter_map(char::from_u32);
        for c in controls.filter(|c| !matches!(c, '\n' | '\r' | '\t')) {
            let mut written = vec![format!("\\u{:04x}", c as u32), format!("\\u{:04X}", c as u32)];
            match c {
                '\u{8}' => written.push("\\b".into()),
                '\u{c}' => written.push("\\f".into()),
                c if c >= '\u{7f}' => written.push(c.to_string()),
                _ => {}
            }
            for text in written {
                for json in [format!(r#"{{"k": "a{text}b"}}"#), format!(r#"{{"a{text}": 1}}"#)] {
                    let found = parse_spec(&json).unwrap().control_characters(1);
                    assert_eq!(found.len(), 1, "{json:?}");
                    assert!(super::may_hold_control_text(&json), "{json:?}");
                }
            }
        }
        let plain = r#"{"k": "line\nbreak\ttab \"quoted\" \\ \u2713 é ✓", "n": [1, 2]}"#;
        assert!(parse_spec(plain).unwrap().control_characters(1).is_empty());
        assert!(!super::may_hold_control_text(plain));
        // An escaped backslash before `u00` text is no escape; text that is not JSON is no panic.
        assert!(!super::may_hold_control_text(r#"{"k": "\\u0007 \\b"}"#));
        for text in ["\\", "\\é\\", "\\u0", "é\\"] {
            let _ = super::may_hold_control_text(text);
        }
    }

    #[test]
    fn control_characters_are_found_in_keys_and_values_at_their_pointers() {
        let json = parse(br#"{"x": {"k\u0007": 1, "b": {"c": "\u001b[31m"}}, "ok": "a\nb"}"#);
        assert_eq!(json.unwrap().control_characters(10), ["/x/k\u{7}", "/x/b/c"]);
        // In document order, so that the limit keeps the first ones: a key after a
        // member whose value holds one comes after it.
        let json = parse(br#"{"a": {"b\u0007": 1}, "c\u0007": "\u0001", "d": 2}"#).unwrap();
        assert_eq!(json.control_characters(10), ["/a/b\u{7}", "/c\u{7}", "/c\u{7}"]);
        assert_eq!(json.control_characters(1), ["/a/b\u{7}"]);
    }

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
    fn members_keep_first_places_and_last_values_small_or_large() {
        let written = |keys: usize| keys + keys.div_ceil(3);
        assert_eq!((written(12), written(13)), (super::SMALL_OBJECT, super::SMALL_OBJECT + 2));
        // Keys k0, k1, ..., with every third key written again at the end: 12 keys are
        // 16 members (the last object compared key by key), 13 are 18 (hashed).
        for size in [1, 2, 12, 13, 40] {
            let mut members: Vec<(String, Json)> =
                (0..size).map(|i| (format!("k{i}"), s("first"))).collect();
            members.extend((0..size).step_by(3).map(|i| (format!("k{i}"), s("last"))));
            let object = Json::Object(members);
            let found = object.members();
            assert_eq!(found.len(), size, "{size} keys");
            for (i, (key, value)) in found.iter().enumerate() {
                assert_eq!(*key, format!("k{i}"));
                assert_eq!(**value, s(if i % 3 == 0 { "last" } else { "first" }), "{key}");
            }
        }
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
