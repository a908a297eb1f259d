//! Where a delivery may go: an http(s) URL whose host resolves only to public addresses.
//! Checked at registration and again, on the addresses actually connected to, at send
//! time, so a name that later points inside the network is still refused (SSRF).

use std::net::{IpAddr, SocketAddr};
use url::Url;

/// The longest endpoint URL accepted.
pub const MAX_URL_LEN: usize = 2000;

/// Why a target was refused; the message is shown to the administrator and logged.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Refused {
    #[error("the address must be an http:// or https:// URL with a host")]
    NotHttp,
    #[error("the address must not carry a user name or password")]
    Credentials,
    #[error(
        "{0} is a private, loopback, link-local, multicast or unspecified address; turn on \"allow private targets\" to use it"
    )]
    Private(IpAddr),
    #[error("the host {0} could not be resolved")]
    Unresolved(String),
}

/// Parses an endpoint address: http or https, a host, no credentials, no fragment.
pub fn parse(raw: &str) -> Result<Url, Refused> {
    let raw = raw.trim();
    if raw.len() > MAX_URL_LEN {
        return Err(Refused::NotHttp);
    }
    let url = Url::parse(raw).map_err(|_| Refused::NotHttp)?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return Err(Refused::NotHttp);
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Refused::Credentials);
    }
    Ok(url)
}

/// True for addresses a webhook must not reach unless private targets are allowed:
/// private, loopback, link-local, multicast, unspecified, broadcast, shared (CGNAT) and
/// unique-local ranges, and IPv6 forms that wrap such an IPv4 address.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_multicast()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped().or_else(|| v6.to_ipv4()) {
                return is_private(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || (first & 0xffc0) == 0xfec0
        }
    }
}

/// Resolves the URL's host and returns its addresses, every one of them checked; a
/// single private address refuses the whole target (unless `allow_private`).
pub async fn resolve(url: &Url, allow_private: bool) -> Result<Vec<SocketAddr>, Refused> {
    let host = url.host_str().ok_or(Refused::NotHttp)?;
    let port = url.port_or_known_default().ok_or(Refused::NotHttp)?;
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let addrs: Vec<SocketAddr> = match bare.parse::<IpAddr>() {
        Ok(ip) => vec![SocketAddr::new(ip, port)],
        Err(_) => tokio::net::lookup_host((bare, port))
            .await
            .map_err(|_| Refused::Unresolved(bare.to_string()))?
            .collect(),
    };
    if addrs.is_empty() {
        return Err(Refused::Unresolved(bare.to_string()));
    }
    if !allow_private && let Some(bad) = addrs.iter().find(|a| is_private(a.ip())) {
        return Err(Refused::Private(bad.ip()));
    }
    Ok(addrs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_urls_without_credentials_are_taken() {
        assert!(parse("https://hooks.example.org/in?x=1").is_ok());
        assert!(parse(" http://hooks.example.org:8080/ ").is_ok());
        for bad in [
            "ftp://x.org/",
            "file:///etc/passwd",
            "gopher://x",
            "javascript:alert(1)",
            "x.org",
            "",
        ] {
            assert_eq!(parse(bad), Err(Refused::NotHttp), "{bad}");
        }
        assert_eq!(parse("https://u:p@x.org/"), Err(Refused::Credentials));
    }

    #[test]
    fn inside_addresses_are_private_and_the_internet_is_not() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "100.64.0.1",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
        ] {
            assert!(is_private(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["93.184.216.34", "1.1.1.1", "2606:4700::1111", "100.128.0.1"] {
            assert!(!is_private(ip.parse().unwrap()), "{ip}");
        }
    }

    #[tokio::test]
    async fn loopback_is_refused_unless_allowed() {
        let url = parse("http://127.0.0.1:9/hook").unwrap();
        assert!(matches!(
            resolve(&url, false).await,
            Err(Refused::Private(_))
        ));
        assert_eq!(resolve(&url, true).await.unwrap().len(), 1);
        let named = parse("http://localhost:9/hook").unwrap();
        assert!(matches!(
            resolve(&named, false).await,
            Err(Refused::Private(_))
        ));
    }
}
