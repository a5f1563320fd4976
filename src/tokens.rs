//! The tokens a sign-in yields, and reading their claims.
//!
//! Claims are read without checking the signature: the tokens come straight from the service over
//! TLS, and the SDK uses the claims only for display and expiry. Servers must verify tokens.

use jwt_compact::UntrustedToken;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
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

/// The payload of a JWT, unverified. Fails on anything that is not a three-part JWT with a JSON
/// object payload.
pub fn claims(jwt: &str) -> Result<Map<String, Value>> {
    let token = UntrustedToken::new(jwt)
        .map_err(|e| Error::malformed(format!("token is not a JWT: {e}")))?;
    let claims = token
        .deserialize_claims_unchecked::<Map<String, Value>>()
        .map_err(|e| Error::malformed(format!("token claims are not JSON: {e}")))?;
    Ok(claims.custom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_of_a_wellformed_token() {
        // {"alg":"none"} . {"sub":"abc","token_use":"id"} . (empty signature)
        let jwt = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhYmMiLCJ0b2tlbl91c2UiOiJpZCJ9.";
        let c = claims(jwt).unwrap();
        assert_eq!(c.get("sub").and_then(Value::as_str), Some("abc"));
    }

    #[test]
    fn garbage_is_a_malformed_response_not_a_panic() {
        for bad in [
            "",
            "a.b",
            "a.b.c.d",
            "!!!.###.$$$",
            "eyJhbGciOiJub25lIn0.bm90IGpzb24.",
        ] {
            let err = claims(bad).unwrap_err();
            assert_eq!(err.name(), "MalformedResponseError", "{bad}");
        }
    }
}
