//! The generated decoder of the stripe catalog against the interpreter.
#![no_main]

errtable_fuzz::decode_target!("stripe");
