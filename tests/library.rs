//! The bundled routine library (`routines/`): every routine parses, expands with its defaults and
//! with its params at their bounds to a plan of 1 minute … 2 hours, uses only the documented tags,
//! and names the article it follows.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use limber_core::routine::{Routine, SideChoice, StepKind, Values, expand, parse_routine};

/// The articles the routines follow, by title (the first line of each article file; the article
/// without a heading is named by its first sentence). A routine that follows several names them
/// separated by "; ".
const ARTICLES: [&str; 5] = [
    "Why does it reduce legs and calves during pregnancy - how to deal with it. Bringing legs together during pregnancy: a very common and frightening symptom. Causes, diagnosis and treatment of leg cramps during pregnancy",
    "Why brings legs together during pregnancy: causes and consequences",
    "Which doctor treats leg cramps. Causes of leg cramps in pregnant women. Brings legs together at night, from what and what to do?",
    "Several expecting women experience unpleasant and uncomfortable Leg Cramps and pain.",
    "What to do if your leg is caught. What to do if you have a cramp. Why do my legs cramp - check yourself",
];

/// The routines the library issue asks for, plus the sequences it missed.
const EXPECTED: [&str; 27] = [
    "first-aid-calf",
    "first-aid-quick-pull",
    "first-aid-straighten",
    "first-aid-night-standing",
    "first-aid-cold-mat",
    "first-aid-pregnancy",
    "first-aid-thigh-front",
    "first-aid-thigh-back",
    "first-aid-toes",
    "first-aid-swimming",
    "first-aid-hand",
    "after-cramp",
    "breathe-stretch-soothe",
    "bedtime-legs",
    "bedtime-pregnancy",
    "self-massage",
    "morning-feet",
    "calf-stretch-trio",
    "therapeutic-complex",
    "stretches-lying-sitting",
    "daytime-feet",
    "sitting-break",
    "standing-work-break",
    "contrast-bath",
    "contrast-shower-legs",
    "compression-wrap",
    "foot-bath",
];

const MIN_TOTAL_SECS: u64 = 60;
const MAX_TOTAL_SECS: u64 = 2 * 3600;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `routines/*.toml`, parsed, with its file name; panics with the rendered diagnostics.
fn library() -> Vec<(String, Routine)> {
    let dir = root().join("routines");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("readable routines folder").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| {
            let name = path
                .file_name()
                .expect("file name")
                .to_string_lossy()
                .into_owned();
            let id = path
                .file_stem()
                .expect("file stem")
                .to_string_lossy()
                .into_owned();
            let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{name}: {e}"));
            match parse_routine(&id, &text) {
                Ok(routine) => (name, routine),
                Err(problems) => {
                    let shown: Vec<String> =
                        problems.iter().map(|d| d.render(&name, &text)).collect();
                    panic!("{name} does not parse:\n{}", shown.join("\n"));
                }
            }
        })
        .collect()
}

/// The tags documented in `docs/tags.md` (the first column of its table).
fn vocabulary() -> BTreeSet<String> {
    let path = root().join("docs").join("tags.md");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split_once('`'))
        .map(|(tag, _)| tag.to_string())
        .collect()
}

/// The param values to try: the defaults, each param alone at its min and at its max, and all
/// params at their mins and at their maxes together.
fn value_sets(routine: &Routine) -> Vec<(String, Values)> {
    let defaults = routine.default_values();
    let mut sets = vec![("defaults".to_string(), defaults.clone())];
    let mut all_min = defaults.clone();
    let mut all_max = defaults.clone();
    for param in &routine.params {
        let (lo, hi) = param.bounds();
        for (label, value) in [("min", lo), ("max", hi)] {
            let mut values = defaults.clone();
            values.insert(param.name.clone(), value);
            sets.push((format!("{} at its {label}", param.name), values));
        }
        all_min.insert(param.name.clone(), lo);
        all_max.insert(param.name.clone(), hi);
    }
    sets.push(("all params at their min".to_string(), all_min));
    sets.push(("all params at their max".to_string(), all_max));
    sets
}

