//! The picker on a `TestBackend` over the bundled routines: first aid at the top, then the
//! routines grouped by purpose with titles in order; the filter ranks first aid and title
//! matches first; PgUp / PgDn / Home / End in the list; the preview scrolls (J / K) with a
//! marker; the person's own routines marked; a broken file of theirs listed with its first
//! error, Enter showing the rest. And `limber list`: one line per broken file.

mod common;

use common::screen::{bundled, rows as screen};

use std::time::Instant;

use limber::tui::App;
use limber::tui::app::{Broken, Listing, Screen};
use limber::tui::keys::{Action, resolve};
use limber::tui::screens::picker::{Group, Item, Row};
use limber_core::routine::Routine;
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

fn press(app: &mut App, code: KeyCode, now: Instant) {
    let event = KeyEvent::new(code, KeyModifiers::NONE);
    if let Some(action) = resolve(app.mode(), &event) {
        app.update(action, now);
    }
}

fn typed(app: &mut App, keys: &str, now: Instant) {
    for c in keys.chars() {
        press(app, KeyCode::Char(c), now);
    }
}

/// The routine under the cursor.
fn chosen(app: &App) -> Option<&Routine> {
    match app.picker.selected_item()? {
        Item::Routine(i) => app.picker.catalog.get(i),
        Item::Broken(_) | Item::Practise => None,
    }
}

#[test]
fn first_aid_comes_first_then_the_routines_by_purpose_titles_in_order() {
    let app = App::new(bundled(), false, true);
    let picker = &app.picker;
    let rows = picker.rows();
    assert_eq!(rows.first(), Some(&Row::Heading(Group::FirstAid)));
    assert!(
        chosen(&app).is_some_and(|r| r.tags.iter().any(|t| t == "first-aid")),
        "the cursor starts on first aid"
    );
    // Headings in order, each once; under each, its routines by title.
    let items = picker.items();
    let mut headings = Vec::new();
    let mut titles: Vec<Vec<String>> = Vec::new();
    for row in &rows {
        match row {
            Row::Heading(group) => {
                headings.push(*group);
                titles.push(Vec::new());
            }
            Row::Item(n) => {
                if matches!(items.get(*n), Some(Item::Practise)) {
                    assert_eq!(headings.last(), Some(&Group::Practise));
                    continue;
                }
                let Some(Item::Routine(i)) = items.get(*n) else {
                    panic!("only routines here")
                };
                let routine = &picker.catalog[*i];
                if let (Some(group), Some(list)) = (headings.last(), titles.last_mut()) {
                    if *group == Group::FirstAid {
                        assert!(
                            routine.tags.iter().any(|t| t == "first-aid"),
                            "{}",
                            routine.id
                        );
                    }
                    list.push(routine.title.to_lowercase());
                }
            }
        }
    }
    let mut sorted = headings.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(headings, sorted, "each group once, in order");
    assert!(headings.len() >= 5, "{headings:?}");
    for list in titles {
        let mut in_order = list.clone();
        in_order.sort();
        assert_eq!(list, in_order);
    }
    // Every routine is listed.
    assert_eq!(picker.visible().len(), picker.catalog.len());
    // The screen says it.
    let rows = screen(&app, Instant::now(), (80, 24));
    assert!(
        rows[2].contains("First aid: a cramp now"),
        "{}",
        rows.join("\n")
    );
    // One Tab: the first-aid tag.
    let mut app = app.clone();
    press(&mut app, KeyCode::Tab, Instant::now());
    assert_eq!(app.tags().first(), Some(&"first-aid"));
    assert!(screen(&app, Instant::now(), (80, 24))[0].contains("tag: first-aid"));
}

