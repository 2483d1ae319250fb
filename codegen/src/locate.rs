//! Finds where JSON pointers' values sit in a spec's text, and which keys repeat.
//!
//! The spec reader (`json::parse_spec`) locates syntax errors itself, but semantic
//! problems are found on the parsed model, long after positions are gone. [`scan`] walks the text once and records
//! the spans of the values (and keys) some problem asked for, plus every key repeated
//! within an object. It is linear in the text: positions are kept only for the pointers
//! requested (through a trie of them), never for every value, and line:column numbers
//! are computed for all offsets in one sweep ([`LineIndex::positions`]). It never
//! panics: on text that is not JSON it returns what it read so far.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use crate::diag::Excerpt;

/// A 1-based line and column (columns count characters, as rustc does).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1, in characters.
    pub column: usize,
}

impl Position {
    /// The start of a file.
    pub const START: Position = Position { line: 1, column: 1 };
}

/// A pointer whose place is wanted.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The JSON pointer, as text.
    pub pointer: &'a str,
    /// Whether the member's key is wanted rather than its value.
    pub at_key: bool,
}

/// A key that appears twice in one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// Pointer of the member.
    pub pointer: String,
    /// The first occurrence's key.
    pub first: Range<usize>,
    /// The repeated key.
    pub repeated: Range<usize>,
}

/// What one scan found.
#[derive(Debug, Default)]
pub struct Scan {
    /// One byte span per request, in order. A pointer that leads nowhere gets the span
    /// of its nearest existing ancestor (a missing key is reported at the object that
    /// lacks it).
    pub spans: Vec<Range<usize>>,
    /// Keys repeated within one object, in document order.
    pub duplicates: Vec<DuplicateKey>,
}

/// Deep enough for any spec `json::parse_spec` accepts (nesting below
/// [`crate::json::MAX_SPEC_DEPTH`]), shallow enough that
/// hostile text cannot exhaust the stack.
const MAX_DEPTH: usize = 256;

/// Scans `text` once for `requests`.
pub fn scan(text: &str, requests: &[Request]) -> Scan {
    let mut trie = Trie { nodes: vec![TrieNode::default()] };
    let targets: Vec<Vec<u32>> = requests.iter().map(|r| trie.insert(r.pointer)).collect();
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        text,
        at: 0,
        trie,
        path: Vec::new(),
        duplicates: Vec::new(),
    };
    scanner.skip_ws();
    let start = scanner.at;
    if let Some(end) = scanner.value(Some(0), 0) {
        scanner.trie.nodes[0].value = Some(start..end);
    } else {
        scanner.trie.nodes[0].value.get_or_insert(start..start);
    }
    let spans = requests
        .iter()
        .zip(targets)
        .map(|(request, path)| {
            // The deepest node of the path that was seen; its key if the request wants
            // the key and the node is the requested one itself.
            let last = path.len() - 1;
            path.iter()
                .enumerate()
                .rev()
                .find_map(|(depth, &node)| {
                    let node = &scanner.trie.nodes[node as usize];
                    let key = if request.at_key && depth == last { node.key.clone() } else { None };
                    key.or_else(|| node.value.clone())
                })
                .unwrap_or(0..0)
        })
        .collect();
    Scan { spans, duplicates: scanner.duplicates }
}

/// The requested pointers as a tree of tokens; node 0 is the document.
struct Trie {
    nodes: Vec<TrieNode>,
}

#[derive(Default)]
struct TrieNode {
    children: HashMap<String, u32>,
    value: Option<Range<usize>>,
    key: Option<Range<usize>>,
}

impl Trie {
    /// Inserts `pointer`; returns the nodes along its path, the document first.
    fn insert(&mut self, pointer: &str) -> Vec<u32> {
        let mut path = vec![0u32];
        let mut node = 0usize;
        if let Some(rest) = pointer.strip_prefix('/') {
            for token in rest.split('/') {
                let token = token.replace("~1", "/").replace("~0", "~");
                let next = match self.nodes[node].children.get(&token) {
                    Some(&next) => next,
                    None => {
                        let next = self.nodes.len() as u32;
                        self.nodes.push(TrieNode::default());
                        self.nodes[node].children.insert(token, next);
                        next
                    }
                };
                path.push(next);
                node = next as usize;
            }
        }
        path
    }
}

