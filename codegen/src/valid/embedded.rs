//! Errors inside responses whose status is below 400.

use std::collections::HashMap;

use errtable_core::{EmbeddedRule, Scalar};

use super::{all, shape, sources, text};
use crate::ast::{self, Lenient};
use crate::diag::{Collector, Ptr};
use crate::json::{self, Json, Number};

const EXAMPLE: &str = r#"a rule like {"name": "failure", "when": {"pointer": "/Success", "equals": false}, "code": {"body": "/ErrorCode"}}"#;

/// Every embedded rule.
pub(super) fn rules(
    cx: &mut Collector,
    rules: Option<&Lenient<Vec<Lenient<ast::EmbeddedRule>>>>,
) -> Option<Vec<EmbeddedRule>> {
    let Some(rules) = rules else { return Some(Vec::new()) };
    let list_at = Ptr::ROOT.key("embedded");
    let rules = shape::section(cx, &list_at, rules, "a list of rules")?;
    let mut names: HashMap<&str, usize> = HashMap::new();
    let lowered = rules
        .iter()
        .enumerate()
        .map(|(i, rule)| {
            let at = list_at.index(i);
            let rule = shape::section(cx, &at, rule, EXAMPLE)?;
            if let Some(&first) = names.get(rule.name.as_str()) {
                cx.error_with_other(
                    &at.key("name"),
                    format!("duplicate embedded rule name `{}`", rule.name),
                    "first used by the rule",
                    list_at.index(first).text(),
                    "give every rule its own name",
                );
            } else {
                names.insert(&rule.name, i);
            }
            lower(cx, &at, rule)
        })
        .collect();
    all(lowered)
}

fn lower(cx: &mut Collector, at: &Ptr, rule: &ast::EmbeddedRule) -> Option<EmbeddedRule> {
    let when_at = at.key("when");
    let when = sources::pointer(cx, &when_at.key("pointer"), &rule.when.pointer);
    let equals = scalar(&rule.when.equals);
    if equals.is_none() {
        cx.error(
            &when_at.key("equals"),
            "`equals` must be a JSON scalar",
            "compare with a boolean, number, string or null, e.g. \"equals\": false",
        );
    }
    let parts = sources::Parts {
        items: rule.items.as_deref(),
        code: &rule.code,
        normalize: rule.normalize.as_deref(),
        message: &rule.message,
        request_id: &rule.request_id,
    };
    let envelope = sources::envelope(cx, at, parts);
    Some(EmbeddedRule {
        name: text(&rule.name),
        description: rule.description.as_deref().map(text),
        when: when?,
        equals: equals?,
        envelope: envelope?,
    })
}

/// A JSON scalar; `None` for arrays and objects. A number is an integer when it reads
/// as one that fits an `i64` (`1.0` included, see [`json::number`]), else a float.
pub(super) fn scalar(value: &Json) -> Option<Scalar> {
    Some(match value {
        Json::Null => Scalar::Null,
        Json::Bool(b) => Scalar::Bool(*b),
        Json::Number(n) => match json::number(n) {
            Number::Unsigned(u) => i64::try_from(u).map_or(Scalar::Float(u as f64), Scalar::Int),
            Number::Signed(i) => Scalar::Int(i),
            Number::Float(f) if f.is_finite() => Scalar::Float(f),
            Number::Float(_) => return None,
        },
        Json::String(s) => Scalar::Str(text(s)),
        Json::Array(_) | Json::Object(_) => return None,
    })
}
