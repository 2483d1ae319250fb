//! The generated decoder of the jsonapi catalog against the interpreter.
#![no_main]

errtable_fuzz::decode_target!("jsonapi");
