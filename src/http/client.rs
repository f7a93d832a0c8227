//! Who is calling, as far as fair use needs it: the address a caller without a token is
//! held to its budget by, and the 429 a spent budget is answered with.

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;

use crate::error::{AppError, retry_after_seconds};

/// The caller's address: the peer's, unless the peer is one of `trusted` proxies, in which
/// case `X-Forwarded-For` is read from the right (each proxy appends the address it saw)
/// until an address no trusted proxy holds. An unreadable entry stops the walk at the last
/// address a trusted proxy vouched for, so a forged header never moves a caller off the
/// proxy's own view.
pub fn client_address(
    peer: Option<&ConnectInfo<SocketAddr>>,
    headers: &HeaderMap,
    trusted: &[IpAddr],
) -> Option<IpAddr> {
    let mut address = peer?.0.ip().to_canonical();
    if !trusted.contains(&address) {
        return Some(address);
    }
    let forwarded: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .collect();
    for entry in forwarded.iter().rev() {
        match entry.trim().parse::<IpAddr>() {
            Ok(hop) => {
                address = hop.to_canonical();
                if !trusted.contains(&address) {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    Some(address)
}

/// The answer to a spent budget: 429 with `Retry-After` (the seconds its
/// `retryAfterSeconds` says), so that HTTP clients and proxies back off without reading
/// the body.
pub fn rate_limited(refused: &AppError) -> Response {
    let mut response = super::error_response(StatusCode::TOO_MANY_REQUESTS, refused);
    if let AppError::RateLimited(wait) = refused {
        response.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from(retry_after_seconds(*wait)),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn peer(address: &str) -> ConnectInfo<SocketAddr> {
        ConnectInfo(SocketAddr::new(address.parse().unwrap(), 40_000))
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append("x-forwarded-for", HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn only_a_trusted_proxy_is_believed_about_who_called() {
        let proxy = ip("10.0.0.2");
        let spoofed = forwarded(&["1.2.3.4"]);
        // Not through a trusted proxy: the header is the caller's own words.
        assert_eq!(
            client_address(Some(&peer("203.0.113.9")), &spoofed, &[proxy]),
            Some(ip("203.0.113.9"))
        );
        // Through it: the address it saw, the rightmost entry.
        let chain = forwarded(&["1.2.3.4, 198.51.100.7"]);
        assert_eq!(
            client_address(Some(&peer("10.0.0.2")), &chain, &[proxy]),
            Some(ip("198.51.100.7"))
        );
        // Through two trusted proxies, across two header lines.
        let inner = ip("10.0.0.3");
        let two = forwarded(&["1.2.3.4, 198.51.100.7", "10.0.0.3"]);
        assert_eq!(
            client_address(Some(&peer("10.0.0.2")), &two, &[proxy, inner]),
            Some(ip("198.51.100.7"))
        );
        // Garbage stops the walk at the last address a trusted proxy vouched for.
        let garbage = forwarded(&["198.51.100.7, not-an-address"]);
        assert_eq!(
            client_address(Some(&peer("10.0.0.2")), &garbage, &[proxy]),
            Some(proxy)
        );
        assert_eq!(client_address(None, &spoofed, &[proxy]), None);
        assert_eq!(
            client_address(Some(&peer("::ffff:10.0.0.5")), &HeaderMap::new(), &[]),
            Some(ip("10.0.0.5"))
        );
    }
}
