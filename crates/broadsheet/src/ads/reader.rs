//! What we know about the reader without third-party cookies: a first-party counter of
//! how often each campaign was shown today, and whether the client is a known crawler.

/// The first-party cookie holding today's per-campaign counts.
pub const FREQ_COOKIE: &str = "bs_adf";
/// At most this many campaigns are remembered, so the cookie stays small.
const MAX_ENTRIES: usize = 24;

/// Per-campaign counts for one day: `day.id-n.id-n`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FrequencyCounter {
    pub day: i64,
    pub counts: Vec<(i64, u32)>,
}

impl FrequencyCounter {
    /// Reads the cookie value; a malformed value or another day starts afresh.
    pub fn parse(value: Option<&str>, today: i64) -> FrequencyCounter {
        let fresh = FrequencyCounter {
            day: today,
            counts: Vec::new(),
        };
        let Some(value) = value else { return fresh };
        let mut parts = value.split('.');
        if parts.next().and_then(|d| d.parse::<i64>().ok()) != Some(today) {
            return fresh;
        }
        let mut counts = Vec::new();
        for p in parts.take(MAX_ENTRIES) {
            let Some((id, n)) = p.split_once('-') else {
                return fresh;
            };
            match (id.parse(), n.parse()) {
                (Ok(id), Ok(n)) => counts.push((id, n)),
                _ => return fresh,
            }
        }
        FrequencyCounter { day: today, counts }
    }

    pub fn shown(&self, campaign_id: i64) -> u32 {
        self.counts
            .iter()
            .find(|(id, _)| *id == campaign_id)
            .map_or(0, |(_, n)| *n)
    }

    pub fn record(&mut self, campaign_id: i64) {
        match self.counts.iter_mut().find(|(id, _)| *id == campaign_id) {
            Some((_, n)) => *n = n.saturating_add(1),
            None => {
                if self.counts.len() >= MAX_ENTRIES {
                    self.counts.remove(0);
                }
                self.counts.push((campaign_id, 1));
            }
        }
    }

    pub fn value(&self) -> String {
        let mut out = self.day.to_string();
        for (id, n) in &self.counts {
            out.push_str(&format!(".{id}-{n}"));
        }
        out
    }

    /// The Set-Cookie value: first-party, script-inaccessible, gone after a day.
    pub fn set_cookie(&self, secure: bool) -> String {
        let secure = if secure { "; Secure" } else { "" };
        format!(
            "{FREQ_COOKIE}={}; Path=/ads; HttpOnly; SameSite=Lax; Max-Age=86400{secure}",
            self.value()
        )
    }
}

/// Substrings of user agents of crawlers, previewers and scripted clients.
const BOT_MARKERS: &[&str] = &[
    "bot",
    "crawl",
    "spider",
    "slurp",
    "facebookexternalhit",
    "mediapartners",
    "embedly",
    "preview",
    "curl/",
    "wget/",
    "python-requests",
    "go-http-client",
];

/// True for known crawlers and clients that send no user agent at all: not counted.
pub fn is_bot(user_agent: Option<&str>) -> bool {
    let Some(ua) = user_agent.map(str::trim).filter(|u| !u.is_empty()) else {
        return true;
    };
    let ua = ua.to_ascii_lowercase();
    BOT_MARKERS.iter().any(|m| ua.contains(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counter_round_trips_and_resets_each_day() {
        let mut f = FrequencyCounter::parse(None, 100);
        f.record(3);
        f.record(3);
        f.record(9);
        assert_eq!(f.value(), "100.3-2.9-1");
        let back = FrequencyCounter::parse(Some(&f.value()), 100);
        assert_eq!(back.shown(3), 2);
        assert_eq!(back.shown(4), 0);
        assert_eq!(FrequencyCounter::parse(Some(&f.value()), 101).shown(3), 0);
        assert_eq!(FrequencyCounter::parse(Some("junk"), 100).counts, vec![]);
        assert_eq!(FrequencyCounter::parse(Some("100.x-1"), 100).counts, vec![]);
        let mut many = FrequencyCounter::parse(None, 1);
        for id in 0..40 {
            many.record(id);
        }
        assert_eq!(many.counts.len(), MAX_ENTRIES);
        assert!(f.set_cookie(false).contains("HttpOnly"));
    }

    #[test]
    fn crawlers_are_recognised() {
        for ua in [
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (compatible; bingbot/2.0)",
            "facebookexternalhit/1.1",
            "curl/8.5.0",
            "",
        ] {
            assert!(is_bot(Some(ua)), "{ua}");
        }
        assert!(is_bot(None));
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) \
                      HeadlessChrome/140.0 Safari/537.36";
        assert!(!is_bot(Some(chrome)));
        assert!(!is_bot(Some(
            "Mozilla/5.0 (iPhone) Mobile/15E148 Safari/604.1"
        )));
    }
}
