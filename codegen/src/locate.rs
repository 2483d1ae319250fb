//! Finds where a JSON pointer's value sits in a spec's source text.
//!
//! serde_json locates syntax errors itself, but semantic problems are found on the
//! parsed model, long after positions are gone. This scanner walks the text once and
//! records, for every value, where it and (for object members) its key start. It never
//! panics: on text that is not JSON it returns what it read so far.

use std::collections::HashMap;

use crate::pointer;

/// A 1-based line and column (columns count characters, as rustc does).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1, in characters.
    pub column: usize,
}

/// Where a value and its key sit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located {
    /// Start of the value.
    pub value: Position,
    /// Start of the member's key (its opening quote), for object members.
    pub key: Option<Position>,
}

/// A key that appears twice in one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// Pointer of the member.
    pub pointer: String,
    /// Where the first occurrence's key is.
    pub first: Position,
    /// Where the repeated key is.
    pub repeated: Position,
}

/// Positions of every value of a document.
#[derive(Debug, Default)]
pub struct SourceMap {
    located: HashMap<String, Located>,
    duplicates: Vec<DuplicateKey>,
}

impl SourceMap {
    /// Scans `text`.
    pub fn new(text: &str) -> SourceMap {
        let mut scanner =
            Scanner { bytes: text.as_bytes(), at: 0, raw: HashMap::new(), duplicates: Vec::new() };
        let mut path = Vec::new();
        scanner.skip_ws();
        let start = scanner.at;
        scanner.raw.insert(String::new(), (start, None));
        scanner.value(&mut path, 0);
        let lines = LineIndex::new(text);
        SourceMap {
            located: scanner
                .raw
                .into_iter()
                .map(|(ptr, (value, key))| {
                    let located = Located {
                        value: lines.position(value),
                        key: key.map(|k| lines.position(k)),
                    };
                    (ptr, located)
                })
                .collect(),
            duplicates: scanner
                .duplicates
                .into_iter()
                .map(|(pointer, first, repeated)| DuplicateKey {
                    pointer,
                    first: lines.position(first),
                    repeated: lines.position(repeated),
                })
                .collect(),
        }
    }

    /// Where the value at `pointer` is.
    pub fn get(&self, pointer: &str) -> Option<Located> {
        self.located.get(pointer).copied()
    }

    /// The position to report for a problem at `pointer`: the key of a member when
    /// `prefer_key`, else its value; a missing pointer falls back to its nearest
    /// existing ancestor (a missing key is reported at the object that lacks it).
    pub fn position(&self, pointer: &str, prefer_key: bool) -> Position {
        let mut current = pointer;
        loop {
            if let Some(located) = self.located.get(current) {
                let key = if prefer_key && current == pointer { located.key } else { None };
                return key.unwrap_or(located.value);
            }
            match current.rfind('/') {
                Some(i) => current = &current[..i],
                None => return Position { line: 1, column: 1 },
            }
        }
    }

    /// Keys repeated within one object, in document order.
    pub fn duplicate_keys(&self) -> &[DuplicateKey] {
        &self.duplicates
    }
}

/// Deep enough for any real spec, shallow enough that hostile text cannot exhaust the
/// stack (serde_json stops at 128 too).
const MAX_DEPTH: usize = 128;

