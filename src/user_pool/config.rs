//! The user pool configuration, checked once: pool id, region, endpoint.

use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::text::{split, split_once};

/// What a user pool client needs to know. Field names follow Amplify v6's `Cognito` config.
#[derive(Debug)]
pub struct UserPoolConfig {
    pub user_pool_id: String,
    pub user_pool_client_id: String,
    /// Only for app clients created with a secret (not recommended in a browser).
    pub client_secret: Option<Secret<String>>,
    /// Overrides the regional endpoint, e.g. a local test server. `http://` only for loopback.
    pub endpoint: Option<String>,
}

/// A configuration that passed [`UserPoolConfig::validate`].
#[derive(Debug)]
pub struct ValidConfig {
    pub user_pool_id: String,
    pub client_id: String,
    pub client_secret: Option<Secret<String>>,
    pub region: String,
    /// The part of the pool id after `_`: SRP's "pool name".
    pub pool_name: String,
    pub endpoint: String,
}

impl UserPoolConfig {
    pub fn validate(self) -> Result<ValidConfig> {
        let (region, pool_name) = split_pool_id(&self.user_pool_id)?;
        if self.user_pool_client_id.is_empty()
            || !self
                .user_pool_client_id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'_')
        {
            return Err(Error::invalid_argument(
                "userPoolClientId must be a non-empty app client id",
            ));
        }
        let endpoint = match self.endpoint {
            Some(e) => check_endpoint(&e)?,
            None => regional_endpoint("cognito-idp", &region),
        };
        Ok(ValidConfig {
            region,
            pool_name,
            endpoint,
            user_pool_id: self.user_pool_id,
            client_id: self.user_pool_client_id,
            client_secret: self.client_secret,
        })
    }
}

/// Splits `us-east-1_AbC123` into region and pool name.
pub fn split_pool_id(id: &str) -> Result<(String, String)> {
    let bad = || {
        Error::invalid_argument(
            [
                "userPoolId must look like <region>_<id>, e.g. us-east-1_AbC123; got \"",
                id,
                "\"",
            ]
            .concat(),
        )
    };
    let (region, name) = split_once(id, b'_').ok_or_else(bad)?;
    let region_ok = !region.is_empty()
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    let name_ok = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric());
    if region_ok && name_ok {
        Ok((region.to_owned(), name.to_owned()))
    } else {
        Err(bad())
    }
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
/// Messages never quote the URL: it may carry credentials.
pub fn check_endpoint(url: &str) -> Result<String> {
    let not_url = || Error::invalid_argument("endpoint must be an absolute http(s) URL");
    let (scheme, rest) = split_once(url, b':').ok_or_else(not_url)?;
    let rest = rest.strip_prefix("//").ok_or_else(not_url)?;
    // A browser's URL parser ends the authority at `\` as at `/`.
    let end = rest
        .bytes()
        .position(|b| matches!(b, b'/' | b'\\' | b'?' | b'#'))
        .unwrap_or(rest.len());
    let authority = rest.get(..end).unwrap_or("");
    let host = host_of(authority);
    if host.is_empty() {
        return Err(Error::invalid_argument("endpoint has no host"));
    }
    match scheme.to_ascii_lowercase().as_str() {
        "https" => {}
        "http" if is_loopback(host) => {}
        "http" => {
            return Err(Error::invalid_argument(
                "endpoint must use https (http only to a loopback host)",
            ))
        }
        _ => return Err(not_url()),
    }
    let mut out = url.to_owned();
    if !rest.bytes().any(|b| b == b'/') {
        out.push('/');
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
        && parts.iter().all(|p| {
            !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()) && {
                let n = p.bytes().fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
                n <= 255
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(id: &str, endpoint: Option<&str>) -> UserPoolConfig {
        UserPoolConfig {
            user_pool_id: id.into(),
            user_pool_client_id: "abc123".into(),
            client_secret: None,
            endpoint: endpoint.map(Into::into),
        }
    }

    #[test]
    fn endpoint_is_derived_from_the_pool_region() {
        let c = config("eu-west-2_AbC123", None).validate().unwrap();
        assert_eq!(c.endpoint, "https://cognito-idp.eu-west-2.amazonaws.com/");
        assert_eq!(c.region, "eu-west-2");
        assert_eq!(c.pool_name, "AbC123");
        let cn = config("cn-north-1_X1", None).validate().unwrap();
        assert_eq!(
            cn.endpoint,
            "https://cognito-idp.cn-north-1.amazonaws.com.cn/"
        );
    }

    #[test]
    fn malformed_pool_ids_are_refused() {
        for id in [
            "",
            "nounderscore",
            "_abc",
            "us-east-1_",
            "US-EAST-1_abc",
            "us-east-1_a/b",
        ] {
            let err = config(id, None).validate().unwrap_err();
            assert_eq!(err.name(), "InvalidArgumentError", "{id}");
        }
    }

    #[test]
    fn plain_http_is_refused_unless_loopback() {
        for ok in [
            "http://127.0.0.1:5000",
            "http://localhost:9229/",
            "http://[::1]:80/",
            "https://cognito.example.test/",
        ] {
            assert!(config("us-east-1_a", Some(ok)).validate().is_ok(), "{ok}");
        }
        for bad in [
            "http://10.0.0.1/",
            "http://127.0.0.1.evil.test/",
            "http://localhost.evil.test/",
            "ftp://127.0.0.1/",
            "http://evil.example\\@127.0.0.1/",
            "127.0.0.1:5000",
            "https://",
        ] {
            let err = config("us-east-1_a", Some(bad)).validate().unwrap_err();
            assert_eq!(err.name(), "InvalidArgumentError", "{bad}");
        }
    }

    #[test]
    fn endpoint_gets_a_trailing_slash() {
        let c = config("us-east-1_a", Some("http://127.0.0.1:5000"))
            .validate()
            .unwrap();
        assert_eq!(c.endpoint, "http://127.0.0.1:5000/");
    }
}
