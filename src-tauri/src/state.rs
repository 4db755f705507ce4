//! The one piece of state the window shares: the opened database.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use taizhang::store::{Db, StoreError};
use taizhang::Error;

/// The database the window works on, opened on first use.
///
/// Opening lazily means a database that cannot be opened (newer version, not a database, locked)
/// does not stop the window from starting: every command returns the Chinese reason instead, and
/// the next command tries again (e.g. after the clerk restored a backup).
pub struct AppDb {
    path: Option<PathBuf>,
    db: Mutex<Option<Db>>,
}

impl AppDb {
    /// `TAIZHANG_DB` if set (the end-to-end tests use it), else the per-user default location.
    pub fn from_env() -> Self {
        // default_db_path honours TAIZHANG_DB itself.
        let path = taizhang::store::default_db_path().ok();
        AppDb {
            path,
            db: Mutex::new(None),
        }
    }

    /// Where the database file is (or would be), for the 设置 page.
    pub fn path(&self) -> Result<PathBuf, Error> {
        self.path.clone().ok_or(Error::Store(StoreError::NoDataDir))
    }

    fn lock(&self) -> MutexGuard<'_, Option<Db>> {
        // A panic while holding the lock cannot leave the database half-written (each write is
        // one SQLite transaction), so a poisoned lock is safe to take over.
        self.db
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn with_db<T>(&self, f: impl FnOnce(&mut Db) -> Result<T, Error>) -> Result<T, Error> {
        let mut guard = self.lock();
        if guard.is_none() {
            *guard = Some(Db::open_with_clock(&self.path()?, crate::today::clock())?);
        }
        match guard.as_mut() {
            Some(db) => f(db),
            None => Err(Error::Store(StoreError::NoDataDir)),
        }
    }

    /// 恢复: replaces the database with a checked backup. A database that no longer opens
    /// (damaged, newer, locked at start) can still be replaced: that is what restore is for.
    pub fn restore(&self, from: &std::path::Path) -> Result<PathBuf, Error> {
        let mut guard = self.lock();
        if guard.is_none() {
            *guard = Db::open_with_clock(&self.path()?, crate::today::clock()).ok();
        }
        match guard.as_mut() {
            Some(db) => Ok(taizhang::store::restore(db, from)?),
            // Closed: the next command opens the restored file.
            None => Ok(taizhang::store::restore_file(
                &self.path()?,
                from,
                &crate::today::clock(),
            )?),
        }
    }

    /// Runs a read-only core function on the database.
    pub fn read<T, E>(&self, f: impl FnOnce(&Db) -> Result<T, E>) -> Result<T, Error>
    where
        Error: From<E>,
    {
        self.with_db(|db| f(db).map_err(Error::from))
    }

    /// Runs a long read-only core function (the reminders of every plan, for the tray and the
    /// notifications) on a connection of its own, so that the window's commands are not kept
    /// waiting for it; on the shared connection when a second one cannot be opened (e.g. the
    /// file is held exclusively after a full disk).
    pub fn read_aside<T, E>(&self, f: impl FnOnce(&Db) -> Result<T, E>) -> Result<T, Error>
    where
        Error: From<E>,
    {
        // Opened (and migrated) through the shared connection first, so that two connections
        // never migrate at once.
        self.with_db(|_| Ok(()))?;
        match Db::open_with_clock(&self.path()?, crate::today::clock()) {
            Ok(own) => f(&own).map_err(Error::from),
            Err(_) => self.read(f),
        }
    }

    /// Runs a core function that changes the database.
    pub fn write<T, E>(&self, f: impl FnOnce(&mut Db) -> Result<T, E>) -> Result<T, Error>
    where
        Error: From<E>,
    {
        self.with_db(|db| f(db).map_err(Error::from))
    }

    /// Runs a core function that changes many rows at once (a plan import, an undo) after the
    /// automatic backup before it; when that backup fails nothing is changed.
    pub fn write_backed_up<T, E>(
        &self,
        change: taizhang::backup::Change,
        f: impl FnOnce(&mut Db) -> Result<T, E>,
    ) -> Result<T, Error>
    where
        Error: From<E>,
    {
        self.with_db(|db| {
            taizhang::backup::before(db, change, crate::today::today())?;
            f(db).map_err(Error::from)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{mpsc, Arc};
    use std::time::Duration;

    #[test]
    fn a_long_read_aside_does_not_keep_the_windows_calls_waiting(
    ) -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let db = Arc::new(AppDb {
            path: Some(dir.path().join("taizhang.db")),
            db: Mutex::new(None),
        });
        let (started_tx, started) = mpsc::channel();
        let (release, released) = mpsc::channel::<()>();
        let tray = {
            let db = Arc::clone(&db);
            std::thread::spawn(move || {
                db.read_aside(|d| {
                    let _ = started_tx.send(());
                    let _ = released.recv_timeout(Duration::from_secs(30));
                    taizhang::plan::list(d)
                })
            })
        };
        started.recv_timeout(Duration::from_secs(30))?;
        // While the tray's reminders are being worked out, the window's call is answered.
        let (answered_tx, answered) = mpsc::channel();
        let window = {
            let db = Arc::clone(&db);
            std::thread::spawn(move || {
                let _ = answered_tx.send(db.read(taizhang::plan::list).is_ok());
            })
        };
        let got = answered.recv_timeout(Duration::from_secs(10));
        let _ = release.send(());
        assert_eq!(
            got,
            Ok(true),
            "the window's call waited for the tray's read"
        );
        assert!(window.join().is_ok());
        assert!(tray.join().map_err(|_| "tray thread panicked")?.is_ok());
        Ok(())
    }
}