struct Scanner<'a> {
    bytes: &'a [u8],
    at: usize,
    /// pointer -> (value offset, key offset)
    raw: HashMap<String, (usize, Option<usize>)>,
    duplicates: Vec<(String, usize, usize)>,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// Reads one value at the cursor; `false` when the text stops being JSON.
    fn value(&mut self, path: &mut Vec<String>, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        match self.peek() {
            Some(b'{') => self.object(path, depth),
            Some(b'[') => self.array(path, depth),
            Some(b'"') => self.string().is_some(),
            Some(_) => self.scalar(),
            None => false,
        }
    }

    fn object(&mut self, path: &mut Vec<String>, depth: usize) -> bool {
        self.at += 1;
        let mut seen: HashMap<String, usize> = HashMap::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return true;
        }
        loop {
            self.skip_ws();
            let key_at = self.at;
            let Some(key) = self.string() else { return false };
            self.skip_ws();
            if self.peek() != Some(b':') {
                return false;
            }
            self.at += 1;
            self.skip_ws();
            path.push(key);
            let pointer = pointer::join(path.iter().map(String::as_str));
            let key = path.last().cloned().unwrap_or_default();
            if let Some(&first) = seen.get(&key) {
                self.duplicates.push((pointer.clone(), first, key_at));
            } else {
                seen.insert(key, key_at);
                self.raw.insert(pointer, (self.at, Some(key_at)));
            }
            let ok = self.value(path, depth + 1);
            path.pop();
            if !ok {
                return false;
            }
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return true;
                }
                _ => return false,
            }
        }
    }

    fn array(&mut self, path: &mut Vec<String>, depth: usize) -> bool {
        self.at += 1;
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.at += 1;
            return true;
        }
        let mut index = 0usize;
        loop {
            self.skip_ws();
            path.push(index.to_string());
            self.raw.insert(pointer::join(path.iter().map(String::as_str)), (self.at, None));
            let ok = self.value(path, depth + 1);
            path.pop();
            if !ok {
                return false;
            }
            index += 1;
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return true;
                }
                _ => return false,
            }
        }
    }

    /// Reads a string literal and returns its unescaped text.
    fn string(&mut self) -> Option<String> {
        if self.peek() != Some(b'"') {
            return None;
        }
        let start = self.at;
        self.at += 1;
        loop {
            match self.peek()? {
                b'"' => {
                    self.at += 1;
                    break;
                }
                b'\\' => self.at += 2,
                _ => self.at += 1,
            }
        }
        let literal = std::str::from_utf8(self.bytes.get(start..self.at)?).ok()?;
        serde_json::from_str(literal).ok()
    }

    fn scalar(&mut self) -> bool {
        let start = self.at;
        while let Some(b) = self.peek() {
            if matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                break;
            }
            self.at += 1;
        }
        self.at > start
    }
}

/// Byte offset to line and column.
struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        let starts =
            std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        LineIndex { text, starts }
    }

    fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = self.text.get(start..offset).map_or(offset - start, |s| s.chars().count()) + 1;
        Position { line, column }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: usize, column: usize) -> Position {
        Position { line, column }
    }

    const DOC: &str = r#"{
  "name": "x",
  "errors": [
    {"code": "a", "status": [400]},
    {"code": "b~/c", "fields": {"é": 1}}
  ]
}"#;

    #[test]
    fn locates_values_and_keys() {
        let map = SourceMap::new(DOC);
        assert_eq!(map.get("").unwrap().value, pos(1, 1));
        assert_eq!(map.get("/name").unwrap(), Located { value: pos(2, 11), key: Some(pos(2, 3)) });
        assert_eq!(map.get("/errors/0").unwrap().value, pos(4, 5));
        assert_eq!(map.get("/errors/0/status/0").unwrap().value, pos(4, 30));
        assert_eq!(map.get("/errors/1/code").unwrap().value, pos(5, 14));
    }

    #[test]
    fn escapes_keys_and_counts_characters() {
        let map = SourceMap::new(DOC);
        // `é` is two bytes but one column.
        let located = map.get("/errors/1/fields/é").unwrap();
        assert_eq!(located.key, Some(pos(5, 33)));
        assert_eq!(located.value, pos(5, 38));
    }

    #[test]
    fn falls_back_to_the_nearest_ancestor() {
        let map = SourceMap::new(DOC);
        assert_eq!(map.position("/errors/0/retry", true), pos(4, 5));
        assert_eq!(map.position("/nope/deeper", false), pos(1, 1));
        assert_eq!(map.position("/name", true), pos(2, 3));
        assert_eq!(map.position("/name", false), pos(2, 11));
    }

    #[test]
    fn reports_duplicate_keys() {
        let map = SourceMap::new("{\"a\": 1,\n \"a\": 2}");
        assert_eq!(
            map.duplicate_keys(),
            [DuplicateKey { pointer: "/a".into(), first: pos(1, 2), repeated: pos(2, 2) }]
        );
        // The first occurrence is the one located.
        assert_eq!(map.get("/a").unwrap().value, pos(1, 7));
    }

    #[test]
    fn survives_text_that_is_not_json() {
        for text in ["", "{", "{\"a\"", "[1,", "\"unterminated", "{\"a\": [}", "]]]", "\u{0}"] {
            let map = SourceMap::new(text);
            let _ = map.position("/a/b", true);
        }
        let deep = "[".repeat(10_000);
        let _ = SourceMap::new(&deep).position("/0/0", false);
    }

    #[test]
    fn handles_escaped_quotes_in_strings() {
        let map = SourceMap::new(r#"{"a": "x\"y", "b": 2}"#);
        assert_eq!(map.get("/b").unwrap().value, pos(1, 20));
    }
}