#[test]
fn the_filter_ranks_first_aid_and_titles_first() {
    let now = Instant::now();
    let mut app = App::new(bundled(), false, true);
    press(&mut app, KeyCode::Char('/'), now);
    typed(&mut app, "calf", now);
    let first: Vec<&str> = app
        .visible()
        .iter()
        .take(3)
        .map(|i| app.picker.catalog[*i].id.as_str())
        .collect();
    assert_eq!(first.first(), Some(&"first-aid-calf"), "{first:?}");
    // Title matches before matches in the summary or tags only.
    let titled: Vec<bool> = app
        .visible()
        .iter()
        .map(|i| app.picker.catalog[*i].title.to_lowercase().contains("calf"))
        .collect();
    assert!(titled.windows(2).all(|w| w[0] || !w[1]), "{titled:?}");
    // No group headings while typing: the matches are ranked.
    assert!(
        !app.picker
            .rows()
            .iter()
            .any(|r| matches!(r, Row::Heading(_)))
    );
    press(&mut app, KeyCode::Enter, now);
    let Screen::Setup(setup) = &app.screen else {
        panic!("Enter opens the best match's setup")
    };
    assert_eq!(setup.routine.id, "first-aid-calf");
}

#[test]
fn page_keys_home_and_end_move_in_the_list() {
    let now = Instant::now();
    let mut app = App::new(bundled(), false, true);
    let count = app.picker.items().len();
    screen(&app, now, (60, 20));
    press(&mut app, KeyCode::PageDown, now);
    let page = app.picker.selected;
    assert!(page > 1, "a page is more than a row: {page}");
    press(&mut app, KeyCode::PageDown, now);
    assert_eq!(app.picker.selected, (2 * page).min(count - 1));
    press(&mut app, KeyCode::PageUp, now);
    assert_eq!(app.picker.selected, page);
    press(&mut app, KeyCode::End, now);
    assert_eq!(app.picker.selected, count - 1);
    let rows = screen(&app, now, (60, 20));
    let visible = app.visible();
    let last = &app.picker.catalog[visible[visible.len() - 1]].title;
    assert!(
        rows.iter().any(|r| r.contains(&format!("▌{last}"))),
        "the last routine in view, with its cursor:\n{}",
        rows.join("\n")
    );
    press(&mut app, KeyCode::Home, now);
    assert_eq!(app.picker.selected, 0);
    let rows = screen(&app, now, (60, 20));
    assert!(
        rows[2].contains("First aid: a cramp now"),
        "{}",
        rows.join("\n")
    );
}

#[test]
fn each_row_maps_to_its_item_where_it_was_drawn() {
    let now = Instant::now();
    let app = App::new(bundled(), false, true);
    let rows = screen(&app, now, (80, 24));
    // What a tap at a cell asks for, as the frame just drawn recorded it (the event loop's path).
    let item_at = |column, row| match app.pointer(&MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }) {
        Some(Action::Row(n)) => Some(n),
        _ => None,
    };
    // Row 2 is the heading, row 3 the first routine (inside the list's frame, from column 1).
    assert_eq!(item_at(5, 2), None, "a heading is no item");
    assert_eq!(item_at(5, 3), Some(0));
    assert_eq!(item_at(5, 4), Some(1));
    let second = &app.picker.catalog[app.visible()[1]].title;
    assert!(rows[4].contains(second.as_str()), "{}", rows.join("\n"));
    assert_eq!(item_at(0, 3), None, "the frame");
    assert_eq!(item_at(60, 3), None, "the preview");
}

#[test]
fn the_preview_scrolls_with_a_marker() {
    let now = Instant::now();
    let mut app = App::new(bundled(), false, true);
    let size = (60, 20);
    let first = screen(&app, now, size);
    assert!(
        first.iter().any(|r| r.contains("↓ more below · J")),
        "{}",
        first.join("\n")
    );
    let source_shown = |rows: &[String]| rows.iter().any(|r| r.contains("Source:"));
    assert!(!source_shown(&first));
    let mut pages = 0;
    while screen(&app, now, size)
        .iter()
        .any(|r| r.contains("↓ more below"))
    {
        press(&mut app, KeyCode::Char('J'), now);
        pages += 1;
        assert!(pages < 60, "no end");
    }
    let end = screen(&app, now, size);
    assert!(source_shown(&end), "{}", end.join("\n"));
    assert!(end.iter().any(|r| r.contains("↑ more above · K")));
    // At the end it stays; K goes back; a move in the list starts the preview at its top.
    press(&mut app, KeyCode::Char('J'), now);
    assert_eq!(screen(&app, now, size), end);
    press(&mut app, KeyCode::Char('K'), now);
    assert_ne!(screen(&app, now, size), end);
    press(&mut app, KeyCode::Down, now);
    press(&mut app, KeyCode::Up, now);
    assert_eq!(screen(&app, now, size), first);
}

