//! What the articles (`shared/articles`) say about when to see a doctor, and their safety notes,
//! quoted word for word: the one source for `limber doctor`, the app's help page and the
//! diary report's warnings.
//!
//! Each [`Sign`] has a group (the urgent first), a heading in plain words (limber's), and one or
//! more sentences from one article (the article's). limber adds no medical claim of its own; a
//! test checks that every quote still appears in its article.

use std::fmt::Write as _;

/// One of the five articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Article {
    /// The number its file name starts with: `"004"`.
    pub number: &'static str,
    /// The file in `shared/articles/`.
    pub file: &'static str,
    /// Its title as routines give it in `source` (machine-translated, hence odd).
    pub title: &'static str,
    /// A short, clean label for people.
    pub label: &'static str,
}

/// The five articles, by number.
pub const ARTICLES: [Article; 5] = [
    Article {
        number: "000",
        file: "000_e8c8c4dcd9699ca6.txt",
        title: "Why does it reduce legs and calves during pregnancy - how to deal with it. Bringing legs together during pregnancy: a very common and frightening symptom. Causes, diagnosis and treatment of leg cramps during pregnancy",
        label: "Leg cramps in pregnancy: causes and care",
    },
    Article {
        number: "001",
        file: "001_0b0d0e4ff36b3d21.txt",
        title: "Why brings legs together during pregnancy: causes and consequences",
        label: "Cramps in pregnancy: causes and consequences",
    },
    Article {
        number: "002",
        file: "002_80f538d78df915fd.txt",
        title: "Which doctor treats leg cramps. Causes of leg cramps in pregnant women. Brings legs together at night, from what and what to do?",
        label: "Which doctor treats leg cramps",
    },
    Article {
        number: "003",
        file: "003_50e29baf5aa6556e.txt",
        title: "Several expecting women experience unpleasant and uncomfortable Leg Cramps and pain.",
        label: "Easing leg cramps in pregnancy (short)",
    },
    Article {
        number: "004",
        file: "004_71d3ec415a443a25.txt",
        title: "What to do if your leg is caught. What to do if you have a cramp. Why do my legs cramp - check yourself",
        label: "What to do when a leg cramps",
    },
];

/// The article named by its number (`"004"`), its file name, or its full title.
pub fn article(key: &str) -> Option<&'static Article> {
    let key = key.trim();
    ARTICLES.iter().find(|a| {
        key == a.number || key == a.file || key == a.title || key.starts_with(&a.file[..4])
    })
}

/// The short label of an article named by number, file name or full title: `"004"` →
/// `"What to do when a leg cramps"`. A routine's `source` may name several articles separated
/// by `"; "`: then each is labelled, joined by `"; "`. Titles that are no article are kept as
/// written (a user's own routine may follow anything).
pub fn article_label(source_or_number: &str) -> String {
    source_or_number
        .split("; ")
        .map(|part| article(part).map_or(part.trim(), |a| a.label))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The articles a routine's `source` names, in its order (titles that are no article left out).
pub fn source_articles(source: &str) -> Vec<&'static Article> {
    source.split("; ").filter_map(article).collect()
}

/// A sentence (or a run of sentences) from one article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quote {
    /// The words, exactly as in the article.
    pub text: &'static str,
    /// Which article: its number (`"004"`).
    pub article: &'static str,
}

impl Quote {
    /// The article's short label.
    pub fn label(&self) -> &'static str {
        article(self.article).map_or("", |a| a.label)
    }

    /// `“…words…” — What to do when a leg cramps (article 004)`.
    pub fn cited(&self) -> String {
        format!(
            "\u{201c}{}\u{201d} \u{2014} {} (article {})",
            self.text,
            self.label(),
            self.article
        )
    }
}

const fn q(article: &'static str, text: &'static str) -> Quote {
    Quote { text, article }
}

// ---------------------------------------------------------------------------------------------
// The quotes the diary report uses (each also on the doctor page).

