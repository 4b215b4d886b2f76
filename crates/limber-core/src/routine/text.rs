//! Text from routine files is shown on the terminal: strip anything that could drive it.

/// One line of text (a title, a tag): control characters and line breaks become spaces, runs of
/// spaces collapse, and the ends are trimmed.
pub fn clean_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        let ch = if ch.is_whitespace() {
            ' '
        } else if is_unsafe(ch) {
            continue;
        } else {
            ch
        };
        if ch == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(ch);
    }
    out.truncate(out.trim_end().len());
    out
}

/// Text that may span lines (instructions): line breaks stay, other control characters (escape
/// sequences' ESC, bell, backspace, carriage returns) go, tabs become spaces.
pub fn clean_text(text: &str) -> String {
    let lines: Vec<String> = text
        .replace("\r\n", "\n")
        .split('\n')
        .map(|line| {
            line.chars()
                .filter_map(|c| match c {
                    '\t' => Some(' '),
                    c if is_unsafe(c) => None,
                    c => Some(c),
                })
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect();
    lines.join("\n").trim().to_string()
}

/// A value typed by the user (on the command line, in a file or a form), repeated in an error
/// message: control characters become their visible pictures (`␛`), as in the diagnostics, and
/// past [`MAX_ECHO_CHARS`] characters it is cut with an ellipsis, so a pasted screenful stays one
/// short line.
pub fn clean_input(text: &str) -> String {
    super::diag::visible(text, MAX_ECHO_CHARS - 1)
}

/// How much of a typed value an error message repeats.
pub const MAX_ECHO_CHARS: usize = 60;

/// A count and its noun, singular for one: `1 stage`, `13 stages`, `0 cramps`.
pub fn count(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Control characters (C0, DEL, C1) and the bidirectional overrides that can disguise text.
fn is_unsafe(ch: char) -> bool {
    ch.is_control() || matches!(ch, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_cannot_reach_the_terminal() {
        let evil = "Calf\u{1b}[2J\u{1b}]0;pwned\u{7}\u{9b}31m stretch";
        let clean = clean_line(evil);
        assert!(!clean.chars().any(char::is_control), "{clean:?}");
        assert_eq!(clean, "Calf[2J]0;pwned31m stretch");
    }

    #[test]
    fn text_keeps_line_breaks_only() {
        assert_eq!(clean_text("one\r\ntwo\u{8}\tthree\n"), "one\ntwo three");
        assert_eq!(clean_line("  a\n b  "), "a b");
    }

    #[test]
    fn one_is_singular() {
        assert_eq!(count(1u64, "stage", "stages"), "1 stage");
        assert_eq!(count(0u64, "night", "nights"), "0 nights");
        assert_eq!(count(13u64, "stage", "stages"), "13 stages");
    }

    #[test]
    fn typed_values_are_cleaned_and_cut() {
        assert_eq!(clean_input("calf\u{1b}[31m"), "calf␛[31m");
        let long = clean_input(&"x".repeat(500));
        assert_eq!(long.chars().count(), MAX_ECHO_CHARS);
        assert!(long.ends_with('…'));
    }
}
