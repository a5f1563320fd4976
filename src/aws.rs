//! What every call to an AWS service shares: where it goes (regional endpoints, checked
//! overrides), the AWS JSON 1.1 protocol of the user pool and identity pool APIs, and how a
//! failed reply becomes [`Error::Service`].
//!
//! JSON 1.1: `POST /` with `Content-Type: application/x-amz-json-1.1` and
//! `X-Amz-Target: <service>.<operation>`; a failed reply is named by the `x-amzn-errortype`
//! header, else by the body's `__type` (or `code`), as smithy-rs `json_errors.rs` reads it.
//! STS answers in XML instead; [`service_error`] serves both.

use crate::error::{sanitize_error_name, CognitoErrorKind, Error, Result, ServiceError};
use crate::json::{self, Body, Object};
use crate::platform::{HttpRequest, HttpResponse};
use crate::text::{split, split_once};

pub const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// One call of the JSON protocol: `POST <endpoint>` with `X-Amz-Target: <prefix><operation>`
/// (`prefix` ends with its dot, e.g. `AWSCognitoIdentityService.`).
pub fn request(
    endpoint: &str,
    prefix: &str,
    operation: &str,
    body: Body,
    timeout_ms: u64,
) -> HttpRequest {
    HttpRequest {
        method: "POST",
        url: endpoint.to_owned(),
        headers: vec![
            ("Content-Type".into(), CONTENT_TYPE.into()),
            ("X-Amz-Target".into(), [prefix, operation].concat()),
        ],
        body: body.build(),
        timeout_ms,
    }
}

/// Turns an HTTP reply into the operation's JSON object, or a service error.
pub fn read_reply(operation: &str, reply: Result<HttpResponse>) -> Result<Object<'static>> {
    let response = reply?;
    if !(200..300).contains(&response.status) {
        let body = json::parse_object(&response.body).ok();
        let field = |key: &str| body.as_ref().and_then(|b| b.str(key).ok().flatten());
        return Err(service_error(
            operation,
            &response,
            field("__type").or_else(|| field("code")),
            field("message").or_else(|| field("Message")),
            None,
        ));
    }
    json::parse_object(&response.body).map_err(|_| misfit(operation))
}

/// The error of a failed reply. The `x-amzn-errortype` header names it if present, else `name`
/// as read from the body; the `x-amzn-requestid` header wins over `request_id` likewise.
/// Without any name the reply is malformed (a proxy's HTML page, say).
pub fn service_error(
    operation: &str,
    response: &HttpResponse,
    name: Option<&str>,
    message: Option<&str>,
    request_id: Option<&str>,
) -> Error {
    fn sanitized(n: &str) -> Option<&str> {
        Some(sanitize_error_name(n)).filter(|n| !n.is_empty())
    }
    let name = response
        .header("x-amzn-errortype")
        .and_then(sanitized)
        .or_else(|| name.and_then(sanitized));
    let status = json::decimal(u64::from(response.status));
    let Some(name) = name else {
        return Error::malformed(
            [
                operation,
                " failed with HTTP ",
                &status,
                " and no error type",
            ]
            .concat(),
        );
    };
    let kind = CognitoErrorKind::from_name(name);
    let message = message
        .map(str::to_owned)
        .unwrap_or_else(|| [kind.as_str(), " (HTTP ", &status, ")"].concat());
    Error::Service(Box::new(ServiceError {
        kind,
        message,
        request_id: response
            .header("x-amzn-requestid")
            .or(request_id)
            .map(str::to_owned),
        status: response.status,
    }))
}

/// A 2xx reply whose body is not what the operation answers.
pub(crate) fn misfit(operation: &str) -> Error {
    Error::malformed([operation, " reply does not fit its schema"].concat())
}

pub(crate) fn require(name: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        Err(Error::invalid_argument([name, " is required"].concat()))
    } else {
        Ok(())
    }
}

/// An AWS region's shape: lower-case letters, digits and dashes (`us-east-1`, `cn-north-1`).
pub(crate) fn is_region(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// `https://<service>.<region>.amazonaws.com/` (`.com.cn` in the China regions).
pub fn regional_endpoint(service: &str, region: &str) -> String {
    let suffix = if region.as_bytes().starts_with(b"cn-") {
        "amazonaws.com.cn/"
    } else {
        "amazonaws.com/"
    };
    ["https://", service, ".", region, ".", suffix].concat()
}

/// Accepts `https://…`, and `http://…` only when the host is loopback; normalizes to a trailing `/`.
/// `name` is the option's name in messages (`endpoint`, `identityEndpoint`); they never quote
/// the URL: it may carry credentials.
pub fn check_endpoint(name: &str, url: &str) -> Result<String> {
    checked_endpoint(url).map_err(|why| Error::invalid_argument([name, why].concat()))
}

fn checked_endpoint(url: &str) -> Result<String, &'static str> {
    const NOT_URL: &str = " must be an absolute http(s) URL";
    let (scheme, rest) = split_once(url, b':').ok_or(NOT_URL)?;
    let rest = rest.strip_prefix("//").ok_or(NOT_URL)?;
    // A browser's URL parser ends the authority at `\` as at `/`.
    let end = rest
        .bytes()
        .position(|b| matches!(b, b'/' | b'\\' | b'?' | b'#'))
        .unwrap_or(rest.len());
    let host = host_of(rest.get(..end).unwrap_or(""));
    if host.is_empty() {
        return Err(" has no host");
    }
    match scheme.to_ascii_lowercase().as_str() {
        "https" => {}
        "http" if is_loopback(host) => {}
        "http" => return Err(" must use https (http only to a loopback host)"),
        _ => return Err(NOT_URL),
    }
    // A path of at least `/`, before any query or fragment (`https://h?q` is `https://h/?q`).
    let at = url.len() - rest.len() + end;
    let path = rest.get(end..).unwrap_or("");
    let mut out = url.to_owned();
    if !matches!(path.as_bytes().first(), Some(b'/' | b'\\')) {
        out.insert(at, '/');
    }
    Ok(out)
}