fn listing() -> Listing {
    let mut routines = bundled();
    let mut mine = routines[0].clone();
    mine.id = "my-stretch".into();
    mine.title = "My evening stretch".into();
    mine.tags = vec!["bedtime".into()];
    routines.push(mine);
    Listing {
        routines,
        yours: vec![(
            "my-stretch".into(),
            "/home/me/.config/limber/routines/my-stretch.toml".into(),
        )],
        broken: vec![Broken::new(
            "broken\u{1b}[31m.toml",
            "/home/me/.config/limber/routines/broken.toml:5:1: unknown key `duraton` in a step",
            "error: unknown key `duraton` in a step\n --> broken.toml:5:1\n  |\n5 | duraton = \"30s\"\n  | ^^^^^^^\n  |\nhelp: did you mean `duration`?\n\nerror: missing `title`\n --> broken.toml:1:1\u{7}",
            2,
        )],
    }
}

#[test]
fn your_routines_are_marked_and_a_broken_file_is_listed_with_its_problems() {
    let now = Instant::now();
    let mut app = App::with_listing(listing(), false, true);
    let size = (80, 30);
    // Yours: marked in the list, its file in the preview.
    press(&mut app, KeyCode::Char('/'), now);
    typed(&mut app, "my evening", now);
    let rows = screen(&app, now, (80, 50)).join("\n");
    assert!(rows.contains("My evening stretch (yours)"), "{rows}");
    assert!(rows.contains("Yours:"), "{rows}");
    assert!(
        rows.contains("/home/me/.config/limber/routines/my-stretch"),
        "{rows}"
    );
    press(&mut app, KeyCode::Esc, now);

    // Broken: last, under its heading, with its first problem in the preview.
    press(&mut app, KeyCode::End, now);
    assert!(matches!(app.picker.selected_item(), Some(Item::Broken(0))));
    assert_eq!(
        app.picker.rows().iter().rev().nth(1),
        Some(&Row::Heading(Group::Broken))
    );
    let rows = screen(&app, now, size).join("\n");
    assert!(rows.contains("Routines (28 · 1 to fix)"), "{rows}");
    assert!(rows.contains("Your files to fix"), "{rows}");
    assert!(rows.contains("broken[31m.toml"), "cleaned: {rows}");
    assert!(!rows.contains('\u{1b}'), "{rows:?}");
    assert!(rows.contains("broken"), "{rows}");
    assert!(rows.contains("unknown key `duraton` in a step"), "{rows}");
    assert!(rows.contains("Enter shows all 2 problems"), "{rows}");
    assert!(
        !rows.contains("missing `title`"),
        "the rest waits for Enter: {rows}"
    );

    // Enter: every problem, cleaned; Esc: back to the list, where it was.
    press(&mut app, KeyCode::Enter, now);
    assert!(matches!(app.screen, Screen::Picker), "still the picker");
    let rows = screen(&app, now, size).join("\n");
    assert!(rows.contains("2 problems"), "{rows}");
    assert!(rows.contains("help: did you mean `duration`?"), "{rows}");
    assert!(rows.contains("missing `title`"), "{rows}");
    assert!(!rows.contains('\u{7}'), "{rows:?}");
    assert!(rows.contains("Esc back"), "{rows}");
    press(&mut app, KeyCode::Esc, now);
    assert_eq!(app.picker.problems, None);
    assert!(matches!(app.picker.selected_item(), Some(Item::Broken(0))));
    assert!(!app.quit);
    // Typing its name finds it.
    press(&mut app, KeyCode::Char('/'), now);
    typed(&mut app, "broken", now);
    assert_eq!(app.picker.items().first(), Some(&Item::Broken(0)));
}

