//! The reference interpreter alone, on the bundled catalogs and on any spec that loads.
#![no_main]

libfuzzer_sys::fuzz_target!(|input: errtable_fuzz::InterpretInput| {
    errtable_fuzz::interpret(&input);
});
