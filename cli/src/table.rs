//! Aligned text tables for terminal output.

use crate::style::{Paint, Tone};

/// How a column's cells are aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text.
    Left,
    /// Numbers.
    Right,
}

/// A table whose columns are padded to their widest cell.
///
/// A row's last cell is never padded and never widens its column, so a row may end
/// early with a long remark (`FAIL  path  3 problems`) without stretching the table.
#[derive(Debug, Default)]
pub struct Table {
    align: Vec<Align>,
    rows: Vec<Vec<(String, Tone)>>,
}

impl Table {
    /// A table with these column alignments (missing ones are [`Align::Left`]).
    pub fn new(align: &[Align]) -> Table {
        Table { align: align.to_vec(), rows: Vec::new() }
    }

    /// Adds a row of cells with their tones.
    pub fn row(&mut self, cells: Vec<(String, Tone)>) {
        self.rows.push(cells);
    }

    /// Adds a row of unstyled cells.
    #[cfg(test)]
    pub fn plain_row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) {
        self.rows.push(cells.into_iter().map(|c| (c.into(), Tone::Plain)).collect());
    }

    /// Renders every row as a line (with a trailing newline), indented by `indent`.
    pub fn render(&self, paint: Paint, indent: &str) -> String {
        let columns = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut widths = vec![0; columns];
        for row in self.rows.iter() {
            for (i, (text, _)) in row.iter().enumerate().take(row.len().saturating_sub(1)) {
                widths[i] = widths[i].max(width(text));
            }
        }
        let mut out = String::new();
        for row in self.rows.iter() {
            let mut line = String::from(indent);
            for (i, (text, tone)) in row.iter().enumerate() {
                if i > 0 {
                    line.push_str("  ");
                }
                let last = i + 1 == row.len();
                let pad = if last { 0 } else { widths[i].saturating_sub(width(text)) };
                let right = self.align.get(i) == Some(&Align::Right);
                if right {
                    line.push_str(&" ".repeat(pad));
                }
                // Pad outside the escape codes so colors never shift the columns.
                line.push_str(&paint.paint(*tone, text));
                if !right {
                    line.push_str(&" ".repeat(pad));
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

/// Display width, counting characters (the text here is ASCII or narrow Unicode).
pub fn width(text: &str) -> usize {
    text.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_columns_and_lets_the_last_cell_overflow() {
        let mut table = Table::new(&[Align::Left, Align::Right, Align::Left]);
        table.plain_row(["a", "1", "x"]);
        table.plain_row(["long", "100", "y"]);
        table.plain_row(["b", "a very long remark"]);
        let text = table.render(Paint::plain(), "");
        assert_eq!(text, "a       1  x\nlong  100  y\nb     a very long remark\n");
    }
}
