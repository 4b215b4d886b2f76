//! Keys are data: one table maps (mode, key) to an [`Action`]; [`resolve`] reads it, and the help
//! screen and the footers are generated from the same table, so they can never disagree. The
//! forms' keys are rows here too: `limber log`'s form and the app's form read the same table, and
//! line editing ([`Edit`]) is the same in every text field.

use std::collections::HashMap;
use std::sync::LazyLock;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Which part of the program has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The list of routines.
    Picker,
    /// Typing a filter in the picker (`/`).
    Filter,
    Setup,
    /// A routine is running.
    Timer,
    /// "Quit? y / n" over a running routine.
    Confirm,
    Help,
    Finish,
    /// The cramp log form: keys edit the fields.
    Form,
    /// The diary report.
    Report,
    /// "Where is the cramp?" (`limber cramp`).
    Where,
    /// "Which leg?" after the place.
    Leg,
    /// A broken routine file's problems, open over the list.
    Problems,
}

/// What a key asks for. The app decides what it means in the current state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Quit at once (Ctrl-C).
    QuitNow,
    /// Give the terminal back and stop (Ctrl-Z); the routine pauses.
    Suspend,
    Help,
    Night,
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    NextTag,
    PreviousTag,
    /// Start typing a filter.
    Filter,
    /// A character typed into a filter or a value.
    Type(char),
    /// Backspace: erase the character before the cursor.
    Erase,
    /// Move or erase in a text field (the filter, a typed value, the form's fields).
    Edit(Edit),
    /// Clear the filter, or leave a screen.
    Back,
    /// Start the selected routine, or the one being set up; save the form.
    Choose,
    /// Save the form (Ctrl-S), wherever the form is shown.
    Save,
    Less,
    More,
    /// Space: pause or resume a timed step; end a step that waits for you.
    PauseOrDone,
    /// Enter: end a step that waits for you; resume when paused.
    DoneOrGoOn,
    Next,
    Previous,
    Restart,
    AddTime,
    TakeTime,
    Mute,
    /// Ask "quit? y / n".
    AskQuit,
    Yes,
    No,
    /// "Quit?": stop the routine and go back to the list (when there is one).
    StopToList,
    /// Quit without asking (nothing is running).
    Quit,
    /// Switch between the help pages.
    HelpPage,
    CloseHelp,
    /// From the finish screen back to the list.
    ToPicker,
    /// Open the diary report.
    Report,
    /// Open the cramp log form (after a first-aid routine: filled in from it).
    LogCramp,
    /// Delete the chosen diary entry (it is kept: [`Action::Undo`] brings it back).
    DeleteEntry,
    /// Bring back the diary entry just deleted.
    Undo,
    /// Open "Where is the cramp?" (first aid now).
    CrampNow,
    /// Practise first aid with no cramp: in the list, choose which; on setup, practice on / off.
    Practise,
    /// Setup: back to the routine's own defaults (the last choices are offered first).
    Defaults,
    /// The cramp is here.
    Spot(Spot),
    /// The cramp is in this leg: `Some(true)` left, `Some(false)` right, `None` not sure.
    Leg(Option<bool>),
    /// A tap on row N of a list (the picker's routines, setup's settings): chooses it; on the
    /// routine already chosen, opens it as Enter does. Only the pointer asks for it.
    Row(usize),
}

/// Where a cramp is, as `limber cramp` asks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spot {
    Calf,
    Foot,
    Toes,
    ThighFront,
    ThighBack,
    Hand,
    Swimming,
}

/// Line editing in a text field, as in a shell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Left,
    Right,
    /// Home / Ctrl-A.
    Start,
    /// End / Ctrl-E.
    End,
    /// Delete: the character under the cursor.
    Delete,
    /// Ctrl-W: the word before the cursor.
    EraseWord,
    /// Ctrl-U: everything before the cursor.
    EraseToStart,
    /// Ctrl-K: everything from the cursor on.
    EraseToEnd,
}

/// A key as the table writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key {
    /// A printable character, whatever Shift was needed to type it.
    Char(char),
    Ctrl(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    Delete,
    PageUp,
    PageDown,
}

