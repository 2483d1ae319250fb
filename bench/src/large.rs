//! The large bodies of the memory scenarios: many codes sharing one message, many codes
//! with a message each, and bulk bodies with many failed items.

use crate::leak;

/// An Octeth failure with `codes` codes (cycling through documented and undocumented
/// ones) sharing one message of `message_bytes` bytes.
pub fn octeth_shared_message(codes: usize, message_bytes: usize) -> &'static [u8] {
    let message: String =
        "The request could not be processed. ".chars().cycle().take(message_bytes).collect();
    format_octeth(codes, &format!("\"{message}\""))
}

/// An Octeth failure with `codes` codes and one message of `message_bytes` bytes each.
pub fn octeth_message_each(codes: usize, message_bytes: usize) -> &'static [u8] {
    let message: String = "Missing field. ".chars().cycle().take(message_bytes).collect();
    let texts: Vec<String> = (0..codes).map(|_| format!("\"{message}\"")).collect();
    format_octeth(codes, &format!("[{}]", texts.join(",")))
}

fn format_octeth(codes: usize, text: &str) -> &'static [u8] {
    const CODES: [u32; 6] = [1, 2, 10, 11, 404, 77];
    let codes: Vec<String> = (0..codes).map(|i| CODES[i % CODES.len()].to_string()).collect();
    let json =
        format!(r#"{{"Success":false,"ErrorCode":[{}],"ErrorText":{text}}}"#, codes.join(","));
    leak(json.into_bytes())
}
