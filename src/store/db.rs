//! The SQLite file: where it lives, how it opens, migrates, writes and reads.
//!
//! Promises (each has a test in `tests/store*.rs`):
//! - every write is one `BEGIN IMMEDIATE` transaction, committed with `synchronous=FULL` in WAL
//!   mode, so an entry that [`Store::record_cramp`] returned survives the process being killed;
//! - two limbers writing at once both land (busy timeout, and migrations re-check the version
//!   inside their own write transaction);
//! - a corrupt or foreign file is renamed aside with a timestamp, never deleted, and a new diary
//!   is started; [`Store::set_aside`] says what happened so the caller can tell the user;
//! - a read-only place or a full disk is a [`StoreError`] with a message for people, never a panic;
//! - a deleted cramp is only marked deleted: every read leaves it out until it is restored.

use limber_core::routine::text::shown_path;
use std::cell::Cell;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use jiff::civil::{Date, DateTime};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior, params};

use limber_core::diary::model::{Cramp, NewCramp, NewSession, Outcome, Session};

/// The file name inside the data folder.
pub const DB_FILE: &str = "limber.db";

/// `PRAGMA application_id` of a limber diary: "LMBR".
pub const APPLICATION_ID: i32 = 0x4c4d_4252;

/// How long a write waits for another limber holding the lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Schema migrations; `user_version` is the number applied. Never edit one that shipped:
/// add the next.
const MIGRATIONS: &[&str] = &[
    // 1: sessions and cramps.
    "CREATE TABLE sessions (
        id            INTEGER PRIMARY KEY,
        routine_id    TEXT NOT NULL,
        title         TEXT NOT NULL,
        started_at    TEXT NOT NULL,          -- local wall clock, YYYY-MM-DDTHH:MM:SS
        ended_at      TEXT NOT NULL,
        outcome       TEXT NOT NULL CHECK (outcome IN ('completed', 'stopped')),
        steps_done    INTEGER NOT NULL CHECK (steps_done >= 0),
        steps_skipped INTEGER NOT NULL CHECK (steps_skipped >= 0),
        params        TEXT NOT NULL DEFAULT 'null', -- JSON
        recorded_at   TEXT NOT NULL           -- UTC instant of the write
    );
    CREATE INDEX sessions_started ON sessions (started_at);
    CREATE TABLE cramps (
        id          INTEGER PRIMARY KEY,
        at          TEXT NOT NULL,            -- local wall clock, YYYY-MM-DDTHH:MM:SS
        situation   TEXT CHECK (situation IN ('night', 'at-rest', 'after-exertion')),
        place       TEXT NOT NULL,
        side        TEXT NOT NULL,
        strength    TEXT NOT NULL,
        lasted_s    INTEGER CHECK (lasted_s >= 0),
        helped      TEXT NOT NULL DEFAULT '',
        note        TEXT NOT NULL DEFAULT '',
        session_id  INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
        recorded_at TEXT NOT NULL
    );
    CREATE INDEX cramps_at ON cramps (at);",
    // 2: a deleted cramp is kept, marked with when it was deleted (UTC), until restored.
    "ALTER TABLE cramps ADD COLUMN deleted_at TEXT;",
    // 3: a run that rehearsed first aid with no cramp (`--practice`), counted apart.
    "ALTER TABLE sessions ADD COLUMN practice INTEGER NOT NULL DEFAULT 0 CHECK (practice IN (0, 1));",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// What went wrong with the diary, worded for the person at the keyboard.