impl Key {
    /// How the key is written on the help screen.
    pub(crate) fn label(self) -> String {
        match self {
            Key::Char(' ') => "Space".into(),
            Key::Char('-') => "−".into(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            Key::Enter => "Enter".into(),
            Key::Esc => "Esc".into(),
            Key::Tab => "Tab".into(),
            Key::BackTab => "Shift-Tab".into(),
            Key::Backspace => "Backspace".into(),
            Key::Up => "↑".into(),
            Key::Down => "↓".into(),
            Key::Left => "←".into(),
            Key::Right => "→".into(),
            Key::Home => "Home".into(),
            Key::End => "End".into(),
            Key::Delete => "Delete".into(),
            Key::PageUp => "PgUp".into(),
            Key::PageDown => "PgDn".into(),
        }
    }

    /// The key as a terminal reports it (a tap on a footer's word presses it).
    pub(crate) fn event(self) -> KeyEvent {
        let code = match self {
            Key::Char(c) => KeyCode::Char(c),
            Key::Ctrl(c) => return KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
            Key::Enter => KeyCode::Enter,
            Key::Esc => KeyCode::Esc,
            Key::Tab => KeyCode::Tab,
            Key::BackTab => KeyCode::BackTab,
            Key::Backspace => KeyCode::Backspace,
            Key::Up => KeyCode::Up,
            Key::Down => KeyCode::Down,
            Key::Left => KeyCode::Left,
            Key::Right => KeyCode::Right,
            Key::Home => KeyCode::Home,
            Key::End => KeyCode::End,
            Key::Delete => KeyCode::Delete,
            Key::PageUp => KeyCode::PageUp,
            Key::PageDown => KeyCode::PageDown,
        };
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    /// The key a label names, as the footers and the help screen write it (`Space`, `→`, `q`).
    /// Asked for every word of a footer in every frame, so looked up in a table made once.
    pub(crate) fn from_label(label: &str) -> Option<Key> {
        static BY_LABEL: LazyLock<HashMap<String, Key>> = LazyLock::new(|| {
            let mut table = HashMap::new();
            for key in BINDINGS.iter().flat_map(|b| b.keys.iter()) {
                table.entry(key.label()).or_insert(*key);
            }
            table
        });
        BY_LABEL.get(label).copied()
    }

    fn matches(self, event: &KeyEvent) -> bool {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let alt = event.modifiers.contains(KeyModifiers::ALT);
        match (self, event.code) {
            (Key::Ctrl(c), KeyCode::Char(got)) => ctrl && got.eq_ignore_ascii_case(&c),
            (_, _) if ctrl || alt => false,
            (Key::Char(c), KeyCode::Char(got)) => got == c,
            (Key::Enter, KeyCode::Enter) => true,
            (Key::Esc, KeyCode::Esc) => true,
            (Key::Tab, KeyCode::Tab) => true,
            (Key::BackTab, KeyCode::BackTab) => true,
            (Key::Backspace, KeyCode::Backspace) => true,
            (Key::Up, KeyCode::Up) => true,
            (Key::Down, KeyCode::Down) => true,
            (Key::Left, KeyCode::Left) => true,
            (Key::Right, KeyCode::Right) => true,
            (Key::Home, KeyCode::Home) => true,
            (Key::End, KeyCode::End) => true,
            (Key::Delete, KeyCode::Delete) => true,
            (Key::PageUp, KeyCode::PageUp) => true,
            (Key::PageDown, KeyCode::PageDown) => true,
            _ => false,
        }
    }
}

/// Where a binding is listed on the help screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    Routine,
    List,
    Setup,
    Diary,
    /// Line editing in any text field.
    Typing,
    /// `limber cramp`: first aid now.
    Cramp,
    Anywhere,
}

impl Section {
    pub(crate) const ALL: [Section; 7] = [
        Section::Routine,
        Section::List,
        Section::Setup,
        Section::Diary,
        Section::Typing,
        Section::Anywhere,
        Section::Cramp,
    ];

