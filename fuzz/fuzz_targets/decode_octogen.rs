//! The generated decoder of specs/octogen.json against the interpreter.
#![no_main]

errtable_fuzz::decode_target!("octogen");