enum Step<'a> {
    Key(Cow<'a, str>),
    Index(usize),
}

struct Scanner<'a> {
    bytes: &'a [u8],
    text: &'a str,
    at: usize,
    trie: Trie,
    /// The tokens from the document to the current value, for duplicate keys' pointers.
    path: Vec<Step<'a>>,
    duplicates: Vec<DuplicateKey>,
}

impl<'a> Scanner<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// The child of trie node `node` for `token`, if some request goes through it.
    fn child(&self, node: Option<u32>, token: &str) -> Option<u32> {
        let node = &self.trie.nodes[node? as usize];
        if node.children.is_empty() { None } else { node.children.get(token).copied() }
    }

    /// Reads one value at the cursor; its end, or `None` when the text stops being JSON.
    fn value(&mut self, node: Option<u32>, depth: usize) -> Option<usize> {
        if depth > MAX_DEPTH {
            return None;
        }
        match self.peek()? {
            b'{' => self.object(node, depth),
            b'[' => self.array(node, depth),
            b'"' => self.string().map(|(_, span)| span.end),
            _ => self.scalar(),
        }
    }

    fn object(&mut self, node: Option<u32>, depth: usize) -> Option<usize> {
        self.at += 1;
        let mut seen: HashMap<Cow<'a, str>, Range<usize>> = HashMap::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Some(self.at);
        }
        loop {
            self.skip_ws();
            let (key, key_span) = self.string()?;
            self.skip_ws();
            if self.peek() != Some(b':') {
                return None;
            }
            self.at += 1;
            self.skip_ws();
            let child = self.child(node, &key);
            let first = match seen.get(&key) {
                Some(first) => {
                    let first = first.clone();
                    self.path.push(Step::Key(key.clone()));
                    let pointer = self.pointer();
                    self.path.pop();
                    self.duplicates.push(DuplicateKey {
                        pointer,
                        first,
                        repeated: key_span.clone(),
                    });
                    false
                }
                None => {
                    seen.insert(key.clone(), key_span.clone());
                    true
                }
            };
            let start = self.at;
            self.path.push(Step::Key(key));
            let end = self.value(child.filter(|_| first), depth + 1);
            self.path.pop();
            let end = end?;
            // The first occurrence of a key is the one located.
            if let Some(child) = child.filter(|_| first) {
                let child = &mut self.trie.nodes[child as usize];
                child.value = Some(start..end);
                child.key = Some(key_span);
            }
            self.skip_ws();
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Some(self.at);
                }
                _ => return None,
            }
        }
    }

    fn array(&mut self, node: Option<u32>, depth: usize) -> Option<usize> {
        self.at += 1;
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Some(self.at);
        }
        let looks_inside = node.is_some_and(|n| !self.trie.nodes[n as usize].children.is_empty());
        let mut index = 0usize;
        loop {
            self.skip_ws();
            let child = if looks_inside { self.child(node, &index.to_string()) } else { None };
            let start = self.at;
            self.path.push(Step::Index(index));
            let end = self.value(child, depth + 1);
            self.path.pop();
            let end = end?;
            if let Some(child) = child {
                self.trie.nodes[child as usize].value = Some(start..end);
            }
            index += 1;
            self.skip_ws();
            match self.peek()? {
                b',' => self.at += 1,
                b']' => {
                    self.at += 1;
                    return Some(self.at);
                }
                _ => return None,
            }
        }
    }

    /// Reads a string literal: its unescaped text and its span, quotes included.
    fn string(&mut self) -> Option<(Cow<'a, str>, Range<usize>)> {
        if self.peek() != Some(b'"') {
            return None;
        }
        let start = self.at;
        self.at += 1;
        let mut escaped = false;
        loop {
            match self.peek()? {
                b'"' => {
                    self.at += 1;
                    break;
                }
                b'\\' => {
                    escaped = true;
                    self.at += 2;
                }
                _ => self.at += 1,
            }
        }
        let span = start..self.at;
        let literal = self.text.get(span.clone())?;
        let text = if escaped {
            match &crate::json::parse(literal.as_bytes())? {
                crate::json::Json::String(text) => Cow::Owned(text.clone()),
                _ => return None,
            }
        } else {
            Cow::Borrowed(&literal[1..literal.len() - 1])
        };
        Some((text, span))
    }

    fn scalar(&mut self) -> Option<usize> {
        let start = self.at;
        while let Some(b) = self.peek() {
            if matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                break;
            }
            self.at += 1;
        }
        (self.at > start).then_some(self.at)
    }

    /// The current path as pointer text.
    fn pointer(&self) -> String {
        let mut text = String::new();
        for step in &self.path {
            text.push('/');
            match step {
                Step::Key(key) => text.push_str(&errtable_core::pointer::escape(key)),
                Step::Index(i) => text.push_str(&i.to_string()),
            }
        }
        text
    }
}