    pub(crate) fn title(self) -> &'static str {
        match self {
            Section::Routine => "While a routine runs",
            Section::List => "In the list of routines",
            Section::Setup => "Before a routine starts",
            Section::Diary => "The cramp diary",
            Section::Typing => "In a text field (the filter, a typed value, the form)",
            Section::Cramp => "Cramp now (limber cramp, or c in the list)",
            Section::Anywhere => "Anywhere",
        }
    }
}

/// One row of the key table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Binding {
    pub modes: &'static [Mode],
    pub keys: &'static [Key],
    pub action: Action,
    /// What it does, for the help screen.
    pub help: &'static str,
    /// Shown in the footer of these modes (a short word), if at all.
    pub hint: Option<&'static str>,
    pub section: Section,
}

impl Binding {
    /// The keys as the help screen writes them: `→ / n`.
    pub(crate) fn keys_label(&self) -> String {
        self.keys
            .iter()
            .map(|k| k.label())
            .collect::<Vec<_>>()
            .join(" / ")
    }
}

use Mode::*;

const LISTS: &[Mode] = &[Picker, Filter];
const ALL: &[Mode] = &[
    Picker, Filter, Setup, Timer, Confirm, Help, Finish, Form, Report, Where, Leg, Problems,
];
const NOT_TYPING: &[Mode] = &[Picker, Setup, Timer, Finish, Report, Where, Leg, Problems];
/// Where a text field takes the keys: the filter, setup's typed value, the form.
const TYPING: &[Mode] = &[Filter, Setup, Form];

const fn bind(
    modes: &'static [Mode],
    keys: &'static [Key],
    action: Action,
    help: &'static str,
    hint: Option<&'static str>,
    section: Section,
) -> Binding {
    Binding {
        modes,
        keys,
        action,
        help,
        hint,
        section,
    }
}