/// Cramps nearly every day: 004, the family doctor's advice.
pub const ALMOST_EVERY_DAY: Quote = q(
    "004",
    "If cramps bother you almost every day for a week or more, you should rush to see a doctor.",
);
/// A long cramp: 004.
pub const LONGER_THAN_MINUTES: Quote = q(
    "004",
    "if the cramp lasts more than 3-5 minutes, you should consult a doctor.",
);
/// Cramps coming more often: 000.
pub const FREQUENCY_INCREASES: Quote = q(
    "000",
    "If the frequency of occurrence of cramps in the muscles of the legs increases, it is necessary to tell the doctor about it.",
);
/// Which doctor first: 002.
pub const THERAPIST_FIRST: Quote = q(
    "002",
    "First of all, visit a therapist who, after an examination, will refer you to a specialist who can help you.",
);
/// Which doctor first, when cramps recur: 004.
pub const THERAPIST_RECUR: Quote = q(
    "004",
    "If convulsions recur frequently, then you need to find the reason for this. The first person you will need to contact is a therapist.",
);
/// Foot cramps: 004.
pub const FOOT: Quote = q(
    "004",
    "If you frequently experience cramps in the foot area, consult an orthopedist or neurologist.",
);
/// Toe cramps: 004.
pub const TOES: Quote = q(
    "004",
    "Frequent attacks of toe cramps require mandatory consultation with a specialized doctor who will help determine the cause of the symptom and prescribe the correct treatment.",
);
/// Hand cramps: 000.
pub const HANDS: Quote = q(
    "000",
    "With repetition of cramps in the hands or abdomen, it is necessary to consult a doctor to identify the cause, because this can be a symptom of a serious disorder in the body.",
);
/// Cramps at rest: 000 (about calf cramps in pregnancy, which mostly follow exertion).
pub const AT_REST: Quote = q(
    "000",
    "But mostly such a symptom occurs after exercise. If it is noted at rest, then another reason should be sought.",
);
/// Night cramps in pregnancy: 001 ("this" is night cramps during pregnancy).
pub const PREGNANCY: Quote = q(
    "001",
    "If during pregnancy brings legs together at night, what should I do? First of all, it is necessary to inform the gynecologist about this.",
);
/// Not a diagnosis: 004.
pub const ONLY_A_DOCTOR: Quote = q(
    "004",
    "Only a qualified doctor can make a diagnosis and make recommendations for treatment based on the individual characteristics of a particular patient.",
);
/// Signs that need a doctor at once, whatever the diary shows: 004.
pub const URGENT: Quote = q(
    "004",
    "it is necessary to urgently consult a doctor if even a single convulsion is accompanied by loss of consciousness, occurs due to symptoms of poisoning or against the background of high body temperature, and also if accompanied by impaired coordination of movements.",
);

/// A cramp that lasted longer than this gets the articles' advice repeated where it is logged
/// (004 says "more than 3-5 minutes"; limber takes the upper end).
pub const LONG_CRAMP: std::time::Duration = std::time::Duration::from_secs(5 * 60);

/// After a cramp of `lasted`: the articles' advice when it was longer than [`LONG_CRAMP`].
pub fn after_a_long_cramp(lasted: std::time::Duration) -> Option<String> {
    (lasted > LONG_CRAMP).then(|| {
        format!(
            "It lasted more than 5 minutes. The articles say: {}",
            LONGER_THAN_MINUTES.cited()
        )
    })
}

/// limber's own words under every warning.
pub const NOT_A_DIAGNOSIS: &str =
    "This is a count of what you logged, not a diagnosis: only a doctor can say what it means.";

/// Said wherever limber shows care advice.
pub const NOT_ADVICE: &str = "limber is not medical advice";

// ---------------------------------------------------------------------------------------------
// The doctor page.