/// Longest line shown under a diagnostic (the renderer trims what it shows to the
/// terminal's width itself). A longer line (a minified spec of more than 64 KiB) gets no
/// excerpt, so that rendering stays linear in the text, however many problems it has.
const MAX_EXCERPT_LINE: usize = 64 * 1024;

/// Byte offsets to lines and columns.
pub struct LineIndex<'a> {
    text: &'a str,
    /// Offset of each line's first byte.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text`'s lines.
    pub fn new(text: &'a str) -> Self {
        let starts =
            std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        LineIndex { text, starts }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).max(1) - 1
    }

    /// The positions of `offsets`, in one sweep: characters are counted once per line
    /// however many offsets share it, so this is linear in the text.
    pub fn positions(&self, offsets: &[usize]) -> HashMap<usize, Position> {
        let mut sorted: Vec<usize> = offsets.iter().map(|&o| o.min(self.text.len())).collect();
        sorted.sort_unstable();
        sorted.dedup();
        let mut out = HashMap::with_capacity(sorted.len());
        let (mut line, mut from, mut column) = (usize::MAX, 0, 1);
        for offset in sorted {
            let here = self.line_of(offset);
            if here != line {
                line = here;
                from = self.starts[here];
                column = 1;
            }
            column += self.text.get(from..offset).map_or(offset - from, |s| s.chars().count());
            from = offset;
            out.insert(offset, Position { line: here + 1, column });
        }
        // Offsets past the end (or inside a character) map like their clamped value.
        for &offset in offsets {
            if !out.contains_key(&offset) {
                let clamped = offset.min(self.text.len());
                let position = out.get(&clamped).copied().unwrap_or(Position::START);
                out.insert(offset, position);
            }
        }
        out
    }

    /// The line holding `span.start`, with the span inside it (cut at the line's end,
    /// widened to whole characters); `None` when the line is too long to show.
    pub fn excerpt(&self, span: Range<usize>) -> Option<Excerpt> {
        let start = floor_char(self.text, span.start.min(self.text.len()));
        let line = self.line_of(start);
        let line_start = self.starts[line];
        let line_end = self.starts.get(line + 1).map_or(self.text.len(), |&next| next - 1);
        let line_end = if self.text[..line_end].ends_with('\r') { line_end - 1 } else { line_end };
        if line_end.saturating_sub(line_start) > MAX_EXCERPT_LINE {
            return None;
        }
        let text = self.text.get(line_start..line_end.max(line_start))?.to_owned();
        let span_start = (start - line_start).min(text.len());
        let span_end =
            ceil_char(&text, span.end.saturating_sub(line_start).clamp(span_start, text.len()));
        Some(Excerpt { text, span: span_start..span_end, line: line + 1 })
    }
}

/// The smallest character boundary at or above `index`.
fn ceil_char(text: &str, index: usize) -> usize {
    let mut index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index += 1;
    }
    index
}

