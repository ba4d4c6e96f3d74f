//! The merge join's cursor: one table's rows, ordered by debtor, with the next row read ahead
//! into a reused item.

use super::cells::cell;
use super::error::{sql_err, LoadError};
use std::cmp::Ordering;
use std::path::Path;

/// Reads one row (whose debtor id is given, for messages) into a reused item.
pub(super) type ReadInto<T> = fn(&rusqlite::Row, &[u8], &mut T, &Path) -> Result<(), LoadError>;

/// One table's ordered rows with the next one read ahead (the merge join's cursor). Rows are
/// read into reused items: after the first debtors, loading allocates nothing.
pub(super) struct Cursor<'s, 'p, T> {
    rows: rusqlite::Rows<'s>,
    path: &'p Path,
    read: ReadInto<T>,
    /// The row read ahead (valid while `ahead`) and its debtor id.
    ahead: bool,
    head_debtor: Vec<u8>,
    head: T,
    /// Items given back by the caller at each `take_for`, to read the next rows into.
    spare: Vec<T>,
}

impl<'s, 'p, T: Default> Cursor<'s, 'p, T> {
    pub(super) fn open(
        rows: rusqlite::Rows<'s>,
        path: &'p Path,
        read: ReadInto<T>,
    ) -> Result<Self, LoadError> {
        let mut cursor = Cursor {
            rows,
            path,
            read,
            ahead: false,
            head_debtor: Vec::new(),
            head: T::default(),
            spare: Vec::new(),
        };
        cursor.advance()?;
        Ok(cursor)
    }

    pub(super) fn advance(&mut self) -> Result<(), LoadError> {
        let path = self.path;
        match self.rows.next().map_err(sql_err(path))? {
            Some(row) => {
                let debtor = cell(row, 0, path)?;
                self.head_debtor.clear();
                self.head_debtor.extend_from_slice(debtor);
                (self.read)(row, debtor, &mut self.head, path)?;
                self.ahead = true;
            }
            None => self.ahead = false,
        }
        Ok(())
    }

    /// Replace `out` with every row of debtor `id`, skipping rows of debtors that sort before
    /// it (rows whose debtor does not exist). `out`'s old items are kept for reuse.
    pub(super) fn take_for(&mut self, id: &[u8], out: &mut Vec<T>) -> Result<(), LoadError> {
        self.spare.append(out);
        while self.ahead {
            match self.head_debtor.as_slice().cmp(id) {
                Ordering::Less => self.advance()?,
                Ordering::Equal => {
                    let mut item = self.spare.pop().unwrap_or_default();
                    std::mem::swap(&mut item, &mut self.head);
                    out.push(item);
                    self.advance()?;
                }
                Ordering::Greater => break,
            }
        }
        Ok(())
    }
}
