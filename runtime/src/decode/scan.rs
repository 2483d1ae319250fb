//! One pass over a response body that validates it as JSON and records where the
//! values the [`Plan`] asks for sit.
//!
//! Nothing is copied or allocated per value: a capture is a span of the body. The
//! scanner is iterative (an explicit stack), so nesting depth is bounded by memory, not
//! by the thread's stack, and it reads bodies leniently where RFC 8259 leaves room or a
//! server is careless in a part nobody reads: a leading byte order mark is skipped,
//! strings may hold bytes that are not UTF-8 (read as U+FFFD where they are read), and
//! numbers of any size and lone surrogate escapes are accepted. Anything else that is
//! not JSON makes the whole body hold no values.

use super::plan::{KeyId, NO_KEY, NodeId, Plan};

/// What a captured value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Null,
    True,
    False,
    /// A number; its span is the literal.
    Number,
    /// A string; its span includes the quotes.
    String,
    Array,
    Object,
}

/// A captured value: where it is, and where it sits in the document.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cap {
    pub(crate) kind: Kind,
    /// The string has backslash escapes (then its text must be unescaped).
    pub(crate) escaped: bool,
    pub(crate) start: u32,
    pub(crate) end: u32,
    /// The capture holding it; [`NONE`] for the document.
    pub(crate) parent: u32,
    /// The index just past this capture's own captured descendants.
    pub(crate) next: u32,
    /// An object member's key span (quotes excluded), or an array element's index in
    /// `key_start`.
    pub(crate) key_start: u32,
    pub(crate) key_end: u32,
    pub(crate) key_escaped: bool,
    /// An object member's interned key in the plan ([`NO_KEY`] for elements, the
    /// document and members kept only as scalars).
    pub(crate) key: KeyId,
}

/// No capture.
pub(crate) const NONE: u32 = u32::MAX;

#[derive(Clone, Copy)]
enum Container {
    Object,
    Array,
}

struct Frame {
    container: Container,
    /// The plan node of the container's elements or members, when anything inside is
    /// wanted.
    plan: Option<NodeId>,
    /// The container's own capture, or [`NONE`].
    cap: u32,
    /// Elements seen so far (arrays).
    index: u32,
    /// Just opened: the next token may close it.
    fresh: bool,
}

/// The key of the value being read, to attach to its capture.
#[derive(Clone, Copy)]
struct Slot {
    plan: Option<NodeId>,
    key_start: u32,
    key_end: u32,
    key_escaped: bool,
    /// The member's interned key, [`NO_KEY`] for an element or the document.
    key: KeyId,
}

impl Slot {
    /// An array element at `index` (the document is element 0 of nothing).
    fn element(plan: Option<NodeId>, index: u32) -> Slot {
        Slot { plan, key_start: index, key_end: index, key_escaped: false, key: NO_KEY }
    }
}

/// Reusable buffers, so a decode allocates nothing for its captures once warm.
#[derive(Default)]
pub(crate) struct Scratch {
    pub(crate) caps: Vec<Cap>,
    stack: Vec<Frame>,
}

/// Scans `body`, filling `scratch.caps`. Returns `false` (and no captures) when the body
/// is not JSON or is too large to index (4 GiB and more).
pub(crate) fn scan(body: &[u8], plan: &Plan, scratch: &mut Scratch) -> bool {
    scratch.caps.clear();
    scratch.stack.clear();
    let valid = u32::try_from(body.len()).is_ok()
        && Scanner { body, at: 0, plan, caps: &mut scratch.caps, stack: &mut scratch.stack }
            .document()
            .is_some();
    if !valid {
        scratch.caps.clear();
    }
    valid
}

struct Scanner<'a> {
    body: &'a [u8],
    at: usize,
    plan: &'a Plan,
    caps: &'a mut Vec<Cap>,
    stack: &'a mut Vec<Frame>,
}