#[derive(Debug)]
pub enum StoreError {
    /// No home folder to put the diary in.
    NoDataDir,
    /// The data folder could not be made.
    CreateDir { dir: PathBuf, source: io::Error },
    /// The file or its folder cannot be written.
    ReadOnly { path: PathBuf },
    /// The disk (or the file's size limit) is full.
    Full { path: PathBuf },
    /// Another program held the diary locked for too long.
    Busy { path: PathBuf },
    /// The file was made by a newer limber.
    Newer { path: PathBuf, version: i64 },
    /// The file went bad while open (it will be set aside at the next start).
    Corrupt { path: PathBuf },
    /// A bad file could not be renamed aside, so nothing was touched.
    SetAsideFailed { path: PathBuf, source: io::Error },
    /// A stored value could not be read back.
    BadRecord { path: PathBuf, what: String },
    /// Something other than a regular file (a folder, a pipe, a link to nothing) is at the
    /// diary's path: it is never opened, read or moved.
    NotAFile { path: PathBuf, what: &'static str },
    /// The diary's folder is something else (a file, a link to nothing) or lies inside a file.
    NotAFolder { dir: PathBuf, what: &'static str },
    /// A command that only reads found a file that is not a usable diary; it changed nothing.
    Unreadable { path: PathBuf, why: Unusable },
    /// Anything else SQLite reports.
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::NoDataDir => write!(
                f,
                "cannot find a home folder for the diary; choose one with --data DIR or LIMBER_DATA"
            ),
            StoreError::CreateDir { dir, source } => write!(
                f,
                "cannot make the diary folder {}: {}; choose another with --data DIR or LIMBER_DATA",
                shown_path(dir),
                match source.kind() {
                    io::ErrorKind::AlreadyExists | io::ErrorKind::NotADirectory =>
                        "a file is in the way (--data names a folder, not a file)".to_owned(),
                    // Rust's " (os error N)" means nothing to a person.
                    _ => source
                        .to_string()
                        .split(" (os error")
                        .next()
                        .unwrap_or("")
                        .to_owned(),
                }
            ),
            StoreError::ReadOnly { path } => write!(
                f,
                "the diary at {} cannot be written (read-only disk or folder); nothing was saved. \
                 Choose a writable folder with --data DIR or LIMBER_DATA",
                shown_path(path)
            ),
            StoreError::Full { path } => write!(
                f,
                "the disk holding the diary at {} is full; nothing was saved. Free some space and try again",
                shown_path(path)
            ),
            StoreError::Busy { path } => write!(
                f,
                "the diary at {} stayed locked by another program for {}s; nothing was saved. Try again",
                shown_path(path),
                BUSY_TIMEOUT.as_secs()
            ),
            StoreError::Newer { path, version } => write!(
                f,
                "the diary at {} was made by a newer limber (schema {version}, this one knows {SCHEMA_VERSION}); \
                 update limber, or use another folder with --data DIR",
                shown_path(path)
            ),
            StoreError::Corrupt { path } => write!(
                f,
                "the diary at {} is damaged; nothing was saved. limber will set it aside and start a new one next time",
                shown_path(path)
            ),
            StoreError::SetAsideFailed { path, source } => write!(
                f,
                "the file at {} is not a usable diary and could not be renamed aside ({source}); \
                 it was left as it is. Move it yourself or use --data DIR",
                shown_path(path)
            ),
            StoreError::BadRecord { path, what } => {
                write!(f, "the diary at {} holds {what}", shown_path(path))
            }
            StoreError::NotAFile { path, what } => write!(
                f,
                "the diary's path {} is {what}, not a file; nothing was read or saved. \
                 Move it away, or use another folder with --data DIR",
                shown_path(path)
            ),
            StoreError::NotAFolder { dir, what } => write!(
                f,
                "the diary's folder {} cannot be used: {what}; nothing was read or saved. \
                 Use another folder with --data DIR or LIMBER_DATA",
                shown_path(dir)
            ),
            StoreError::Unreadable { path, why } => write!(
                f,
                "the file at {} {}; nothing was changed. `limber log` will keep it under \
                 another name and start a new diary",
                shown_path(path),
                why.what()
            ),
            StoreError::Sqlite { path, source } => {
                write!(f, "the diary at {} failed: {source}", shown_path(path))
            }
        }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::CreateDir { source, .. } | StoreError::SetAsideFailed { source, .. } => {
                Some(source)
            }
            StoreError::Sqlite { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl StoreError {
    fn from_sqlite(path: &Path, e: rusqlite::Error) -> StoreError {
        let path = path.to_path_buf();
        match e.sqlite_error_code() {
            Some(ErrorCode::ReadOnly | ErrorCode::PermissionDenied | ErrorCode::CannotOpen) => {
                StoreError::ReadOnly { path }
            }
            Some(ErrorCode::DiskFull) => StoreError::Full { path },
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy { path },
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
                StoreError::Corrupt { path }
            }
            _ => StoreError::Sqlite { path, source: e },
        }
    }
}

/// Why a file was set aside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unusable {
    /// Not SQLite, or damaged.
    Corrupt,
    /// A healthy SQLite file that is not a limber diary.
    Foreign,
}

impl Unusable {
    fn what(self) -> &'static str {
        match self {
            Unusable::Corrupt => "is damaged or not a database",
            Unusable::Foreign => "belongs to another program",
        }
    }

    fn word(self) -> &'static str {
        match self {
            Unusable::Corrupt => "corrupt",
            Unusable::Foreign => "foreign",
        }
    }
}

/// A file that was found at the diary's path and renamed aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetAside {
    pub why: Unusable,
    pub from: PathBuf,
    pub to: PathBuf,
}

