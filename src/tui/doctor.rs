//! "When to see a doctor": each warning sign in the articles' own words, with where it comes from.
//! The wording is quoted, not paraphrased; a test checks every quote against the article text.

/// One warning sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sign {
    /// A short heading in limber's words.
    pub heading: &'static str,
    /// The article's sentence (or the part of it that says this), verbatim.
    pub quote: &'static str,
    /// The article file in `shared/articles/`.
    pub article: &'static str,
}

pub const SIGNS: &[Sign] = &[
    Sign {
        heading: "A cramp that lasts more than a few minutes",
        quote: "if the cramp lasts more than 3-5 minutes, you should consult a doctor.",
        article: "004_71d3ec415a443a25.txt",
    },
    Sign {
        heading: "Cramps almost every day for a week",
        quote: "If cramps bother you almost every day for a week or more, you should rush to see a doctor.",
        article: "004_71d3ec415a443a25.txt",
    },
    Sign {
        heading: "A cramp with loss of consciousness, poisoning, fever or lost coordination",
        quote: "it is necessary to urgently consult a doctor if even a single convulsion is accompanied by loss of consciousness, occurs due to symptoms of poisoning or against the background of high body temperature, and also if accompanied by impaired coordination of movements.",
        article: "004_71d3ec415a443a25.txt",
    },
    Sign {
        heading: "In pregnancy: swelling or numbness",
        quote: "if concomitant symptoms appear - edema, numbness in the limbs - a pregnant woman should immediately inform her doctor about this.",
        article: "000_e8c8c4dcd9699ca6.txt",
    },
    Sign {
        heading: "In pregnancy: cramps that come often",
        quote: "If a woman often cramps her legs during pregnancy, you need to go to see a doctor.",
        article: "000_e8c8c4dcd9699ca6.txt",
    },
];

/// Said wherever limber shows care advice.
pub const NOT_ADVICE: &str = "limber is not medical advice";

#[cfg(test)]
mod tests {
    use super::*;

    /// The articles sit beside the repository (`../shared/articles`). CI always has them there,
    /// so their absence is a failure, not a skip.
    #[test]
    fn every_quote_is_in_its_article() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/articles");
        assert!(
            dir.is_dir(),
            "{} is not here: the articles must be at ../shared/articles beside the repository",
            dir.display()
        );
        for sign in SIGNS {
            let text = std::fs::read_to_string(dir.join(sign.article))
                .unwrap_or_else(|e| panic!("{}: {e}", sign.article));
            assert!(
                text.contains(sign.quote),
                "not in {}: {}",
                sign.article,
                sign.quote
            );
        }
    }
}
