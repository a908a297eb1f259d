//! A fragment rendered once with stand-ins for what changes per request (the reader's
//! form token, fresh form nonces), cut at those stand-ins and filled per request
//! (decision 0048): the comment section every plain signed-in reader sees alike.

use super::PageCache;
use super::per_article::PerArticle;
use std::sync::OnceLock;

/// Signed-in comment sections held at most.
const MAX_STENCILS: usize = 4096;

/// What a stencil's slots are filled with: the reader's form token, the new-comment
/// form's nonce, and the stem every reply form's nonce starts with.
pub struct SlotValues<'a> {
    pub csrf: &'a str,
    pub nonce: &'a str,
    pub forms: &'a str,
}

impl SlotValues<'_> {
    fn of(&self, slot: Slot) -> &str {
        match slot {
            Slot::Csrf => self.csrf,
            Slot::Nonce => self.nonce,
            Slot::Forms => self.forms,
        }
    }
}

#[derive(Clone, Copy)]
enum Slot {
    Csrf,
    Nonce,
    Forms,
}

const SLOTS: [Slot; 3] = [Slot::Csrf, Slot::Nonce, Slot::Forms];

/// The stand-ins a stencil is rendered with: random per process and made of letters and
/// digits only, so HTML escaping leaves them whole and no comment can forge one.
pub struct StandIns {
    csrf: String,
    nonce: String,
    forms: String,
    /// Printed as the stand-in reader's name and address: a theme that shows it in
    /// the section makes the section personal, and it is not shared.
    pub reader: String,
}

impl StandIns {
    /// The stand-in reader's id: no account has it, and a theme printing it is caught.
    pub const READER_ID: i64 = -7_340_021_989;

    /// This process's stand-ins.
    pub fn get() -> &'static StandIns {
        static STAND_INS: OnceLock<StandIns> = OnceLock::new();
        STAND_INS.get_or_init(|| {
            let stem = broadsheet_store::secret::new_token("");
            let made = |what: &str| format!("bs{what}{}", &stem[..24]);
            StandIns {
                csrf: made("csrf"),
                nonce: made("nonce"),
                forms: made("forms"),
                reader: made("reader"),
            }
        })
    }

    /// The stand-ins as slot values, to render a stencil with.
    pub fn values(&self) -> SlotValues<'_> {
        SlotValues {
            csrf: &self.csrf,
            nonce: &self.nonce,
            forms: &self.forms,
        }
    }
}

/// A rendered fragment cut at its stand-ins: each piece, then the slot after it.
pub struct Stencil {
    pieces: Vec<(String, Slot)>,
    tail: String,
}

impl Stencil {
    /// Cuts `html` rendered with [`StandIns::values`]; `None` when it shows the stand-in
    /// reader's name, address or id (the theme prints the reader's own data there).
    pub fn cut(html: &str) -> Option<Stencil> {
        let stand_ins = StandIns::get();
        if html.contains(&stand_ins.reader) || html.contains(&StandIns::READER_ID.to_string()) {
            return None;
        }
        let stand_ins = stand_ins.values();
        let mut pieces = Vec::new();
        let mut rest = html;
        loop {
            let next = SLOTS
                .iter()
                .filter_map(|&slot| rest.find(stand_ins.of(slot)).map(|at| (at, slot)))
                .min_by_key(|&(at, _)| at);
            let Some((at, slot)) = next else { break };
            pieces.push((rest[..at].to_string(), slot));
            rest = &rest[at + stand_ins.of(slot).len()..];
        }
        Some(Stencil {
            pieces,
            tail: rest.to_string(),
        })
    }

    /// The fragment with `values` in its slots.
    pub fn fill(&self, values: &SlotValues<'_>) -> String {
        let len = self.tail.len()
            + (self.pieces.iter())
                .map(|(piece, slot)| piece.len() + values.of(*slot).len())
                .sum::<usize>();
        let mut html = String::with_capacity(len);
        for (piece, slot) in &self.pieces {
            html.push_str(piece);
            html.push_str(values.of(*slot));
        }
        html.push_str(&self.tail);
        html
    }
}

/// Signed-in comment sections by (article id, (language, sort)), outdated by the
/// article's comments and likes, like the rows they are rendered from.
pub type StencilCache = PerArticle<(String, &'static str), Stencil>;

/// An empty holder.
pub fn stencil_cache() -> StencilCache {
    PerArticle::new(MAX_STENCILS, PageCache::likes_changed_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stencil_fills_every_slot_each_time_it_appears() {
        let s = StandIns::get().values();
        let html = format!(
            "<form><input value=\"{}\"><input value=\"{}\"></form>\
             <form><input value=\"{}\"><input value=\"{}-7\"></form><p>end</p>",
            s.csrf, s.nonce, s.csrf, s.forms
        );
        let stencil = Stencil::cut(&html).unwrap();
        let filled = stencil.fill(&SlotValues {
            csrf: "TOKEN",
            nonce: "N1",
            forms: "F2",
        });
        assert_eq!(
            filled,
            "<form><input value=\"TOKEN\"><input value=\"N1\"></form>\
             <form><input value=\"TOKEN\"><input value=\"F2-7\"></form><p>end</p>"
        );
    }

    #[test]
    fn a_fragment_showing_the_reader_is_not_a_stencil() {
        let html = format!("<p>Hello {}</p>", StandIns::get().reader);
        assert!(Stencil::cut(&html).is_none());
        let html = format!("<a href=\"/people/{}\">me</a>", StandIns::READER_ID);
        assert!(Stencil::cut(&html).is_none());
        assert_eq!(
            Stencil::cut("<p>no slots</p>")
                .unwrap()
                .fill(&StandIns::get().values()),
            "<p>no slots</p>"
        );
    }
}
