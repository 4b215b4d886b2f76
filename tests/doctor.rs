//! `limber doctor`: every sign and safety note, grouped with the urgent first, each quoted and
//! sourced by the article's short label.

use std::process::{Command, Output};

use limber_core::advice::{self, Group, SIGNS};

fn doctor() -> Output {
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    Command::new(env!("CARGO_BIN_EXE_limber"))
        .arg("doctor")
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("LIMBER_AUDIO", "none")
        .output()
        .unwrap_or_else(|e| panic!("cannot run limber: {e}"))
}

/// The output with line breaks undone, so a wrapped quote reads as one.
fn unwrapped(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn doctor_prints_every_sign_quoted_and_sourced() {
    let out = doctor();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty());
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let flat = unwrapped(&text);
    for sign in SIGNS {
        assert!(
            flat.contains(sign.heading),
            "heading missing: {}",
            sign.heading
        );
        for q in sign.quotes {
            assert!(
                flat.contains(&unwrapped(q.text)),
                "quote missing: {}",
                q.text
            );
        }
        let label = advice::article(sign.article())
            .expect("a known article")
            .label;
        assert!(
            flat.contains(&format!("{label} (article {})", sign.article())),
            "source missing for: {}",
            sign.heading
        );
    }
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    assert!(flat.contains("limber is not medical advice"));
}

#[test]
fn doctor_puts_the_urgent_first() {
    let text = String::from_utf8(doctor().stdout).expect("UTF-8");
    let at: Vec<usize> = Group::ALL
        .iter()
        .map(|g| {
            text.find(&g.title().to_uppercase())
                .unwrap_or_else(|| panic!("no group {}", g.title()))
        })
        .collect();
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "groups out of order: {at:?}"
    );
    // What the issue names, in the group it belongs to.
    let between = |from: Group, to: Option<Group>, needle: &str| {
        let start = text.find(&from.title().to_uppercase()).expect("group");
        let end = to.map_or(text.len(), |g| {
            text.find(&g.title().to_uppercase()).expect("group")
        });
        assert!(
            unwrapped(&text[start..end]).contains(needle),
            "`{needle}` is not under {}",
            from.title()
        );
    };
    between(
        Group::RightAway,
        Some(Group::SeeADoctor),
        "loss of consciousness",
    );
    between(
        Group::RightAway,
        Some(Group::SeeADoctor),
        "caesarean section",
    );
    between(Group::SeeADoctor, Some(Group::InPregnancy), "thrombosis");
    between(
        Group::SeeADoctor,
        Some(Group::InPregnancy),
        "vascular surgeon",
    );
    between(
        Group::SeeADoctor,
        Some(Group::InPregnancy),
        "If a child complains of pain in the legs",
    );
    between(
        Group::InPregnancy,
        Some(Group::Safety),
        "another reason should be sought",
    );
    between(Group::InPregnancy, Some(Group::Safety), "anemia");
    between(
        Group::InPregnancy,
        Some(Group::Safety),
        "obstetrician-gynecologist",
    );
    between(Group::Safety, None, "below 18 degrees");
    between(Group::Safety, None, "exceed 10 degrees");
    between(
        Group::Safety,
        None,
        "not to be in an upright position for a long time",
    );
    between(Group::Safety, None, "Walk slowly");
    between(Group::Safety, None, "lie on their back or right side");
}