/// The whole key table, in the order the help screen lists it. The first row that matches wins.
#[rustfmt::skip]
pub(crate) const BINDINGS: &[Binding] = &[
    // Anywhere, first so nothing can shadow them.
    bind(ALL, &[Key::Ctrl('c')], Action::QuitNow, "quit at once", None, Section::Anywhere),
    bind(ALL, &[Key::Ctrl('z')], Action::Suspend, "suspend (the routine pauses; `fg` to come back)", None, Section::Anywhere),
    // Cramp now: one key for the place, one for the leg.
    bind(&[Where], &[Key::Char('c')], Action::Spot(Spot::Calf), "the calf", None, Section::Cramp),
    bind(&[Where], &[Key::Char('f')], Action::Spot(Spot::Foot), "the foot", None, Section::Cramp),
    bind(&[Where], &[Key::Char('t')], Action::Spot(Spot::Toes), "the toes", None, Section::Cramp),
    bind(&[Where], &[Key::Char('a')], Action::Spot(Spot::ThighFront), "the front of the thigh", None, Section::Cramp),
    bind(&[Where], &[Key::Char('b')], Action::Spot(Spot::ThighBack), "the back of the thigh", None, Section::Cramp),
    bind(&[Where], &[Key::Char('h')], Action::Spot(Spot::Hand), "the hand", None, Section::Cramp),
    bind(&[Where], &[Key::Char('s')], Action::Spot(Spot::Swimming), "while swimming", None, Section::Cramp),
    bind(&[Leg], &[Key::Char('l'), Key::Left], Action::Leg(Some(true)), "the left leg", Some("left"), Section::Cramp),
    bind(&[Leg], &[Key::Char('r'), Key::Right], Action::Leg(Some(false)), "the right leg", Some("right"), Section::Cramp),
    bind(&[Leg], &[Key::Enter], Action::Leg(None), "not sure which leg", Some("not sure"), Section::Cramp),
    bind(&[Where, Leg], &[Key::Esc, Key::Char('q')], Action::Back, "back", Some("back"), Section::Cramp),
    bind(&[Picker], &[Key::Char('c')], Action::CrampNow, "a cramp now: where is it? (first aid at once)", Some("cramp now"), Section::List),
    // While a routine runs.
    bind(&[Timer], &[Key::Char(' ')], Action::PauseOrDone, "pause / resume; ends a step that waits for you", Some("pause"), Section::Routine),
    bind(&[Timer], &[Key::Enter], Action::DoneOrGoOn, "end a step that waits for you; go on when paused", None, Section::Routine),
    bind(&[Timer], &[Key::Right, Key::Char('n')], Action::Next, "next step (skip this one)", Some("next"), Section::Routine),
    bind(&[Timer], &[Key::Left, Key::Char('p')], Action::Previous, "previous step", Some("back"), Section::Routine),
    bind(&[Timer], &[Key::Char('r')], Action::Restart, "restart this step", None, Section::Routine),
    bind(&[Timer], &[Key::Char('+'), Key::Char('=')], Action::AddTime, "add 10 seconds", Some("10 s"), Section::Routine),
    bind(&[Timer], &[Key::Char('-'), Key::Char('_')], Action::TakeTime, "take 10 seconds", None, Section::Routine),
    bind(&[Timer], &[Key::Char('m')], Action::Mute, "sound off / on", Some("mute"), Section::Routine),
    bind(&[Timer], &[Key::Down, Key::Char('j')], Action::Down, "scroll the step's text down (when it does not fit)", None, Section::Routine),
    bind(&[Timer], &[Key::Up, Key::Char('k')], Action::Up, "scroll the step's text up", None, Section::Routine),
    bind(&[Timer], &[Key::PageDown], Action::PageDown, "scroll the step's text down a page", None, Section::Routine),
    bind(&[Timer], &[Key::PageUp], Action::PageUp, "scroll the step's text up a page", None, Section::Routine),
    bind(&[Timer], &[Key::Char('q'), Key::Esc], Action::AskQuit, "quit (asks first)", Some("quit"), Section::Routine),
    bind(&[Confirm], &[Key::Char('y')], Action::Yes, "yes, quit", Some("quit"), Section::Routine),
    bind(&[Confirm], &[Key::Char('l')], Action::StopToList, "stop the routine and go back to the list (when it was started from the list)", Some("back to the list"), Section::Routine),
    bind(&[Confirm], &[Key::Char('n'), Key::Esc, Key::Char('q')], Action::No, "no, go on", Some("go on"), Section::Routine),
    // The list. A row with no help text is not listed on the help screen: another row says it.
    bind(&[Filter], &[Key::Enter], Action::Choose, "", Some("start"), Section::List),
    bind(&[Filter], &[Key::Esc], Action::Back, "", Some("clear"), Section::List),
    bind(&[Filter], &[Key::Backspace], Action::Erase, "erase a letter of the filter", None, Section::List),
    bind(LISTS, &[Key::Down], Action::Down, "move down (j too, when not typing)", None, Section::List),
    bind(LISTS, &[Key::Up], Action::Up, "move up (k too, when not typing)", None, Section::List),
    bind(&[Picker, Setup], &[Key::Char('j')], Action::Down, "", None, Section::List),
    bind(&[Picker, Setup], &[Key::Char('k')], Action::Up, "", None, Section::List),
    bind(LISTS, &[Key::PageDown], Action::PageDown, "a page down the list", None, Section::List),
    bind(LISTS, &[Key::PageUp], Action::PageUp, "a page up the list", None, Section::List),
    bind(&[Picker], &[Key::Home, Key::Char('g')], Action::Top, "first routine", None, Section::List),
    bind(&[Picker], &[Key::End, Key::Char('G')], Action::Bottom, "last routine", None, Section::List),
    bind(&[Picker], &[Key::Char('J')], Action::More, "scroll the routine's description down (when it does not fit)", None, Section::List),
    bind(&[Picker], &[Key::Char('K')], Action::Less, "scroll the routine's description up", None, Section::List),
    bind(&[Picker], &[Key::Char('/')], Action::Filter, "filter by typing (first aid and titles come first)", Some("filter"), Section::List),
    bind(&[Picker, Filter], &[Key::Tab], Action::NextTag, "next tag (first aid, bedtime …)", Some("tag"), Section::List),
    bind(&[Picker, Filter], &[Key::BackTab], Action::PreviousTag, "previous tag", None, Section::List),
    bind(&[Picker], &[Key::Enter, Key::Right, Key::Char('l')], Action::Choose, "open the selected routine (a broken file: its problems); while typing a filter, Enter keeps it", Some("start"), Section::List),
    bind(&[Picker], &[Key::Esc], Action::Back, "clear the filter, or quit", None, Section::List),
    bind(&[Picker], &[Key::Char('q')], Action::Quit, "quit", Some("quit"), Section::List),
    bind(&[Picker], &[Key::Char('d')], Action::Report, "the cramp diary: cramps per night, warning signs", Some("diary"), Section::Diary),
    // A broken file's problems: one row on the help screen says them all.
    bind(&[Problems], &[Key::Down, Key::Char('j')], Action::Down, "", Some("scroll"), Section::List),
    bind(&[Problems], &[Key::Up, Key::Char('k')], Action::Up, "", None, Section::List),
    bind(&[Problems], &[Key::PageDown], Action::PageDown, "", None, Section::List),
    bind(&[Problems], &[Key::PageUp], Action::PageUp, "", None, Section::List),
    bind(&[Problems], &[Key::Esc, Key::Char('q'), Key::Enter], Action::Back, "a broken file's problems (Enter on it in the list): ↓ ↑ PgDn PgUp scroll them, Esc / q / Enter go back to the list", Some("back"), Section::List),
    // Setup.
    bind(&[Setup], &[Key::Up], Action::Up, "previous setting (also k)", None, Section::Setup),
    bind(&[Setup], &[Key::Down], Action::Down, "next setting (also j)", None, Section::Setup),
    bind(&[Setup], &[Key::Left, Key::Char('h')], Action::Less, "less / the other leg", Some("change"), Section::Setup),
    bind(&[Setup], &[Key::Right, Key::Char('l')], Action::More, "more / the other leg", None, Section::Setup),
    bind(&[Setup], &[Key::Backspace], Action::Erase, "erase a typed digit (type a number to set a value)", None, Section::Setup),
    bind(&[Setup], &[Key::Enter], Action::Choose, "start", Some("start"), Section::Setup),
    bind(&[Setup], &[Key::PageDown], Action::PageDown, "the next of what to have ready and the cautions, when they do not all fit", None, Section::Setup),
    bind(&[Setup], &[Key::PageUp], Action::PageUp, "back to the earlier ones", None, Section::Setup),
    bind(&[Setup], &[Key::Char('p')], Action::Practise, "first aid: practise it with no cramp, or back to a real cramp", Some(PRACTISE_HINT), Section::Setup),
    bind(&[Setup], &[Key::Char('d')], Action::Defaults, "back to the routine's own defaults (your last choices are offered first)", Some(DEFAULTS_HINT), Section::Setup),
    bind(&[Setup], &[Key::Char('q'), Key::Esc], Action::Back, "back", Some("back"), Section::Setup),
    // The finish screen.
    bind(&[Finish], &[Key::Enter], Action::ToPicker, "after a routine: back to the list", Some("list"), Section::Anywhere),
    bind(&[Finish], &[Key::Char('q'), Key::Esc], Action::Quit, "after a routine: quit", Some("quit"), Section::Anywhere),
    // The diary: log a cramp, the report.
    bind(&[Finish], &[Key::Char('l')], Action::LogCramp, "after first aid: log this cramp", Some("log this cramp"), Section::Diary),
    // In the list's footer there is no room for it: the diary's footer and help show it.
    bind(&[Picker], &[Key::Char('L')], Action::LogCramp, "log a cramp", None, Section::Diary),
    bind(&[Report], &[Key::Char('L')], Action::LogCramp, "log a cramp", Some("log a cramp"), Section::Diary),
    bind(&[Report], &[Key::Down, Key::Char('j')], Action::Down, "choose the next (older) entry", Some("choose"), Section::Diary),
    bind(&[Report], &[Key::Up, Key::Char('k')], Action::Up, "choose the previous (newer) entry", None, Section::Diary),
    bind(&[Report], &[Key::Enter], Action::Choose, "correct the chosen entry in the log form", Some("edit"), Section::Diary),
    bind(&[Report], &[Key::Char('x'), Key::Delete], Action::DeleteEntry, "delete the chosen entry (u brings it back)", Some("delete"), Section::Diary),
    bind(&[Report], &[Key::Char('u')], Action::Undo, "bring back the entry just deleted", None, Section::Diary),
    bind(&[Report], &[Key::Right, Key::Char('J')], Action::More, "scroll the counts and warning signs down", Some("scroll"), Section::Diary),
    bind(&[Report], &[Key::Left, Key::Char('K')], Action::Less, "scroll the counts and warning signs up", None, Section::Diary),
    bind(&[Report], &[Key::Esc, Key::Char('q'), Key::Char('d')], Action::Back, "leave the report", Some("back"), Section::Diary),
    bind(&[Form], &[Key::Enter], Action::Choose, "in the form: save the cramp", None, Section::Diary),
    bind(&[Form], &[Key::Ctrl('s')], Action::Save, "in the form: save from any field", None, Section::Diary),
    bind(&[Form], &[Key::Tab, Key::Down], Action::Down, "in the form: next field", None, Section::Diary),
    bind(&[Form], &[Key::BackTab, Key::Up], Action::Up, "in the form: previous field", None, Section::Diary),
    bind(&[Form], &[Key::Left], Action::Less, "in the form: previous choice (on a text field: cursor left)", None, Section::Diary),
    bind(&[Form], &[Key::Right], Action::More, "in the form: next choice, or type its first letter (on a text field: cursor right)", None, Section::Diary),
    bind(&[Form], &[Key::Backspace], Action::Erase, "in the form: erase a letter", None, Section::Diary),
    bind(&[Form], &[Key::Esc], Action::Back, "in the form: leave without saving", None, Section::Diary),
    // Line editing, the same in every text field.
    bind(&[Filter], &[Key::Left], Action::Edit(Edit::Left), "cursor left (in the form too, on a text field)", None, Section::Typing),
    bind(&[Filter], &[Key::Right], Action::Edit(Edit::Right), "cursor right (in the form too, on a text field)", None, Section::Typing),
    bind(TYPING, &[Key::Home, Key::Ctrl('a')], Action::Edit(Edit::Start), "to the start of the line", None, Section::Typing),
    bind(TYPING, &[Key::End, Key::Ctrl('e')], Action::Edit(Edit::End), "to the end of the line", None, Section::Typing),
    bind(TYPING, &[Key::Delete], Action::Edit(Edit::Delete), "erase the character under the cursor", None, Section::Typing),
    bind(TYPING, &[Key::Ctrl('w')], Action::Edit(Edit::EraseWord), "erase the word before the cursor", None, Section::Typing),
    bind(TYPING, &[Key::Ctrl('u')], Action::Edit(Edit::EraseToStart), "erase to the start of the line", None, Section::Typing),
    bind(TYPING, &[Key::Ctrl('k')], Action::Edit(Edit::EraseToEnd), "erase to the end of the line", None, Section::Typing),
    // Help.
    bind(&[Help], &[Key::Tab, Key::Right, Key::Left, Key::Char('l'), Key::Char('h')], Action::HelpPage, "switch help page", Some("page"), Section::Anywhere),
    bind(&[Help], &[Key::Down, Key::Char('j')], Action::Down, "in help: a line down", Some("scroll"), Section::Anywhere),
    bind(&[Help], &[Key::Up, Key::Char('k')], Action::Up, "in help: a line up", None, Section::Anywhere),
    bind(&[Help], &[Key::PageDown], Action::PageDown, "in help: a page down", None, Section::Anywhere),
    bind(&[Help], &[Key::PageUp], Action::PageUp, "in help: a page up", None, Section::Anywhere),
    bind(&[Help], &[Key::Char('?'), Key::Esc, Key::Char('q'), Key::Enter], Action::CloseHelp, "close help", Some("close"), Section::Anywhere),
    // Anywhere but while typing.
    bind(NOT_TYPING, &[Key::Char('?')], Action::Help, "help, and when to see a doctor", Some("help"), Section::Anywhere),
    bind(NOT_TYPING, &[Key::Char('N')], Action::Night, "night mode: dim colours, softer sounds", Some("night"), Section::Anywhere),
    // Last, so a narrow footer drops it first.
    bind(&[Picker], &[Key::Char('p')], Action::Practise, "practise first aid, with no cramp (each \"until it passes\" step is a short hold)", Some("practise first aid"), Section::List),
];