impl fmt::Display for SetAside {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.why {
            Unusable::Corrupt => "was damaged or not a database",
            Unusable::Foreign => "belongs to another program",
        };
        write!(
            f,
            "the file at {} {what}; it was kept as {} and a new diary was started",
            shown_path(&self.from),
            shown_path(&self.to)
        )
    }
}

/// Where the diary lives: `--data DIR`, else `LIMBER_DATA`, else the platform's data folder
/// (`~/.local/share/limber` on Linux).
pub fn data_dir(flag: Option<&Path>) -> Result<PathBuf, StoreError> {
    if let Some(dir) = flag {
        return Ok(dir.to_path_buf());
    }
    if let Some(dir) = std::env::var_os("LIMBER_DATA").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "limber")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or(StoreError::NoDataDir)
}

/// An open diary.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    set_aside: Option<SetAside>,
    /// Rows the last reads left out because they could not be read back.
    skipped: Cell<usize>,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

enum OpenFail {
    /// Judged not a usable diary; the file that was judged, to rename only that one.
    Unusable(Unusable, Option<FileId>),
    Error(StoreError),
}

/// Which file a path named when it was judged (device and inode), so a bad file is renamed
/// aside only if it is still the one at the path, never a new diary another limber made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileId {
    dev: u64,
    ino: u64,
}

impl FileId {
    fn of(meta: &std::fs::Metadata) -> FileId {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            FileId {
                dev: meta.dev(),
                ino: meta.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            FileId { dev: 0, ino: 0 }
        }
    }
}

/// How many times opening retries after a bad file was set aside (by this or another limber).
const OPEN_ATTEMPTS: usize = 4;

