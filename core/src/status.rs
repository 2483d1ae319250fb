//! Status patterns and the fallback's rule: what an undocumented code or status decodes
//! to, and how it is retried.

use std::fmt;

use crate::{List, RetryClass, Text};

/// A status pattern in the fallback's retry table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusPattern {
    /// One status.
    Exact(u16),
    /// A class: `5` for `5xx`.
    Class(u16),
}

impl StatusPattern {
    /// Whether `status` fits.
    pub const fn matches(self, status: u16) -> bool {
        match self {
            StatusPattern::Exact(s) => s == status,
            StatusPattern::Class(c) => status / 100 == c,
        }
    }

    /// Reads a spec key: `"429"` is exact, `"5xx"` a class (1xx to 5xx).
    pub fn parse(key: &str) -> Option<StatusPattern> {
        if let Some(class) = key.strip_suffix("xx") {
            let c: u16 = class.parse().ok()?;
            return (class.len() == 1 && (1..=5).contains(&c)).then_some(StatusPattern::Class(c));
        }
        let status: u16 = key.parse().ok()?;
        (key.len() == 3 && (100..=599).contains(&status)).then_some(StatusPattern::Exact(status))
    }
}

impl fmt::Display for StatusPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StatusPattern::Exact(s) => write!(f, "{s}"),
            StatusPattern::Class(c) => write!(f, "{c}xx"),
        }
    }
}

/// The fallback for codes and statuses a catalog does not list: its variant name and
/// its retry class by status.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownRule {
    /// Its Rust variant name.
    pub variant: Text,
    /// Retry class by status: an exact pattern beats a class pattern.
    pub retry: List<(StatusPattern, RetryClass)>,
    /// Class for statuses no pattern fits.
    pub default_retry: RetryClass,
}

impl UnknownRule {
    /// The fallback's name unless a spec renames it.
    pub const DEFAULT_VARIANT: &'static str = "Unknown";

    /// errtable's default retry table: 429 `after`, 5xx `backoff`, anything else `never`.
    pub const DEFAULT_RETRY: &'static [(StatusPattern, RetryClass)] = &[
        (StatusPattern::Exact(429), RetryClass::After),
        (StatusPattern::Class(5), RetryClass::Backoff),
    ];

    /// The rule a spec without `unknown` gets.
    pub const DEFAULT: UnknownRule = UnknownRule {
        variant: Text::Borrowed(UnknownRule::DEFAULT_VARIANT),
        retry: List::Borrowed(UnknownRule::DEFAULT_RETRY),
        default_retry: RetryClass::Never,
    };

    /// The retry class of an undocumented error with `status`.
    pub fn retry_for(&self, status: u16) -> RetryClass {
        let exact = self
            .retry
            .iter()
            .find(|(p, _)| matches!(p, StatusPattern::Exact(_)) && p.matches(status));
        let class = || {
            self.retry
                .iter()
                .find(|(p, _)| matches!(p, StatusPattern::Class(_)) && p.matches(status))
        };
        exact.or_else(class).map_or(self.default_retry, |(_, c)| *c)
    }
}

impl Default for UnknownRule {
    fn default() -> Self {
        UnknownRule::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_patterns() {
        assert_eq!(StatusPattern::parse("429"), Some(StatusPattern::Exact(429)));
        assert_eq!(StatusPattern::parse("5xx"), Some(StatusPattern::Class(5)));
        assert_eq!(StatusPattern::parse("42x"), None);
        assert_eq!(StatusPattern::parse("6xx"), None);
        assert_eq!(StatusPattern::parse("0429"), None);
        assert_eq!(StatusPattern::parse("999"), None);
    }

    #[test]
    fn exact_beats_class_beats_default() {
        let rule = UnknownRule {
            retry: List::Owned(vec![
                (StatusPattern::Class(5), RetryClass::Backoff),
                (StatusPattern::Exact(501), RetryClass::Never),
            ]),
            default_retry: RetryClass::After,
            ..UnknownRule::DEFAULT
        };
        assert_eq!(rule.retry_for(501), RetryClass::Never);
        assert_eq!(rule.retry_for(503), RetryClass::Backoff);
        assert_eq!(rule.retry_for(404), RetryClass::After);
        assert_eq!(UnknownRule::DEFAULT.retry_for(429), RetryClass::After);
        assert_eq!(UnknownRule::DEFAULT.retry_for(400), RetryClass::Never);
    }
}