fn walk<'a>(
    steps: &'a [limber_core::routine::Step],
    out: &mut Vec<&'a limber_core::routine::Step>,
) {
    for step in steps {
        out.push(step);
        if let StepKind::Block(children) = &step.kind {
            walk(children, out);
        }
    }
}

fn all_steps(routine: &Routine) -> Vec<&limber_core::routine::Step> {
    let mut out = Vec::new();
    walk(&routine.steps, &mut out);
    out
}

#[test]
fn the_library_has_every_routine_of_the_issue_and_the_missed_sequences() {
    let ids: BTreeSet<String> = library().into_iter().map(|(_, r)| r.id).collect();
    for id in EXPECTED {
        assert!(ids.contains(id), "routines/{id}.toml is missing");
    }
    let expected: BTreeSet<String> = EXPECTED.iter().map(|s| s.to_string()).collect();
    let extra: Vec<&String> = ids.difference(&expected).collect();
    assert!(
        extra.is_empty(),
        "routines not listed in tests/library.rs EXPECTED: {extra:?}"
    );
}

#[test]
fn every_routine_expands_to_between_one_minute_and_two_hours() {
    for (name, routine) in library() {
        for (label, values) in value_sets(&routine) {
            for sides in SideChoice::ALL {
                let plan = expand(&routine, &values, sides).unwrap_or_else(|d| {
                    panic!(
                        "{name} does not expand with {label} ({}): {}",
                        sides.label(),
                        d.message
                    )
                });
                assert!(!plan.stages.is_empty(), "{name}: empty plan with {label}");
                let total = plan.total_seconds();
                assert!(
                    (MIN_TOTAL_SECS..=MAX_TOTAL_SECS).contains(&total),
                    "{name} with {label} ({}): total {total} s is outside 1 minute … 2 hours",
                    sides.label()
                );
            }
        }
    }
}

#[test]
fn every_param_has_help_and_a_range() {
    for (name, routine) in library() {
        for param in &routine.params {
            assert!(
                param.help.as_deref().is_some_and(|h| !h.trim().is_empty()),
                "{name}: param `{}` has no help",
                param.name
            );
            assert!(
                param.min.is_some() && param.max.is_some(),
                "{name}: param `{}` needs both min and max",
                param.name
            );
        }
    }
}

/// Whose each number is (docs/routines.md) is read from the help: a help must say it, either
/// "as the article says" or what the article gives instead ("The article gives no time").
#[test]
fn every_param_help_says_whose_the_number_is() {
    use limber_core::routine::provenance::{Whose, param_whose};
    for (name, routine) in library() {
        for param in &routine.params {
            let help = param.help.as_deref().unwrap_or_default();
            let says = match param_whose(param) {
                Whose::Article => true,
                Whose::Limber => help.contains("article") || help.contains("limber"),
            };
            assert!(
                says,
                "{name}: param `{}`: help does not say whose: {help}",
                param.name
            );
        }
    }
}

#[test]
fn tags_come_from_the_documented_vocabulary() {
    let vocabulary = vocabulary();
    assert!(
        vocabulary.len() >= 5 && vocabulary.len() <= 16,
        "docs/tags.md should list a small vocabulary, found {vocabulary:?}"
    );
    let mut used = BTreeSet::new();
    for (name, routine) in library() {
        assert!(!routine.tags.is_empty(), "{name} has no tags");
        for tag in &routine.tags {
            assert!(
                vocabulary.contains(tag),
                "{name}: tag `{tag}` is not in docs/tags.md ({vocabulary:?})"
            );
            used.insert(tag.clone());
        }
    }
    let unused: Vec<&String> = vocabulary.difference(&used).collect();
    assert!(
        unused.is_empty(),
        "docs/tags.md documents unused tags: {unused:?}"
    );
}

