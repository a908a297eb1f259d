//! Unit tests for normalisation: each evasion kind, Turkish letters and span mapping.

use super::*;

fn words(text: &str) -> Vec<String> {
    normalise(text).tokens.into_iter().map(|t| t.text).collect()
}

fn has_form(text: &str, form: &str) -> bool {
    normalise(text)
        .tokens
        .iter()
        .any(|t| t.forms().any(|f| f == form))
}

#[test]
fn plain_words_are_lowercased_and_split() {
    assert_eq!(
        words("Hello, World! It's fine."),
        ["hello", "world", "its", "fine"]
    );
}

#[test]
fn fullwidth_and_math_letters_fold_to_ascii() {
    assert_eq!(words("ｉｄｉｏｔ"), ["idiot"]);
    assert_eq!(words("𝐢𝐝𝐢𝐨𝐭 𝓶𝓸𝓻𝓸𝓷"), ["idiot", "moron"]);
}

#[test]
fn cyrillic_and_greek_look_alikes_fold_to_latin() {
    assert_eq!(words("You're an іdіоt"), ["youre", "an", "idiot"]);
    assert_eq!(words("ΙDΙΟΤ"), ["idiot"]);
}

#[test]
fn zero_width_and_combining_marks_are_removed() {
    assert_eq!(words("id\u{200B}i\u{200D}ot"), ["idiot"]);
    assert_eq!(words("i\u{0301}d\u{0308}iot"), ["idiot"]);
}

#[test]
fn leetspeak_is_decoded_with_alternatives() {
    assert_eq!(words("1d10t"), ["idiot"]);
    assert!(has_form("4pt4ls1n", "aptalsin"));
    assert!(has_form("$tupid @ss", "stupid"));
    assert!(has_form("100 l0sers", "losers"));
    assert_eq!(
        words("In 2030 we pay 40%"),
        ["in", "2030", "we", "pay", "40"]
    );
}

#[test]
fn spaced_and_dotted_letters_are_joined() {
    assert_eq!(words("i d i o t. that's all"), ["idiot", "thats", "all"]);
    assert_eq!(words("i.d.i.o.t"), ["idiot"]);
    assert_eq!(words("f-u-c-k off"), ["fuck", "off"]);
    let n = normalise("you i d i o t");
    assert!(n.tokens[1].joined);
}

#[test]
fn repeated_letters_are_squeezed() {
    assert_eq!(words("stuuuuupid"), ["stuupid"]);
    let n = normalise("stuuuuupid Shuuuuut uuuup good");
    let sq: Vec<Option<&str>> = n.tokens.iter().map(|t| t.squeezed.as_deref()).collect();
    assert_eq!(sq, [Some("stupid"), Some("shut"), Some("up"), None]);
}

#[test]
fn masks_are_kept_as_wildcards() {
    let n = normalise("what the f*ck, you id**t");
    assert!(n.tokens[2].masked && n.tokens[2].text == "f*ck");
    assert_eq!(n.tokens[4].text, "id**t");
    assert_eq!(words("*sigh*"), ["sigh"]);
}

#[test]
fn turkish_letters_fold_for_matching() {
    assert_eq!(
        words("İstanbul'da IŞIK ılık şğçöü"),
        ["istanbulda", "isik", "ilik", "sgcou"]
    );
    assert_eq!(turkish_lowercase("İSTANBUL IŞIK"), "istanbul ışık");
}

#[test]
fn spans_point_into_the_original_text() {
    let text = "Oh, «Ｙｏｕ» are an іdіоt!";
    let n = normalise(text);
    let t = n.tokens.iter().find(|t| t.text == "idiot").unwrap();
    assert_eq!(&text[t.start..t.end], "іdіоt");
    let at = n.text.find("idiot").unwrap();
    let (s, e) = n.original_span(at, at + 5).unwrap();
    assert_eq!(&text[s..e], "іdіоt");
}

#[test]
fn sentences_are_counted() {
    let n = normalise("First one. Second? Third; 3.5 stays");
    let s: Vec<u32> = n.tokens.iter().map(|t| t.sentence).collect();
    assert_eq!(s, [0, 0, 1, 2, 3, 3, 3]);
}

#[test]
fn long_input_is_capped() {
    let text = "word ".repeat(10_000);
    let n = normalise(&text);
    assert!(n.truncated);
    assert_eq!(n.tokens.len(), MAX_CHARS / 5);
}
