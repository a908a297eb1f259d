//! The embedded lexicon files, loaded into one [`Lexicon`] by [`builtin_lexicon`].

use crate::lexicon::{Kind, Lexicon};

macro_rules! lex {
    ($kind:ident, $file:literal) => {
        (
            Kind::$kind,
            include_str!(concat!("../lexicon/en/", $file)),
            include_str!(concat!("../lexicon/tr/", $file)),
        )
    };
}

/// Every lexicon file, English and Turkish, with the kind its entries get.
const FILES: &[(Kind, &str, &str)] = &[
    lex!(InsultNoun, "insults.txt"),
    lex!(InsultAdj, "insult_adjectives.txt"),
    lex!(Profanity, "profanity.txt"),
    lex!(StrongProfanity, "strong_profanity.txt"),
    lex!(RudePhrase, "rude_phrases.txt"),
    lex!(Dehumanising, "dehumanising.txt"),
    lex!(Identity, "identity.txt"),
    lex!(Slur, "slurs.txt"),
    lex!(Trait, "traits.txt"),
    lex!(Exclusion, "exclusion.txt"),
    lex!(Threat, "threats.txt"),
    lex!(PersonRef, "people.txt"),
    lex!(PublicRef, "public.txt"),
    lex!(Condemn, "condemn.txt"),
    lex!(Meta, "meta.txt"),
    lex!(Spam, "spam.txt"),
];

/// English-only files (Turkish violence is covered by whole phrases in `threats.txt`).
const EN_ONLY: &[(Kind, &str)] = &[
    (Kind::Violence, include_str!("../lexicon/en/violence.txt")),
    (
        Kind::ViolentPassive,
        include_str!("../lexicon/en/violent_passive.txt"),
    ),
];

/// Builds the lexicon from the embedded files.
pub fn builtin_lexicon() -> Lexicon {
    let mut lex = Lexicon::default();
    for &(kind, en, tr) in FILES {
        lex.add_text(kind, en);
        lex.add_text(kind, tr);
    }
    for &(kind, text) in EN_ONLY {
        lex.add_text(kind, text);
    }
    lex
}
