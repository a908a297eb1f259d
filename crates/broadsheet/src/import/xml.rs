//! A small walk over an XML export: each element's start (with attributes) and end
//! (with its text, entities and CDATA resolved), and a clear error for a file that is
//! not well-formed or ends early.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::io::BufRead;

/// One step of the walk.
pub enum Node<'a> {
    Start {
        name: &'a str,
        attrs: &'a [(String, String)],
    },
    End {
        name: &'a str,
        text: String,
    },
}

fn attrs_of(e: &BytesStart) -> Vec<(String, String)> {
    e.attributes()
        .flatten()
        .filter_map(|a| {
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()?;
            Some((a.key.as_ref().to_string(), value.into_owned()))
        })
        .collect()
}

/// The value of attribute `name`, or "".
pub fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> &'a str {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// Calls `visit` for every element of `input`, in document order.
pub fn walk(input: impl BufRead, mut visit: impl FnMut(Node<'_>)) -> Result<(), String> {
    let mut reader = Reader::from_reader(input);
    let mut buf = Vec::new();
    let mut text = String::new();
    let mut open: Vec<String> = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| {
            format!(
                "not well-formed XML at byte {}: {e}",
                reader.buffer_position()
            )
        })?;
        match event {
            Event::Start(e) => {
                let name = e.name().as_ref().to_string();
                text.clear();
                visit(Node::Start {
                    name: &name,
                    attrs: &attrs_of(&e),
                });
                open.push(name);
            }
            Event::Empty(e) => {
                let name = e.name().as_ref().to_string();
                visit(Node::Start {
                    name: &name,
                    attrs: &attrs_of(&e),
                });
                visit(Node::End {
                    name: &name,
                    text: String::new(),
                });
            }
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::CData(t) => text.push_str(&t),
            Event::GeneralRef(r) => match r.resolve_char_ref() {
                Ok(Some(c)) => text.push(c),
                _ => {
                    let known = quick_xml::escape::resolve_predefined_entity(&r.xml10_content());
                    text.push_str(known.unwrap_or(""));
                }
            },
            Event::End(e) => {
                open.pop();
                let name = e.name().as_ref().to_string();
                visit(Node::End {
                    name: &name,
                    text: std::mem::take(&mut text),
                });
            }
            Event::Eof => {
                return match open.last() {
                    Some(tag) => Err(format!("the file ends inside <{tag}>: is it cut short?")),
                    None => Ok(()),
                };
            }
            _ => {}
        }
        buf.clear();
    }
}