/// The setup footer's word for [`Action::Practise`] (shown for first aid only).
pub(crate) const PRACTISE_HINT: &str = "practise";

/// The setup footer's word for [`Action::Defaults`] (shown when a value differs from its default).
pub(crate) const DEFAULTS_HINT: &str = "defaults";

/// The key that chooses a place on the cramp screen.
pub(crate) fn spot_key(spot: Spot) -> Option<Key> {
    BINDINGS
        .iter()
        .find(|b| b.action == Action::Spot(spot))
        .and_then(|b| b.keys.first().copied())
}

/// The action a key asks for in a mode, if any. Key releases and repeats of typing are ignored.
pub fn resolve(mode: Mode, event: &KeyEvent) -> Option<Action> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    let bound = BINDINGS
        .iter()
        .find(|b| b.modes.contains(&mode) && b.keys.iter().any(|k| k.matches(event)))
        .map(|b| b.action);
    if bound.is_some() {
        return bound;
    }
    let plain = !event
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    match (mode, event.code) {
        (Filter | Form, KeyCode::Char(c)) if plain && !c.is_control() => Some(Action::Type(c)),
        (Setup, KeyCode::Char(c)) if plain && (c.is_ascii_digit() || c == 'm' || c == 's') => {
            Some(Action::Type(c))
        }
        _ => None,
    }
}

