//! Rust identifier rules for names that become variants, fields and types.

/// Keywords that cannot be identifiers even as raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "super", "Self", "_"];

/// Strict and reserved keywords (2024 edition): usable as fields only as `r#name`. In
/// byte order, for [`is_keyword`]'s binary search.
const KEYWORDS: &[&str] = &[
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Whether `name` is a keyword.
///
/// Called for every variant and field name: a variant name (UpperCamelCase, never a
/// keyword but `Self`) is ruled out by its first byte, the rest found by a binary search,
/// both cheap in the macro's unoptimized build where a scan of the list is not.
pub fn is_keyword(name: &str) -> bool {
    match name.as_bytes().first() {
        Some(b'a'..=b'z') => KEYWORDS.binary_search(&name).is_ok(),
        _ => name == "Self",
    }
}

/// Whether `name` is an ASCII identifier (`[A-Za-z_][A-Za-z0-9_]*`), keywords included.
fn is_ascii_ident(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether `name` can name a variant or a type without lint warnings: UpperCamelCase,
/// ASCII, not a keyword.
pub fn is_upper_camel(name: &str) -> bool {
    is_ascii_ident(name)
        && name.starts_with(|c: char| c.is_ascii_uppercase())
        && !name.contains('_')
        && !is_keyword(name)
}

/// Whether `name` can name a field: snake_case ASCII; a keyword is emitted as `r#name`.
pub fn is_snake(name: &str) -> bool {
    is_ascii_ident(name)
        && !name.chars().any(|c| c.is_ascii_uppercase())
        && !NOT_RAW.contains(&name)
        && name != "_"
}

/// `RateLimited` -> `rate_limited`, `TwoFAInvalid` -> `two_fa_invalid`.
pub fn to_snake(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev_lower =
                i > 0 && (chars[i - 1].is_ascii_lowercase() || chars[i - 1].is_ascii_digit());
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            let prev_upper = i > 0 && chars[i - 1].is_ascii_uppercase();
            if i > 0 && (prev_lower || (prev_upper && next_lower)) {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// A snake_case suggestion for a vendor field name such as `CreditsNeeded` or
/// `reset-at`.
pub fn suggest_snake(name: &str) -> String {
    let cleaned: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    let snake = to_snake(&cleaned).trim_matches('_').to_owned();
    let suggestion = match snake.chars().next() {
        Some(c) if c.is_ascii_digit() => format!("field_{snake}"),
        None => "field".to_owned(),
        _ => snake,
    };
    // `self`, `crate` and the like cannot be field names even as raw identifiers.
    if is_snake(&suggestion) { suggestion } else { format!("{suggestion}_value") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_keyword_and_nothing_else() {
        assert!(KEYWORDS.windows(2).all(|pair| pair[0] < pair[1]), "KEYWORDS must be sorted");
        for keyword in KEYWORDS {
            assert!(is_keyword(keyword), "{keyword}");
        }
        for name in ["", "_", "Async", "SELF", "r#type", "types", "a", "zz", "é", "Error"] {
            assert!(!is_keyword(name), "{name}");
        }
    }

    #[test]
    fn classifies_names() {
        assert!(is_upper_camel("RateLimited"));
        assert!(is_upper_camel("Http502"));
        assert!(!is_upper_camel("rate_limited"));
        assert!(!is_upper_camel("Rate_Limited"));
        assert!(!is_upper_camel("Self"));
        assert!(!is_upper_camel("Über"));
        assert!(!is_upper_camel("Rate-Limited"));
        assert!(is_snake("retry_after"));
        assert!(is_snake("type"));
        assert!(!is_snake("self"));
        assert!(!is_snake("CreditsNeeded"));
        assert!(!is_snake("reset-at"));
        assert!(!is_snake("_"));
    }

    #[test]
    fn converts_case() {
        assert_eq!(to_snake("RateLimited"), "rate_limited");
        assert_eq!(to_snake("TwoFARequired"), "two_fa_required");
        assert_eq!(to_snake("Http502BadGateway"), "http502_bad_gateway");
        assert_eq!(suggest_snake("CreditsNeeded"), "credits_needed");
        assert_eq!(suggest_snake("reset-at"), "reset_at");
        assert_eq!(suggest_snake("2fa"), "field_2fa");
        assert_eq!(suggest_snake("self"), "self_value");
        assert_eq!(suggest_snake("Self"), "self_value");
    }
}
