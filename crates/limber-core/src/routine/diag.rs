//! Diagnostics that point into the user's routine file: `file:line:col`, the line, a caret, a hint.

use std::ops::Range;

/// One problem found in a routine file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub message: String,
    /// Byte range in the source, when the problem has a place.
    pub span: Option<Range<usize>>,
    /// What to do about it: the nearest valid key, the allowed range, an example.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(message: impl Into<String>, span: Option<Range<usize>>) -> Self {
        Self {
            message: message.into(),
            span,
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// 1-based line and column (in characters) of the start of the span.
    pub fn position(&self, source: &str) -> Option<(usize, usize)> {
        self.span
            .as_ref()
            .map(|span| line_col(source, span.start.min(source.len())))
    }

    /// Renders the diagnostic for a person, the way compilers do: `error: message`, then
    /// ` --> file:line:col`, the offending line with a caret under the span, and the hint.
    ///
    /// Only the offending line is handed to the renderer, so rendering costs the length of that
    /// line, not of the file; and nothing from the file (its name, a value echoed in the message,
    /// the line itself) can send control characters to the terminal.
    pub fn render(&self, file: &str, source: &str) -> String {
        use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

        let message = visible(&self.message, MAX_SHOWN_CHARS);
        let hint = self.hint.as_deref().map(|h| visible(h, MAX_SHOWN_CHARS));
        let file = visible(file, MAX_SHOWN_CHARS);
        match self.span.clone() {
            Some(span) if !source.is_empty() => {
                let (line_no, line, span) = line_window(source, clamp_span(source, span));
                let mut report = vec![
                    Level::ERROR.primary_title(&message).element(
                        Snippet::source(&line)
                            .line_start(line_no)
                            .path(&file)
                            .annotation(AnnotationKind::Primary.span(span)),
                    ),
                ];
                if let Some(hint) = &hint {
                    report.push(Group::with_title(Level::HELP.secondary_title(hint)));
                }
                Renderer::plain().render(&report)
            }
            span => {
                // An empty file still has a first line to point at.
                let at = if span.is_some() { ":1:1" } else { "" };
                let mut out = format!("error: {message}\n --> {file}{at}");
                if let Some(hint) = &hint {
                    out.push_str(&format!("\nhelp: {hint}"));
                }
                out
            }
        }
    }
}

/// Messages, hints and file names longer than this many characters are cut (they may echo a
/// value from the file, which can be as long as the file).
const MAX_SHOWN_CHARS: usize = 300;

/// `text` safe to print: control characters become their visible pictures (`␛`), C1 controls
/// and bidirectional overrides become `�`, and past `max` characters the rest becomes `…`.
pub fn visible(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max.saturating_mul(4)));
    for (i, ch) in text.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        out.push(visible_char(ch));
    }
    out
}

fn visible_char(ch: char) -> char {
    match ch {
        '\t' => ' ',
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + ch as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        c if super::text::is_unsafe(c) => '\u{fffd}',
        c => c,
    }
}

/// The line holding `span` (which `clamp_span` keeps to one line), its 1-based number, and the
/// span within it. C1 controls and bidirectional overrides in the line become `�` (the renderer
/// shows C0 controls as pictures itself); the span is moved to match.
fn line_window(source: &str, span: Range<usize>) -> (usize, String, Range<usize>) {
    let start = source[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let mut end = source[start..]
        .find('\n')
        .map_or(source.len(), |i| start + i);
    if source[..end].ends_with('\r') && end > span.start {
        end -= 1;
    }
    let line_no = source[..start].matches('\n').count() + 1;
    let (span_start, span_end) = (
        span.start.max(start),
        span.end.clamp(span.start, end.max(span.start)),
    );
    let mut line = String::with_capacity(end - start);
    let (mut new_start, mut new_end) = (None, None);
    for (i, ch) in source[start..end].char_indices() {
        if start + i == span_start {
            new_start = Some(line.len());
        }
        if start + i == span_end {
            new_end = Some(line.len());
        }
        let shown = visible_char(ch);
        line.push(if ch == '\t' || ch.is_ascii_control() {
            ch
        } else {
            shown
        });
    }
    let new_start = new_start.unwrap_or(line.len());
    let new_end = new_end.unwrap_or(line.len()).max(new_start);
    (line_no, line, new_start..new_end)
}

/// Keeps a span inside the source and on char boundaries, and never empty (so a caret shows).
fn clamp_span(source: &str, span: Range<usize>) -> Range<usize> {
    let mut start = span.start.min(source.len());
    while !source.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end.clamp(start, source.len());
    while !source.is_char_boundary(end) {
        end += 1;
    }
    // Show at most the first line of a long span: the caret row stays readable.
    if let Some(nl) = source[start..end].find('\n') {
        end = start + nl;
    }
    if end == start && end < source.len() {
        end = source[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8());
    }
    start..end
}

/// 1-based line and character column of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = source[line_start..offset].chars().count() + 1;
    (line, col)
}

