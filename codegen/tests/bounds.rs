//! Checking a spec is linear in its size and its memory is bounded by it, for the shapes
//! that once were not: minified one-line specs with many problems (columns were counted
//! from the line's start per problem) and pointer-heavy specs (every value's pointer text
//! was stored). Held by counting allocations and peak bytes at sizes N and 4N, never by
//! a clock.

use allocation_counter::AllocationInfo;

/// A minified spec with `n` entries, one in `every` of them broken.
fn one_line(n: usize, every: usize) -> String {
    let entries: Vec<String> = (0..n)
        .map(|i| {
            let retry = if i % every == 0 { "sometimes" } else { "never" };
            format!(
                r#"{{"variant":"Error{i}","code":"error_{i}","status":[400],"retry":"{retry}","description":"Something went wrong, described at some length."}}"#
            )
        })
        .collect();
    format!(
        r#"{{"errtable":1,"name":"x","envelope":{{"code":{{"body":"/c"}}}},"errors":[{}]}}"#,
        entries.join(",")
    )
}

/// A spec whose one object type has a 64 KiB name and `n` fields, one broken in `every`.
fn pointer_heavy(n: usize, every: usize) -> String {
    let name = "K".repeat(64 * 1024);
    let fields: Vec<String> = (0..n)
        .map(|i| {
            let ty = if i % every == 0 { "float" } else { "string" };
            format!(r#""f{i}": {{"type": "{ty}"}}"#)
        })
        .collect();
    format!(
        r#"{{"errtable": 1, "name": "x", "types": {{"{name}": {{"fields": {{{}}}}}}},
            "errors": [{{"variant": "A", "code": "a", "status": [400], "retry": "never", "description": "d",
                         "fields": {{"x": {{"type": "{name}"}}}}}}]}}"#,
        fields.join(", ")
    )
}

fn check(text: &str) -> AllocationInfo {
    allocation_counter::measure(|| {
        let result = errtable_codegen::load_str("spec.json", text);
        // Render too: the diagnostics a user sees are part of the cost.
        if let Err(diagnostics) = result {
            let _ = diagnostics.to_string();
        }
    })
}

/// From `small` to `large` (with `items` times the values), allocations grow at most
/// `slack` times as fast as the values and peak memory as fast as the text.
fn assert_linear(name: &str, small: &str, large: &str, items: f64, slack: f64) {
    let (a, b) = (check(small), check(large));
    let size = large.len() as f64 / small.len() as f64;
    let count = b.count_total as f64 / a.count_total as f64;
    let peak = b.bytes_max as f64 / a.bytes_max as f64;
    assert!(
        count <= items * slack,
        "{name}: {items:.1}x the values made {count:.1}x the allocations"
    );
    assert!(peak <= size * slack, "{name}: {size:.1}x the text made {peak:.1}x the peak memory");
    // The documented bound: peak memory within 24 times the spec's size.
    let bound = 24 * large.len() as u64 + (1 << 20);
    assert!(
        b.bytes_max <= bound,
        "{name}: peak {} bytes for a {} byte spec",
        b.bytes_max,
        large.len()
    );
}

#[test]
fn minified_specs_check_in_linear_time_and_memory() {
    // Problems beyond the reported maximum are counted, not kept.
    assert_linear("one line", &one_line(2_000, 5), &one_line(8_000, 5), 4.0, 1.3);
}

#[test]
fn pointer_heavy_specs_stay_bounded() {
    assert_linear("pointer heavy", &pointer_heavy(500, 7), &pointer_heavy(2_000, 7), 4.0, 1.3);
}
