//! Routine files more than one test file uses.

/// Four short steps, the third waiting for the person (Enter), with a `hold` parameter
/// (default 30 s, 1 s to 1 min) for the timed ones. `title` and `summary` tell the test files'
/// copies apart in the picker.
pub fn drill(title: &str, summary: &str) -> String {
    format!(
        r#"
title = "{title}"
summary = "{summary}"
tags = ["test-only"]

[params.hold]
default = "30s"
min = "1s"
max = "1m"
help = "How long each hold lasts."

[[step]]
title = "First hold"
duration = "{{hold}}"
text = "Hold the first position."

[[step]]
title = "Second hold"
duration = "{{hold}}"
text = "Hold the second position."

[[step]]
title = "Until it passes"
done_when = "it has passed"
text = "Wait, then press Enter."

[[step]]
title = "Last hold"
duration = "{{hold}}"
"#
    )
}

/// Two timed steps of 1 s, "One" and "Two".
pub fn two_timed_steps(title: &str) -> String {
    format!(
        "title = \"{title}\"\nsummary = \"Two timed steps.\"\n\
         [[step]]\ntitle = \"One\"\nduration = \"1s\"\n[[step]]\ntitle = \"Two\"\nduration = \"1s\"\n"
    )
}