/// How urgent: the page shows the groups in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    /// Emergency care.
    RightAway,
    SeeADoctor,
    InPregnancy,
    /// Water, positions, medicines.
    Safety,
}

impl Group {
    pub const ALL: [Group; 4] = [
        Group::RightAway,
        Group::SeeADoctor,
        Group::InPregnancy,
        Group::Safety,
    ];

    /// The group's heading on the page.
    pub fn title(self) -> &'static str {
        match self {
            Group::RightAway => "Right away: emergency care",
            Group::SeeADoctor => "See a doctor",
            Group::InPregnancy => "In pregnancy",
            Group::Safety => "Safety notes",
        }
    }
}

/// One warning sign or safety note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sign {
    pub group: Group,
    /// A short heading in limber's plain words.
    pub heading: &'static str,
    /// The article's sentences, in the article's order; all from one article.
    pub quotes: &'static [Quote],
}

impl Sign {
    /// The article the quotes come from.
    pub fn article(&self) -> &'static str {
        self.quotes.first().map_or("", |q| q.article)
    }

    /// The quotes as one passage: sentences from different places are joined by " … ".
    pub fn passage(&self) -> String {
        self.quotes
            .iter()
            .map(|q| q.text)
            .collect::<Vec<_>>()
            .join(" \u{2026} ")
    }

    /// `“…” — label (article 004)`.
    pub fn cited(&self) -> String {
        let label = article(self.article()).map_or("", |a| a.label);
        format!(
            "\u{201c}{}\u{201d} \u{2014} {label} (article {})",
            self.passage(),
            self.article()
        )
    }
}

const fn sign(group: Group, heading: &'static str, quotes: &'static [Quote]) -> Sign {
    Sign {
        group,
        heading,
        quotes,
    }
}

use Group::{InPregnancy, RightAway, Safety, SeeADoctor};

