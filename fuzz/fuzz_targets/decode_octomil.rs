//! The generated decoder of specs/octomil.json against the interpreter.
#![no_main]

errtable_fuzz::decode_target!("octomil");