impl Store {
    /// Open (or start) the diary in `dir`, making the folder if needed.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        if let Some(what) = folder_in_the_way(dir) {
            return Err(StoreError::NotAFolder {
                dir: dir.to_path_buf(),
                what,
            });
        }
        std::fs::create_dir_all(dir).map_err(|source| match source.kind() {
            io::ErrorKind::ReadOnlyFilesystem | io::ErrorKind::PermissionDenied => {
                StoreError::ReadOnly {
                    path: dir.to_path_buf(),
                }
            }
            _ => StoreError::CreateDir {
                dir: dir.to_path_buf(),
                source,
            },
        })?;
        Store::open_file(&dir.join(DB_FILE))
    }

    /// Open the diary in `dir` to read only: never created, migrated, set aside or waited on
    /// behind a writer (WAL lets readers in). `None` when there is no diary yet.
    pub(crate) fn open_read_only(dir: &Path) -> Result<Option<Store>, StoreError> {
        if let Some(what) = folder_in_the_way(dir) {
            return Err(StoreError::NotAFolder {
                dir: dir.to_path_buf(),
                what,
            });
        }
        let path = dir.join(DB_FILE);
        if check_regular(&path)?.is_none() {
            return Ok(None);
        }
        let conn = match try_open(&path, Mode::Read) {
            Ok(conn) => conn,
            Err(OpenFail::Error(e)) => return Err(e),
            Err(OpenFail::Unusable(why, _)) => return Err(StoreError::Unreadable { path, why }),
        };
        Ok(Some(Store {
            conn,
            path,
            set_aside: None,
            skipped: Cell::new(0),
        }))
    }

    /// Open (or start) the diary at exactly `path`.
    pub(crate) fn open_file(path: &Path) -> Result<Store, StoreError> {
        let store = |conn, set_aside| Store {
            conn,
            path: path.to_path_buf(),
            set_aside,
            skipped: Cell::new(0),
        };
        let mut aside = None;
        for _ in 0..OPEN_ATTEMPTS {
            match try_open(path, Mode::Write) {
                Ok(conn) => return Ok(store(conn, aside)),
                Err(OpenFail::Error(e)) => return Err(e),
                Err(OpenFail::Unusable(why, judged)) => {
                    // `None`: another limber moved it first; open what is there now.
                    if let Some(to) = set_aside(path, why, judged)? {
                        aside = Some(SetAside {
                            why,
                            from: path.to_path_buf(),
                            to,
                        });
                    }
                }
            }
        }
        Err(StoreError::Corrupt {
            path: path.to_path_buf(),
        })
    }

    /// How many rows the reads so far left out because they could not be read back (a hand
    /// edit, a value from a newer limber): tell the user, the rest is still shown.
    pub(crate) fn skipped_rows(&self) -> usize {
        self.skipped.get()
    }

    /// If a bad file was found and renamed aside while opening, what happened (tell the user).
    pub fn set_aside(&self) -> Option<&SetAside> {
        self.set_aside.as_ref()
    }

    /// Write one cramp entry; returns its id once it is on disk.
    pub fn record_cramp(&mut self, c: &NewCramp) -> Result<i64, StoreError> {
        let lasted = c
            .lasted
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        let path = self.path.clone();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO cramps (at, situation, place, side, strength, lasted_s, helped, note,
                                     session_id, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    fmt_dt(c.at),
                    c.situation.map(|s| s.word()),
                    c.place.word(),
                    c.side.word(),
                    c.strength.word(),
                    lasted,
                    c.helped,
                    c.note,
                    c.session,
                    now_utc(),
                ],
            )
            .map_err(|e| StoreError::from_sqlite(&path, e))?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// Write one played session; returns its id once it is on disk.
    pub fn record_session(&mut self, s: &NewSession) -> Result<i64, StoreError> {
        let path = self.path.clone();
        let params_json = serde_json::to_string(&s.params).unwrap_or_else(|_| "null".to_owned());
        self.write(|tx| {
            tx.execute(
                "INSERT INTO sessions (routine_id, title, started_at, ended_at, outcome,
                                       steps_done, steps_skipped, params, recorded_at, practice)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    s.routine_id,
                    s.title,
                    fmt_dt(s.started),
                    fmt_dt(s.ended),
                    s.outcome.word(),
                    s.steps_done,
                    s.steps_skipped,
                    params_json,
                    now_utc(),
                    s.practice,
                ],
            )
            .map_err(|e| StoreError::from_sqlite(&path, e))?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// Cramps from `since` (a local date, inclusive) on, oldest first; deleted ones left out.
    pub fn cramps(&self, since: Option<Date>) -> Result<Vec<Cramp>, StoreError> {
        let from = since.map_or_else(String::new, |d| d.to_string());
        self.read_cramps("at >= ?1 AND deleted_at IS NULL", [from])
    }

    /// Deleted cramps (that [`Store::restore_cramp`] can bring back), oldest first.
    pub(crate) fn deleted_cramps(&self) -> Result<Vec<Cramp>, StoreError> {
        self.read_cramps("deleted_at IS NOT NULL", [])
    }

    /// One cramp by its number, and whether it is deleted; `None` if there is no such entry.
    pub fn cramp(&self, id: i64) -> Result<Option<(Cramp, bool)>, StoreError> {
        let Some(cramp) = self.read_cramps("id = ?1", [id])?.into_iter().next() else {
            return Ok(None);
        };
        let deleted: bool = self
            .conn
            .query_row(
                "SELECT deleted_at IS NOT NULL FROM cramps WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))?;
        Ok(Some((cramp, deleted)))
    }

    /// Replace entry `id` with `c` (its session link is kept); `false` if there is no entry `id`.
    pub(crate) fn update_cramp(&mut self, id: i64, c: &NewCramp) -> Result<bool, StoreError> {
        let lasted = c
            .lasted
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        let path = self.path.clone();
        self.write(|tx| {
            let n = tx
                .execute(
                    "UPDATE cramps SET at = ?1, situation = ?2, place = ?3, side = ?4, strength = ?5,
                                       lasted_s = ?6, helped = ?7, note = ?8
                     WHERE id = ?9",
                    params![
                        fmt_dt(c.at),
                        c.situation.map(|s| s.word()),
                        c.place.word(),
                        c.side.word(),
                        c.strength.word(),
                        lasted,
                        c.helped,
                        c.note,
                        id,
                    ],
                )
                .map_err(|e| StoreError::from_sqlite(&path, e))?;
            Ok(n > 0)
        })
    }

    /// Mark entry `id` deleted (kept, left out of every read); `false` if there is no entry `id`
    /// or it was already deleted.
    pub(crate) fn delete_cramp(&mut self, id: i64) -> Result<bool, StoreError> {
        self.set_deleted(id, Some(now_utc()))
    }

    /// Bring a deleted entry back; `false` if there is no deleted entry `id`.
    pub(crate) fn restore_cramp(&mut self, id: i64) -> Result<bool, StoreError> {
        self.set_deleted(id, None)
    }

    fn set_deleted(&mut self, id: i64, at: Option<String>) -> Result<bool, StoreError> {
        let path = self.path.clone();
        let sql = if at.is_some() {
            "UPDATE cramps SET deleted_at = ?1 WHERE id = ?2 AND deleted_at IS NULL"
        } else {
            "UPDATE cramps SET deleted_at = ?1 WHERE id = ?2 AND deleted_at IS NOT NULL"
        };
        self.write(|tx| {
            let n = tx
                .execute(sql, params![at, id])
                .map_err(|e| StoreError::from_sqlite(&path, e))?;
            Ok(n > 0)
        })
    }

    /// Cramps matching `filter` (SQL over the `cramps` columns, with `params`).
    fn read_cramps(
        &self,
        filter: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<Cramp>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT id, at, situation, place, side, strength, lasted_s, helped, note, session_id
                 FROM cramps WHERE {filter} ORDER BY at, id"
            ))
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params, |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, Option<i64>>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, String>(8)?,
                    r.get::<_, Option<i64>>(9)?,
                ))
            })
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for row in rows {
            let Some((id, at, situation, place, side, strength, lasted, helped, note, session)) =
                self.readable(row)?
            else {
                continue;
            };
            let entry = (|| -> Result<NewCramp, String> {
                Ok(NewCramp {
                    at: at
                        .parse()
                        .map_err(|_| format!("an unreadable time `{at}`"))?,
                    situation: situation.map(|s| s.parse()).transpose()?,
                    place: place.parse()?,
                    side: side.parse()?,
                    strength: strength.parse()?,
                    lasted: lasted.map(|s| Duration::from_secs(s.max(0).unsigned_abs())),
                    helped,
                    note,
                    session,
                })
            })();
            match entry {
                Ok(entry) => out.push(Cramp { id, entry }),
                Err(_) => self.skipped.set(self.skipped.get() + 1),
            }
        }
        Ok(out)
    }

    /// Sessions that started from `since` (a local date, inclusive) on, oldest first.
    pub fn sessions(&self, since: Option<Date>) -> Result<Vec<Session>, StoreError> {
        let from = since.map_or_else(String::new, |d| d.to_string());
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, routine_id, title, started_at, ended_at, outcome, steps_done,
                        steps_skipped, params, practice
                 FROM sessions WHERE started_at >= ?1 ORDER BY started_at, id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([from], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, i64>(6)?,
                    r.get::<_, i64>(7)?,
                    r.get::<_, String>(8)?,
                    r.get::<_, bool>(9)?,
                ))
            })
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for row in rows {
            let Some((
                id,
                routine_id,
                title,
                started,
                ended,
                outcome,
                done,
                skipped,
                params,
                practice,
            )) = self.readable(row)?
            else {
                continue;
            };
            let entry = (|| -> Result<NewSession, String> {
                Ok(NewSession {
                    routine_id,
                    title,
                    started: started.parse().map_err(|_| "an unreadable start")?,
                    ended: ended.parse().map_err(|_| "an unreadable end")?,
                    outcome: outcome.parse::<Outcome>()?,
                    steps_done: u32::try_from(done).unwrap_or(0),
                    steps_skipped: u32::try_from(skipped).unwrap_or(0),
                    // Kept as text if it is not JSON: never drop what was stored.
                    params: serde_json::from_str(&params)
                        .unwrap_or(serde_json::Value::String(params)),
                    practice,
                })
            })();
            match entry {
                Ok(entry) => out.push(Session { id, entry }),
                Err(_) => self.skipped.set(self.skipped.get() + 1),
            }
        }
        Ok(out)
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// The raw connection, for tests that need to provoke a failure (a page limit for
    /// "disk full", `query_only` for "read-only").
    #[doc(hidden)]
    pub fn connection_for_tests(&self) -> &Connection {
        &self.conn
    }

    /// A row's values, or `None` (counted in [`Store::skipped_rows`]) when one has the wrong
    /// type; a failure of SQLite itself is still an error.
    fn readable<T>(&self, row: rusqlite::Result<T>) -> Result<Option<T>, StoreError> {
        match row {
            Ok(values) => Ok(Some(values)),
            Err(
                rusqlite::Error::InvalidColumnType(..)
                | rusqlite::Error::FromSqlConversionFailure(..)
                | rusqlite::Error::IntegralValueOutOfRange(..)
                | rusqlite::Error::Utf8Error(..),
            ) => {
                self.skipped.set(self.skipped.get() + 1);
                Ok(None)
            }
            Err(e) => Err(self.err(e)),
        }
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        StoreError::from_sqlite(&self.path, e)
    }

    /// Run `f` in one immediate write transaction and commit it.
    fn write<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| StoreError::from_sqlite(&path, e))?;
        let value = f(&tx)?;
        tx.commit().map_err(|e| StoreError::from_sqlite(&path, e))?;
        Ok(value)
    }
}