/// Every sign and safety note in the articles, grouped, the urgent first.
pub const SIGNS: &[Sign] = &[
    // Right away.
    sign(
        RightAway,
        "A cramp of many muscles at once, with loss of consciousness",
        &[q(
            "004",
            "Many muscle groups of the human body are involved in a cramp. This type is very dangerous, accompanied by loss of consciousness and requires immediate emergency medical care",
        )],
    ),
    sign(
        RightAway,
        "A cramp with fainting, poisoning, a high temperature or poor coordination",
        &[URGENT],
    ),
    sign(
        RightAway,
        "Late in pregnancy: convulsions of the whole body (eclampsia)",
        &[q(
            "002",
            "This condition usually occurs in the third trimester of pregnancy and is life-threatening for both the fetus and the expectant mother. The appearance of generalized convulsions is an absolute indication for urgent delivery by caesarean section.",
        )],
    ),
    sign(
        RightAway,
        "Convulsions in great heat (often in children)",
        &[q(
            "004",
            "An attack of intense heat passes in about 3-5 minutes. But after stopping it, in any case, you need to call a doctor.",
        )],
    ),
    // See a doctor.
    sign(
        SeeADoctor,
        "A cramp that lasts more than 3 to 5 minutes",
        &[LONGER_THAN_MINUTES],
    ),
    sign(
        SeeADoctor,
        "Cramps almost every day for a week",
        &[ALMOST_EVERY_DAY],
    ),
    sign(
        SeeADoctor,
        "Cramps coming more often",
        &[FREQUENCY_INCREASES],
    ),
    sign(
        SeeADoctor,
        "Frequent cramps: which doctors",
        &[q(
            "002",
            "If muscle cramps are frequent, you urgently need to consult an endocrinologist, phlebologist or neurologist.",
        )],
    ),
    sign(
        SeeADoctor,
        "Which doctor for which cause",
        &[q(
            "002",
            "First of all, visit a therapist who, after an examination, will refer you to a specialist who can help you. If the cause of the cramp is varicose veins, you need to contact a phlebologist. If muscle cramps are due to damage to the arteries, see a vascular surgeon. If convulsions were provoked by diabetes - you should see an endocrinologist, and if lumbar sciatica - a neurologist.",
        )],
    ),
    sign(
        SeeADoctor,
        "Cramps that keep coming back: a therapist first",
        &[THERAPIST_RECUR],
    ),
    sign(
        SeeADoctor,
        "Cramps from an illness: the specialists",
        &[q(
            "004",
            "To eliminate spasms, consult a specialist (endocrinologist, neurologist, phlebologist, orthopedist) and undergo the prescribed treatment.",
        )],
    ),
    sign(
        SeeADoctor,
        "Very severe pain that keeps coming back",
        &[q(
            "003",
            "If you are experiencing very severe and regular pain, you need to definitely speak to your specialist ASAP.",
        )],
    ),
    sign(
        SeeADoctor,
        "Cramps in sleep: a sign of thrombosis",
        &[q(
            "002",
            "Cramps during sleep can also indicate the development of thrombosis in the legs, so it is important to visit a doctor.",
        )],
    ),
    sign(
        SeeADoctor,
        "Cramps from damaged arteries in the legs",
        &[q(
            "002",
            "If the venous arteries in the legs are damaged, arterial blood flow is impaired. This situation leads to muscle spasms. Such a cause of spasm in the legs is very serious, because if a person is not helped in time, blood circulation may be completely disturbed, or gangrene may form",
        )],
    ),
    sign(SeeADoctor, "Foot cramps that come often", &[FOOT]),
    sign(SeeADoctor, "Toe cramps that come often", &[TOES]),
    sign(
        SeeADoctor,
        "Hand or stomach cramps that come back",
        &[HANDS],
    ),
    sign(
        SeeADoctor,
        "A child with leg pain and night cramps",
        &[q(
            "002",
            "If a child complains of pain in the legs and suffers from night cramps, it is important not to hesitate, but to urgently go for a consultation with a doctor so that he carefully examines the baby, identifies the cause of leg cramps, and also prescribes the correct and timely treatment.",
        )],
    ),
    // In pregnancy.
    sign(
        InPregnancy,
        "Swelling or numbness as well as cramps",
        &[q(
            "000",
            "if concomitant symptoms appear - edema, numbness in the limbs - a pregnant woman should immediately inform her doctor about this.",
        )],
    ),
    sign(
        InPregnancy,
        "Cramps in the stomach",
        &[
            q(
                "000",
                "Abdominal cramps can be the cause of indigestion during pregnancy or more serious abnormalities - this is the threat of miscarriage, ectopic pregnancy, false contractions, inflammatory diseases of the genitourinary system.",
            ),
            q(
                "000",
                "If convulsions are repeated constantly and only intensify, you should consult a doctor, as self-medication will be ineffective, especially when the stomach is cramping.",
            ),
        ],
    ),
    sign(
        InPregnancy,
        "Cramps of the forearm, face or jaw, with numbness or tingling",
        &[
            q(
                "000",
                "If it reduces the muscles of the legs during pregnancy, then you need to think about the function of the parathyroid glands.",
            ),
            q(
                "000",
                "Convulsive contractions can cover various muscle groups:",
            ),
            q("000", "Forearms (\"obstetrician's hand\")."),
            q("000", "Mimic (\"fish mouth\", \"sardonic smile\")."),
            q("000", "Chewing (trismus)."),
            q(
                "000",
                "At the onset of the disease, the patients complain of numbness, tingling of the skin, \"crawling\" in the lower extremities. And with a long course, muscle hypotrophy is formed. In addition, there is a risk of spasm of the respiratory muscles, which is a real danger to life.",
            ),
        ],
    ),
    sign(
        InPregnancy,
        "Varicose veins near the birth: a risk of thrombosis",
        &[q(
            "000",
            "And in conditions of increased activity of the coagulation system with the approach of childbirth, there is a risk of thrombosis and even embolism - a dangerous condition in which blood clots can break away from the wall of the veins and spread throughout the body, clogging various vessels: pulmonary, cardiac, brain.",
        )],
    ),
    sign(InPregnancy, "Cramps at rest, not after effort", &[AT_REST]),
    sign(
        InPregnancy,
        "Cramps that come often",
        &[q(
            "000",
            "If a woman often cramps her legs during pregnancy, you need to go to see a doctor.",
        )],
    ),
    sign(
        InPregnancy,
        "Even rare night cramps",
        &[q(
            "000",
            "The expectant mother should notify her doctor, even if she is worried about rare, episodic seizures at night.",
        )],
    ),
    sign(InPregnancy, "Night cramps: the gynecologist", &[PREGNANCY]),
    sign(
        InPregnancy,
        "Calf cramps in the morning",
        &[q(
            "000",
            "First of all, if it reduces the calves of the legs during pregnancy in the morning, you need to contact your obstetrician-gynecologist. Depending on the symptoms, the doctor may prescribe tests and refer you to a consultation with an endocrinologist or phlebologist.",
        )],
    ),
    sign(
        InPregnancy,
        "Heavy legs as well as cramps",
        &[q(
            "001",
            "The severity in the legs and cramps should definitely be reported to the gynecologist. Most likely, the doctor will refer the woman to a narrow specialist - a phlebologist.",
        )],
    ),
    sign(
        InPregnancy,
        "Dizziness and poor appetite: anemia",
        &[q(
            "001",
            "So, if dizziness is present, appetite is reduced, most likely, I had to face anemia. A laboratory study of blood parameters is necessarily carried out, the level of hemoglobin is studied.",
        )],
    ),
    sign(
        InPregnancy,
        "No treatment on your own",
        &[q(
            "001",
            "But you can not start treatment on your own if he brings his legs during pregnancy. The causes of this condition should be determined by the doctor.",
        )],
    ),
    // Safety notes.
    sign(
        Safety,
        "Vitamins and minerals only on a doctor's advice",
        &[q(
            "002",
            "If muscle spasms occur frequently, visit a doctor and only after his recommendations drink a course of vitamins and minerals.",
        )],
    ),
    sign(
        Safety,
        "Tablets only after seeing a doctor",
        &[q(
            "004",
            "It is important to remember that tablets should only be used for medicinal treatment of muscle cramps after consulting a doctor.",
        )],
    ),
    sign(
        Safety,
        "Magnesium is not for everyone",
        &[q(
            "002",
            "Magnesium preparations are contraindicated for use in renal failure, a tendency to form blood clots, reduced thyroid function.",
        )],
    ),
    sign(
        Safety,
        "In pregnancy, ask before using a warming ointment",
        &[q(
            "001",
            "Special warming ointments help well. But before using a specific drug, it is worth consulting with a gynecologist.",
        )],
    ),
    sign(
        Safety,
        "In the water, act very quickly",
        &[q(
            "002",
            "Since convulsions are accompanied by severe pain, it is important to act very quickly, especially if you are in the water.",
        )],
    ),
    sign(
        Safety,
        "Do not swim in water below 18 degrees",
        &[q(
            "002",
            "Seizures most often occur in cold water. Do not swim in water that is below 18 degrees.",
        )],
    ),
    sign(
        Safety,
        "No more than 10 degrees of difference",
        &[q(
            "004",
            "temperature changes, for example, when you are on the beach, warmed up in the sun, and enter cold water. Temperature differences should not be allowed to exceed 10 degrees",
        )],
    ),
    sign(
        Safety,
        "Learn to float on your back before you need it",
        &[q(
            "004",
            "You must, of course, understand that to carry out this procedure you need to be able to float perfectly on the water and swim well on your back. Therefore, learn this in advance if you often relax on open bodies of water.",
        )],
    ),
    sign(
        Safety,
        "Contrast baths with varicose veins: a small difference",
        &[q(
            "002",
            "With varicose veins, which cause convulsions, the following should be done. First of all, before going to bed, make contrast foot baths, but keep in mind that the temperature difference should be insignificant.",
        )],
    ),
    sign(
        Safety,
        "Late in pregnancy: not on your back or right side",
        &[q(
            "000",
            "Therefore, expectant mothers are not recommended to lie on their back or right side, so as not to increase the pressure.",
        )],
    ),
    sign(
        Safety,
        "In pregnancy: sleep on your left side",
        &[q(
            "001",
            "Unpleasant symptoms develop if a woman lies on her back or right side. Drug treatment of the inferior vena cava syndrome is not provided. A woman should choose a comfortable sleeping position. It is recommended to sleep on the left side, placing a pillow under the buttock.",
        )],
    ),
    sign(
        Safety,
        "In pregnancy: not upright for long",
        &[q(
            "000",
            "To reduce the load on the lower limbs in the second and third trimester, a woman is advised not to be in an upright position for a long time.",
        )],
    ),
    sign(
        Safety,
        "In pregnancy: walk slowly",
        &[q(
            "000",
            "Walk slowly so as not to increase the load on the legs.",
        )],
    ),
    sign(
        Safety,
        "Late in pregnancy: ask someone to help",
        &[q(
            "001",
            "It is difficult to do any manipulations on the legs independently in the last stages of pregnancy. Therefore, it is worth taking the help of loved ones.",
        )],
    ),
];

