//! Drawing: `render(frame, &app, now, sound)` picks the screen and the overlay and hands each the
//! [`Look`] it reads. Rendering reads the app and never changes it; `now` only turns the player's
//! clock into numbers, `sound` is the sound side's word for the timer's header.

use std::time::Instant;

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::app::{App, Overlay, Screen};
use super::keys;
use super::screens::{Look, cramp, diary, finish, help, log_form, picker, quit, setup, timer};
use super::theme::Theme;
use super::widgets::wrapped_height;

/// Below this the layout would break; ask for a larger window instead.
pub(crate) const MIN_WIDTH: u16 = 40;
pub(crate) const MIN_HEIGHT: u16 = 12;

pub(crate) fn theme(app: &App) -> Theme {
    Theme {
        color: app.color,
        night: app.night,
    }
}

/// Draws the whole screen.
pub fn render(frame: &mut Frame, app: &App, now: Instant, sound: Option<&str>) {
    let area = frame.area();
    let theme = theme(app);
    app.hits.clear();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area, app, now, theme);
        return;
    }
    let look = Look {
        now,
        theme,
        notice: app.notice.as_ref(),
        muted: app.muted,
        sound,
        has_list: !app.picker.catalog.is_empty(),
        hits: &app.hits,
    };
    if let Overlay::Help(help) = &app.overlay {
        help::render(frame, area, help, app.run(), &look);
        return;
    }
    match &app.screen {
        Screen::Picker => picker::render(frame, area, &app.picker, &look),
        Screen::Setup(setup) => setup::render(frame, area, setup, &look),
        Screen::Timer(run) => timer::render(frame, area, run, &look),
        Screen::Finish(done) => finish::render(frame, area, done, &look),
        Screen::Log(log) => log_form::render(frame, area, log, &look),
        Screen::Report(report) => diary::render(frame, area, report, &look),
        Screen::Cramp(cramp) => cramp::render(frame, area, cramp, &look),
    }
    if app.overlay == Overlay::ConfirmQuit {
        // Only the question's answers take taps while it shows.
        app.hits.clear();
        quit::render(frame, area, &look, app.offers_list());
    }
}

/// ```text
///
///        Pull the toes up
///        0:25
///        make the window larger
///        (at least 40 × 12)
///
/// ```
///
/// While a routine runs, the step and its clock come first, so even a tiny window shows them.
fn too_small(frame: &mut Frame, area: Rect, app: &App, now: Instant, theme: Theme) {
    let mut lines = Vec::new();
    if let Screen::Timer(run) = &app.screen
        && let Some((title, clock)) = timer::compact(run, now)
    {
        // One row for the title, so the clock always shows.
        let width = usize::from(area.width.max(1));
        let title = if title.chars().count() > width {
            let cut: String = title.chars().take(width.saturating_sub(1)).collect();
            format!("{cut}…")
        } else {
            title
        };
        lines.push(Line::styled(title, theme.heading()));
        lines.push(Line::styled(clock, theme.heading()));
        // A tap does what Space does, as on the timer's body.
        app.hits.tap(area, keys::Action::PauseOrDone);
    }
    lines.push(Line::styled("make the window larger", theme.heading()));
    lines.push(Line::styled(
        format!("(at least {MIN_WIDTH} × {MIN_HEIGHT})"),
        theme.dim(),
    ));
    let text: Vec<String> = lines.iter().map(ToString::to_string).collect();
    let height = wrapped_height(&text.join("\n"), area.width).min(area.height);
    let [_, middle, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(height),
        Constraint::Fill(1),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        middle,
    );
}
