//! The corpus as this sweep uses it, and the rules that decide what each form takes.

use crate::common::xss::vectors_by_nul;

/// Plain paragraphs ahead of the hostile ones, so the in-article ad slot has its place
/// whatever the hostile Markdown does to the rest of the body.
pub const LEAD: &str = "The night ferry returns.\n\nIt sails at nine.\n\nTickets are on sale.\n\nThe harbour is ready.\n\n";

/// The vectors, split: text with a NUL character is refused outright (checked where it
/// would go); the rest is used.
pub struct Hostile {
    pub vectors: Vec<String>,
    pub with_nul: Vec<String>,
}

impl Hostile {
    pub fn load() -> Hostile {
        let (with_nul, vectors) = vectors_by_nul();
        Hostile { vectors, with_nul }
    }

    /// How many vectors are used.
    pub fn n(&self) -> usize {
        self.vectors.len()
    }

    /// The `i`-th vector, counting round the corpus.
    pub fn v(&self, i: usize) -> &str {
        self.vectors[i % self.n()].as_str()
    }
}

/// What a reader may use as a display name (`web::accounts::clean_name`).
pub fn name_ok(v: &str) -> bool {
    line_ok(v, 80)
}

/// What the ad forms take as a one-line text field of `max` characters.
pub fn line_ok(v: &str, max: usize) -> bool {
    let v = v.trim();
    !v.is_empty() && v.chars().count() <= max && !v.chars().any(char::is_control)
}

/// Every vector, packed into texts of at most `max` characters.
pub fn pack(vectors: &[String], max: usize) -> Vec<String> {
    let mut out: Vec<String> = vec![String::new()];
    for v in vectors {
        let last = out.last_mut().unwrap();
        if !last.is_empty() && last.chars().count() + 2 + v.chars().count() > max {
            out.push(String::new());
        }
        let last = out.last_mut().unwrap();
        if !last.is_empty() {
            last.push_str("\n\n");
        }
        last.push_str(v);
    }
    out.into_iter().map(|b| b.trim().to_string()).collect()
}
