//! JSON Pointers (RFC 6901) as specs write them: `/error/code`, `/details/fields`.

use std::borrow::Cow;
use std::fmt;

use crate::Text;

/// A validated, non-empty JSON Pointer, kept as its text.
///
/// Its reference tokens are unescaped on demand, which keeps a generated table's pointer
/// one string literal.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Pointer(Text);

/// Why a pointer is malformed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointerError {
    /// `""`: it would address the whole document, which is never a code or a field.
    Empty,
    /// Does not start with `/`.
    NoLeadingSlash,
    /// A `~` not followed by `0` or `1`.
    BadEscape,
}

impl fmt::Display for PointerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PointerError::Empty => "empty JSON pointer",
            PointerError::NoLeadingSlash => "JSON pointer does not start with `/`",
            PointerError::BadEscape => "JSON pointer has a `~` not followed by `0` or `1`",
        })
    }
}

impl std::error::Error for PointerError {}

impl Pointer {
    /// Parses `text`.
    pub fn parse(text: &str) -> Result<Pointer, PointerError> {
        Pointer::check(text)?;
        Ok(Pointer(Text::Owned(text.to_owned())))
    }

    /// A pointer whose text was validated when it was emitted (generated tables).
    pub const fn from_static(text: &'static str) -> Pointer {
        Pointer(Text::Borrowed(text))
    }

    fn check(text: &str) -> Result<(), PointerError> {
        if text.is_empty() {
            return Err(PointerError::Empty);
        }
        let rest = text.strip_prefix('/').ok_or(PointerError::NoLeadingSlash)?;
        let mut bytes = rest.bytes();
        while let Some(b) = bytes.next() {
            if b == b'~' && !matches!(bytes.next(), Some(b'0' | b'1')) {
                return Err(PointerError::BadEscape);
            }
        }
        Ok(())
    }

    /// The pointer addressing the member `name` of the root object.
    pub fn member(name: &str) -> Pointer {
        Pointer(Text::Owned(format!("/{}", escape(name))))
    }

    /// The pointer as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Its unescaped reference tokens (none for an empty pointer, which only the
    /// unchecked [`from_static`](Self::from_static) can make).
    pub fn tokens(&self) -> impl Iterator<Item = Cow<'_, str>> + Clone {
        self.0.get(1..).into_iter().flat_map(|rest| rest.split('/')).map(unescape)
    }
}

/// The member test a reference token spells, `[name=value]`: it selects, in an array,
/// the first object whose member `name` is the string `value` (Google's `details[]` are
/// picked by `@type`). Selectors are errtable's extension to RFC 6901; in a pointer, `/`
/// inside the value is escaped as `~1` like any token.
pub fn selector(token: &str) -> Option<(&str, &str)> {
    let inner = token.strip_prefix('[')?.strip_suffix(']')?;
    let (name, value) = inner.split_once('=')?;
    (!name.is_empty()).then_some((name, value))
}

/// The array index a reference token denotes, per RFC 6901 (`0`, or digits without a
/// leading zero).
pub fn array_index(token: &str) -> Option<usize> {
    let digits = !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit());
    if !digits || (token.len() > 1 && token.starts_with('0')) {
        return None;
    }
    token.parse().ok()
}

/// Escapes one reference token.
pub fn escape(token: &str) -> Cow<'_, str> {
    if token.contains(['~', '/']) {
        Cow::Owned(token.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(token)
    }
}

/// Unescapes one reference token of a validated pointer.
fn unescape(token: &str) -> Cow<'_, str> {
    if token.as_bytes().contains(&b'~') {
        Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(token)
    }
}

/// Joins tokens into pointer text (`[]` gives `""`, the document itself).
pub fn join<'a>(tokens: impl IntoIterator<Item = &'a str>) -> String {
    tokens.into_iter().fold(String::new(), |mut text, token| {
        text.push('/');
        text.push_str(&escape(token));
        text
    })
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(p: &Pointer) -> Vec<String> {
        p.tokens().map(Cow::into_owned).collect()
    }

    #[test]
    fn parses_into_tokens() {
        assert_eq!(tokens(&Pointer::parse("/error/code").unwrap()), ["error", "code"]);
        assert_eq!(tokens(&Pointer::parse("/").unwrap()), [""]);
        assert_eq!(tokens(&Pointer::from_static("/a//b")), ["a", "", "b"]);
        assert!(tokens(&Pointer::from_static("")).is_empty(), "unchecked, but no panic");
    }

    #[test]
    fn escapes_round_trip() {
        let p = Pointer::parse("/a~1b/c~0d/~01").unwrap();
        assert_eq!(tokens(&p), ["a/b", "c~d", "~1"]);
        assert_eq!(join(["a/b", "c~d", "~1"]), "/a~1b/c~0d/~01");
        assert_eq!(Pointer::member("x/y").as_str(), "/x~1y");
    }

    #[test]
    fn indexes_arrays_strictly() {
        assert_eq!(array_index("1"), Some(1));
        assert_eq!(array_index("0"), Some(0));
        assert_eq!(array_index("01"), None);
        assert_eq!(array_index("-"), None);
        assert_eq!(array_index(""), None);
        assert_eq!(array_index("99999999999999999999999"), None);
    }

    #[test]
    fn selectors() {
        let p = Pointer::parse(
            "/error/details/[@type=type.googleapis.com~1google.rpc.RetryInfo]/retryDelay",
        )
        .unwrap();
        let tokens: Vec<_> = p.tokens().collect();
        assert_eq!(
            selector(&tokens[2]),
            Some(("@type", "type.googleapis.com/google.rpc.RetryInfo"))
        );
        assert_eq!(selector("[a=]"), Some(("a", "")));
        assert_eq!(selector("[=b]"), None);
        assert_eq!(selector("plain"), None);
    }

    #[test]
    fn rejects_malformed() {
        assert_eq!(Pointer::parse(""), Err(PointerError::Empty));
        assert_eq!(Pointer::parse("error"), Err(PointerError::NoLeadingSlash));
        assert_eq!(Pointer::parse("/a~2"), Err(PointerError::BadEscape));
        assert_eq!(Pointer::parse("/a~"), Err(PointerError::BadEscape));
    }
}
