//! A generated catalog's entries as one string literal, read into [`Entry`] values on
//! first use.
//!
//! Why text: rustc checks a `const` of an entry for about 2 M instructions (its MIR
//! built, its drops qualified, its value evaluated and validated), and one literal of
//! all entries builds a drop path per element that grows with the square of their number
//! (BENCHMARKS.md, "The table as one string"). A string literal is lexed and checked
//! once, for almost nothing; reading it takes about 0.3 µs an entry, once per process.
//!
//! The format: one row per entry, rows separated by [`ROW`], columns by [`COLUMN`]: the
//! variant, the code (empty for none, `s` then the text of a string code, `i` then the
//! decimal of an integer one), the statuses (decimal, comma-separated), the retry class
//! (its spec spelling), the description, the resolution (empty for none, `+` then the
//! text), the field list (empty for none, else its index in [`Table::fields`]). An entry
//! that states more than that (aliases, conditions, delays, an operation, ...) is the row
//! [`LITERAL`] and is written as Rust, the next of [`Table::literal`]. The two
//! separators are control characters that spec validation rejects in text; [`row`]
//! refuses a text holding one all the same, so such an entry is written as Rust.
//! Every text is a slice of the literal: nothing is unescaped or copied.

use std::fmt::Write as _;

use crate::catalog::{Code, Entry, Field};
use crate::{List, RetryClass, Text};

/// Separates the columns of a row (U+001F, the unit separator).
pub const COLUMN: char = '\u{1f}';

/// Separates the rows (U+001E, the record separator).
pub const ROW: char = '\u{1e}';

/// The row of an entry written as Rust rather than as a row.
pub const LITERAL: &str = "*";

/// A generated catalog's entries: the rows, the field lists they name and the entries
/// written as Rust.
#[derive(Debug, Clone, Copy)]
pub struct Table {
    /// The rows (see the [module](self) documentation).
    pub rows: &'static str,
    /// The field lists the rows name by index.
    pub fields: &'static [&'static [Field]],
    /// The entries of the [`LITERAL`] rows, in order.
    pub literal: &'static [Entry],
}

/// The row of `entry` (without separator), its fields the list numbered `fields`; or
/// `None` when the entry states more than a row holds, or a text holds a separator.
pub fn row(entry: &Entry, fields: Option<usize>) -> Option<String> {
    // Every field named, so that one added to `Entry` must be placed here.
    let Entry {
        variant,
        code,
        aliases,
        statuses,
        when,
        status_default,
        retry,
        retry_safe,
        delay_from,
        default_delay,
        min_delay,
        description,
        resolution,
        fields: _,
        operation,
    } = entry;
    let beyond_a_row = !aliases.is_empty()
        || !when.is_empty()
        || *status_default
        || *retry_safe
        || delay_from.is_some()
        || default_delay.is_some()
        || min_delay.is_some()
        || operation.is_some();
    let code_text = match code {
        Some(Code::Str(text)) => text.as_ref(),
        _ => "",
    };
    let texts = [variant.as_ref(), code_text, description, resolution.as_deref().unwrap_or("")];
    // `<[u8]>::contains` is `memchr`, fast even in the macro's unoptimized build (a
    // `char` pattern there costs a hundred times more).
    let separator =
        |t: &&str| t.as_bytes().contains(&(COLUMN as u8)) || t.as_bytes().contains(&(ROW as u8));
    if beyond_a_row || texts.iter().any(separator) {
        return None;
    }
    let mut row = String::with_capacity(texts.iter().map(|t| t.len()).sum::<usize>() + 24);
    row.push_str(variant);
    row.push(COLUMN);
    match code {
        Some(Code::Str(text)) => {
            row.push('s');
            row.push_str(text);
        }
        Some(Code::Int(int)) => {
            let _ = write!(row, "i{int}");
        }
        None => {}
    }
    row.push(COLUMN);
    for (i, status) in statuses.iter().enumerate() {
        let _ = write!(row, "{}{status}", if i > 0 { "," } else { "" });
    }
    row.push(COLUMN);
    row.push_str(retry.as_str());
    row.push(COLUMN);
    row.push_str(description);
    row.push(COLUMN);
    if let Some(resolution) = resolution {
        row.push('+');
        row.push_str(resolution);
    }
    row.push(COLUMN);
    if let Some(fields) = fields {
        let _ = write!(row, "{fields}");
    }
    Some(row)
}

impl Table {
    /// A table of no entries.
    pub const EMPTY: Table = Table { rows: "", fields: &[], literal: &[] };

    /// The entries, in order.
    ///
    /// # Panics
    ///
    /// When the table is not rows as [`row`] writes them (it was edited by hand): the
    /// message names the row.
    pub fn entries(&self) -> Vec<Entry> {
        // No rows at all, rather than one empty row.
        let rows = (!self.rows.is_empty()).then(|| self.rows.split(ROW)).into_iter().flatten();
        let mut literal = self.literal.iter();
        let entries = rows.enumerate().map(|(number, row)| {
            let entry = if row == LITERAL { literal.next().cloned() } else { self.read(row) };
            entry.unwrap_or_else(|| malformed(number, row))
        });
        let entries: Vec<Entry> = entries.collect();
        if literal.next().is_some() {
            malformed(entries.len(), "(more entries written as Rust than `*` rows)");
        }
        entries
    }

