//! Sound loading on arbitrary bytes (issue 15): the header check and the decoder under its
//! panic catcher must never crash, hang or allocate without bound.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = limber::audio::decode_sound_bytes(data.to_vec());
});
