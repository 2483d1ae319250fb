//! Header lookup: the one thing the decoder needs from a response's headers.

/// Case-insensitive lookup of a response header's first value.
///
/// Implemented for slices and vectors of name/value pairs (`&str` or `String`), for
/// arrays of `(&str, &str)` (so `&[]` needs no annotation), for [`NoHeaders`], and, with
/// the `http` feature, for [`http::HeaderMap`].
///
/// ```
/// use errtable::Headers;
/// let headers = [("Retry-After", "45"), ("X-Request-Id", "req_1")];
/// assert_eq!(headers.header("retry-after"), Some("45"));
/// assert_eq!(headers.header("Request-Id"), None);
/// ```
pub trait Headers {
    /// The first value of the header `name`, compared case-insensitively. A value that
    /// is not valid UTF-8 (obs-text from an old server) counts as absent.
    fn header(&self, name: &str) -> Option<&str>;
}

/// A response without headers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoHeaders;

impl Headers for NoHeaders {
    fn header(&self, _: &str) -> Option<&str> {
        None
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Headers for [(K, V)] {
    fn header(&self, name: &str) -> Option<&str> {
        self.iter().find(|(k, _)| k.as_ref().eq_ignore_ascii_case(name)).map(|(_, v)| v.as_ref())
    }
}

impl<const N: usize> Headers for [(&str, &str); N] {
    fn header(&self, name: &str) -> Option<&str> {
        self.as_slice().header(name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Headers for Vec<(K, V)> {
    fn header(&self, name: &str) -> Option<&str> {
        self.as_slice().header(name)
    }
}

impl<T: Headers + ?Sized> Headers for &T {
    fn header(&self, name: &str) -> Option<&str> {
        (**self).header(name)
    }
}

#[cfg(feature = "http")]
impl Headers for http::HeaderMap {
    fn header(&self, name: &str) -> Option<&str> {
        // HeaderMap lowercases names itself; a name it cannot hold is simply absent.
        // `HeaderValue::to_str` refuses every non-ASCII byte; UTF-8 text is a value too.
        self.get(name).and_then(|value| std::str::from_utf8(value.as_bytes()).ok())
    }
}

/// Lets generic entry points hand any `H: Headers + ?Sized` to the non-generic decoder.
pub(crate) struct HeadersRef<'a, H: ?Sized>(pub(crate) &'a H);

impl<H: Headers + ?Sized> Headers for HeadersRef<'_, H> {
    fn header(&self, name: &str) -> Option<&str> {
        self.0.header(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn looks_up_case_insensitively_and_takes_the_first() {
        let headers =
            vec![("request-id".to_string(), "a".to_string()), ("Request-ID".into(), "b".into())];
        assert_eq!(headers.header("REQUEST-ID"), Some("a"));
        assert_eq!(NoHeaders.header("x"), None);
    }

    #[cfg(feature = "http")]
    #[test]
    fn reads_http_header_maps() {
        let mut map = http::HeaderMap::new();
        map.insert("x-request-id", http::HeaderValue::from_static("req_1"));
        map.insert("x-bin", http::HeaderValue::from_bytes(b"\xff").unwrap());
        map.insert("x-text", http::HeaderValue::from_bytes("caf\u{e9}".as_bytes()).unwrap());
        assert_eq!(map.header("X-Request-Id"), Some("req_1"));
        assert_eq!(map.header("x-text"), Some("caf\u{e9}"));
        assert_eq!(map.header("x-bin"), None);
        assert_eq!(map.header("not a header name"), None);
    }
}
