//! The generated decoder of the slack catalog against the interpreter.
#![no_main]

errtable_fuzz::decode_target!("slack");