/// How a diary is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Created if missing, migrated, set aside if bad.
    Write,
    /// Opened as it is, or refused; nothing written.
    Read,
}

/// What stands where the diary's folder should be, in words, when it is not a folder (nor
/// absent, to be made): a file, a link to nothing, a file where a folder above it should be.
fn folder_in_the_way(dir: &Path) -> Option<&'static str> {
    match std::fs::symlink_metadata(dir) {
        Ok(meta) if meta.file_type().is_symlink() => match std::fs::metadata(dir) {
            Ok(target) if target.is_dir() => None,
            Ok(target) if target.is_file() => Some("it is a link to a file, not a folder"),
            Ok(_) => Some("it is a link to a pipe, socket or device, not a folder"),
            Err(_) => Some("it is a link to nothing"),
        },
        Ok(meta) if meta.is_dir() => None,
        Ok(meta) if meta.is_file() => Some("it is a file, not a folder"),
        Ok(_) => Some("it is a pipe, socket or device, not a folder"),
        Err(e) if e.kind() == io::ErrorKind::NotADirectory => {
            Some("a file stands where one of the folders above it should be")
        }
        Err(_) => None,
    }
}

/// What is at the diary's path: `None` if nothing, its identity if a regular file (or a link to
/// one); anything else (a folder, a pipe, a device, a link to nothing) is refused before it is
/// opened, so it is never read, waited on or moved.
fn check_regular(path: &Path) -> Result<Option<FileId>, StoreError> {
    let not_a_file = |what| StoreError::NotAFile {
        path: path.to_path_buf(),
        what,
    };
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => Ok(Some(FileId::of(&meta))),
        Ok(meta) if meta.is_dir() => Err(not_a_file("a folder")),
        Ok(_) => Err(not_a_file("a pipe, socket or device")),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            // Only a link is "a link to nothing": a file that another limber creates between
            // the two looks is simply there now, and opening it is right.
            match std::fs::symlink_metadata(path) {
                Ok(meta) if meta.file_type().is_symlink() => match std::fs::metadata(path) {
                    Ok(meta) if meta.is_file() => Ok(Some(FileId::of(&meta))),
                    _ => Err(not_a_file("a link to nothing")),
                },
                Ok(_) => check_regular(path),
                Err(_) => Ok(None),
            }
        }
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => Err(StoreError::ReadOnly {
            path: path.to_path_buf(),
        }),
        Err(e) if e.kind() == io::ErrorKind::NotADirectory => {
            Err(not_a_file("inside something that is not a folder"))
        }
        Err(_) => Err(StoreError::Corrupt {
            path: path.to_path_buf(),
        }),
    }
}

