//! The generated decoder of specs/catalog.json against the interpreter.
#![no_main]

errtable_fuzz::decode_target!("catalog");
