//! Who the client is, for rate limits: the socket peer, or, when that peer is a trusted
//! proxy, the right-most address of `X-Forwarded-For` (or, without it, `Forwarded`) that
//! no trusted proxy owns. Addresses to the left of it are the client's own say and are
//! never believed. IPv6 clients are keyed by their /64, which one subscriber holds whole.

use axum::http::HeaderMap;
use std::net::IpAddr;

/// Most forwarding hops read from the right; a longer chain ends at the last one read.
const MAX_HOPS: usize = 32;

/// The networks whose connections may say who the client is (`--trusted-proxies`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<Network>);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Network {
    base: IpAddr,
    prefix: u8,
}

impl TrustedProxies {
    /// Parses a comma-separated list of addresses and CIDR networks, e.g.
    /// `10.0.0.0/8, 127.0.0.1, fd00::/8`. An empty list trusts nobody.
    pub fn parse(list: &str) -> Result<TrustedProxies, String> {
        let mut networks = Vec::new();
        for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            networks.push(Network::parse(item).ok_or_else(|| {
                format!("`{item}` is not an address or network like 10.0.0.0/8 or fd00::/8")
            })?);
        }
        Ok(TrustedProxies(networks))
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|n| n.contains(ip))
    }
}

impl Network {
    fn parse(text: &str) -> Option<Network> {
        let (addr, prefix) = match text.split_once('/') {
            Some((addr, prefix)) => (addr, Some(prefix.parse::<u8>().ok()?)),
            None => (text, None),
        };
        let base = addr.parse::<IpAddr>().ok()?.to_canonical();
        let max = if base.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(Network { base, prefix })
    }

    fn contains(&self, ip: IpAddr) -> bool {
        match (self.base, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                masked(u32::from(net).into(), self.prefix, 32)
                    == masked(u32::from(ip).into(), self.prefix, 32)
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                masked(net.into(), self.prefix, 128) == masked(ip.into(), self.prefix, 128)
            }
            _ => false,
        }
    }
}

/// The top `prefix` bits of a `width`-bit address.
fn masked(bits: u128, prefix: u8, width: u8) -> u128 {
    if prefix == 0 {
        0
    } else {
        bits >> (width - prefix)
    }
}

/// The client's address: `peer` itself unless `peer` is a trusted proxy.
pub fn client_addr(peer: IpAddr, headers: &HeaderMap, trusted: &TrustedProxies) -> IpAddr {
    let peer = peer.to_canonical();
    if !trusted.contains(peer) {
        return peer;
    }
    // Walk from our side outwards; the first address no trusted proxy owns is the client.
    // A hop we cannot read ("unknown", garbage) ends the walk at the last proxy we trust.
    let mut nearest = peer;
    for hop in hops_from_the_right(headers).take(MAX_HOPS) {
        match hop {
            Some(ip) if trusted.contains(ip) => nearest = ip.to_canonical(),
            Some(ip) => return ip.to_canonical(),
            None => return nearest,
        }
    }
    nearest
}

/// The rate-limit key of an address: IPv4 as is, IPv6 as its /64 network.
pub fn limit_key(ip: IpAddr) -> String {
    match ip.to_canonical() {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let network = u128::from(v6) & !((1u128 << 64) - 1);
            format!("{}/64", std::net::Ipv6Addr::from(network))
        }
    }
}

/// The forwarding chain, nearest hop first: X-Forwarded-For when a proxy sent it,
/// otherwise the `for=` of each RFC 7239 `Forwarded` element. `None` is a hop that
/// names no address.
fn hops_from_the_right(headers: &HeaderMap) -> Box<dyn Iterator<Item = Option<IpAddr>> + '_> {
    let xff = headers.get_all("x-forwarded-for");
    if xff.iter().next().is_some() {
        return Box::new(xff.iter().rev().flat_map(|value| match value.to_str() {
            Ok(text) => split_rev(text).map(parse_hop).collect::<Vec<_>>(),
            Err(_) => vec![None],
        }));
    }
    Box::new(
        headers
            .get_all("forwarded")
            .iter()
            .rev()
            .flat_map(|value| match value.to_str() {
                Ok(text) => split_rev(text).map(forwarded_for).collect::<Vec<_>>(),
                Err(_) => vec![None],
            }),
    )
}

fn split_rev(text: &str) -> impl Iterator<Item = &str> {
    text.rsplit(',').map(str::trim).take(MAX_HOPS)
}

/// The address of one `Forwarded` element such as `for="[2001:db8::1]:4711";proto=https`.
fn forwarded_for(element: &str) -> Option<IpAddr> {
    element.split(';').find_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("for")
            .then(|| parse_hop(value.trim().trim_matches('"')))?
    })
}