/// The largest character boundary at or below `index`.
fn floor_char(text: &str, index: usize) -> usize {
    let mut index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
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

    fn locate(text: &str, pointer: &str, at_key: bool) -> Position {
        let scan = scan(text, &[Request { pointer, at_key }]);
        let start = scan.spans[0].start;
        LineIndex::new(text).positions(&[start])[&start]
    }

    #[test]
    fn locates_values_and_keys() {
        assert_eq!(locate(DOC, "", false), pos(1, 1));
        assert_eq!(locate(DOC, "/name", false), pos(2, 11));
        assert_eq!(locate(DOC, "/name", true), pos(2, 3));
        assert_eq!(locate(DOC, "/errors/0", false), pos(4, 5));
        assert_eq!(locate(DOC, "/errors/0/status/0", false), pos(4, 30));
        assert_eq!(locate(DOC, "/errors/1/code", false), pos(5, 14));
    }

    #[test]
    fn spans_cover_the_value() {
        let scan = scan(DOC, &[Request { pointer: "/errors/0/status", at_key: false }]);
        assert_eq!(&DOC[scan.spans[0].clone()], "[400]");
        let scan = super::scan(DOC, &[Request { pointer: "/errors/1/code", at_key: false }]);
        assert_eq!(&DOC[scan.spans[0].clone()], r#""b~/c""#);
    }

    #[test]
    fn escapes_keys_and_counts_characters() {
        // `é` is two bytes but one column.
        assert_eq!(locate(DOC, "/errors/1/fields/é", true), pos(5, 33));
        assert_eq!(locate(DOC, "/errors/1/fields/é", false), pos(5, 38));
    }

    #[test]
    fn falls_back_to_the_nearest_ancestor() {
        assert_eq!(locate(DOC, "/errors/0/retry", true), pos(4, 5));
        assert_eq!(locate(DOC, "/nope/deeper", false), pos(1, 1));
    }

    #[test]
    fn reports_duplicate_keys() {
        let text = "{\"a\": 1,\n \"a\": 2, \"b\": {\"x~/\": 1, \"x~/\": 2}}";
        let scan = scan(text, &[Request { pointer: "/a", at_key: false }]);
        assert_eq!(scan.duplicates.len(), 2);
        assert_eq!(scan.duplicates[0].pointer, "/a");
        assert_eq!(scan.duplicates[1].pointer, "/b/x~0~1");
        // The first occurrence is the one located.
        assert_eq!(&text[scan.spans[0].clone()], "1");
    }

    #[test]
    fn survives_text_that_is_not_json() {
        for text in ["", "{", "{\"a\"", "[1,", "\"unterminated", "{\"a\": [}", "]]]", "\u{0}"] {
            let scan = scan(text, &[Request { pointer: "/a/b", at_key: true }]);
            let _ = LineIndex::new(text).positions(&[scan.spans[0].start]);
        }
        let deep = "[".repeat(100_000);
        let _ = scan(&deep, &[Request { pointer: "/0/0", at_key: false }]);
    }

    #[test]
    fn handles_escaped_quotes_in_strings() {
        assert_eq!(locate(r#"{"a": "x\"y", "b": 2}"#, "/b", false), pos(1, 20));
    }

    #[test]
    fn positions_share_one_sweep_per_line() {
        let text = "ab\ncé\nxyz";
        let p = LineIndex::new(text).positions(&[0, 2, 3, 5, 7, 9, 100]);
        assert_eq!(p[&0], pos(1, 1));
        assert_eq!(p[&2], pos(1, 3));
        assert_eq!(p[&3], pos(2, 1));
        assert_eq!(p[&5], pos(2, 3));
        assert_eq!(p[&7], pos(3, 1));
        assert_eq!(p[&9], pos(3, 3));
        assert_eq!(p[&100], pos(3, 4));
    }

    #[test]
    fn excerpts_are_whole_lines_of_whole_characters() {
        let text = format!("{{\"a\": \"{}\", \"b\": 1}}", "x".repeat(10_000));
        let at = text.find("\"b\"").unwrap();
        let excerpt = LineIndex::new(&text).excerpt(at..at + 3).unwrap();
        assert_eq!(&excerpt.text[excerpt.span.clone()], "\"b\"");
        // A span that starts or ends inside a character covers the whole character.
        let text = "\u{feff}{\"é\": 1}";
        let excerpt = LineIndex::new(text).excerpt(0..1).unwrap();
        assert_eq!(&excerpt.text[excerpt.span.clone()], "\u{feff}");
        let excerpt = LineIndex::new(text).excerpt(6..7).unwrap();
        assert_eq!(&excerpt.text[excerpt.span.clone()], "é");
        // Too long to show: no excerpt (the position still says where).
        let long = "x".repeat(MAX_EXCERPT_LINE + 1);
        assert_eq!(LineIndex::new(&long).excerpt(10..11), None);
    }
}
