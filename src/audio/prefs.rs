//! The remembered sound preference: the volume chosen with `--volume`, kept in
//! `sound.toml` in limber's config folder (`~/.config/limber/` on Linux).

use limber_core::routine::text::shown_path;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{AudioConfig, BackendChoice, DEFAULT_VOLUME};

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Prefs {
    volume: Option<u8>,
}

/// `sound.toml` in limber's config folder, if the system has one.
#[must_use]
pub(crate) fn prefs_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "limber").map(|d| d.config_dir().join("sound.toml"))
}

/// The saved volume, if any (a missing or unreadable file means none).
#[must_use]
pub(crate) fn load_volume(path: &Path) -> Option<u8> {
    let text =
        crate::io_reason::read_small_text(path, crate::io_reason::MAX_SETTINGS_BYTES).ok()?;
    let prefs: Prefs = toml::from_str(&text).ok()?;
    prefs.volume.map(|v| v.min(100))
}

/// Saves the volume for next time.
///
/// # Errors
/// When the folder or file cannot be written; the message names the file.
pub(crate) fn save_volume(path: &Path, volume: u8) -> Result<(), String> {
    let prefs = Prefs {
        volume: Some(volume.min(100)),
    };
    let text = toml::to_string(&prefs).map_err(|e| e.to_string())?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| {
            format!(
                "cannot create {}: {}",
                shown_path(dir),
                crate::io_reason::io_reason(&e)
            )
        })?;
    }
    let fail = |e: std::io::Error| {
        format!(
            "cannot write {}: {}",
            shown_path(path),
            crate::io_reason::io_reason(&e)
        )
    };
    crate::atomic_file::replace(path, ".sound-", &text).map_err(fail)
}

/// The audio settings for a run from the command line's flags: `--volume`
/// (saved as the new preference when given), `--mute`, `--voice`, `--night`.
/// Returns the settings and, if saving the volume failed, why.
#[must_use]
pub fn config_from_flags(
    volume: Option<u8>,
    mute: bool,
    voice: bool,
    night: bool,
) -> (AudioConfig, Option<String>) {
    let path = prefs_path();
    let mut problem = None;
    let volume = match (volume, &path) {
        (Some(v), Some(p)) => {
            problem = save_volume(p, v).err();
            v
        }
        (Some(v), None) => v,
        (None, Some(p)) => load_volume(p).unwrap_or(DEFAULT_VOLUME),
        (None, None) => DEFAULT_VOLUME,
    };
    let cfg = AudioConfig {
        volume: volume.min(100),
        muted: mute,
        night,
        voice,
        backend: BackendChoice::Auto,
    };
    (cfg, problem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volume_round_trips_and_bad_files_are_ignored() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("sub").join("sound.toml");
        assert_eq!(load_volume(&path), None);
        save_volume(&path, 35).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(load_volume(&path), Some(35));
        std::fs::write(&path, "volume = \"loud\"").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(load_volume(&path), None);
    }
}
