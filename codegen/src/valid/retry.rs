//! Retry settings (server delays, the backoff policy, transport failures) and the
//! fallback's rule for undocumented codes.

use std::time::Duration;

use errtable_core::{
    Backoff, Jitter, List, RetryClass, RetryOverride, RetrySettings, StatusPattern, Text,
    UnknownRule,
};

use super::{shape, sources, text};
use crate::ast::{self, Lenient};
use crate::diag::{Collector, Ptr};
use crate::ident;

/// A retry class as written.
pub(super) fn class(cx: &mut Collector, at: &Ptr, name: &ast::RetryName) -> Option<RetryClass> {
    let class = RetryClass::parse(&name.0);
    if class.is_none() {
        cx.error(
            at,
            format!("unknown retry class `{}`", name.0),
            "use one of `never`, `backoff`, `after` or `reauth`",
        );
    }
    class
}

/// The `retry` section.
pub(super) fn settings(
    cx: &mut Collector,
    retry: Option<&Lenient<ast::RetrySettings>>,
) -> Option<RetrySettings> {
    let at = Ptr::ROOT.key("retry");
    let default = ast::RetrySettings::default();
    let retry = match retry {
        Some(r) => shape::section(cx, &at, r, r#"an object like {"backoff": {...}}"#)?,
        None => &default,
    };
    let delay_from = match &retry.delay_from {
        Some(d) => sources::delay_sources(cx, &at.key("delay_from"), d).map(List::from),
        None => Some(List::Borrowed(RetrySettings::DEFAULT_DELAY_FROM)),
    };
    let backoff = match &retry.backoff {
        Some(b) => backoff(cx, &at.key("backoff"), b).map(|(b, d)| (b, true, d)),
        None => Some((Backoff::DEFAULT, false, None)),
    };
    let transport = match &retry.transport {
        None => Some(RetryClass::Backoff),
        Some(name) => transport(cx, &at.key("transport"), name),
    };
    let overrides_at = at.key("overrides");
    let overrides: Vec<Option<RetryOverride>> = retry
        .overrides
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let at = overrides_at.index(i);
            let header = sources::header(cx, &at.key("header"), &o.header);
            let retry = class(cx, &at.key("retry"), &o.retry);
            Some(RetryOverride { header: header?, equals: text(o.equals.trim()), retry: retry? })
        })
        .collect();
    let overrides: Option<Vec<RetryOverride>> = overrides.into_iter().collect();
    let (backoff, backoff_stated, backoff_description) = backoff?;
    Some(RetrySettings {
        delay_from: delay_from?,
        backoff,
        backoff_stated,
        backoff_description,
        transport: transport?,
        overrides: overrides?.into(),
    })
}

fn transport(cx: &mut Collector, at: &Ptr, name: &ast::RetryName) -> Option<RetryClass> {
    match class(cx, at, name)? {
        class @ (RetryClass::Never | RetryClass::Backoff) => Some(class),
        other => {
            cx.error(
                at,
                format!("transport failures cannot be retried as `{other}`"),
                "a request that got no response has no server delay and no session state: use \
                 `never` or `backoff`",
            );
            None
        }
    }
}

fn backoff(cx: &mut Collector, at: &Ptr, b: &ast::Backoff) -> Option<(Backoff, Option<Text>)> {
    let checkpoint = cx.checkpoint();
    if !(b.factor >= 1.0 && b.factor.is_finite()) {
        cx.error(
            &at.key("factor"),
            format!("backoff factor must be at least 1, found {}", b.factor),
            "use the vendor's multiplier, e.g. 2 to double each delay; 1 keeps it constant",
        );
    }
    if b.max_delay_ms < b.initial_delay_ms {
        cx.error(
            &at.key("max_delay_ms"),
            format!(
                "backoff cap {} ms is below the initial delay {} ms",
                b.max_delay_ms, b.initial_delay_ms
            ),
            "raise `max_delay_ms` to at least `initial_delay_ms`",
        );
    }
    if b.max_attempts == 0 {
        cx.error(
            &at.key("max_attempts"),
            "`max_attempts` is 0",
            "count the first attempt too: 1 means no retries",
        );
    }
    let jitter = match b.jitter.as_deref() {
        None => Some(Jitter::None),
        Some(name) => Jitter::parse(name).or_else(|| {
            cx.error(
                &at.key("jitter"),
                format!("unknown jitter `{name}`"),
                "use `none`, `full` or `equal`",
            );
            None
        }),
    };
    let backoff = Backoff::new(
        Duration::from_millis(b.initial_delay_ms),
        b.factor,
        Duration::from_millis(b.max_delay_ms),
        b.max_attempts,
        jitter?,
    );
    cx.clean_since(checkpoint).then(|| (backoff, b.description.as_deref().map(text)))
}

/// The `unknown` section: the fallback's name and its retry class by status.
pub(super) fn unknown(
    cx: &mut Collector,
    unknown: Option<&Lenient<ast::Unknown>>,
) -> Option<UnknownRule> {
    let at = Ptr::ROOT.key("unknown");
    let default = ast::Unknown::default();
    let unknown = match unknown {
        Some(u) => shape::section(cx, &at, u, r#"an object like {"variant": "Unknown"}"#)?,
        None => &default,
    };
    let variant = unknown.variant.as_deref().unwrap_or(UnknownRule::DEFAULT_VARIANT);
    let variant = variant_name(cx, &at.key("variant"), variant);
    let Some(table) = &unknown.retry else {
        return Some(UnknownRule { variant: variant?, ..UnknownRule::DEFAULT });
    };
    let table_at = at.key("retry");
    let mut retry = Vec::new();
    let mut default_retry = Some(RetryClass::Never);
    for (key, name) in &table.0 {
        let entry_at = table_at.key(key);
        // Both the key and the class are checked, whichever is wrong.
        let class = class(cx, &entry_at, name);
        if key == "default" {
            default_retry = default_retry.and(class);
            continue;
        }
        match StatusPattern::parse(key) {
            Some(pattern) => retry.push(class.map(|class| (pattern, class))),
            None => {
                cx.error_at_key(
                    &entry_at,
                    format!("`{key}` is not a status pattern"),
                    r#"use a status like "429", a class like "5xx", or "default""#,
                );
                retry.push(None);
            }
        }
    }
    let retry: Option<Vec<_>> = retry.into_iter().collect();
    Some(UnknownRule { variant: variant?, retry: retry?.into(), default_retry: default_retry? })
}

/// A variant name's spelling: UpperCamelCase, ASCII, not a keyword.
pub(super) fn variant_name(cx: &mut Collector, at: &Ptr, name: &str) -> Option<Text> {
    if ident::is_upper_camel(name) {
        return Some(text(name));
    }
    cx.error(
        at,
        format!("variant name `{name}` is not an UpperCamelCase Rust identifier"),
        "use ASCII letters and digits starting with an uppercase letter, e.g. \"RateLimited\"",
    );
    None
}