// The helpers below marked `#[inline(always)]` are the scan's per-value steps: the scan
// is one loop, and with them inlined the cursor stays in a register (callgrind, per
// decode: 6 to 9 % fewer instructions on the small bodies of the decode benchmark, 21 to
// 25 % on the 2 KB and 11 KB ones).
impl Scanner<'_> {
    fn document(&mut self) -> Option<()> {
        if self.body.starts_with(b"\xEF\xBB\xBF") {
            self.at = 3;
        }
        self.skip_ws();
        self.value(Slot::element(Some(Plan::ROOT), 0), NONE)?;
        // Members and elements, and the containers they close, without recursion: a
        // value that opens a container only pushes a frame.
        while let Some(frame) = self.stack.last_mut() {
            let (container, fresh) = (frame.container, frame.fresh);
            frame.fresh = false;
            self.skip_ws();
            match (container, self.peek()?) {
                (Container::Object, b'}') | (Container::Array, b']') => {
                    self.at += 1;
                    self.close();
                }
                (_, b',') if !fresh => {
                    self.at += 1;
                    self.skip_ws();
                    self.member_or_element()?;
                }
                _ if fresh => self.member_or_element()?,
                _ => return None,
            }
        }
        self.skip_ws();
        (self.at == self.body.len()).then_some(())
    }

    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.body.get(self.at).copied()
    }

    #[inline(always)]
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    fn pos(&self) -> u32 {
        // The body's length was checked to fit.
        self.at as u32
    }

    /// Reads the next member (`"key": value`) or element of the innermost container.
    #[inline(always)]
    fn member_or_element(&mut self) -> Option<()> {
        let frame = self.stack.last_mut()?;
        let (plan, cap) = (frame.plan, frame.cap);
        match frame.container {
            Container::Array => {
                let index = frame.index;
                frame.index += 1;
                let plan = plan.and_then(|p| self.plan.element(p, index as usize));
                self.value(Slot::element(plan, index), cap)
            }
            Container::Object => {
                if self.peek()? != b'"' {
                    return None;
                }
                let key_start = self.pos() + 1;
                let key_escaped = self.string()?;
                let key_end = self.pos() - 1;
                self.skip_ws();
                if self.peek()? != b':' {
                    return None;
                }
                self.at += 1;
                self.skip_ws();
                let plan = plan.and_then(|p| {
                    let key = &self.body[key_start as usize..key_end as usize];
                    self.plan.member(p, key, key_escaped)
                });
                let key = plan.map_or(NO_KEY, |p| self.plan.key(p));
                self.value(Slot { plan, key_start, key_end, key_escaped, key }, cap)
            }
        }
    }

    /// Reads one value; a container is only opened (its contents are read by the loop).
    #[inline(always)]
    fn value(&mut self, slot: Slot, parent: u32) -> Option<()> {
        let start = self.pos();
        let (kind, escaped) = match self.peek()? {
            b'{' | b'[' => return self.open(slot, parent),
            b'"' => (Kind::String, self.string()?),
            b't' => (Kind::True, self.literal(b"true")?),
            b'f' => (Kind::False, self.literal(b"false")?),
            b'n' => (Kind::Null, self.literal(b"null")?),
            b'-' | b'0'..=b'9' => (Kind::Number, self.number()?),
            _ => return None,
        };
        // Any value where the plan reads is kept, of the wrong kind too: when a key
        // repeats, the last one counts even if it is unusable.
        if slot.plan.is_some() {
            self.push(kind, escaped, start, slot, parent);
        }
        Some(())
    }

    #[inline(always)]
    fn open(&mut self, slot: Slot, parent: u32) -> Option<()> {
        let container = if self.peek()? == b'{' { Container::Object } else { Container::Array };
        let start = self.pos();
        self.at += 1;
        let inside = slot.plan.filter(|&p| match container {
            Container::Object => self.plan.looks_inside_objects(p),
            Container::Array => self.plan.looks_inside_arrays(p),
        });
        // Kept wherever the plan reads, as present but unusable when it is not the kind
        // read (a later member with the same key hides an earlier one).
        let cap = if slot.plan.is_some() {
            let kind = match container {
                Container::Object => Kind::Object,
                Container::Array => Kind::Array,
            };
            self.push(kind, false, start, slot, parent)
        } else {
            NONE
        };
        self.stack.push(Frame { container, plan: inside, cap, index: 0, fresh: true });
        Some(())
    }

    #[inline(always)]
    fn close(&mut self) {
        if let Some(frame) = self.stack.pop()
            && frame.cap != NONE
        {
            let next = self.caps.len() as u32;
            let end = self.pos();
            if let Some(cap) = self.caps.get_mut(frame.cap as usize) {
                cap.end = end;
                cap.next = next;
            }
        }
    }

    #[inline(always)]
    fn push(&mut self, kind: Kind, escaped: bool, start: u32, slot: Slot, parent: u32) -> u32 {
        let index = self.caps.len() as u32;
        let end = self.pos();
        self.caps.push(Cap {
            kind,
            escaped,
            start,
            end,
            parent,
            next: index + 1,
            key_start: slot.key_start,
            key_end: slot.key_end,
            key_escaped: slot.key_escaped,
            key: slot.key,
        });
        index
    }

    #[inline(always)]
    fn literal(&mut self, word: &[u8]) -> Option<bool> {
        let end = self.at + word.len();
        (self.body.get(self.at..end)? == word).then(|| {
            self.at = end;
            false
        })
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, any length.
    #[inline(always)]
    fn number(&mut self) -> Option<bool> {
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek()? {
            b'0' => self.at += 1,
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            self.required_digits()?;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            self.required_digits()?;
        }
        Some(false)
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
    }

    fn required_digits(&mut self) -> Option<()> {
        let start = self.at;
        self.digits();
        (self.at > start).then_some(())
    }

    /// Reads a string literal at the cursor; whether it has escapes. Control characters
    /// are refused (RFC 8259); any other byte is accepted.
    #[inline(always)]
    fn string(&mut self) -> Option<bool> {
        let body = self.body;
        let mut at = self.at + 1;
        let mut escaped = false;
        loop {
            at = skip_plain(body, at);
            match *body.get(at)? {
                b'"' => {
                    self.at = at + 1;
                    return Some(escaped);
                }
                b'\\' => {
                    escaped = true;
                    match *body.get(at + 1)? {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => at += 2,
                        b'u' => {
                            let hex = body.get(at + 2..at + 6)?;
                            if !hex.iter().all(u8::is_ascii_hexdigit) {
                                return None;
                            }
                            at += 6;
                        }
                        _ => return None,
                    }
                }
                // A control character.
                _ => return None,
            }
        }
    }
}

