//! Splitting sanitized article HTML after top-level paragraphs, where in-article slots go.

/// Byte offsets just after the closing `</p>` of each top-level paragraph (paragraphs
/// inside quotes, lists, tables or figures do not count: an ad never lands inside them).
pub fn paragraph_ends(html: &str) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut depth: usize = 0;
    let mut i = 0;
    let bytes = html.as_bytes();
    while let Some(rel) = html[i..].find('<') {
        let start = i + rel;
        let Some(close_rel) = html[start..].find('>') else {
            break;
        };
        let end = start + close_rel + 1;
        let tag = &html[start + 1..end - 1];
        i = end;
        if tag.starts_with('!') || tag.starts_with('?') {
            continue;
        }
        let closing = tag.starts_with('/');
        // The tag's name, borrowed (this runs for every tag of every article render).
        let rest = tag.trim_start_matches('/');
        let name = &rest[..rest.bytes().take_while(u8::is_ascii_alphanumeric).count()];
        if !is_container(name) || bytes[end - 2] == b'/' {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
            if depth == 0 && name.eq_ignore_ascii_case("p") {
                ends.push(end);
            }
        } else {
            depth += 1;
        }
    }
    ends
}

/// Block elements whose insides an ad must not split.
const CONTAINERS: [&str; 13] = [
    "p",
    "blockquote",
    "ul",
    "ol",
    "li",
    "table",
    "figure",
    "div",
    "section",
    "aside",
    "pre",
    "details",
    "dl",
];

/// True for a [`CONTAINERS`] name in any letter case.
fn is_container(name: &str) -> bool {
    CONTAINERS.iter().any(|c| c.eq_ignore_ascii_case(name))
}

/// True when a slot placed after item `first`, repeating every `every` (0 = once),
/// follows item `n` (1-based).
pub fn follows(first: u32, every: u32, n: usize) -> bool {
    let (first, every) = (first as usize, every as usize);
    first > 0 && (n == first || (every > 0 && n > first && (n - first).is_multiple_of(every)))
}

/// Paragraph numbers (1-based) an in-article slot follows: `first`, then every `every`
/// paragraphs after it (0 = once). Never after the last paragraph: that is the end slot.
pub fn insertion_points(first: u32, every: u32, paragraphs: usize) -> Vec<usize> {
    (1..paragraphs)
        .filter(|n| follows(first, every, *n))
        .collect()
}

/// Cuts `html`, whose [`paragraph_ends`] are `ends`, into pieces; slot `k` goes after
/// piece `k` for each `(paragraph, slot)`. Returns (html piece, slots after it) in order.
pub fn split_after<T: Clone>(
    html: &str,
    ends: &[usize],
    wanted: &[(usize, T)],
) -> Vec<(String, Vec<T>)> {
    let mut pieces: Vec<(String, Vec<T>)> = Vec::new();
    let mut from = 0;
    let mut cuts: Vec<usize> = wanted.iter().map(|(p, _)| *p).collect();
    cuts.sort_unstable();
    cuts.dedup();
    for p in cuts {
        let Some(&cut) = ends.get(p.wrapping_sub(1)) else {
            continue;
        };
        let slots: Vec<T> = wanted
            .iter()
            .filter(|(q, _)| *q == p)
            .map(|(_, t)| t.clone())
            .collect();
        pieces.push((html[from..cut].to_string(), slots));
        from = cut;
    }
    pieces.push((html[from..].to_string(), Vec::new()));
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "<h2>A</h2><p>one</p><blockquote><p>quoted</p></blockquote>\n<p>two <em>x</em></p><ul><li><p>item</p></li></ul><p>three</p><p>four</p>";

    #[test]
    fn only_top_level_paragraphs_count() {
        let ends = paragraph_ends(BODY);
        assert_eq!(ends.len(), 4);
        assert!(BODY[..ends[0]].ends_with("<p>one</p>"));
        assert!(BODY[..ends[1]].ends_with("<p>two <em>x</em></p>"));
        assert!(BODY[..ends[3]].ends_with("<p>four</p>"));
    }

    #[test]
    fn tag_names_count_in_any_letter_case() {
        let shouting =
            "<P>one</P><BLOCKQUOTE><p>quoted</P></Blockquote><p>two</p><br/><P>three</p>";
        let ends = paragraph_ends(shouting);
        assert_eq!(ends.len(), 3);
        assert!(shouting[..ends[1]].ends_with("<p>two</p>"));
    }

    #[test]
    fn points_repeat_and_stop_before_the_last_paragraph() {
        assert_eq!(insertion_points(3, 0, 10), vec![3]);
        assert_eq!(insertion_points(3, 4, 12), vec![3, 7, 11]);
        assert_eq!(insertion_points(3, 0, 3), Vec::<usize>::new());
        assert_eq!(insertion_points(0, 2, 10), Vec::<usize>::new());
        assert!(follows(2, 3, 2) && follows(2, 3, 5) && !follows(2, 3, 4) && !follows(2, 0, 5));
    }

    #[test]
    fn split_keeps_every_byte_in_order() {
        let pieces = split_after(BODY, &paragraph_ends(BODY), &[(2, "a"), (1, "b"), (9, "c")]);
        let joined: String = pieces.iter().map(|(h, _)| h.as_str()).collect();
        assert_eq!(joined, BODY);
        assert_eq!(pieces.len(), 3);
        assert_eq!(pieces[0].1, vec!["b"]);
        assert_eq!(pieces[1].1, vec!["a"]);
        assert!(pieces[2].1.is_empty());
        assert!(pieces[1].0.ends_with("<p>two <em>x</em></p>"));
    }
}
