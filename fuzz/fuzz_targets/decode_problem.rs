//! The generated decoder of the problem catalog against the interpreter.
#![no_main]

errtable_fuzz::decode_target!("problem");