/// Every quote limber shows: the signs', the page's closing line, and the short form of the
/// therapist advice the report cites (the page quotes it with what follows it).
pub fn all_quotes() -> impl Iterator<Item = &'static Quote> {
    SIGNS
        .iter()
        .flat_map(|s| s.quotes.iter())
        .chain([&ONLY_A_DOCTOR, &THERAPIST_FIRST])
}

/// The signs of one group, in page order.
pub fn signs_in(group: Group) -> impl Iterator<Item = &'static Sign> {
    SIGNS.iter().filter(move |s| s.group == group)
}

/// The page's first lines, before the groups.
pub const PAGE_INTRO: &str = "What the articles limber follows say about when to see a doctor, \
in their own words (machine-translated from Russian), most urgent first.";

/// The page's last line.
pub fn page_outro() -> String {
    format!(
        "{NOT_ADVICE}: it times routines from these articles. {}",
        ONLY_A_DOCTOR.cited()
    )
}

/// The whole page as plain text, wrapped to `width` columns: what `limber doctor` prints.
pub fn page_text(width: usize) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "When to see a doctor\n");
    for line in wrap(PAGE_INTRO, width, 0) {
        let _ = writeln!(s, "{line}");
    }
    for group in Group::ALL {
        let _ = writeln!(s, "\n{}\n", group.title().to_uppercase());
        for sign in signs_in(group) {
            for line in wrap(&format!("* {}", sign.heading), width, 2) {
                let _ = writeln!(s, "{line}");
            }
            for line in wrap(&format!("  {}", sign.cited()), width, 3) {
                let _ = writeln!(s, "{line}");
            }
        }
    }
    let _ = writeln!(s);
    for line in wrap(&page_outro(), width, 0) {
        let _ = writeln!(s, "{line}");
    }
    s
}

