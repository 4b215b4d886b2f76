//! ALSA output through `libasound.so.2`, loaded at run time.
//!
//! Loading the library with `libloading` instead of linking it means building
//! limber needs no ALSA headers (`libasound2-dev`), and a machine without the
//! library still runs limber, silently. On a desktop ALSA's `default` device
//! reaches PulseAudio or PipeWire.
//!
//! This is the one module of limber allowed `unsafe`: calling C. The rules it
//! keeps:
//! * every function pointer is looked up by its documented name and given the
//!   exact C signature from `<alsa/pcm.h>` / `<alsa/error.h>`;
//! * the library is never unloaded, so the pointers stay valid for the
//!   process's life;
//! * a `snd_pcm_t` handle is used by one thread only (the audio thread that
//!   opened it: [`Alsa`] is not `Send`), is non-null after a successful
//!   `snd_pcm_open`, and is closed exactly once (`close` consumes the value;
//!   `Drop` closes only if `close` did not).
#![allow(unsafe_code)]

use std::ffi::{CStr, c_char, c_int, c_long, c_uint, c_ulong, c_void};
use std::path::Path;
use std::ptr;

use libloading::Library;

use super::output::{Format, OpenOptions, Output};

type Pcm = *mut c_void;
type SwParams = *mut c_void;
/// `snd_local_error_handler_t`: the last argument is a `va_list`, which on the
/// Linux ABIs limber supports is passed as one pointer-sized value (x86_64:
/// pointer to the array; aarch64: pointer to the copy of a >16-byte struct).
type LocalErrorHandler =
    unsafe extern "C" fn(*const c_char, c_int, *const c_char, c_int, *const c_char, *mut c_void);

const SND_PCM_STREAM_PLAYBACK: c_int = 0;
const SND_PCM_NONBLOCK: c_int = 1;
const SND_PCM_FORMAT_S16_LE: c_int = 2;
const SND_PCM_ACCESS_RW_INTERLEAVED: c_int = 3;
const SND_PCM_TYPE_FILE: c_int = 3;
const SND_PCM_TYPE_NULL: c_int = 4;
const EAGAIN: c_long = 11;

/// The functions limber calls, copied out of the (never unloaded) library.
#[derive(Clone, Copy)]
struct Api {
    open: unsafe extern "C" fn(*mut Pcm, *const c_char, c_int, c_int) -> c_int,
    set_params: unsafe extern "C" fn(Pcm, c_int, c_int, c_uint, c_uint, c_int, c_uint) -> c_int,
    get_params: unsafe extern "C" fn(Pcm, *mut c_ulong, *mut c_ulong) -> c_int,
    sw_params_malloc: unsafe extern "C" fn(*mut SwParams) -> c_int,
    sw_params_free: unsafe extern "C" fn(SwParams),
    sw_params_current: unsafe extern "C" fn(Pcm, SwParams) -> c_int,
    sw_params_set_start_threshold: unsafe extern "C" fn(Pcm, SwParams, c_ulong) -> c_int,
    sw_params: unsafe extern "C" fn(Pcm, SwParams) -> c_int,
    writei: unsafe extern "C" fn(Pcm, *const c_void, c_ulong) -> c_long,
    recover: unsafe extern "C" fn(Pcm, c_int, c_int) -> c_int,
    delay: unsafe extern "C" fn(Pcm, *mut c_long) -> c_int,
    pcm_type: unsafe extern "C" fn(Pcm) -> c_int,
    close: unsafe extern "C" fn(Pcm) -> c_int,
    strerror: unsafe extern "C" fn(c_int) -> *const c_char,
    /// Absent from very old libraries (before 1.1.6); then ALSA may print to stderr.
    set_local_error:
        Option<unsafe extern "C" fn(Option<LocalErrorHandler>) -> Option<LocalErrorHandler>>,
}