/// How long a reader waits: readers only wait for a moment in WAL mode (a checkpoint, a
/// recovery), never for a writer's whole transaction.
const READ_BUSY_TIMEOUT: Duration = Duration::from_secs(2);

/// Open the file, check it is a limber diary (or empty), set it up and migrate it.
fn try_open(path: &Path, mode: Mode) -> Result<Connection, OpenFail> {
    // Judged before it is read: a bad verdict renames only this very file.
    let judged = check_regular(path).map_err(OpenFail::Error)?;
    let unusable = |why| OpenFail::Unusable(why, judged);
    let fail = |e: rusqlite::Error| match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => unusable(Unusable::Corrupt),
        _ => OpenFail::Error(StoreError::from_sqlite(path, e)),
    };
    // Not SQLite at all: set aside before SQLite opens it, so nothing beside it (a stray
    // WAL) is read, replayed or removed.
    if !has_sqlite_header(path) {
        return Err(unusable(Unusable::Corrupt));
    }
    let flags = match mode {
        Mode::Write => OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        Mode::Read => OpenFlags::SQLITE_OPEN_READ_ONLY,
    } | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags).map_err(fail)?;
    conn.busy_timeout(match mode {
        Mode::Write => BUSY_TIMEOUT,
        Mode::Read => READ_BUSY_TIMEOUT,
    })
    .map_err(fail)?;
    // While the file is being judged, closing must not checkpoint a WAL into it (and delete
    // the WAL): if it is set aside, its WAL goes along untouched.
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
        .map_err(fail)?;

    // One read transaction, so one consistent snapshot even while another limber migrates.
    let version = {
        let tx = conn.transaction().map_err(fail)?;
        let version = diary_version(&tx).map_err(fail)?;
        tx.commit().map_err(fail)?;
        version
    };
    let Some(version) = version else {
        return Err(unusable(Unusable::Foreign));
    };
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(fail)?;
    if check != "ok" {
        return Err(unusable(Unusable::Corrupt));
    }
    if mode == Mode::Read {
        if version > SCHEMA_VERSION {
            return Err(OpenFail::Error(StoreError::Newer {
                path: path.to_path_buf(),
                version,
            }));
        }
        // An older diary is read as it is, not migrated: what later versions added reads as
        // empty through temporary views (they live in memory, never in the file).
        if version < 2 {
            conn.execute_batch(
                "CREATE TEMP VIEW cramps AS SELECT *, NULL AS deleted_at FROM main.cramps;",
            )
            .map_err(fail)?;
        }
        if version < 3 {
            conn.execute_batch(
                "CREATE TEMP VIEW sessions AS SELECT *, 0 AS practice FROM main.sessions;",
            )
            .map_err(fail)?;
        }
        return Ok(conn);
    }

    set_wal(&conn).map_err(fail)?;
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(fail)?;
    conn.pragma_update(None, "foreign_keys", "ON")
        .map_err(fail)?;
    migrate(&mut conn, path)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, false)
        .map_err(fail)?;
    Ok(conn)
}

