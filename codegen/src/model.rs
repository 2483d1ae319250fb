//! The validated catalog every consumer reads: emission, the interpreter, the CLI and
//! the docs, never the raw file, so they agree on one meaning of a spec.
//!
//! The model is `errtable-core`'s: the same types the runtime decodes with and the
//! macro emits as a `static`, so a concept has one definition across the workspace.

pub use errtable_core::catalog::*;
pub use errtable_core::delay::DelayFormat;
pub use errtable_core::table;
pub use errtable_core::{
    Backoff, DelaySource, FieldType, Jitter, List, Pointer, RetryClass, Source, StatusPattern,
    Text, UnknownRule,
};
