//! What the two SQLite files, the portfolio and the plan store, share: an ordered list of
//! migrations applied in place, each in its own transaction, and the schema version recorded
//! in the file. Knows no table of either; each store names its errors with its own path.

use rusqlite::Connection;

/// Why a file could not be brought to the current schema.
#[derive(Debug)]
pub enum MigrateError {
    /// Reading or creating the version table failed.
    Sqlite(rusqlite::Error),
    /// The file was written by a newer strat (its version is past the migrations known).
    Newer { found: u32, known: u32 },
    /// Migration to `version` failed; the file keeps the version before it.
    Step {
        version: u32,
        source: rusqlite::Error,
    },
}

/// The version recorded in the file: 0 for a new file (or one written before versions were
/// recorded).
pub fn schema_version(conn: &Connection) -> rusqlite::Result<u32> {
    let version: Option<u32> =
        conn.query_row("SELECT MAX(version) FROM schema_version", [], |r| r.get(0))?;
    Ok(version.unwrap_or(0))
}

/// Apply every migration the file has not seen: migration `i` (0-based) takes the file from
/// version `i` to `i + 1`.
pub fn migrate(conn: &mut Connection, migrations: &[&str]) -> Result<(), MigrateError> {
    conn.execute_batch("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        .map_err(MigrateError::Sqlite)?;
    let found = schema_version(conn).map_err(MigrateError::Sqlite)?;
    let known = u32::try_from(migrations.len()).unwrap_or(u32::MAX);
    if found > known {
        return Err(MigrateError::Newer { found, known });
    }
    for (version, sql) in (1..).zip(migrations).skip(found as usize) {
        let step = |source| MigrateError::Step { version, source };
        let tx = conn.transaction().map_err(step)?;
        tx.execute_batch(sql).map_err(step)?;
        tx.execute("DELETE FROM schema_version", []).map_err(step)?;
        tx.execute(
            "INSERT INTO schema_version (version) VALUES (?1)",
            [version],
        )
        .map_err(step)?;
        tx.commit().map_err(step)?;
    }
    Ok(())
}