/// Whether a byte ends a string's plain run: `"`, `\` or a control character (a table:
/// measured faster than three comparisons for the last bytes of a body).
const SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// The position of the first `"`, `\` or control character (below 0x20) in `bytes` from
/// `at`, or `bytes.len()`: eight bytes at a time (SWAR: no `unsafe`, no SIMD intrinsics),
/// then the last few one by one. (Reading the first eight bytes one by one, for short
/// keys, was measured slower.)
fn skip_plain(bytes: &[u8], mut at: usize) -> usize {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        // A byte is found when it equals `"` or `\`, or is below 0x20: the classic
        // "has zero byte" test on `word ^ pattern`, and "has byte less than n".
        let quote = word ^ (LOW * u64::from(b'"'));
        let backslash = word ^ (LOW * u64::from(b'\\'));
        let found = (quote.wrapping_sub(LOW) & !quote)
            | (backslash.wrapping_sub(LOW) & !backslash)
            | (word.wrapping_sub(LOW * 0x20) & !word);
        let found = found & HIGH;
        if found != 0 {
            return at + (found.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while at < bytes.len() && !SPECIAL[usize::from(bytes[at])] {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_special_bytes_in_any_position() {
        for len in 0..40 {
            for at in 0..len {
                for special in [b'"', b'\\', 0x00, 0x1f, b'\n'] {
                    let mut bytes = vec![b'a'; len];
                    // Bytes above 0x7f must not be mistaken for specials.
                    if at > 0 {
                        bytes[at - 1] = 0xff;
                    }
                    bytes[at] = special;
                    assert_eq!(skip_plain(&bytes, 0), at, "{len} {at} {special}");
                }
            }
            let plain: Vec<u8> = (0..len).map(|i| [b'a', 0x20, 0xff, 0x7f, b'!'][i % 5]).collect();
            assert_eq!(skip_plain(&plain, 0), len, "{len}");
        }
    }
}
