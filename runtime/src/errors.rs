//! The errors one response carries.

use std::fmt;
use std::ops::Deref;

use bytestring::ByteString;

/// The errors a response carries: none for a success, usually one, several for bulk
/// bodies and lists of codes; and the warnings of a successful response.
///
/// It reads like a slice (`errors.first()`, `errors[0]`, `errors.len()`, `match
/// &errors[..]`) and iterates by value or by reference. It does not allocate for zero
/// or one error, nor for no warnings.
#[derive(Clone, PartialEq)]
pub struct Errors<E> {
    repr: Repr<E>,
    warnings: Vec<Warning>,
}

/// A warning a successful response carries (Slack's `warning` on `"ok": true`): not an
/// error, but worth logging.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    code: ByteString,
    message: Option<ByteString>,
}

impl Warning {
    /// A warning with `code` and an optional message.
    pub fn new(code: impl Into<String>, message: Option<String>) -> Warning {
        Warning { code: code.into().into(), message: message.map(Into::into) }
    }

    pub(crate) fn decoded(code: ByteString, message: Option<ByteString>) -> Warning {
        Warning { code, message }
    }

    /// Its code.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// Its message.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.message {
            Some(message) => write!(f, "{}: {message}", self.code),
            None => f.write_str(&self.code),
        }
    }
}

#[derive(Clone, PartialEq)]
enum Repr<E> {
    None,
    One(E),
    Many(Vec<E>),
}

impl<E> Errors<E> {
    /// No errors.
    pub const fn none() -> Errors<E> {
        Errors { repr: Repr::None, warnings: Vec::new() }
    }

    /// The warnings of a successful response, in the order it gives them.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    pub(crate) fn set_warnings(&mut self, warnings: Vec<Warning>) {
        self.warnings = warnings;
    }

    /// Whether the response carries at least one error.
    pub fn is_error(&self) -> bool {
        !self.is_empty()
    }

    /// The first error, taken out.
    pub fn into_first(self) -> Option<E> {
        match self.repr {
            Repr::None => None,
            Repr::One(error) => Some(error),
            Repr::Many(list) => list.into_iter().next(),
        }
    }

    /// The errors as a `Vec`.
    pub fn into_vec(self) -> Vec<E> {
        match self.repr {
            Repr::None => Vec::new(),
            Repr::One(error) => vec![error],
            Repr::Many(list) => list,
        }
    }

    /// Adds an error.
    pub fn push(&mut self, error: E) {
        self.repr = match std::mem::replace(&mut self.repr, Repr::None) {
            Repr::None => Repr::One(error),
            Repr::One(first) => Repr::Many(vec![first, error]),
            Repr::Many(mut list) => {
                list.push(error);
                Repr::Many(list)
            }
        };
    }

    /// Each error converted by `f`.
    pub fn map<F>(self, mut f: impl FnMut(E) -> F) -> Errors<F> {
        let repr = match self.repr {
            Repr::None => Repr::None,
            Repr::One(error) => Repr::One(f(error)),
            Repr::Many(list) => Repr::Many(list.into_iter().map(f).collect()),
        };
        Errors { repr, warnings: self.warnings }
    }
}

impl<E> Default for Errors<E> {
    fn default() -> Self {
        Errors::none()
    }
}

impl<E> Deref for Errors<E> {
    type Target = [E];

    fn deref(&self) -> &[E] {
        match &self.repr {
            Repr::None => &[],
            Repr::One(error) => std::slice::from_ref(error),
            Repr::Many(list) => list,
        }
    }
}

impl<E: fmt::Debug> fmt::Debug for Errors<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<E> FromIterator<E> for Errors<E> {
    fn from_iter<I: IntoIterator<Item = E>>(iter: I) -> Self {
        let mut errors = Errors::none();
        for error in iter {
            errors.push(error);
        }
        errors
    }
}

impl<E> IntoIterator for Errors<E> {
    type Item = E;
    type IntoIter = IntoIter<E>;

    fn into_iter(self) -> IntoIter<E> {
        IntoIter(match self.repr {
            Repr::None => Iter::One(None),
            Repr::One(error) => Iter::One(Some(error)),
            Repr::Many(list) => Iter::Many(list.into_iter()),
        })
    }
}

impl<'a, E> IntoIterator for &'a Errors<E> {
    type Item = &'a E;
    type IntoIter = std::slice::Iter<'a, E>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// The errors of an [`Errors`], by value.
#[derive(Debug)]
pub struct IntoIter<E>(Iter<E>);

#[derive(Debug)]
enum Iter<E> {
    One(Option<E>),
    Many(std::vec::IntoIter<E>),
}

impl<E> Iterator for IntoIter<E> {
    type Item = E;

    fn next(&mut self) -> Option<E> {
        match &mut self.0 {
            Iter::One(error) => error.take(),
            Iter::Many(list) => list.next(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.0 {
            Iter::One(error) => (usize::from(error.is_some()), Some(usize::from(error.is_some()))),
            Iter::Many(list) => list.size_hint(),
        }
    }
}

impl<E> ExactSizeIterator for IntoIter<E> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_like_a_slice() {
        let none: Errors<u8> = Errors::none();
        assert!(!none.is_error());
        assert_eq!(none.first(), None);
        let mut errors: Errors<u8> = [1].into_iter().collect();
        assert!(errors.is_error());
        assert_eq!(errors[0], 1);
        errors.push(2);
        errors.push(3);
        assert_eq!(&errors[..], [1, 2, 3]);
        assert_eq!(errors.iter().sum::<u8>(), 6);
        assert_eq!(errors.clone().into_iter().collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(errors.clone().into_first(), Some(1));
        assert_eq!(errors.map(|e| e * 2).into_vec(), [2, 4, 6]);
        assert_eq!(format!("{:?}", Errors::<u8>::from_iter([7])), "[7]");
    }
}
