//! The tokens a sign-in yields, and reading their claims.
//!
//! Claims are read without checking the signature: the tokens come straight from the service over
//! TLS, and the SDK uses the claims only for display, the user's name and expiry. Servers must
//! verify tokens.

use crate::base64;
use crate::error::{Error, Result};
use crate::json;
use crate::secret::Secret;

/// The tokens of a signed-in user.
#[derive(Debug)]
pub struct Tokens {
    pub id_token: Secret<String>,
    pub access_token: Secret<String>,
    /// Absent after a refresh that did not rotate it.
    pub refresh_token: Option<Secret<String>>,
    pub expires_in: Option<u64>,
}

/// The claims the SDK itself reads. The facade hands JS the whole payload.
#[derive(Debug, PartialEq, Eq)]
pub struct Claims {
    pub sub: Option<String>,
    pub exp: Option<u64>,
    pub iat: Option<u64>,
    pub token_use: Option<String>,
    /// Access tokens.
    pub username: Option<String>,
    /// ID tokens.
    pub cognito_username: Option<String>,
    /// ID tokens: the app client.
    pub aud: Option<String>,
    /// Access tokens: the app client.
    pub client_id: Option<String>,
}

/// One message for every way a token can be malformed: it never quotes the token.
pub fn not_a_jwt() -> Error {
    Error::malformed("token is not a JWT with a base64url JSON object as its payload")
}

/// The payload of a JWT as JSON text, unverified. Fails on anything that is not three
/// dot-separated parts with a base64url UTF-8 payload.
pub fn payload_json(jwt: &str) -> Result<String> {
    let [header, payload, _signature] = crate::text::split(jwt, b'.')[..] else {
        return Err(not_a_jwt());
    };
    if header.is_empty() || payload.is_empty() {
        return Err(not_a_jwt());
    }
    // RFC 7515 says unpadded; padding is accepted too.
    let bytes = base64::decode(payload, base64::Alphabet::UrlSafe).ok_or_else(not_a_jwt)?;
    String::from_utf8(bytes).map_err(|_| not_a_jwt())
}

/// The claims the SDK reads, unverified.
pub fn claims(jwt: &str) -> Result<Claims> {
    claims_of_payload(&payload_json(jwt)?)
}

/// The claims the SDK reads from a payload already decoded by [`payload_json`].
pub fn claims_of_payload(payload: &str) -> Result<Claims> {
    let read = |text: &str| -> Result<Claims, json::Invalid> {
        let o = json::parse_object(text)?;
        Ok(Claims {
            sub: o.string("sub")?,
            exp: o.u64("exp")?,
            iat: o.u64("iat")?,
            token_use: o.string("token_use")?,
            username: o.string("username")?,
            cognito_username: o.string("cognito:username")?,
            // RFC 7519 allows an array for `aud`; Cognito writes a string. Anything else: absent.
            aud: o.string("aud").ok().flatten(),
            client_id: o.string("client_id").ok().flatten(),
        })
    };
    read(payload).map_err(|_| not_a_jwt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_of_a_wellformed_token() {
        // {"alg":"none"} . {"sub":"abc","token_use":"id","exp":1700000000} . (empty signature)
        let jwt =
            "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhYmMiLCJ0b2tlbl91c2UiOiJpZCIsImV4cCI6MTcwMDAwMDAwMH0.";
        let c = claims(jwt).unwrap();
        assert_eq!(c.sub.as_deref(), Some("abc"));
        assert_eq!(c.token_use.as_deref(), Some("id"));
        assert_eq!(c.exp, Some(1_700_000_000));
        assert!(payload_json(jwt).unwrap().contains("\"exp\":1700000000"));
    }

    #[test]
    fn garbage_is_a_malformed_response_not_a_panic() {
        for bad in [
            "",
            "a.b",
            "a.b.c.d",
            "!!!.###.$$$",
            ".eyJzdWIiOiJhIn0.",
            "eyJhbGciOiJub25lIn0.bm90IGpzb24.",
            "eyJhbGciOiJub25lIn0.WzFd.",
            "eyJhbGciOiJub25lIn0._w.",
        ] {
            let err = claims(bad).unwrap_err();
            assert_eq!(err.name(), "MalformedResponseError", "{bad}");
        }
    }
}