/// The host of `user:pass@host:port` (`[…]` for IPv6), without the brackets.
fn host_of(authority: &str) -> &str {
    let start = authority
        .bytes()
        .rposition(|b| b == b'@')
        .map_or(0, |p| p + 1);
    let authority = authority.get(start..).unwrap_or("");
    let (authority, stop) = match authority.strip_prefix('[') {
        Some(v6) => (v6, b']'),
        None => (authority, b':'),
    };
    let end = authority
        .bytes()
        .position(|b| b == stop)
        .unwrap_or(authority.len());
    authority.get(..end).unwrap_or("")
}

pub(crate) fn is_loopback(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") || host == "::1" {
        return true;
    }
    // 127.a.b.c, each part 0 to 255 without a sign.
    let parts = split(host, b'.');
    parts.len() == 4
        && parts.first() == Some(&"127")
        && parts
            .iter()
            .all(|p| p.len() <= 3 && crate::text::digits(p).is_some_and(|n| n <= 255))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::platform::tests::reply;

    #[test]
    fn requests_carry_the_target_and_content_type() {
        let r = request(
            "https://x.test/",
            "Svc.",
            "Op",
            Body::new().str("A", "b"),
            7,
        );
        assert_eq!(r.method, "POST");
        assert_eq!(r.url, "https://x.test/");
        assert_eq!(
            r.headers,
            vec![
                ("Content-Type".into(), CONTENT_TYPE.into()),
                ("X-Amz-Target".into(), "Svc.Op".into()),
            ]
        );
        assert_eq!(r.body, r#"{"A":"b"}"#);
        assert_eq!(r.timeout_ms, 7);
    }

    #[test]
    fn error_type_header_wins_over_the_body() {
        let r = reply(
            400,
            &[
                ("x-amzn-errortype", "UserNotFoundException:http://internal/"),
                ("x-amzn-requestid", "req-1"),
            ],
            r#"{"__type":"NotAuthorizedException","message":"m"}"#,
        );
        let err = read_reply("Op", r).unwrap_err();
        assert_eq!(err.name(), "UserNotFoundException");
        assert_eq!(err.message(), "m");
        assert_eq!(err.request_id(), Some("req-1"));
    }

    #[test]
    fn error_type_comes_from_the_body_with_namespace_stripped() {
        let r = reply(
            400,
            &[],
            r#"{"__type":"com.amazonaws.cognito#CodeMismatchException","Message":"bad code"}"#,
        );
        let err = read_reply("Op", r).unwrap_err();
        assert_eq!(err.kind(), Some(&CognitoErrorKind::CodeMismatchException));
        assert_eq!(err.message(), "bad code");
    }

    #[test]
    fn error_without_a_type_is_malformed() {
        let r = reply(502, &[], "<html>bad gateway</html>");
        let err = read_reply("Op", r).unwrap_err();
        assert_eq!(err.name(), "MalformedResponseError");
        assert_eq!(
            err.message(),
            "malformed reply from the service: Op failed with HTTP 502 and no error type"
        );
    }

    #[test]
    fn an_error_without_a_message_is_named_with_its_status() {
        let err = read_reply(
            "Op",
            reply(429, &[], r#"{"__type":"TooManyRequestsException"}"#),
        )
        .unwrap_err();
        assert_eq!(err.message(), "TooManyRequestsException (HTTP 429)");
    }

    #[test]
    fn endpoints_get_a_path_before_their_query() {
        for (url, checked) in [
            ("https://h", "https://h/"),
            ("https://h?q", "https://h/?q"),
            ("https://h#f", "https://h/#f"),
            ("https://h:8443?q=/x", "https://h:8443/?q=/x"),
            ("https://h/p?q", "https://h/p?q"),
            ("http://127.0.0.1:5000", "http://127.0.0.1:5000/"),
        ] {
            assert_eq!(check_endpoint("endpoint", url).unwrap(), checked, "{url}");
        }
    }

    #[test]
    fn endpoint_messages_never_quote_the_url() {
        for url in [
            "http://user:pa55word@10.0.0.1/",
            "ftp://user:pa55word@h/",
            "http://user:pa55word@evil.example\\@127.0.0.1/",
        ] {
            let err = check_endpoint("endpoint", url).unwrap_err();
            assert!(!err.message().contains("pa55word"), "{url}");
        }
    }

    #[test]
    fn endpoint_messages_name_the_option() {
        let err = check_endpoint("identityEndpoint", "http://10.0.0.1/").unwrap_err();
        assert_eq!(
            err.message(),
            "identityEndpoint must use https (http only to a loopback host)"
        );
        assert_eq!(
            check_endpoint("endpoint", "https://")
                .unwrap_err()
                .message(),
            "endpoint has no host"
        );
    }
}
