//! The generated decoder of specs/octopost.json against the interpreter.
#![no_main]

errtable_fuzz::decode_target!("octopost");