/// One hop: `1.2.3.4`, `1.2.3.4:80`, `2001:db8::1`, `[2001:db8::1]` or `[2001:db8::1]:80`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Ok(socket) = hop.parse::<std::net::SocketAddr>() {
        return Some(socket.ip());
    }
    hop.strip_prefix('[')?.strip_suffix(']')?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (name, value) in pairs {
            h.append(*name, HeaderValue::from_str(value).unwrap());
        }
        h
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn proxies() -> TrustedProxies {
        TrustedProxies::parse("10.0.0.0/8, 127.0.0.1, fd00::/8").unwrap()
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_forwards() {
        let spoofed = headers(&[("x-forwarded-for", "1.1.1.1"), ("forwarded", "for=2.2.2.2")]);
        assert_eq!(
            client_addr(ip("203.0.113.9"), &spoofed, &proxies()),
            ip("203.0.113.9")
        );
        // With no trusted proxies configured, nobody's headers count.
        let none = TrustedProxies::default();
        assert_eq!(
            client_addr(ip("127.0.0.1"), &spoofed, &none),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn the_right_most_untrusted_hop_is_the_client() {
        // The client claimed 6.6.6.6; our proxies 10.0.0.2 and 10.0.0.1 appended theirs.
        let chain = headers(&[("x-forwarded-for", "6.6.6.6, 198.51.100.7, 10.0.0.2")]);
        assert_eq!(
            client_addr(ip("10.0.0.1"), &chain, &proxies()),
            ip("198.51.100.7")
        );
        // Several header lines read as one list, in order.
        let lines = headers(&[
            ("x-forwarded-for", "6.6.6.6"),
            ("x-forwarded-for", "198.51.100.8"),
        ]);
        assert_eq!(
            client_addr(ip("127.0.0.1"), &lines, &proxies()),
            ip("198.51.100.8")
        );
        // Only trusted hops: the farthest one is all we know.
        let inner = headers(&[("x-forwarded-for", "10.1.1.1, 10.0.0.2")]);
        assert_eq!(
            client_addr(ip("10.0.0.1"), &inner, &proxies()),
            ip("10.1.1.1")
        );
        // A trusted peer without any header is the client itself.
        assert_eq!(
            client_addr(ip("10.0.0.1"), &HeaderMap::new(), &proxies()),
            ip("10.0.0.1")
        );
    }

    #[test]
    fn forwarded_is_read_when_there_is_no_x_forwarded_for() {
        let rfc = headers(&[(
            "forwarded",
            "for=6.6.6.6, For=\"[2001:db8:cafe::17]:4711\";proto=https, for=10.0.0.2",
        )]);
        assert_eq!(
            client_addr(ip("127.0.0.1"), &rfc, &proxies()),
            ip("2001:db8:cafe::17")
        );
        let port = headers(&[("forwarded", "proto=https;for=\"192.0.2.60:8080\"")]);
        assert_eq!(
            client_addr(ip("127.0.0.1"), &port, &proxies()),
            ip("192.0.2.60")
        );
    }

    #[test]
    fn unreadable_hops_stop_at_the_last_trusted_proxy() {
        for bad in ["garbage", "unknown", "", "1.2.3.4.5", "[::1", "_hidden"] {
            let h = headers(&[("x-forwarded-for", &format!("7.7.7.7, {bad}, 10.0.0.2"))]);
            assert_eq!(
                client_addr(ip("127.0.0.1"), &h, &proxies()),
                ip("10.0.0.2"),
                "{bad:?}"
            );
        }
        let hidden = headers(&[("forwarded", "for=unknown")]);
        assert_eq!(
            client_addr(ip("127.0.0.1"), &hidden, &proxies()),
            ip("127.0.0.1")
        );
        // Garbage the client put to the left of a real hop is never reached.
        let left = headers(&[("x-forwarded-for", "not an address, 198.51.100.7")]);
        assert_eq!(
            client_addr(ip("127.0.0.1"), &left, &proxies()),
            ip("198.51.100.7")
        );
        let mut bytes = HeaderMap::new();
        bytes.append(
            "x-forwarded-for",
            HeaderValue::from_bytes(b"\xff\xfe").unwrap(),
        );
        assert_eq!(
            client_addr(ip("127.0.0.1"), &bytes, &proxies()),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn ipv6_clients_are_keyed_by_their_64_and_mapped_ipv4_as_ipv4() {
        assert_eq!(
            limit_key(ip("2001:db8:1:2:aaaa::1")),
            limit_key(ip("2001:db8:1:2:bbbb:cccc:dddd:eeee"))
        );
        assert_eq!(limit_key(ip("2001:db8:1:2::9")), "2001:db8:1:2::/64");
        assert_ne!(
            limit_key(ip("2001:db8:1:2::1")),
            limit_key(ip("2001:db8:1:3::1"))
        );
        assert_eq!(limit_key(ip("::ffff:192.0.2.1")), "192.0.2.1");
        assert!(proxies().contains(ip("::ffff:127.0.0.1")));
        assert!(proxies().contains(ip("fd12::1")));
        assert!(!proxies().contains(ip("fe80::1")));
    }

    #[test]
    fn the_trusted_list_refuses_what_is_not_a_network() {
        assert_eq!(
            TrustedProxies::parse("").unwrap(),
            TrustedProxies::default()
        );
        assert!(
            TrustedProxies::parse("0.0.0.0/0")
                .unwrap()
                .contains(ip("8.8.8.8"))
        );
        for bad in [
            "10.0.0.0/33",
            "fd00::/129",
            "nginx",
            "10.0.0.0/x",
            "10.0.0/8",
        ] {
            let err = TrustedProxies::parse(&format!("127.0.0.1, {bad}")).unwrap_err();
            assert!(err.contains(bad), "{err}");
        }
    }
}
