//! What the articles (shared/articles) say about when to see a doctor, quoted word for word.
//!
//! The report quotes these and adds no medical claim of its own. A test checks that every
//! quote still appears in its article when the articles are beside the repository.

/// A sentence from one article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quote {
    /// The words, exactly as in the article.
    pub text: &'static str,
    /// Which article: the number its file name starts with ("004").
    pub article: &'static str,
}

impl Quote {
    /// `"…words…" (article 004)`.
    pub fn cited(&self) -> String {
        format!("\u{201c}{}\u{201d} (article {})", self.text, self.article)
    }
}

/// Cramps nearly every day: 004, the family doctor's advice.
pub const ALMOST_EVERY_DAY: Quote = Quote {
    text: "If cramps bother you almost every day for a week or more, you should rush to see a doctor.",
    article: "004",
};

/// A long cramp: 004.
pub const LONGER_THAN_MINUTES: Quote = Quote {
    text: "if the cramp lasts more than 3-5 minutes, you should consult a doctor.",
    article: "004",
};

/// Cramps coming more often: 000.
pub const FREQUENCY_INCREASES: Quote = Quote {
    text: "If the frequency of occurrence of cramps in the muscles of the legs increases, it is necessary to tell the doctor about it.",
    article: "000",
};

/// Which doctor first: 002.
pub const THERAPIST_FIRST: Quote = Quote {
    text: "First of all, visit a therapist who, after an examination, will refer you to a specialist who can help you.",
    article: "002",
};

/// Which doctor first, when cramps recur: 004.
pub const THERAPIST_RECUR: Quote = Quote {
    text: "If convulsions recur frequently, then you need to find the reason for this. The first person you will need to contact is a therapist.",
    article: "004",
};

/// Foot cramps: 004.
pub const FOOT: Quote = Quote {
    text: "If you frequently experience cramps in the foot area, consult an orthopedist or neurologist.",
    article: "004",
};

/// Toe cramps: 004.
pub const TOES: Quote = Quote {
    text: "Frequent attacks of toe cramps require mandatory consultation with a specialized doctor who will help determine the cause of the symptom and prescribe the correct treatment.",
    article: "004",
};

/// Hand cramps: 000.
pub const HANDS: Quote = Quote {
    text: "With repetition of cramps in the hands or abdomen, it is necessary to consult a doctor to identify the cause, because this can be a symptom of a serious disorder in the body.",
    article: "000",
};

/// Night cramps in pregnancy: 001 ("this" is night cramps during pregnancy).
pub const PREGNANCY: Quote = Quote {
    text: "First of all, it is necessary to inform the gynecologist about this.",
    article: "001",
};

/// Not a diagnosis: 004.
pub const ONLY_A_DOCTOR: Quote = Quote {
    text: "Only a qualified doctor can make a diagnosis and make recommendations for treatment based on the individual characteristics of a particular patient.",
    article: "004",
};

/// Signs that need a doctor at once, whatever the diary shows: 004.
pub const URGENT: Quote = Quote {
    text: "it is necessary to urgently consult a doctor if even a single convulsion is accompanied by loss of consciousness, occurs due to symptoms of poisoning or against the background of high body temperature, and also if accompanied by impaired coordination of movements.",
    article: "004",
};

/// limber's own words under every warning.
pub const NOT_A_DIAGNOSIS: &str =
    "This is a count of what you logged, not a diagnosis: only a doctor can say what it means.";

/// Every quote, for the test that checks them against the articles.
pub const ALL: &[Quote] = &[
    ALMOST_EVERY_DAY,
    LONGER_THAN_MINUTES,
    FREQUENCY_INCREASES,
    THERAPIST_FIRST,
    THERAPIST_RECUR,
    FOOT,
    TOES,
    HANDS,
    PREGNANCY,
    ONLY_A_DOCTOR,
    URGENT,
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Each quote appears, word for word, in its article (when shared/ is beside the repo).
    #[test]
    fn quotes_are_in_their_articles() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/articles");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            eprintln!("skipped: no articles at {}", dir.display());
            return;
        };
        let files: Vec<(String, String)> = entries
            .filter_map(Result::ok)
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let text = std::fs::read_to_string(e.path()).ok()?;
                Some((name, text))
            })
            .collect();
        for q in ALL {
            let found = files
                .iter()
                .any(|(name, text)| name.starts_with(q.article) && text.contains(q.text));
            assert!(found, "not found in article {}: {}", q.article, q.text);
        }
    }
}
