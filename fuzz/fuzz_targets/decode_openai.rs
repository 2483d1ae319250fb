//! The generated decoder of the openai catalog against the interpreter.
#![no_main]

errtable_fuzz::decode_target!("openai");