/// The valid name closest to a misspelt one, when it is close enough to be a useful hint.
pub fn nearest<'a>(wrong: &str, valid: &[&'a str]) -> Option<&'a str> {
    valid
        .iter()
        .map(|v| (strsim::damerau_levenshtein(wrong, v), *v))
        .filter(|(d, v)| *d <= 2.max(v.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let src = "a = 1\nbé = \"x\"\n";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 6), (2, 1));
        let eq = src
            .find('=')
            .map(|_| src.rfind('=').unwrap_or(0))
            .unwrap_or(0);
        assert_eq!(line_col(src, eq), (2, 4));
    }

    #[test]
    fn nearest_suggests_close_names_only() {
        assert_eq!(nearest("durtion", &["duration", "reps"]), Some("duration"));
        assert_eq!(nearest("tittle", &["title", "text"]), Some("title"));
        assert_eq!(nearest("zzzzzz", &["title", "text"]), None);
    }

    #[test]
    fn render_points_at_the_line() {
        let src = "title = \"x\"\nrepz = 3\n";
        let d =
            Diagnostic::new("unknown key `repz`", Some(12..16)).with_hint("did you mean `reps`?");
        let text = d.render("r.toml", src);
        assert!(text.starts_with("error: unknown key `repz`"), "{text}");
        assert!(text.contains(" --> r.toml:2:1"), "{text}");
        assert!(text.contains("repz = 3"), "{text}");
        assert!(text.contains('^'), "{text}");
        assert!(text.contains("did you mean `reps`?"), "{text}");
    }

    #[test]
    fn render_shows_only_the_offending_line_with_its_number() {
        let mut src = String::new();
        for i in 0..50_000 {
            src.push_str(&format!("k{i} = 1\n"));
        }
        let at = src.find("k49999").unwrap_or(0);
        let d = Diagnostic::new("unknown key `k49999`", Some(at..at + 6));
        let text = d.render("big.toml", &src);
        assert!(text.contains(" --> big.toml:50000:1"), "{text}");
        assert!(text.contains("50000 | k49999 = 1"), "{text}");
        assert!(!text.contains("k49998"), "{text}");
    }

    #[test]
    fn render_sends_no_control_characters() {
        let src = "title = \"x\"\n# \u{9b}31m \u{202e}\nrepz = 3\r\n";
        let at = src.find("repz").unwrap_or(0);
        let d = Diagnostic::new("unknown key `\u{1b}]0;x\u{7}`", Some(at..at + 4))
            .with_hint("did you mean \u{9b}2J?");
        for (file, source, span) in [
            ("a\u{1b}[31m.toml", src, Some(at..at + 4)),
            ("a\u{1b}[31m.toml", src, Some(13..14)),
            ("a\u{1b}[31m.toml", src, None),
            ("a\u{1b}[31m.toml", "", Some(0..0)),
        ] {
            let d = Diagnostic { span, ..d.clone() };
            let text = d.render(file, source);
            assert!(
                !text.chars().any(|c| c.is_control() && c != '\n'),
                "{text:?}"
            );
            assert!(text.contains("a␛[31m.toml"), "{text}");
            assert!(text.contains("unknown key `␛]0;x␇`"), "{text}");
        }
    }

    #[test]
    fn render_of_an_empty_file_points_at_its_start() {
        let d = Diagnostic::new("the routine has no `title`", Some(0..0));
        assert!(d.render("e.toml", "").contains(" --> e.toml:1:1"));
    }

    #[test]
    fn long_messages_are_cut() {
        let d = Diagnostic::new(format!("unknown tone \"{}\"", "x".repeat(100_000)), None);
        let text = d.render("t.toml", "");
        assert!(text.len() < 1000, "{}", text.len());
        assert!(text.contains('…'));
    }
}