impl Api {
    fn load(path: &Path) -> Result<Api, String> {
        // SAFETY: loading libasound runs its ELF initialisers, which only set
        // up internal state; it is a plain C library with no Rust-visible
        // invariants. Loading the same library twice just bumps a refcount.
        let lib = unsafe { Library::new(path) }.map_err(|e| {
            format!(
                "the ALSA library ({}) is not installed: {e}",
                path.display()
            )
        })?;
        macro_rules! sym {
            ($name:literal) => {
                // SAFETY: the type given at each use is the C prototype of
                // that symbol in alsa-lib's public headers; the pointer is
                // copied out and stays valid because `lib` is never unloaded.
                *unsafe { lib.get(concat!($name, "\0").as_bytes()) }
                    .map_err(|e| format!("{}: {e}", $name))?
            };
        }
        let api = Api {
            open: sym!("snd_pcm_open"),
            set_params: sym!("snd_pcm_set_params"),
            get_params: sym!("snd_pcm_get_params"),
            sw_params_malloc: sym!("snd_pcm_sw_params_malloc"),
            sw_params_free: sym!("snd_pcm_sw_params_free"),
            sw_params_current: sym!("snd_pcm_sw_params_current"),
            sw_params_set_start_threshold: sym!("snd_pcm_sw_params_set_start_threshold"),
            sw_params: sym!("snd_pcm_sw_params"),
            writei: sym!("snd_pcm_writei"),
            recover: sym!("snd_pcm_recover"),
            delay: sym!("snd_pcm_delay"),
            pcm_type: sym!("snd_pcm_type"),
            close: sym!("snd_pcm_close"),
            strerror: sym!("snd_strerror"),
            // SAFETY: as above; this one may be missing, which is fine.
            set_local_error: unsafe { lib.get(b"snd_lib_error_set_local\0") }
                .ok()
                .map(|s| *s),
        };
        // Never unload: ALSA plugins keep global state, and the pointers above
        // must stay valid for the rest of the process.
        std::mem::forget(lib);
        Ok(api)
    }

    fn error(&self, code: c_int) -> String {
        // SAFETY: snd_strerror accepts any int and returns a pointer to a
        // static NUL-terminated string (or NULL, checked).
        let p = unsafe { (self.strerror)(code) };
        if p.is_null() {
            return format!("error {code}");
        }
        // SAFETY: non-null, static, NUL-terminated (see above).
        unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
    }
}

/// Swallows ALSA's diagnostics ("cannot find card 0") so they never land on
/// the terminal limber draws on; failures are reported through return codes.
unsafe extern "C" fn quiet(
    _file: *const c_char,
    _line: c_int,
    _func: *const c_char,
    _err: c_int,
    _fmt: *const c_char,
    _args: *mut c_void,
) {
}

/// An open ALSA playback handle.
pub(crate) struct Alsa {
    api: Api,
    pcm: Pcm,
    format: Format,
    realtime: bool,
}

/// Opens ALSA's `default` PCM for 16-bit playback at `rate` Hz, mono if the
/// device takes it, else stereo. Never blocks on a busy device.
pub(super) fn open(opts: &OpenOptions, rate: u32) -> Result<Box<dyn Output>, String> {
    let path = opts
        .library
        .as_deref()
        .unwrap_or(Path::new("libasound.so.2"));
    let api = Api::load(path)?;
    if let Some(set) = api.set_local_error {
        // SAFETY: `quiet` has the handler's C signature (see LocalErrorHandler)
        // and does nothing; the setting is thread-local to this audio thread.
        unsafe { set(Some(quiet)) };
    }
    let mut pcm: Pcm = ptr::null_mut();
    // SAFETY: `pcm` is a valid out-pointer; the name is a NUL-terminated
    // literal; NONBLOCK makes a busy device fail instead of waiting.
    let rc = unsafe {
        (api.open)(
            &raw mut pcm,
            c"default".as_ptr(),
            SND_PCM_STREAM_PLAYBACK,
            SND_PCM_NONBLOCK,
        )
    };
    if rc < 0 || pcm.is_null() {
        return Err(format!("no sound device ({})", api.error(rc)));
    }
    let mut dev = Alsa {
        api,
        pcm,
        format: Format {
            rate,
            channels: 1,
            buffer_frames: 0,
        },
        realtime: true,
    };
    dev.configure(rate)?;
    Ok(Box::new(dev))
}