/// The footer for a mode: `Space pause · → / n next · …`, from the table's hints.
pub(crate) fn hints(mode: Mode) -> Vec<(String, &'static str)> {
    BINDINGS
        .iter()
        .filter(|b| b.modes.contains(&mode))
        .filter_map(|b| {
            // A long list of keys would crowd the footer; the help screen has them all.
            let keys = if b.keys.len() > 2 {
                b.keys.first().map(|k| k.label()).unwrap_or_default()
            } else {
                b.keys_label()
            };
            b.hint.map(|h| (keys, h))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEvent;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }
    fn ch(c: char) -> KeyEvent {
        key(KeyCode::Char(c))
    }

    #[test]
    fn every_key_is_found_by_its_label() {
        let keys: Vec<Key> = BINDINGS
            .iter()
            .flat_map(|b| b.keys.iter().copied())
            .collect();
        for key in &keys {
            let label = key.label();
            let found = Key::from_label(&label);
            let first = keys.iter().find(|k| k.label() == label).copied();
            assert_eq!(found, first, "{key:?}");
        }
        for unknown in ["", "Spac", "Space ", "qq", "Ctrl-", "Ctrl-CC", "ctrl-c"] {
            assert_eq!(Key::from_label(unknown), None, "{unknown:?}");
        }
    }

    #[test]
    fn timer_keys_follow_the_issue() {
        assert_eq!(resolve(Timer, &ch(' ')), Some(Action::PauseOrDone));
        assert_eq!(
            resolve(Timer, &key(KeyCode::Enter)),
            Some(Action::DoneOrGoOn)
        );
        assert_eq!(resolve(Timer, &key(KeyCode::Right)), Some(Action::Next));
        assert_eq!(resolve(Timer, &ch('n')), Some(Action::Next));
        assert_eq!(resolve(Timer, &ch('p')), Some(Action::Previous));
        assert_eq!(resolve(Timer, &ch('r')), Some(Action::Restart));
        assert_eq!(
            resolve(
                Timer,
                &KeyEvent::new(KeyCode::Char('+'), KeyModifiers::SHIFT)
            ),
            Some(Action::AddTime)
        );
        assert_eq!(resolve(Timer, &ch('-')), Some(Action::TakeTime));
        assert_eq!(resolve(Timer, &ch('m')), Some(Action::Mute));
        assert_eq!(
            resolve(
                Timer,
                &KeyEvent::new(KeyCode::Char('N'), KeyModifiers::SHIFT)
            ),
            Some(Action::Night)
        );
        assert_eq!(resolve(Timer, &ch('q')), Some(Action::AskQuit));
        assert_eq!(resolve(Timer, &key(KeyCode::Esc)), Some(Action::AskQuit));
        assert_eq!(resolve(Timer, &ch('?')), Some(Action::Help));
        assert_eq!(
            resolve(
                Timer,
                &KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)
            ),
            Some(Action::QuitNow)
        );
        assert_eq!(resolve(Timer, &ch('x')), None);
    }

    #[test]
    fn confirm_needs_y() {
        assert_eq!(resolve(Confirm, &ch('y')), Some(Action::Yes));
        assert_eq!(resolve(Confirm, &ch('n')), Some(Action::No));
        assert_eq!(resolve(Confirm, &key(KeyCode::Enter)), None);
        assert_eq!(resolve(Confirm, &ch(' ')), None);
    }

    #[test]
    fn lists_take_vim_keys_and_filters_take_letters() {
        assert_eq!(resolve(Picker, &ch('j')), Some(Action::Down));
        assert_eq!(resolve(Picker, &ch('k')), Some(Action::Up));
        assert_eq!(resolve(Picker, &ch('l')), Some(Action::Choose));
        assert_eq!(resolve(Picker, &ch('/')), Some(Action::Filter));
        assert_eq!(resolve(Filter, &ch('j')), Some(Action::Type('j')));
        assert_eq!(resolve(Filter, &ch('q')), Some(Action::Type('q')));
        assert_eq!(resolve(Filter, &ch('?')), Some(Action::Type('?')));
        assert_eq!(resolve(Filter, &key(KeyCode::Down)), Some(Action::Down));
        assert_eq!(resolve(Setup, &ch('7')), Some(Action::Type('7')));
        assert_eq!(resolve(Setup, &key(KeyCode::Up)), Some(Action::Up));
        assert_eq!(resolve(Setup, &ch('h')), Some(Action::Less));
    }

    #[test]
    fn the_diary_has_its_keys() {
        assert_eq!(resolve(Picker, &ch('d')), Some(Action::Report));
        assert_eq!(
            resolve(
                Picker,
                &KeyEvent::new(KeyCode::Char('L'), KeyModifiers::SHIFT)
            ),
            Some(Action::LogCramp)
        );
        assert_eq!(resolve(Finish, &ch('l')), Some(Action::LogCramp));
        assert_eq!(resolve(Report, &key(KeyCode::Esc)), Some(Action::Back));
        // The form takes letters, `q` and `?` included; Ctrl-C still quits.
        assert_eq!(resolve(Form, &ch('q')), Some(Action::Type('q')));
        assert_eq!(resolve(Form, &ch('?')), Some(Action::Type('?')));
        assert_eq!(resolve(Form, &ch(' ')), Some(Action::Type(' ')));
        assert_eq!(resolve(Form, &key(KeyCode::Tab)), Some(Action::Down));
        assert_eq!(resolve(Form, &key(KeyCode::Esc)), Some(Action::Back));
        assert_eq!(
            resolve(
                Form,
                &KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)
            ),
            Some(Action::QuitNow)
        );
        let picker: Vec<&str> = hints(Picker).iter().map(|(_, h)| *h).collect();
        assert!(picker.contains(&"diary"), "{picker:?}");
    }

    #[test]
    fn releases_are_ignored() {
        let mut event = ch(' ');
        event.kind = KeyEventKind::Release;
        assert_eq!(resolve(Timer, &event), None);
    }

    #[test]
    fn footers_come_from_the_table() {
        let timer: Vec<&str> = hints(Timer).iter().map(|(_, h)| *h).collect();
        assert_eq!(
            timer,
            [
                "pause", "next", "back", "10 s", "mute", "quit", "help", "night"
            ]
        );
        assert_eq!(hints(Timer)[1].0, "→ / n");
    }
}