#[test]
fn list_prints_one_line_per_broken_file_and_check_the_whole() {
    let home = common::setup().with_routines();
    home.routine(
        "broken.toml",
        "title = \"Broken\"\nsummary = \"x\"\n\n[[step]]\ntitle = \"A\"\nduraton = \"30s\"\nrepeat = \"lots\"\n",
    );
    home.routine("fine.toml", &common::fixtures::two_timed_steps("Fine"));
    let out = home.command(&["list"]).output().expect("run limber list");
    let (stdout, stderr) = (common::text(&out.stdout), common::text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains("fine"), "{stdout}");
    let file = home.routines().join("broken.toml");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines.len(),
        2,
        "one line for the file, one to say what to do:\n{stderr}"
    );
    assert!(
        lines[0].starts_with(&format!("{}:6:1: ", file.display())),
        "{stderr}"
    );
    assert!(lines[0].contains("(and 1 more problem)"), "{stderr}");
    assert!(lines[1].contains("limber check"), "{stderr}");
    let check = home
        .command(&["check", file.to_str().expect("utf-8")])
        .output()
        .expect("run limber check");
    let full = common::text(&check.stderr);
    assert_eq!(check.status.code(), Some(2), "{full}");
    assert!(
        full.contains("duraton = \"30s\""),
        "the whole diagnostics: {full}"
    );
}

/// The preview says where the steps' numbers come from (for choosing, not on the timer), and
/// at 80×24 "limber is not medical advice" stays on its border beside a shorter marker.
#[test]
fn the_preview_says_where_the_numbers_come_from_and_stays_not_advice() {
    let now = Instant::now();
    let mut app = App::new(bundled(), false, true);
    let size = (80, 24);
    let first = screen(&app, now, size);
    let border = first.iter().find(|r| r.contains("╰ ↓ more · J"));
    assert!(
        border.is_some_and(|r| r.contains("limber is not medical advice")),
        "{}",
        first.join("\n")
    );
    let mut pages = 0;
    while !screen(&app, now, size)
        .iter()
        .any(|r| r.contains("The article gives no time"))
    {
        press(&mut app, KeyCode::Char('J'), now);
        pages += 1;
        assert!(pages < 60, "no note on the numbers in the preview");
    }
    let shown = screen(&app, now, size);
    assert!(
        shown.iter().any(|r| r.contains("About the numbers")),
        "{}",
        shown.join("\n")
    );
}

/// "Practise first aid" is an entry of the list (under "Before a cramp comes", after the first
/// aid), found by typing "practi"; Enter on it asks which place to practise, as `p` does.
#[test]
fn practise_first_aid_is_an_entry_of_the_list() {
    let now = Instant::now();
    let mut app = App::new(bundled(), false, true);
    let rows = app.picker.rows();
    let items = app.picker.items();
    let at = rows
        .iter()
        .position(|r| matches!(r, Row::Item(n) if items[*n] == Item::Practise))
        .unwrap_or_else(|| panic!("no practise entry: {rows:?}"));
    assert_eq!(rows[at - 1], Row::Heading(Group::Practise));
    assert!(rows[..at].contains(&Row::Heading(Group::FirstAid)));
    press(&mut app, KeyCode::Char('/'), now);
    typed(&mut app, "practi", now);
    assert_eq!(app.picker.items(), vec![Item::Practise]);
    let shown = screen(&app, now, (80, 24)).join("\n");
    assert!(shown.contains("Practise first aid"), "{shown}");
    assert!(shown.contains("short timed hold"), "{shown}");
    press(&mut app, KeyCode::Enter, now);
    press(&mut app, KeyCode::Enter, now);
    let shown = screen(&app, now, (80, 24)).join("\n");
    assert!(
        shown.contains("Practise first aid (no cramp now): for which place?"),
        "{shown}"
    );
    // A filter for a place does not show it.
    let mut app = App::new(bundled(), false, true);
    press(&mut app, KeyCode::Char('/'), now);
    typed(&mut app, "calf", now);
    assert!(!app.picker.items().contains(&Item::Practise));
}
