//! Output on macOS and Windows: rodio's own device sink (cpal).
//!
//! The audio thread's 16-bit frames go into a queue; a small rodio `Source`
//! added to the sink's mixer drains it from the device callback, playing
//! silence when the queue is empty.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rodio::{ChannelCount, DeviceSinkBuilder, MixerDeviceSink, SampleRate, Source};

use super::output::{Format, Output};

type Queue = Arc<Mutex<VecDeque<f32>>>;

struct Feed {
    queue: Queue,
    channels: ChannelCount,
    rate: SampleRate,
}

impl Iterator for Feed {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        // A poisoned lock only means another thread panicked mid-push; the
        // samples are still plain floats, so keep playing them.
        let mut q = self
            .queue
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Some(q.pop_front().unwrap_or(0.0))
    }
}

impl Source for Feed {
    fn current_span_len(&self) -> Option<usize> {
        None
    }
    fn channels(&self) -> ChannelCount {
        self.channels
    }
    fn sample_rate(&self) -> SampleRate {
        self.rate
    }
    fn total_duration(&self) -> Option<Duration> {
        None
    }
}

pub(crate) struct Device {
    _sink: MixerDeviceSink,
    queue: Queue,
    format: Format,
}

pub fn open(_rate: u32) -> Result<Box<dyn Output>, String> {
    let mut sink =
        DeviceSinkBuilder::open_default_sink().map_err(|e| format!("no sound device ({e})"))?;
    sink.log_on_drop(false);
    let channels = sink.config().channel_count();
    let rate = sink.config().sample_rate();
    let queue: Queue = Arc::new(Mutex::new(VecDeque::new()));
    sink.mixer().add(Feed {
        queue: Arc::clone(&queue),
        channels,
        rate,
    });
    Ok(Box::new(Device {
        _sink: sink,
        queue,
        format: Format {
            rate: rate.get(),
            channels: channels.get(),
            buffer_frames: u64::from(rate.get()) / 2,
        },
    }))
}

impl Output for Device {
    fn format(&self) -> Format {
        self.format
    }

    fn write(&mut self, samples: &[i16]) -> Result<u64, String> {
        let mut q = self
            .queue
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        q.extend(samples.iter().map(|s| f32::from(*s) / 32768.0));
        Ok((samples.len() / usize::from(self.format.channels)) as u64)
    }

    fn delay(&mut self) -> Option<u64> {
        let q = self
            .queue
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Some((q.len() / usize::from(self.format.channels)) as u64)
    }

    fn describe(&self) -> String {
        "system default output".to_string()
    }

    fn close(self: Box<Self>) {
        drop(self);
    }
}