/// The schema version of a limber diary (0 for an empty file), or `None` for another program's
/// database. A diary is recognised by its header (application id and `user_version`), or, when
/// the header is gone (a `sqlite3 .dump` restored into a new file keeps no pragmas), by its
/// tables and columns.
fn diary_version(conn: &Connection) -> rusqlite::Result<Option<i64>> {
    let (app_id, version, objects): (i32, i64, i64) = conn.query_row(
        "SELECT (SELECT application_id FROM pragma_application_id),
                (SELECT user_version FROM pragma_user_version),
                (SELECT count(*) FROM sqlite_schema)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    if app_id == APPLICATION_ID {
        return Ok(Some(version));
    }
    if objects == 0 && version == 0 && app_id == 0 {
        return Ok(Some(0));
    }
    schema_version_by_columns(conn)
}

/// The columns each migration leaves, to recognise a diary without its header.
const SCHEMA_COLUMNS: &[(&str, &[&str])] = &[
    (
        "sessions",
        &[
            "id",
            "routine_id",
            "title",
            "started_at",
            "ended_at",
            "outcome",
            "steps_done",
            "steps_skipped",
            "params",
            "recorded_at",
        ],
    ),
    (
        "cramps",
        &[
            "id",
            "at",
            "situation",
            "place",
            "side",
            "strength",
            "lasted_s",
            "helped",
            "note",
            "session_id",
            "recorded_at",
        ],
    ),
];

fn schema_version_by_columns(conn: &Connection) -> rusqlite::Result<Option<i64>> {
    let columns = |table: &str| -> rusqlite::Result<Vec<String>> {
        let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1)")?;
        let names = stmt.query_map([table], |r| r.get::<_, String>(0))?;
        names.collect()
    };
    for (table, wanted) in SCHEMA_COLUMNS {
        let have = columns(table)?;
        if !wanted.iter().all(|w| have.iter().any(|h| h == w)) {
            return Ok(None);
        }
    }
    let deleted_at = columns("cramps")?.iter().any(|c| c == "deleted_at");
    let practice = columns("sessions")?.iter().any(|c| c == "practice");
    Ok(Some(match (deleted_at, practice) {
        (true, true) => 3,
        (true, false) => 2,
        _ => 1,
    }))
}

/// Switch the file to WAL. When two limbers start a new diary together, SQLite answers "busy" at
/// once, without waiting in its busy handler (each holds the read lock the other's switch must
/// wait for), so the switch is tried again until the busy timeout's deadline.
fn set_wal(conn: &Connection) -> Result<(), rusqlite::Error> {
    let deadline = Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn.pragma_update_and_check(None, "journal_mode", "wal", |r| r.get::<_, String>(0)) {
            Err(e)
                if e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy)
                    && Instant::now() < deadline =>
            {
                std::thread::sleep(WAL_RETRY);
            }
            other => return other.map(|_| ()),
        }
    }
}

/// How long to wait before trying the switch to WAL again.
const WAL_RETRY: Duration = Duration::from_millis(5);

