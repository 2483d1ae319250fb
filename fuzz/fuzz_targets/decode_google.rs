//! The generated decoder of the google catalog against the interpreter.
#![no_main]

errtable_fuzz::decode_target!("google");
