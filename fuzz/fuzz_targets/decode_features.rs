//! The generated decoder of the feature catalog (tests/specs/features.json) against the interpreter.
#![no_main]

errtable_fuzz::decode_target!("features");
