//! The generated decoder of specs/octeth.json against the interpreter.
#![no_main]

errtable_fuzz::decode_target!("octeth");
