//! Two limbers that start a new diary at the same moment both open it: SQLite refuses one
//! of them at once (no busy wait) while the other switches the new file to WAL, and limber
//! tries again rather than telling the person the diary stayed locked.

use std::sync::{Arc, Barrier};

use limber::store::db::{SCHEMA_VERSION, Store};

#[test]
fn two_opening_a_new_diary_together_both_succeed() {
    for round in 0..200 {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
        let barrier = Arc::new(Barrier::new(2));
        let openers: Vec<_> = (0..2)
            .map(|_| {
                let (dir, barrier) = (dir.path().to_path_buf(), Arc::clone(&barrier));
                std::thread::spawn(move || {
                    barrier.wait();
                    Store::open(&dir)
                        .and_then(|store| store.schema_version())
                        .map_err(|e| e.to_string())
                })
            })
            .collect();
        for opener in openers {
            let version = opener
                .join()
                .unwrap_or_else(|_| panic!("round {round}: an opener panicked"));
            assert_eq!(version, Ok(SCHEMA_VERSION), "round {round}");
        }
    }
}
