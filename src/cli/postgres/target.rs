//! Where a PostgreSQL store is: the URL read into a connection and a schema, the password
//! from the environment or the password file, and messages that never show the password.

use crate::cli::Failure;
use postgres::config::Host;
use postgres::{Client, Config, NoTls};
use std::time::Duration;

/// How long to wait for the server to answer before giving up.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Whether `--data` or `--to` names a PostgreSQL database rather than a path.
pub fn is_url(text: &str) -> bool {
    text.starts_with("postgresql://") || text.starts_with("postgres://")
}

/// A database to connect to, and the schema holding the tables.
pub struct Target {
    config: Config,
    pub(super) schema: String,
    /// The URL without its password, for messages.
    pub shown: String,
}

/// The password file's entry for this server, user and database, if any (fields
/// `host:port:database:user:password`, `*` matching anything, `\` escaping `:` and `\`).
fn pgpass_lookup(text: &str, host: &str, port: u16, db: &str, user: &str) -> Option<String> {
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => field.extend(chars.next()),
                ':' if fields.len() < 4 => fields.push(std::mem::take(&mut field)),
                c => field.push(c),
            }
        }
        fields.push(field);
        if fields.len() != 5 {
            continue;
        }
        let port = port.to_string();
        let wanted = [host, port.as_str(), db, user];
        if fields[..4]
            .iter()
            .zip(wanted)
            .all(|(f, w)| f == "*" || f == w)
        {
            return fields.pop();
        }
    }
    None
}

/// Reads a `postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?schema=NAME&…]` URL. Without a
/// password in it, `PGPASSWORD` and then the password file are used (read by the caller and
/// given here, so this function touches nothing).
pub fn target(
    url: &str,
    env_password: Option<String>,
    pgpass: Option<String>,
) -> Result<Target, Failure> {
    let (joined, schema) = split_schema(url);
    let mut config: Config = joined.parse().map_err(|e| {
        Failure::usage(format!(
            "the PostgreSQL URL could not be read ({e}); the form is postgresql://USER@HOST:PORT/DB[?schema=NAME]"
        ))
    })?;
    // Never echo the URL as given: it may hold a password.
    let shown = without_password(&config, &schema);
    check_names(&config, &schema, &shown)?;
    if config.get_password().is_none()
        && let Some(p) =
            env_password.or_else(|| pgpass.and_then(|text| from_pgpass(&config, &text)))
    {
        config.password(p);
    }
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    Ok(Target {
        config,
        schema,
        shown,
    })
}

/// The URL without its `schema=` parameter, and the schema it names (`public` by default).
fn split_schema(url: &str) -> (String, String) {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut schema = "public".to_string();
    let mut rest = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some(("schema", name)) => schema = name.to_string(),
            _ => rest.push(pair),
        }
    }
    let joined = if rest.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", rest.join("&"))
    };
    (joined, schema)
}

/// Whether `schema` is a name that needs no quoting: lower-case letters, digits and `_`, not
/// starting with a digit, at most 63 bytes.
fn valid_schema(schema: &str) -> bool {
    !schema.is_empty()
        && schema.len() <= 63
        && schema
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !schema.as_bytes()[0].is_ascii_digit()
}

/// The URL rebuilt from its parts without the password, for messages.
fn without_password(c: &Config, schema: &str) -> String {
    let host = match c.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        #[cfg(unix)]
        Some(Host::Unix(p)) => p.display().to_string(),
        None => "localhost".to_string(),
    };
    let port = c.get_ports().first().copied().unwrap_or(5432);
    format!(
        "postgresql://{}@{host}:{port}/{}?schema={schema}",
        c.get_user().unwrap_or(""),
        c.get_dbname().unwrap_or("")
    )
}

/// Refuses (exit 2) a bad schema name, and a URL without a user or a database.
fn check_names(config: &Config, schema: &str, shown: &str) -> Result<(), Failure> {
    if !valid_schema(schema) {
        return Err(Failure::usage(format!(
            "{shown}: the schema name must be lower-case letters, digits and '_'"
        )));
    }
    if config.get_user().is_none() {
        return Err(Failure::usage(format!(
            "{shown}: the URL names no user (postgresql://USER@HOST:PORT/DB)"
        )));
    }
    if config.get_dbname().is_none() {
        return Err(Failure::usage(format!(
            "{shown}: the URL names no database (postgresql://USER@HOST:PORT/DB)"
        )));
    }
    Ok(())
}

/// The password file's entry for the server, user and database of `config`.
fn from_pgpass(config: &Config, text: &str) -> Option<String> {
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        _ => "localhost".to_string(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    pgpass_lookup(
        text,
        &host,
        port,
        config.get_dbname().unwrap_or(""),
        config.get_user().unwrap_or(""),
    )
}

/// [`target`] with the password from `PGPASSWORD` or the password file (`PGPASSFILE`, else
/// `~/.pgpass`) when the URL has none.
pub fn target_from_env(url: &str) -> Result<Target, Failure> {
    let env_password = std::env::var("PGPASSWORD").ok().filter(|p| !p.is_empty());
    let file = std::env::var_os("PGPASSFILE")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".pgpass")));
    let pgpass = file.and_then(|f| std::fs::read_to_string(f).ok());
    target(url, env_password, pgpass)
}

impl Target {
    /// A failure of `what` on this database, with the server's own words when it gave any.
    pub(super) fn fail(&self, what: &str, e: &postgres::Error) -> Failure {
        let why = match e.as_db_error() {
            Some(db) => db.message().to_string(),
            None => {
                let text = e.to_string();
                let source = std::error::Error::source(e).map(ToString::to_string);
                match source {
                    Some(s) if !text.contains(&s) => format!("{text}: {s}"),
                    _ => text,
                }
            }
        };
        Failure::data(format!("{}: {what}: {why}", self.shown))
    }

    /// A failure of the SQLite copy of this database's tables.
    pub(super) fn sqlite_fail(&self, e: rusqlite::Error) -> Failure {
        Failure::data(format!("{}: {e}", self.shown))
    }

    /// Connects, saying in the failure whether the server could be reached at all.
    pub(super) fn connect(&self) -> Result<Client, Failure> {
        self.config.connect(NoTls).map_err(|e| {
            let f = self.fail("could not connect", &e);
            if e.as_db_error().is_none() {
                f.and(" (is the server running, and reachable at that host and port?)")
            } else {
                f
            }
        })
    }

    /// The quoted name of table `name` in the schema.
    pub(super) fn table(&self, name: &str) -> String {
        format!("\"{}\".\"{name}\"", self.schema)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_file_matches_fields_and_wildcards() {
        let file = "# comment\nother:5432:db:u:no\n127.0.0.1:*:chronomap:alice:se\\:cret\n";
        assert_eq!(
            pgpass_lookup(file, "127.0.0.1", 5433, "chronomap", "alice").as_deref(),
            Some("se:cret")
        );
        assert_eq!(pgpass_lookup(file, "127.0.0.1", 5433, "x", "alice"), None);
    }

    #[test]
    fn messages_show_the_url_without_its_password() {
        let t = target(
            "postgresql://alice:hunter2@db.example:5433/maps?schema=team",
            None,
            None,
        )
        .ok()
        .unwrap();
        assert_eq!(
            t.shown,
            "postgresql://alice@db.example:5433/maps?schema=team"
        );
        let bad = target(
            "postgresql://alice:hunter2@h/db?schema=Bad-Name",
            None,
            None,
        );
        let message = bad.err().unwrap().to_string();
        assert!(!message.contains("hunter2"), "{message}");
        assert!(message.contains("schema name"), "{message}");
    }
}
