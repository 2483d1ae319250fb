//! JSON Pointers (RFC 6901) as specs write them: `/error/code`, `/details/fields`.

use std::fmt;

use serde_json::Value;

/// A parsed, non-empty JSON Pointer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Pointer {
    text: String,
    tokens: Vec<String>,
}

/// Why a pointer is malformed.
#[derive(Debug, Clone, PartialEq, Eq)]
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

impl Pointer {
    /// Parses `text`.
    pub fn parse(text: &str) -> Result<Pointer, PointerError> {
        if text.is_empty() {
            return Err(PointerError::Empty);
        }
        let rest = text.strip_prefix('/').ok_or(PointerError::NoLeadingSlash)?;
        let tokens = rest.split('/').map(unescape).collect::<Result<_, _>>()?;
        Ok(Pointer { text: text.to_owned(), tokens })
    }

    /// The pointer addressing the member `name` of the root object.
    pub fn member(name: &str) -> Pointer {
        Pointer { text: format!("/{}", escape(name)), tokens: vec![name.to_owned()] }
    }

    /// The pointer as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Its unescaped reference tokens.
    pub fn tokens(&self) -> &[String] {
        &self.tokens
    }

    /// The value it addresses in `root`, if any. A token addresses an array element
    /// when it is a decimal index without leading zeros.
    pub fn eval<'v>(&self, root: &'v Value) -> Option<&'v Value> {
        self.tokens.iter().try_fold(root, |value, token| match value {
            Value::Object(map) => map.get(token),
            Value::Array(items) => array_index(token).and_then(|i| items.get(i)),
            _ => None,
        })
    }
}

/// The array index a reference token denotes, per RFC 6901 (`0`, or digits without a
/// leading zero).
pub fn array_index(token: &str) -> Option<usize> {
    let digits = token.bytes().all(|b| b.is_ascii_digit());
    if token.is_empty() || !digits || (token.len() > 1 && token.starts_with('0')) {
        return None;
    }
    token.parse().ok()
}

/// Escapes one reference token.
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn unescape(token: &str) -> Result<String, PointerError> {
    let mut out = String::with_capacity(token.len());
    let mut chars = token.chars();
    while let Some(c) = chars.next() {
        if c == '~' {
            match chars.next() {
                Some('0') => out.push('~'),
                Some('1') => out.push('/'),
                _ => return Err(PointerError::BadEscape),
            }
        } else {
            out.push(c);
        }
    }
    Ok(out)
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
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_and_evaluates() {
        let p = Pointer::parse("/error/code").unwrap();
        assert_eq!(p.tokens(), ["error", "code"]);
        let doc = json!({"error": {"code": "X"}});
        assert_eq!(p.eval(&doc), Some(&json!("X")));
    }

    #[test]
    fn escapes_round_trip() {
        let p = Pointer::parse("/a~1b/c~0d").unwrap();
        assert_eq!(p.tokens(), ["a/b", "c~d"]);
        assert_eq!(join(p.tokens().iter().map(String::as_str)), "/a~1b/c~0d");
    }

    #[test]
    fn indexes_arrays_strictly() {
        let doc = json!({"a": [10, 20]});
        assert_eq!(Pointer::parse("/a/1").unwrap().eval(&doc), Some(&json!(20)));
        assert_eq!(Pointer::parse("/a/01").unwrap().eval(&doc), None);
        assert_eq!(Pointer::parse("/a/-").unwrap().eval(&doc), None);
    }

    #[test]
    fn rejects_malformed() {
        assert_eq!(Pointer::parse(""), Err(PointerError::Empty));
        assert_eq!(Pointer::parse("error"), Err(PointerError::NoLeadingSlash));
        assert_eq!(Pointer::parse("/a~2"), Err(PointerError::BadEscape));
        assert_eq!(Pointer::parse("/a~"), Err(PointerError::BadEscape));
    }
}
