//! Where the interface keeps the cramp diary: [`StoreDiary`] (the SQLite file).

use std::path::PathBuf;

use jiff::civil::DateTime;

use crate::commands::diary::read_report;
use crate::store::{self, NewCramp, NewSession, data_dir};

use super::Diary;
use super::command::{Loaded, Saved};

/// The diary in its SQLite file: `--data DIR`, else `LIMBER_DATA`, else the platform's data
/// folder. Each write opens the file, writes in one transaction and closes it.
#[derive(Debug, Clone, Default)]
pub struct StoreDiary {
    pub data: Option<PathBuf>,
}

impl Diary for StoreDiary {
    fn record_session(&mut self, session: &NewSession) -> Saved {
        store::record_session(self.data.as_deref(), session)
            .map(|(id, aside)| (id, aside.map(|a| a.to_string())))
            .map_err(|e| e.to_string())
    }

    fn record_cramp(&mut self, cramp: &NewCramp) -> Saved {
        store::record_cramp(self.data.as_deref(), cramp)
            .map(|(id, aside)| (id, aside.map(|a| a.to_string())))
            .map_err(|e| e.to_string())
    }

    fn report(&mut self, now: DateTime) -> Loaded {
        let dir = data_dir(self.data.as_deref()).map_err(|e| e.to_string())?;
        read_report(&dir, now, None)
            .map(|(report, aside)| (report, aside.map(|a| a.to_string())))
            .map_err(|e| e.to_string())
    }
}
