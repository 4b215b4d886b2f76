//! Text that reaches a terminal or a file (routine text, diary notes and titles in every report,
//! values echoed in errors): strip anything that could drive a terminal, disguise the text or
//! leave invisible cells behind. [`is_unsafe`] is the one definition of such a character; the
//! functions here only differ in the shape they keep (one line, lines, a value echoed visibly).

use finl_unicode::categories::CharacterCategories;

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

/// A path in a message, whole, with the same visible pictures for control characters and `�`
/// for invisible or bidi ones (a folder name is the user's text too).
pub fn shown_path(path: &std::path::Path) -> String {
    super::diag::visible(&path.to_string_lossy(), usize::MAX)
}

/// How much of a typed value an error message repeats.
pub const MAX_ECHO_CHARS: usize = 60;

/// A count and its noun, singular for one: `1 stage`, `13 stages`, `0 cramps`.
pub fn count(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Whether `ch` must not reach a terminal or a file as it is: control characters (C0, DEL, C1),
/// every format character (Unicode category Cf: the bidirectional embeddings, overrides and
/// isolates U+202A–202E and U+2066–2069, LRM/RLM, the soft hyphen, zero-width space and
/// joiners, the word joiner, the BOM, …) and the line and paragraph separators U+2028/2029,
/// which terminals draw as nothing or as a stray line break.
pub fn is_unsafe(ch: char) -> bool {
    ch.is_control() || ch.is_format() || matches!(ch, '\u{2028}' | '\u{2029}')
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
    fn invisible_and_bidi_characters_go() {
        let sneaky = "a\u{AD}b\u{200B}c\u{200C}d\u{200D}e\u{2060}f\u{FEFF}g\u{200E}h\u{200F}i\
                      \u{202E}j\u{2066}k\u{2069}l\u{2028}m\u{2029}n\u{E0041}o\u{61C}p";
        for clean in [clean_line(sneaky), clean_text(sneaky)] {
            assert!(!clean.chars().any(is_unsafe), "{clean:?}");
            assert_eq!(clean.replace(' ', ""), "abcdefghijklmnop");
        }
        assert!(!clean_input(sneaky).chars().any(is_unsafe));
        // Ordinary text stays: accents, CJK, emoji.
        let plain = "Wadenkrampf \u{e9}t\u{e9} \u{6f22} \u{1f9b5}";
        assert_eq!(clean_line(plain), plain);
    }

    #[test]
    fn typed_values_are_cleaned_and_cut() {
        assert_eq!(clean_input("calf\u{1b}[31m"), "calf␛[31m");
        let long = clean_input(&"x".repeat(500));
        assert_eq!(long.chars().count(), MAX_ECHO_CHARS);
        assert!(long.ends_with('…'));
    }
}
