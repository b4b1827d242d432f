//! PostgreSQL + PostGIS as a data store: `export --to postgresql://…` writes the dataset into
//! tables in one transaction, and `--data postgresql://…` reads it back.
//!
//! The client is the `postgres` crate (the blocking face of `tokio-postgres`): maintained,
//! pure Rust (no libpq to install), and chronomap makes a handful of queries in a row, so a
//! blocking client with no async code of our own is all it needs. Credentials come from the
//! URL, `PGPASSWORD` or the password file (`PGPASSFILE`, else `~/.pgpass`), and are never
//! printed: every message shows the URL rebuilt without its password.
//!
//! Reading goes through the GeoPackage reader: the rows of the `sites`, `events` and
//! `sources` tables are copied into an in-memory SQLite database of the same shape, so that
//! the same checks run with the same messages (naming the table, row and column).

mod read;
mod target;
mod write;

pub use read::read_tables;
pub use target::{is_url, target_from_env};
pub use write::export;