#[test]
fn every_routine_names_the_articles_it_follows() {
    for (name, routine) in library() {
        let source = routine
            .source
            .as_deref()
            .unwrap_or_else(|| panic!("{name} has no source"));
        for part in source.split("; ") {
            assert!(
                ARTICLES.contains(&part),
                "{name}: source `{part}` is not the title of an article"
            );
        }
        assert!(!routine.summary.trim().is_empty(), "{name} has no summary");
    }
}

#[test]
fn routines_that_lie_on_the_back_carry_the_pregnancy_caution() {
    for (name, routine) in library() {
        let lies_on_back = all_steps(&routine)
            .iter()
            .any(|s| s.text.to_lowercase().contains("on your back"))
            && name != "first-aid-swimming.toml";
        if lies_on_back {
            assert!(
                routine
                    .caution
                    .iter()
                    .any(|c| c.contains("do not lie on your back or your right side")),
                "{name} lies on the back but has no pregnancy caution"
            );
        }
    }
}

#[test]
fn first_aid_stretches_warn_when_a_cramp_lasts_over_five_minutes() {
    for (name, routine) in library() {
        if !routine.tags.iter().any(|t| t == "first-aid") {
            continue;
        }
        let warns: Vec<_> = all_steps(&routine)
            .into_iter()
            .filter_map(|s| match &s.kind {
                StepKind::Manual {
                    warn_after: Some(_),
                    warn: Some(w),
                    ..
                } => Some(w.clone()),
                _ => None,
            })
            .collect();
        for warn in &warns {
            assert!(warn.contains("3 to 5 minutes"), "{name}: warning `{warn}`");
        }
        if name.starts_with("first-aid-calf") || name.starts_with("first-aid-thigh") {
            assert_eq!(warns.len(), 1, "{name} needs one warning manual step");
        }
    }
}

#[test]
fn first_aid_calf_warns_after_five_minutes() {
    let (_, calf) = library()
        .into_iter()
        .find(|(_, r)| r.id == "first-aid-calf")
        .expect("first-aid-calf");
    let values = calf.default_values();
    let plan = expand(&calf, &values, SideChoice::default()).expect("expands");
    let manual = plan
        .stages
        .iter()
        .find(|s| s.waits())
        .expect("a manual stretch step");
    assert_eq!(manual.warn_after, Some(300));
}

#[test]
fn routine_files_are_named_by_valid_ids() {
    for (name, routine) in library() {
        assert_eq!(format!("{}.toml", routine.id), name);
        assert!(Path::new(&name).extension().is_some());
    }
}

/// What `docs/routines.md` holds above the table that `limber list --markdown` prints.
const ROUTINES_MD_HEADER: &str = "\
# Bundled routines

The routines in `routines/`, with their total time at the default values (steps that wait for you
count 0) and the articles they follow. The table is generated by `limber list --markdown`;
`tests/library.rs` fails when it is out of date. Regenerate it with
`LIMBER_UPDATE_DOCS=1 cargo test --test library`. The tags are explained in [tags.md](tags.md).

";

#[test]
fn docs_routines_md_is_the_generated_table() {
    // A home and config folder of our own, so the user's routines do not leak into the table.
    let home = tempfile::tempdir().expect("temp dir");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_limber"))
        .args(["list", "--markdown"])
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .env("APPDATA", home.path())
        .env_remove("LIMBER_ROUTINES")
        .output()
        .expect("run limber list --markdown");
    assert!(
        output.status.success(),
        "limber list --markdown failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let table = String::from_utf8(output.stdout).expect("UTF-8 output");
    for id in EXPECTED {
        assert!(
            table.contains(&format!("| `{id}` |")),
            "{id} is not in the table"
        );
    }
    let expected = format!("{ROUTINES_MD_HEADER}{table}");
    let path = root().join("docs").join("routines.md");
    if std::env::var_os("LIMBER_UPDATE_DOCS").is_some() {
        fs::write(&path, &expected).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    let actual = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/routines.md is out of date: regenerate it with \
         `LIMBER_UPDATE_DOCS=1 cargo test --test library`"
    );
}
