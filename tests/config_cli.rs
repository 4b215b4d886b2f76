//! `limber config`: the file's path and the values in force; a wrong file is reported with
//! file:line:col and the defaults are shown.

mod common;

use common::setup;

fn output(home: &common::Home) -> (i32, String, String) {
    let out = home
        .command(&["config"])
        .output()
        .unwrap_or_else(|e| panic!("limber config: {e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn prints_the_path_and_the_values_in_force() {
    let home = setup();
    let (code, out, _) = output(&home);
    assert_eq!(code, 0);
    let path = home.config().join("limber").join("config.toml");
    assert!(out.contains(&path.display().to_string()), "{out}");
    assert!(out.contains("auto (on from 21:00 to 07:00)"), "{out}");
    let dir = home.config().join("limber");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        &path,
        "volume = 30\nnight = \"auto\"\nnight_from = \"22:30\"\nnight_to = \"06:00\"\nvoice = true\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (code, out, _) = output(&home);
    assert_eq!(code, 0);
    assert!(out.contains("volume  30"), "{out}");
    assert!(out.contains("auto (on from 22:30 to 06:00)"), "{out}");
    assert!(out.contains("voice   on"), "{out}");
}

#[test]
fn a_wrong_file_says_where() {
    let home = setup();
    let dir = home.config().join("limber");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("config.toml"), "volume = 400\n").unwrap_or_else(|e| panic!("{e}"));
    let (code, out, err) = output(&home);
    assert_eq!(code, 1);
    assert!(err.contains("config.toml:1:10"), "{err}");
    assert!(err.contains("volume is 0 to 100"), "{err}");
    assert!(
        out.contains("night   auto"),
        "the defaults are shown: {out}"
    );
}
