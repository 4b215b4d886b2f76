//! Panics that are caught on purpose (a sound decoder given a hostile file) stay quiet: no
//! message on the screen, and the timer screen's panic hook does not give the terminal back.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

thread_local! {
    /// Whether this thread is inside [`catch`].
    static CATCHING: Cell<bool> = const { Cell::new(false) };
}

static HOOK: Once = Once::new();

/// Runs `f`; a panic inside it becomes `None`, silently.
pub(crate) fn catch<T>(f: impl FnOnce() -> T) -> Option<T> {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !catching() {
                previous(info);
            }
        }));
    });
    let was = CATCHING.with(|c| c.replace(true));
    // The closure's state is dropped whole on a panic; nothing half-changed is used after.
    let result = catch_unwind(AssertUnwindSafe(f)).ok();
    CATCHING.with(|c| c.set(was));
    result
}

/// Whether the panic being reported on this thread will be caught by [`catch`]: a panic hook
/// does nothing then.
pub(crate) fn catching() -> bool {
    CATCHING.with(Cell::get)
}
