//! The generated decoder of the dynamodb catalog against the interpreter.
#![no_main]

errtable_fuzz::decode_target!("dynamodb");