/// Word-wraps `text` to `width` columns; continuation lines start with `indent` spaces, the
/// first keeps the text's own leading spaces.
pub fn wrap(text: &str, width: usize, indent: usize) -> Vec<String> {
    let width = width.max(indent + 10);
    let lead = text.len() - text.trim_start().len();
    let mut lines: Vec<String> = Vec::new();
    let mut line = " ".repeat(lead);
    let mut empty = true;
    for word in text.split_whitespace() {
        let len = line.chars().count();
        if empty {
            line.push_str(word);
            empty = false;
        } else if len + 1 + word.chars().count() > width {
            lines.push(std::mem::replace(&mut line, " ".repeat(indent)));
            line.push_str(word);
        } else {
            line.push(' ');
            line.push_str(word);
        }
    }
    if !empty {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The articles sit beside the repository: `../shared/articles` from its root. CI always
    /// has them there, so their absence is a failure, not a skip.
    fn articles_dir() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/articles")
    }

    fn article_text(number: &str) -> String {
        let a = article(number).unwrap_or_else(|| panic!("no article numbered {number}"));
        let path = articles_dir().join(a.file);
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read {} ({e}): the articles must be at ../shared/articles beside the \
                 repository",
                path.display()
            )
        })
    }

    /// Each quote appears, word for word, in its article.
    #[test]
    fn every_quote_is_in_its_article() {
        let mut checked = 0;
        for q in all_quotes() {
            let text = article_text(q.article);
            assert!(
                text.contains(q.text),
                "not found in article {}: {}",
                q.article,
                q.text
            );
            checked += 1;
        }
        assert!(checked >= SIGNS.len());
    }

    /// The quotes the report uses are on the doctor page too (alone or inside a longer passage),
    /// so the page is the whole list.
    #[test]
    fn the_reports_quotes_are_on_the_page() {
        for q in [
            ALMOST_EVERY_DAY,
            LONGER_THAN_MINUTES,
            FREQUENCY_INCREASES,
            THERAPIST_FIRST,
            THERAPIST_RECUR,
            FOOT,
            TOES,
            HANDS,
            AT_REST,
            PREGNANCY,
            URGENT,
            ONLY_A_DOCTOR,
        ] {
            assert!(
                all_quotes().any(|p| p.article == q.article && p.text.contains(q.text)),
                "not on the page: {}",
                q.text
            );
        }
    }

    /// A sign quotes one article, and each article's full title is its first line (the one
    /// without a heading: its first sentence).
    #[test]
    fn signs_quote_one_article_and_titles_match_the_files() {
        for s in SIGNS {
            assert!(!s.quotes.is_empty(), "{}", s.heading);
            assert!(
                s.quotes.iter().all(|q| q.article == s.article()),
                "{}",
                s.heading
            );
        }
        for a in ARTICLES {
            let text = article_text(a.number);
            // Article 003 has a no-break space in its first sentence.
            let first = text
                .lines()
                .next()
                .unwrap_or_default()
                .replace('\u{a0}', " ");
            assert!(first.starts_with(a.title), "article {}: {first}", a.number);
        }
    }

    #[test]
    fn labels_for_numbers_files_titles_and_sources() {
        assert_eq!(article_label("004"), "What to do when a leg cramps");
        assert_eq!(
            article_label("001_0b0d0e4ff36b3d21.txt"),
            "Cramps in pregnancy: causes and consequences"
        );
        let source = format!("{}; {}", ARTICLES[2].title, ARTICLES[4].title);
        assert_eq!(
            article_label(&source),
            "Which doctor treats leg cramps; What to do when a leg cramps"
        );
        assert_eq!(article_label("My own notes"), "My own notes");
        assert_eq!(source_articles(&source).len(), 2);
    }

    #[test]
    fn the_page_puts_the_urgent_first_and_cites_every_sign() {
        let page = page_text(80);
        let at = |needle: &str| {
            page.find(needle)
                .unwrap_or_else(|| panic!("not on the page: {needle}"))
        };
        assert!(at("RIGHT AWAY") < at("SEE A DOCTOR"));
        assert!(at("SEE A DOCTOR") < at("IN PREGNANCY"));
        assert!(at("IN PREGNANCY") < at("SAFETY NOTES"));
        for s in SIGNS {
            assert!(page.contains(s.heading), "{}", s.heading);
        }
        assert!(page.lines().all(|l| l.chars().count() <= 80));
    }
}
