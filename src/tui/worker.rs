//! The diary off the screen's loop (issue 15): every write and read of the diary runs on one
//! thread of its own, in the order asked, and its answer comes back to the loop as an input
//! ([`super::Input::Diary`]) beside keys and signals. A diary held by another program's write lock
//! (or slow for any reason) therefore never freezes the screen: q, Ctrl-C, SIGTERM and SIGHUP are
//! handled as always.
//!
//! A routine's record that waited out the lock is tried again, up to [`SESSION_PATIENCE`] in all,
//! and the person is told while it waits. When the screen closes with writes still on their way,
//! [`Worker::finish`] waits for them after the terminal is given back, saying why, for a bounded
//! time that a signal cuts short; what could not be saved is said on standard error.

use std::collections::VecDeque;
use std::io::Write;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use jiff::civil::DateTime;

use super::command::{Attempt, Loaded, Saved};
use super::term::{self, Input};
use super::{App, Diary, Notice};
use crate::store::{EntryChange, NewCramp, NewSession};

/// How long a routine's record is tried again while another program holds the diary.
pub(crate) const SESSION_PATIENCE: Duration = Duration::from_secs(30);

/// A pause between two tries, so a lock that answers "busy" at once is not tried in a tight loop.
const RETRY_PAUSE: Duration = Duration::from_millis(200);

/// How long the closing wait lasts when a signal ended the screen (whoever sent it wants the
/// process gone soon); a second signal ends the wait at once.
const PATIENCE_AFTER_SIGNAL: Duration = Duration::from_secs(2);

/// When the closing wait starts saying why the program has not ended yet.
const SAY_AFTER: Duration = Duration::from_millis(300);

/// What the loop asks of the diary.
#[derive(Debug)]
enum Job {
    Session(Box<NewSession>),
    Cramp(Box<NewCramp>),
    Change(i64, Box<EntryChange>),
    Report(DateTime),
}

/// What kind of write is on its way (to say what was lost if the wait is cut short).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Session,
    Cramp,
    Change,
    Report,
}

/// The diary's answer to one job, or word that a routine's record is waiting for the lock.
#[derive(Debug)]
pub(crate) enum Answer {
    /// Another program holds the diary; the routine's record is being tried again.
    SessionWaiting,
    Session(Saved),
    Cramp(Saved),
    Changed(Box<EntryChange>, Saved),
    Report(Box<Loaded>),
}

/// Where an answer's wake-up goes: the screen's input channel, then the closing wait's.
type Waker = Arc<Mutex<Option<Sender<Input>>>>;

/// The diary's thread and what the loop has asked of it.
pub(crate) struct Worker {
    jobs: Sender<Job>,
    answers: Receiver<Answer>,
    waker: Waker,
    pending: VecDeque<Kind>,
}

impl Worker {
    /// Starts the thread; answers wake the loop through `wake` (the screen's input channel).
    pub(crate) fn start(diary: Box<dyn Diary + Send>, wake: Sender<Input>) -> Worker {
        let (jobs, job_rx) = mpsc::channel();
        let (answer_tx, answers) = mpsc::channel();
        let waker: Waker = Arc::new(Mutex::new(Some(wake)));
        let thread_waker = Arc::clone(&waker);
        std::thread::spawn(move || serve(diary, &job_rx, &answer_tx, &thread_waker));
        Worker {
            jobs,
            answers,
            waker,
            pending: VecDeque::new(),
        }
    }

    /// Whether a cramp entry is still being written (a second Enter must not write it twice).
    pub(crate) fn cramp_pending(&self) -> bool {
        self.pending
            .iter()
            .any(|k| matches!(k, Kind::Cramp | Kind::Change))
    }

    pub(crate) fn record_session(&mut self, session: Box<NewSession>) {
        self.send(Job::Session(session), Kind::Session);
    }

    pub(crate) fn record_cramp(&mut self, cramp: Box<NewCramp>) {
        self.send(Job::Cramp(cramp), Kind::Cramp);
    }

    pub(crate) fn change_cramp(&mut self, id: i64, change: Box<EntryChange>) {
        self.send(Job::Change(id, change), Kind::Change);
    }

    pub(crate) fn load_report(&mut self, now: DateTime) {
        self.send(Job::Report(now), Kind::Report);
    }

    fn send(&mut self, job: Job, kind: Kind) {
        if self.jobs.send(job).is_ok() {
            self.pending.push_back(kind);
        }
    }

    /// The answers that have come, in order.
    pub(crate) fn answered(&mut self) -> Vec<Answer> {
        let mut answers = Vec::new();
        while let Ok(answer) = self.answers.try_recv() {
            self.note(&answer);
            answers.push(answer);
        }
        answers
    }

