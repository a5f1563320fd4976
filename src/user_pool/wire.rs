//! Reply bodies of the user pool JSON protocol (`application/x-amz-json-1.1`), field names as in
//! the Amazon Cognito user pools API reference. Requests are built with [`crate::json::Body`].

use crate::json::{Invalid, Object};

/// A map of strings in insertion order (`AuthParameters`, `ChallengeParameters`, attributes, …).
/// A vector of pairs: these maps hold a handful of entries, and a `BTreeMap` cost kilobytes of wasm.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct StringMap(Vec<(String, String)>);

impl StringMap {
    pub fn new() -> Self {
        Self(Vec::new())
    }

    /// Sets `key`, replacing an earlier value.
    pub fn insert(&mut self, key: String, value: String) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => *v = value,
            None => self.0.push((key, value)),
        }
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &String)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Values may be attributes, codes or whatever a Lambda trigger sends: only the keys are printed.
impl std::fmt::Debug for StringMap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|(k, _)| k))
            .finish()
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for StringMap {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut map = Self::new();
        for (k, v) in iter {
            map.insert(k.into(), v.into());
        }
        map
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CodeDeliveryDetails {
    pub destination: Option<String>,
    pub delivery_medium: Option<String>,
    pub attribute_name: Option<String>,
}

impl CodeDeliveryDetails {
    /// `CodeDeliveryDetails` of a reply, if present.
    pub fn read(reply: &Object<'_>) -> Result<Option<Self>, Invalid> {
        let Some(d) = reply.object("CodeDeliveryDetails")? else {
            return Ok(None);
        };
        Ok(Some(Self {
            destination: d.string("Destination")?,
            delivery_medium: d.string("DeliveryMedium")?,
            attribute_name: d.string("AttributeName")?,
        }))
    }
}

/// The reply of `InitiateAuth` and `RespondToAuthChallenge`.
pub struct AuthResponse {
    pub challenge_name: Option<String>,
    pub session: Option<String>,
    pub challenge_parameters: Option<StringMap>,
    pub authentication_result: Option<AuthenticationResult>,
}

pub struct AuthenticationResult {
    pub access_token: Option<String>,
    pub id_token: Option<String>,
    pub refresh_token: Option<String>,
    pub expires_in: Option<u64>,
}

impl AuthResponse {
    pub fn read(reply: &Object<'_>) -> Result<Self, Invalid> {
        Ok(Self {
            challenge_name: reply.string("ChallengeName")?,
            session: reply.string("Session")?,
            challenge_parameters: reply.map("ChallengeParameters")?,
            authentication_result: reply
                .object("AuthenticationResult")?
                .map(|r| AuthenticationResult::read(&r))
                .transpose()?,
        })
    }
}

impl AuthenticationResult {
    pub fn read(result: &Object<'_>) -> Result<Self, Invalid> {
        Ok(Self {
            access_token: result.string("AccessToken")?,
            id_token: result.string("IdToken")?,
            refresh_token: result.string("RefreshToken")?,
            expires_in: result.u64("ExpiresIn")?,
        })
    }
}