/// Apply the migrations this file lacks, all in one write transaction.
fn migrate(conn: &mut Connection, path: &Path) -> Result<(), OpenFail> {
    let err = |e| OpenFail::Error(StoreError::from_sqlite(path, e));
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(err)?;
    // Read again under the write lock: another limber may have migrated meanwhile.
    let Some(version) = diary_version(&tx).map_err(err)? else {
        return Err(OpenFail::Unusable(Unusable::Foreign, None));
    };
    if version > SCHEMA_VERSION {
        return Err(OpenFail::Error(StoreError::Newer {
            path: path.to_path_buf(),
            version,
        }));
    }
    let app_id: i32 = tx
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(err)?;
    if version == SCHEMA_VERSION && app_id == APPLICATION_ID {
        return Ok(()); // dropping tx rolls back the empty transaction
    }
    let start = usize::try_from(version).unwrap_or(0);
    for sql in &MIGRATIONS[start..] {
        tx.execute_batch(sql).map_err(err)?;
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)
        .map_err(err)?;
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)
        .map_err(err)?;
    tx.commit().map_err(err)?;
    Ok(())
}

/// How long setting aside waits for another limber doing the same.
const SET_ASIDE_WAIT: Duration = Duration::from_secs(10);

/// Rename the file judged bad (and its WAL and shared-memory files) aside, under a lock file
/// so two limbers never race: `Ok(None)` if the file at `path` is no longer the one judged
/// (another limber moved it, maybe started a new diary there), which is then left alone.
fn set_aside(
    path: &Path,
    why: Unusable,
    judged: Option<FileId>,
) -> Result<Option<PathBuf>, StoreError> {
    let failed = |source| StoreError::SetAsideFailed {
        path: path.to_path_buf(),
        source,
    };
    let Some(judged) = judged else {
        return Ok(None); // nothing was there when judged: open again
    };
    let lock_path = sidecar(path, ".lock");
    // Opening a FIFO to write waits for a reader, for ever: only a regular file (or none) is
    // opened as the lock.
    match std::fs::metadata(&lock_path) {
        Ok(meta) if meta.is_dir() => {
            return Err(StoreError::NotAFile {
                path: lock_path,
                what: "a folder",
            });
        }
        Ok(meta) if !meta.is_file() => {
            return Err(StoreError::NotAFile {
                path: lock_path,
                what: "a pipe, socket or device",
            });
        }
        _ => {}
    }
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(failed)?;
    let deadline = std::time::Instant::now() + SET_ASIDE_WAIT;
    loop {
        match lock.try_lock() {
            Ok(()) => break,
            Err(std::fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(StoreError::Busy {
                    path: path.to_path_buf(),
                });
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(failed(e)),
        }
    }
    // Under the lock: still the very file judged bad?
    match std::fs::metadata(path) {
        Ok(meta) if FileId::of(&meta) == judged => {}
        Ok(_) => return Ok(None),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(failed(e)),
    }
    let stamp = jiff::Zoned::now().strftime("%Y%m%d-%H%M%S").to_string();
    let name = path
        .file_name()
        .map_or_else(|| DB_FILE.into(), |n| n.to_string_lossy().into_owned());
    let base = format!("{name}.{}-{stamp}-{}", why.word(), std::process::id());
    let mut to = path.with_file_name(&base);
    let mut n = 1;
    while std::fs::symlink_metadata(&to).is_ok() || sidecar(&to, "-wal").exists() {
        to = path.with_file_name(format!("{base}-{n}"));
        n += 1;
    }
    // Its WAL first: one left beside the path would be replayed into the next new diary.
    let sidecars = ["-wal", "-shm", "-journal"];
    for suffix in sidecars {
        let from = sidecar(path, suffix);
        if from.exists() {
            // Best effort: a stale -shm is rebuilt by SQLite.
            let _ = std::fs::rename(&from, sidecar(&to, suffix));
        }
    }
    if let Err(e) = std::fs::rename(path, &to) {
        for suffix in sidecars {
            let _ = std::fs::rename(sidecar(&to, suffix), sidecar(path, suffix));
        }
        return Err(failed(e));
    }
    Ok(Some(to))
}

/// Whether the file is empty (a new diary) or starts with SQLite's magic string.
fn has_sqlite_header(path: &Path) -> bool {
    use std::io::Read;
    let Ok(mut file) = std::fs::File::open(path) else {
        return true; // missing (SQLite creates it) or unreadable (SQLite will say why)
    };
    let mut head = [0u8; 16];
    let mut got = 0;
    while got < head.len() {
        match file.read(&mut head[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return true,
        }
    }
    got == 0 || (got == head.len() && &head == b"SQLite format 3\0")
}

/// `path` with `suffix` added to its name: the diary's `-wal`, `-shm` and `.lock` files.
pub(crate) fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn fmt_dt(dt: DateTime) -> String {
    dt.strftime("%Y-%m-%dT%H:%M:%S").to_string()
}

fn now_utc() -> String {
    jiff::Timestamp::now().to_string()
}