    fn note(&mut self, answer: &Answer) {
        if !matches!(answer, Answer::SessionWaiting) {
            self.pending.pop_front();
        }
    }

    /// After the screen is given back: waits for the writes still on their way, saying why on
    /// standard error, until they land, the patience runs out ([`SESSION_PATIENCE`], or
    /// [`PATIENCE_AFTER_SIGNAL`] when `signal` ended the screen) or a signal comes. Each answer
    /// goes to `apply`; what was left unsaved goes in the app's problems. Returns a signal that
    /// cut the wait short.
    pub(crate) fn finish(
        mut self,
        app: &mut App,
        signal: Option<i32>,
        mut apply: impl FnMut(&mut App, Answer),
    ) -> Option<i32> {
        for answer in self.answered() {
            apply(app, answer);
        }
        if !self.pending.iter().any(|k| *k != Kind::Report) {
            return None;
        }
        let (tx, rx) = mpsc::channel();
        // Signals still end the wait (the screen's handler is gone with the screen).
        let signals = term::forward_signals(tx.clone()).ok();
        *self.waker.lock().unwrap_or_else(PoisonError::into_inner) = Some(tx);
        let start = Instant::now();
        let patience = if signal.is_some() {
            PATIENCE_AFTER_SIGNAL
        } else {
            SESSION_PATIENCE
        };
        let deadline = start + patience;
        let mut said = false;
        let mut stopped_by = None;
        loop {
            for answer in self.answered() {
                apply(app, answer);
            }
            if !self.pending.iter().any(|k| *k != Kind::Report) {
                break;
            }
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            if !said && now >= start + SAY_AFTER {
                said = true;
                let _ = writeln!(
                    std::io::stderr(),
                    "limber: saving in your diary; another program is holding it, so this can \
                     take up to {}s (Ctrl-C stops waiting)…",
                    deadline.saturating_duration_since(now).as_secs().max(1)
                );
            }
            let wake = if said { deadline } else { start + SAY_AFTER };
            match rx.recv_timeout(wake.saturating_duration_since(now)) {
                Ok(Input::Terminate(signal)) => {
                    stopped_by = Some(signal);
                    break;
                }
                Ok(_) | Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        if let Some(signals) = signals {
            signals.close();
        }
        let why = match stopped_by {
            Some(_) => "limber was stopped while another program held the diary",
            None => "another program held the diary the whole time limber waited",
        };
        for kind in self.pending.iter().filter(|k| **k != Kind::Report) {
            app.problems.push(match kind {
                Kind::Session => format!("this routine was not saved in the diary: {why}"),
                Kind::Cramp => format!("the cramp was not saved in the diary: {why}"),
                _ => format!("the diary entry was not changed: {why}"),
            });
        }
        stopped_by
    }
}

/// The notice shown while a routine's record waits for the diary.
pub(crate) fn waiting_notice() -> Notice {
    Notice {
        text: "Another program is holding your diary; limber keeps trying to save this routine…"
            .into(),
        problem: true,
    }
}

/// The diary's thread: one job at a time, in order; a routine's record tried again while the
/// diary stays held, up to [`SESSION_PATIENCE`].
fn serve(
    mut diary: Box<dyn Diary + Send>,
    jobs: &Receiver<Job>,
    answers: &Sender<Answer>,
    waker: &Waker,
) {
    let answer = |answer: Answer| {
        let sent = answers.send(answer).is_ok();
        if let Some(wake) = waker
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
        {
            let _ = wake.send(Input::Diary);
        }
        sent
    };
    while let Ok(job) = jobs.recv() {
        let sent = match job {
            Job::Session(session) => {
                let deadline = Instant::now() + SESSION_PATIENCE;
                let mut told = false;
                loop {
                    match diary.record_session(&session) {
                        Attempt::Done(saved) => break answer(Answer::Session(saved)),
                        Attempt::Busy(message) if Instant::now() + RETRY_PAUSE >= deadline => {
                            break answer(Answer::Session(Err(message)));
                        }
                        Attempt::Busy(_) => {
                            if !told {
                                told = true;
                                answer(Answer::SessionWaiting);
                            }
                            std::thread::sleep(RETRY_PAUSE);
                        }
                    }
                }
            }
            Job::Cramp(cramp) => answer(Answer::Cramp(diary.record_cramp(&cramp))),
            Job::Change(id, change) => {
                let saved = diary.change_cramp(id, &change);
                answer(Answer::Changed(change, saved))
            }
            Job::Report(now) => answer(Answer::Report(Box::new(diary.report(now)))),
        };
        if !sent {
            return;
        }
    }
}
