//! Any bytes as a spec: the loader and validator never panic and locate every problem.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    errtable_fuzz::load_spec(bytes);
});
