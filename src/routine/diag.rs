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
    pub fn render(&self, file: &str, source: &str) -> String {
        use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

        match self.span.clone() {
            Some(span) if !source.is_empty() => {
                let span = clamp_span(source, span);
                let mut report = vec![
                    Level::ERROR.primary_title(&self.message).element(
                        Snippet::source(source)
                            .path(file)
                            .annotation(AnnotationKind::Primary.span(span)),
                    ),
                ];
                if let Some(hint) = &self.hint {
                    report.push(Group::with_title(Level::HELP.secondary_title(hint)));
                }
                Renderer::plain().render(&report)
            }
            _ => {
                let mut out = format!("error: {}\n --> {file}", self.message);
                if let Some(hint) = &self.hint {
                    out.push_str(&format!("\nhelp: {hint}"));
                }
                out
            }
        }
    }
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
}