    fn read(&self, row: &'static str) -> Option<Entry> {
        let mut columns = row.split(COLUMN);
        let mut column = || columns.next();
        let variant = column()?;
        let code = match column()? {
            "" => None,
            code => match (code.strip_prefix('s'), code.strip_prefix('i')) {
                (Some(text), _) => Some(Code::Str(Text::Borrowed(text))),
                (_, Some(int)) => Some(Code::Int(int.parse().ok()?)),
                _ => return None,
            },
        };
        let statuses = match column()? {
            "" => Vec::new(),
            list => list.split(',').map(|s| s.parse().ok()).collect::<Option<_>>()?,
        };
        let retry = RetryClass::parse(column()?)?;
        let description = column()?;
        let resolution = match column()? {
            "" => None,
            text => Some(Text::Borrowed(text.strip_prefix('+')?)),
        };
        let fields: &'static [Field] = match column()? {
            "" => &[],
            index => self.fields.get(index.parse::<usize>().ok()?)?,
        };
        if column().is_some() {
            return None;
        }
        Some(Entry {
            variant: Text::Borrowed(variant),
            code,
            statuses: List::Owned(statuses),
            retry,
            description: Text::Borrowed(description),
            resolution,
            fields: List::Borrowed(fields),
            ..Entry::DEFAULTS
        })
    }
}

#[cold]
fn malformed(number: usize, row: &str) -> ! {
    panic!(
        "errtable: row {number} of a generated catalog's table is not one the macro writes \
         ({row:?}); regenerate the code instead of editing it"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FieldType, Source};

    const LIMIT: &[Source] = &[Source::body("/details/limit")];
    static FIELDS: [Field; 1] = [Field {
        name: Text::Borrowed("limit"),
        rust_name: Text::Borrowed("limit"),
        ty: FieldType::Integer,
        from: List::Borrowed(LIMIT),
        description: None,
    }];
    static FIELD_LISTS: [&[Field]; 1] = [&FIELDS];
    static LITERAL_ENTRIES: [Entry; 1] = [Entry {
        variant: Text::Borrowed("Old"),
        aliases: List::Borrowed(&[Code::Int(7)]),
        ..Entry::DEFAULTS
    }];

    fn entry(variant: &str, code: Option<Code>, resolution: Option<&str>) -> Entry {
        Entry {
            variant: Text::Owned(variant.to_owned()),
            code,
            statuses: List::Owned(vec![400, 429]),
            retry: RetryClass::After,
            description: Text::Owned("Too many.\nWait\t(a while)".to_owned()),
            resolution: resolution.map(|r| Text::Owned(r.to_owned())),
            ..Entry::DEFAULTS
        }
    }

    /// The rows of `entries` as the macro writes them, and the table reading them.
    fn written(entries: &[(Entry, Option<usize>)]) -> String {
        let rows: Vec<String> = entries
            .iter()
            .map(|(e, fields)| row(e, *fields).unwrap_or_else(|| LITERAL.to_owned()))
            .collect();
        rows.join(&ROW.to_string())
    }

    fn read(rows: String) -> Vec<Entry> {
        let rows: &'static str = Box::leak(rows.into_boxed_str());
        Table { rows, fields: &FIELD_LISTS, literal: &LITERAL_ENTRIES }.entries()
    }

    #[test]
    fn every_column_reads_back() {
        let mut with_fields = entry("Limited", Some(Code::Str("rate_limited".into())), Some(""));
        with_fields.fields = List::Borrowed(&FIELDS);
        let entries = vec![
            (entry("A", Some(Code::Str("".into())), None), None),
            (entry("B", Some(Code::Int(-42)), Some("Retry later.")), None),
            (entry("C", None, None), None),
            (LITERAL_ENTRIES[0].clone(), None),
            (with_fields.clone(), Some(0)),
        ];
        let expected: Vec<Entry> = entries.iter().map(|(e, _)| e.clone()).collect();
        assert_eq!(read(written(&entries)), expected);
    }

    #[test]
    fn an_entry_beyond_a_row_or_holding_a_separator_has_none() {
        assert_eq!(row(&LITERAL_ENTRIES[0], None), None);
        let mut separator = entry("A", None, None);
        separator.description = Text::Borrowed("a\u{1f}b");
        assert_eq!(row(&separator, None), None);
        separator.description = Text::Borrowed("a\u{1e}b");
        assert_eq!(row(&separator, None), None);
        assert!(row(&entry("A", None, None), None).is_some());
    }

    #[test]
    fn an_empty_table_has_no_entries() {
        assert!(Table::EMPTY.entries().is_empty());
    }

    #[test]
    fn a_table_edited_by_hand_panics_naming_the_row() {
        for rows in [
            "A\u{1f}\u{1f}400\u{1f}sometimes\u{1f}d\u{1f}\u{1f}",
            "A\u{1f}x\u{1f}400\u{1f}never\u{1f}d\u{1f}\u{1f}",
            "A\u{1f}\u{1f}400\u{1f}never\u{1f}d\u{1f}\u{1f}5",
            "A\u{1f}\u{1f}400\u{1f}never",
            "*\u{1e}*",
        ] {
            let table = Table { rows, fields: &FIELD_LISTS, literal: &LITERAL_ENTRIES };
            let panic = std::panic::catch_unwind(|| table.entries()).unwrap_err();
            let message = panic.downcast_ref::<String>().unwrap();
            assert!(message.contains("regenerate"), "{message}");
        }
        let no_rows = Table { literal: &LITERAL_ENTRIES, ..Table::EMPTY };
        assert!(std::panic::catch_unwind(|| no_rows.entries()).is_err());
        let unused = Table { rows: "A\u{1f}\u{1f}\u{1f}never\u{1f}d\u{1f}\u{1f}", ..Table::EMPTY };
        assert_eq!(unused.entries()[0].variant, "A");
        let left_over = Table { literal: &LITERAL_ENTRIES, ..unused };
        assert!(std::panic::catch_unwind(|| left_over.entries()).is_err());
    }
}
