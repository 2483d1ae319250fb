//! The generated decoder of the github catalog against the interpreter.
#![no_main]

errtable_fuzz::decode_target!("github");
