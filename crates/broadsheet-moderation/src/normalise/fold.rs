//! Per-character folding: compatibility forms, look-alike letters, Turkish letters and diacritics.
//!
//! Every original character is mapped to a [`Folded`] class so the tokeniser can keep
//! one original byte range per output character.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// What one original character becomes after folding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Folded {
    /// A lowercase letter (ASCII for Latin look-alikes, otherwise the lowercased char).
    Letter(char),
    /// An ASCII digit.
    Digit(char),
    /// A symbol that can stand for a letter or a mask inside a word (`@ $ * ! |`).
    Symbol(char),
    /// An apostrophe: words are joined across it ("you're" -> "youre").
    Apostrophe,
    /// Invisible or combining: dropped without splitting the word.
    Ignore,
    /// Sentence end (`. ! ? ; :` newline) when it splits words.
    Stop,
    /// Any other separator (space, punctuation, emoji).
    Space,
}

/// True for characters that are invisible and can be inserted into words to evade matching.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{E0000}'..='\u{E007F}')
}

/// Cyrillic and Greek letters that look like Latin ones, mapped to the Latin letter.
fn look_alike(c: char) -> Option<char> {
    let m = match c {
        'а' | 'А' | 'α' | 'Α' => 'a',
        'в' | 'В' | 'β' | 'Β' | 'ь' => 'b',
        'с' | 'С' | 'ϲ' => 'c',
        'е' | 'Е' | 'ё' | 'Ё' | 'ε' | 'Ε' => 'e',
        'н' | 'Н' | 'Η' => 'h',
        'і' | 'І' | 'ї' | 'Ї' | 'ι' | 'Ι' | 'ӏ' | 'Ӏ' => 'i',
        'ј' | 'Ј' => 'j',
        'к' | 'К' | 'κ' | 'Κ' => 'k',
        'м' | 'М' | 'Μ' => 'm',
        'п' | 'η' | 'Ν' => 'n',
        'о' | 'О' | 'ο' | 'Ο' | 'σ' => 'o',
        'р' | 'Р' | 'ρ' | 'Ρ' => 'p',
        'ѕ' | 'Ѕ' => 's',
        'т' | 'Т' | 'τ' | 'Τ' => 't',
        'υ' | 'μ' => 'u',
        'ν' => 'v',
        'ш' | 'ω' => 'w',
        'х' | 'Х' | 'χ' | 'Χ' => 'x',
        'у' | 'У' | 'γ' | 'Υ' => 'y',
        'Ζ' => 'z',
        'г' => 'r',
        _ => return None,
    };
    Some(m)
}

/// Mathematical alphanumeric symbols (bold, italic, script, ...) to plain ASCII.
fn math_alnum(c: char) -> Option<char> {
    let cp = c as u32;
    if (0x1D400..=0x1D6A3).contains(&cp) {
        let i = ((cp - 0x1D400) % 52) as u8;
        return Some(if i < 26 {
            (b'a' + i) as char
        } else {
            (b'a' + i - 26) as char
        });
    }
    if (0x1D7CE..=0x1D7FF).contains(&cp) {
        return Some((b'0' + ((cp - 0x1D7CE) % 10) as u8) as char);
    }
    // Circled and parenthesised letters, regional indicators.
    for (lo, hi) in [
        (0x24B6, 0x24CF),
        (0x24D0, 0x24E9),
        (0x249C, 0x24B5),
        (0x1F1E6, 0x1F1FF),
    ] {
        if (lo..=hi).contains(&cp) {
            return Some((b'a' + (cp - lo) as u8) as char);
        }
    }
    None
}

/// Folds a base (already decomposed) character.
fn fold_base(c: char) -> Folded {
    if c.is_ascii_alphabetic() {
        return Folded::Letter(c.to_ascii_lowercase());
    }
    if c.is_ascii_digit() {
        return Folded::Digit(c);
    }
    match c {
        'ı' | 'İ' => return Folded::Letter('i'),
        'ß' => return Folded::Letter('s'),
        'ø' | 'Ø' => return Folded::Letter('o'),
        'æ' | 'Æ' => return Folded::Letter('a'),
        'đ' | 'Đ' => return Folded::Letter('d'),
        'ł' | 'Ł' => return Folded::Letter('l'),
        '@' | '$' | '*' | '!' | '|' => return Folded::Symbol(c),
        '\'' | '’' | '‘' | '`' | '´' | 'ʼ' => return Folded::Apostrophe,
        '.' | '?' | ';' | ':' | '\n' | '…' | '。' | '؟' => return Folded::Stop,
        _ => {}
    }
    if let Some(m) = look_alike(c).or_else(|| math_alnum(c)) {
        return if m.is_ascii_digit() {
            Folded::Digit(m)
        } else {
            Folded::Letter(m)
        };
    }
    if c.is_alphabetic() {
        return Folded::Letter(c.to_lowercase().next().unwrap_or(c));
    }
    Folded::Space
}

/// Folds one original character, applying compatibility decomposition first
/// (fullwidth forms, ligature pieces, accents are dropped).
pub fn fold_char(c: char, out: &mut Vec<Folded>) {
    if is_invisible(c) || is_combining_mark(c) {
        out.push(Folded::Ignore);
        return;
    }
    if c.is_ascii() {
        out.push(fold_base(c));
        return;
    }
    if let Some(m) = look_alike(c).or_else(|| math_alnum(c)) {
        out.push(fold_base(m));
        return;
    }
    if c == 'ı' || c == 'İ' {
        out.push(Folded::Letter('i'));
        return;
    }
    let before = out.len();
    for d in c.nfkd() {
        if is_invisible(d) || is_combining_mark(d) {
            continue;
        }
        out.push(fold_base(d));
    }
    if out.len() == before {
        out.push(Folded::Ignore);
    }
}

/// Turkish-aware lowercasing for display: `İ` -> `i`, `I` -> `ı`, otherwise Unicode lowercase.
pub fn turkish_lowercase(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'İ' => s.push('i'),
            'I' => s.push('ı'),
            _ => s.extend(c.to_lowercase()),
        }
    }
    s
}
