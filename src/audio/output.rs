//! Where samples go: one small trait, one implementation per platform.
//!
//! * Linux: ALSA's `default` device through `libasound.so.2`, loaded at run
//!   time (see `alsa.rs`), so building needs no system headers.
//! * Elsewhere: rodio's own output (cpal), see `device.rs`.

use std::path::PathBuf;

/// What the device was opened with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Format {
    pub rate: u32,
    pub channels: u16,
    /// Frames the device can hold ahead of what is heard.
    pub buffer_frames: u64,
}

/// A sound output. The audio thread writes interleaved 16-bit samples at the
/// pace of the clock; the device must never be relied on to block.
pub(crate) trait Output {
    /// The format actually granted.
    fn format(&self) -> Format;

    /// Queues samples (whole frames). Returns how many frames were taken; the
    /// rest are dropped by the caller. `Err` means the device is gone for good.
    fn write(&mut self, samples: &[i16]) -> Result<u64, String>;

    /// Frames queued but not heard yet, when the device plays in real time.
    /// `None` for devices that swallow samples at once (ALSA's null or file).
    fn delay(&mut self) -> Option<u64>;

    /// Whether the device plays in real time (a sound card, a sound server). One that swallows
    /// samples at once (ALSA's null or file) keeps its timeline only if every frame is written.
    fn realtime(&self) -> bool {
        true
    }

    /// A short description for the status line ("ALSA default").
    fn describe(&self) -> String;

    /// Closes the device (samples already queued still play).
    fn close(self: Box<Self>);
}

/// Where to look for the platform library, if it must be found at run time.
#[derive(Clone, Debug, Default)]
pub(crate) struct OpenOptions {
    /// Overrides the ALSA library path (`LIMBER_ALSA_LIB`).
    #[cfg_attr(not(target_os = "linux"), allow(dead_code))]
    pub library: Option<PathBuf>,
}

/// The preferred output format; devices may grant something else.
pub(crate) const WANT_RATE: u32 = 48_000;

/// Opens the platform's default output, or says why not.
pub(crate) fn open_default(opts: &OpenOptions) -> Result<Box<dyn Output>, String> {
    #[cfg(target_os = "linux")]
    {
        super::alsa::open(opts, WANT_RATE)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = opts;
        super::device::open(WANT_RATE)
    }
}

/// An output that keeps what it is given, for tests.
#[cfg(test)]
pub(crate) struct Memory {
    pub samples: std::sync::Arc<std::sync::Mutex<Vec<i16>>>,
    /// Writes left before the device "vanishes" (`None`: never).
    pub vanish_after: Option<u32>,
}

#[cfg(test)]
impl Output for Memory {
    fn format(&self) -> Format {
        Format {
            rate: WANT_RATE,
            channels: 1,
            buffer_frames: 0,
        }
    }
    fn write(&mut self, samples: &[i16]) -> Result<u64, String> {
        if let Some(left) = self.vanish_after.as_mut() {
            if *left == 0 {
                return Err("the device is gone".into());
            }
            *left -= 1;
        }
        self.samples
            .lock()
            .map_err(|e| e.to_string())?
            .extend_from_slice(samples);
        Ok(samples.len() as u64)
    }
    fn realtime(&self) -> bool {
        false
    }
    fn delay(&mut self) -> Option<u64> {
        None
    }
    fn describe(&self) -> String {
        "memory".into()
    }
    fn close(self: Box<Self>) {}
}