impl Alsa {
    fn configure(&mut self, rate: u32) -> Result<(), String> {
        let api = self.api;
        let mut rc = 0;
        for channels in [1u16, 2] {
            // SAFETY: `self.pcm` is open and owned by this thread; all other
            // arguments are plain integers (latency in µs: 400 ms buffer).
            rc = unsafe {
                (api.set_params)(
                    self.pcm,
                    SND_PCM_FORMAT_S16_LE,
                    SND_PCM_ACCESS_RW_INTERLEAVED,
                    c_uint::from(channels),
                    rate,
                    1,
                    400_000,
                )
            };
            if rc == 0 {
                self.format.channels = channels;
                break;
            }
        }
        if rc < 0 {
            return Err(format!(
                "the sound device refused 16-bit output ({})",
                api.error(rc)
            ));
        }
        let (mut buffer, mut period): (c_ulong, c_ulong) = (0, 0);
        // SAFETY: open handle, valid out-pointers to locals.
        if unsafe { (api.get_params)(self.pcm, &raw mut buffer, &raw mut period) } == 0 {
            #[allow(clippy::useless_conversion)] // c_ulong is u32 on 32-bit targets
            {
                self.format.buffer_frames = u64::from(buffer);
            }
        }
        // snd_pcm_set_params starts the device only once the buffer is full;
        // limber keeps it a third full, so start on the first frame instead.
        let mut sw: SwParams = ptr::null_mut();
        // SAFETY: valid out-pointer; the struct is freed below on every path.
        if unsafe { (api.sw_params_malloc)(&raw mut sw) } == 0 && !sw.is_null() {
            // SAFETY: open handle and a live sw_params allocation.
            unsafe {
                if (api.sw_params_current)(self.pcm, sw) == 0
                    && (api.sw_params_set_start_threshold)(self.pcm, sw, 1) == 0
                {
                    (api.sw_params)(self.pcm, sw);
                }
                (api.sw_params_free)(sw);
            }
        }
        // SAFETY: open handle.
        let kind = unsafe { (api.pcm_type)(self.pcm) };
        // ALSA's null device (and the file plugin, used to capture output in
        // tests) takes samples at once: its delay says nothing about time.
        self.realtime = kind != SND_PCM_TYPE_NULL && kind != SND_PCM_TYPE_FILE;
        Ok(())
    }
}

impl Output for Alsa {
    fn format(&self) -> Format {
        self.format
    }

    fn write(&mut self, samples: &[i16]) -> Result<u64, String> {
        let ch = usize::from(self.format.channels);
        let frames = samples.len() / ch;
        let mut done = 0usize;
        let mut retried = false;
        while done < frames {
            let rest = &samples[done * ch..frames * ch];
            // SAFETY: `rest` holds `(frames - done) * ch` initialised i16
            // samples in the interleaved S16_LE layout the device was set up
            // for; ALSA reads at most the frame count given.
            let n = unsafe {
                (self.api.writei)(self.pcm, rest.as_ptr().cast(), (frames - done) as c_ulong)
            };
            if n >= 0 {
                done += n as usize;
                if n == 0 {
                    break;
                }
                continue;
            }
            if n == -EAGAIN {
                break; // full: the caller drops the rest
            }
            if retried {
                return Err(format!(
                    "the sound device stopped ({})",
                    self.api.error(n as c_int)
                ));
            }
            retried = true;
            // SAFETY: open handle; `n` is the error code writei returned; 1 = silent.
            let rc = unsafe { (self.api.recover)(self.pcm, n as c_int, 1) };
            if rc < 0 {
                return Err(format!("the sound device stopped ({})", self.api.error(rc)));
            }
        }
        Ok(done as u64)
    }

    fn realtime(&self) -> bool {
        self.realtime
    }

    fn delay(&mut self) -> Option<u64> {
        if !self.realtime {
            return None;
        }
        let mut d: c_long = 0;
        // SAFETY: open handle, valid out-pointer.
        let rc = unsafe { (self.api.delay)(self.pcm, &raw mut d) };
        (rc == 0 && d >= 0).then_some(d as u64)
    }

    fn describe(&self) -> String {
        "ALSA default device".to_string()
    }

    fn close(self: Box<Self>) {
        drop(self);
    }
}

impl Drop for Alsa {
    fn drop(&mut self) {
        if !self.pcm.is_null() {
            // SAFETY: open handle, closed exactly once (nulled right after).
            // Closing a non-blocking handle does not wait for queued frames;
            // the audio thread waits for them to play before it gets here.
            unsafe { (self.api.close)(self.pcm) };
            self.pcm = ptr::null_mut();
        }
    }
}
