//! The signed-in user's session: what is stored under which key, when tokens need a refresh, and
//! how a refresh, a revocation and a global sign-out are asked for and read.
//!
//! Pure like the rest of the core: stored values come in as strings and leave as key/value
//! writes, time comes from the caller (the injected clock), requests and replies are
//! [`HttpRequest`] / [`HttpResponse`] pairs. The facade runs the I/O.
//!
//! Storage is shared with amazon-cognito-identity-js and Amplify v6, so an app can switch SDKs
//! without signing anyone out:
//!
//! | key (`CognitoIdentityServiceProvider.<clientId>.` …) | value |
//! |---|---|
//! | `LastAuthUser` | the user's Cognito username (the access token's `username`) |
//! | `<username>.idToken`, `.accessToken`, `.refreshToken` | the tokens |
//! | `<username>.clockDrift` | device time − token `iat` at sign-in, in seconds (amazon-cognito-identity-js) |
//! | `<username>.signInDetails` | `{"loginId":…,"authFlowType":…}` (Amplify v6) |
//! | `<username>.deviceKey`, `.deviceGroupKey`, `.randomPasswordKey`, `.oauthMetadata` | reserved: removed on sign-out |

use crate::aws::read_reply;
use crate::error::{CognitoErrorKind, Error, Result};
use crate::json::{Body, StringMap};
use crate::platform::{HttpRequest, HttpResponse};
use crate::secret::Secret;
use crate::tokens::{claims_of_payload, payload_json, Claims, Tokens};
use crate::user_pool::{AuthFlow, UserPoolClient};

/// Refresh when a token has less than this left (device time corrected by the clock drift).
pub const EXPIRY_MARGIN_S: i64 = 60;

const PREFIX: &str = "CognitoIdentityServiceProvider.";

/// The per-user keys, in the order they are written; every one of them is removed on sign-out.
pub const USER_FIELDS: [&str; 9] = [
    "idToken",
    "accessToken",
    "refreshToken",
    "clockDrift",
    "signInDetails",
    "deviceKey",
    "deviceGroupKey",
    "randomPasswordKey",
    "oauthMetadata",
];

/// The storage keys of one app client.
#[derive(Debug, Clone)]
pub struct Keys {
    client_id: String,
}

impl Keys {
    pub fn new(client_id: &str) -> Self {
        Self {
            client_id: client_id.to_owned(),
        }
    }

    /// `CognitoIdentityServiceProvider.<clientId>.`: every key of the app client starts so.
    pub fn prefix(&self) -> String {
        [PREFIX, &self.client_id, "."].concat()
    }

    /// `CognitoIdentityServiceProvider.<clientId>.LastAuthUser`
    pub fn last_auth_user(&self) -> String {
        [PREFIX, &self.client_id, ".LastAuthUser"].concat()
    }

    /// `CognitoIdentityServiceProvider.<clientId>.<username>.<field>`
    pub fn user(&self, username: &str, field: &str) -> String {
        [PREFIX, &self.client_id, ".", username, ".", field].concat()
    }

    /// Every key of a user, for sign-out.
    pub fn all_of(&self, username: &str) -> Vec<String> {
        USER_FIELDS.iter().map(|f| self.user(username, f)).collect()
    }
}

/// A token with its payload and the claims the SDK reads, decoded once.
pub struct Jwt {
    token: Secret<String>,
    /// The payload as JSON text (an object), for whoever hands it on whole.
    payload: String,
    pub claims: Claims,
}

impl std::fmt::Debug for Jwt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Jwt")
    }
}

impl Jwt {
    pub fn decode(token: String) -> Result<Self> {
        let payload = payload_json(&token)?;
        let claims = claims_of_payload(&payload)?;
        Ok(Self {
            token: Secret::new(token),
            payload,
            claims,
        })
    }

    pub fn token(&self) -> &str {
        self.token.expose()
    }

    /// The payload as JSON text; checked to be an object when the token was decoded.
    pub fn payload(&self) -> &str {
        &self.payload
    }

    fn exp(&self) -> i64 {
        self.claims.exp.map_or(0, clamp)
    }

    fn iat(&self) -> i64 {
        self.claims.iat.map_or(0, clamp)
    }
}

fn clamp(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// How the current sign-in started (Amplify's `signInDetails`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInDetails {
    /// What the user typed as the username.
    pub login_id: String,
    pub flow: AuthFlow,
}

impl SignInDetails {
    /// `{"loginId":…,"authFlowType":…}`: how Amplify stores it and how JS sees it.
    pub fn to_json(&self) -> Body {
        Body::new()
            .str("loginId", &self.login_id)
            .str("authFlowType", self.flow.as_str())
    }
}

/// The session of a signed-in user.
#[derive(Debug)]
pub struct Session {
    /// Cognito's username for the user (the access token's `username`): the storage key's part.
    pub username: String,
    pub id_token: Jwt,
    pub access_token: Jwt,
    pub refresh_token: Option<Secret<String>>,
    /// Device time minus the service's time at sign-in, in seconds.
    pub clock_drift_s: i64,
    pub details: Option<SignInDetails>,
}

/// Why a stored session was not taken: nothing was stored, or what was stored is unusable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Restore {
    Empty,
    /// Truncated, tampered with, of another app client or another user: the keys should go.
    Corrupt,
}

impl Session {
    /// A session from freshly issued tokens; the clock drift is measured now, from the tokens'
    /// `iat` (amazon-cognito-identity-js's `calculateClockDrift`).
    pub fn new(
        client_id: &str,
        tokens: Tokens,
        now_ms: u64,
        details: Option<SignInDetails>,
    ) -> Result<Self> {
        let id = Jwt::decode(tokens.id_token.expose().clone())?;
        let access = Jwt::decode(tokens.access_token.expose().clone())?;
        let drift = now_s(now_ms) - id.iat().min(access.iat());
        Self::checked(client_id, id, access, tokens.refresh_token, drift, details)
    }

    /// The tokens belong together and to this app client: the ID token's `aud` and the access
    /// token's `client_id` are the client, both have the same `sub`, the access token names the
    /// user and is an access token. Catches values swapped or edited in storage.
    fn checked(
        client_id: &str,
        id: Jwt,
        access: Jwt,
        refresh_token: Option<Secret<String>>,
        clock_drift_s: i64,
        details: Option<SignInDetails>,
    ) -> Result<Self> {
        let (i, a) = (&id.claims, &access.claims);
        let fits = i.aud.as_deref() == Some(client_id)
            && a.client_id.as_deref() == Some(client_id)
            && i.sub.is_some()
            && i.sub == a.sub
            && i.token_use.as_deref() == Some("id")
            && a.token_use.as_deref() == Some("access")
            && i.exp.is_some()
            && a.exp.is_some();
        let Some(username) = a.username.clone().filter(|u| fits && !u.is_empty()) else {
            return Err(Error::malformed(
                "the tokens do not belong to this app client and user",
            ));
        };
        Ok(Self {
            username,
            id_token: id,
            access_token: access,
            refresh_token,
            clock_drift_s,
            details,
        })
    }

    /// Takes the tokens of a refresh: the refresh token stays unless the service rotated it,
    /// the drift is measured again. `self` is left as it was, so tokens that do not decode or
    /// are another user's cost nothing but this refresh.
    pub fn refreshed(&self, client_id: &str, tokens: Tokens, now_ms: u64) -> Result<Self> {
        let rotated = tokens.refresh_token.is_some();
        let mut next = Self::new(client_id, tokens, now_ms, self.details.clone())?;
        if next.username != self.username {
            return Err(Error::malformed(
                "the refresh returned another user's tokens",
            ));
        }
        if !rotated {
            next.refresh_token = self
                .refresh_token
                .as_ref()
                .map(|r| Secret::new(r.expose().clone()));
        }
        Ok(next)
    }

    /// Whether a token has `margin_s` seconds or less left, judged in the service's time
    /// (device time minus the drift).
    pub fn expires_within(&self, now_ms: u64, margin_s: i64) -> bool {
        let service_now = now_s(now_ms) - self.clock_drift_s;
        self.id_token.exp().min(self.access_token.exp()) - margin_s <= service_now
    }

    /// What to store, key by key (tokens, drift, sign-in details, `LastAuthUser`); a map of
    /// strings, so the copies of the tokens are wiped when it is dropped.
    pub fn entries(&self, keys: &Keys) -> StringMap {
        let u = &self.username;
        let mut out = StringMap::new();
        out.insert(keys.user(u, "idToken"), self.id_token.token().to_owned());
        out.insert(
            keys.user(u, "accessToken"),
            self.access_token.token().to_owned(),
        );
        out.insert(keys.user(u, "clockDrift"), write_drift(self.clock_drift_s));
        if let Some(r) = &self.refresh_token {
            out.insert(keys.user(u, "refreshToken"), r.expose().clone());
        }
        if let Some(d) = &self.details {
            out.insert(keys.user(u, "signInDetails"), d.to_json().build());
        }
        out.insert(keys.last_auth_user(), u.clone());
        out
    }

    /// Reads a stored session. `get` answers one key. The refresh token, drift and details are
    /// optional; everything present must be well formed.
    pub fn restore(
        client_id: &str,
        keys: &Keys,
        get: &dyn Fn(&str) -> Option<String>,
    ) -> std::result::Result<Self, Restore> {
        let Some(username) = get(&keys.last_auth_user()).filter(|u| !u.is_empty()) else {
            return Err(Restore::Empty);
        };
        let field = |f: &str| get(&keys.user(&username, f));
        let (Some(id), Some(access)) = (field("idToken"), field("accessToken")) else {
            return Err(Restore::Corrupt);
        };
        let jwt = |t: String| Jwt::decode(t).map_err(|_| Restore::Corrupt);
        let details = match field("signInDetails") {
            None => None,
            Some(text) => Some(read_details(&text).ok_or(Restore::Corrupt)?),
        };
        let drift = field("clockDrift").map_or(0, |d| read_drift(&d));
        let session = Self::checked(
            client_id,
            jwt(id)?,
            jwt(access)?,
            field("refreshToken")
                .filter(|r| !r.is_empty())
                .map(Secret::new),
            drift,
            details,
        )
        .map_err(|_| Restore::Corrupt)?;
        if session.username == username {
            Ok(session)
        } else {
            Err(Restore::Corrupt)
        }
    }
}

/// The hand-over between tabs. Tabs that share a session refresh it under one lock, one at a
/// time; the tab that refreshed leaves a record of the new session for the tab that takes the
/// lock next, marked with the session it replaced. The record must live in a store that is
/// current across tabs (IndexedDB: in Chromium, localStorage read right after the lock passes
/// often still shows the old tokens, and spending a rotated-out refresh token signs out).
impl Session {
    /// A digest of the access token, which every refresh replaces: which session this is.
    pub fn mark(&self) -> String {
        let digest = crate::sha256::sha256(&[self.access_token.token().as_bytes()]);
        crate::bignum::hex(digest.get(..16).unwrap_or_default())
    }

    /// The record this session leaves for the tabs that still hold the one marked `replaced`.
    pub fn handover(&self, keys: &Keys, replaced: &str) -> String {
        Body::new()
            .str("mark", replaced)
            .map("entries", &self.entries(keys))
            .build()
    }

    /// The session another tab left in `record` in place of the one marked `replaced` (this
    /// one, or the one it was when the refresh was asked for), if it did: a record of another
    /// session, of another user, or unreadable is none.
    pub fn handed_over(
        &self,
        client_id: &str,
        keys: &Keys,
        record: &str,
        replaced: &str,
    ) -> Option<Session> {
        let o = crate::json::parse_object(record).ok()?;
        if o.str("mark").ok()?? != replaced {
            return None;
        }
        let entries = o.map("entries").ok()??;
        let next = Self::restore(client_id, keys, &|k| entries.get(k).map(str::to_owned)).ok()?;
        (next.username == self.username).then_some(next)
    }
}

fn now_s(now_ms: u64) -> i64 {
    clamp(now_ms / 1000)
}

fn signed(n: i64) -> String {
    let digits = crate::json::decimal(n.unsigned_abs());
    if n < 0 {
        ["-", &digits].concat()
    } else {
        digits
    }
}

/// A clock drift to store, in the form [`read_drift`] reads back as it is: under 1000 seconds
/// either way, seconds as amazon-cognito-identity-js writes them (Amplify v6 reads them as
/// milliseconds: under a second wrong); from 1000 seconds on, milliseconds with the opposite sign
/// as Amplify v6 writes them (which amazon-cognito-identity-js misreads: only a device clock 17
/// minutes or more off is affected, and Amplify reads it right).
pub fn write_drift(drift_s: i64) -> String {
    if drift_s.unsigned_abs() < 1000 {
        signed(drift_s)
    } else {
        signed(drift_s.saturating_mul(-1000))
    }
}

/// A stored clock drift. amazon-cognito-identity-js writes seconds (device − service); Amplify v6
/// writes milliseconds with the opposite sign under the same key. A magnitude of 1000 or more is
/// read as Amplify's (a drift of over 16 minutes in seconds is rarer than one of a second in
/// milliseconds); [`write_drift`] writes so that ours always reads back right. A foreign value
/// read wrong never signs anyone out: tokens look older (one refresh after a page load) or
/// fresher (a refused call, then a refresh). Anything unreadable is 0.
pub fn read_drift(text: &str) -> i64 {
    let text = text.trim_ascii();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, text),
    };
    // Up to 15 digits: far beyond any drift, and within an i64.
    let n = match crate::text::digits(digits).filter(|_| digits.len() <= 15) {
        Some(n) => i64::try_from(n).unwrap_or(0),
        None => return 0,
    };
    let n = if negative { -n } else { n };
    if n.abs() >= 1000 {
        -n / 1000
    } else {
        n
    }
}

fn read_details(text: &str) -> Option<SignInDetails> {
    let o = crate::json::parse_object(text).ok()?;
    let flow = o
        .str("authFlowType")
        .ok()?
        .and_then(AuthFlow::from_name)
        .unwrap_or_default();
    Some(SignInDetails {
        login_id: o.string("loginId").ok()??,
        flow,
    })
}

/// How the service is asked for new tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshWith {
    /// `GetTokensFromRefreshToken`: the operation that supports refresh-token rotation.
    GetTokens,
    /// `InitiateAuth` `REFRESH_TOKEN_AUTH`, for services that refuse the former.
    InitiateAuth,
}

/// What a failed refresh means for the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Network, timeout, 5xx, throttling, a garbled reply: keep the session, retry later.
    Transient,
    /// The service refused the refresh token (revoked, expired, user gone): sign out.
    Refused,
    /// The service does not offer `GetTokensFromRefreshToken`: use `REFRESH_TOKEN_AUTH`.
    Unsupported,
    /// The refresh token was rotated away (`RefreshTokenReuseException`): most often another tab
    /// refreshed first and is about to store the new tokens; look there before giving up.
    Reused,
}

/// Sorts a refresh error into what it means for the session.
pub fn classify(error: &Error) -> Failure {
    use CognitoErrorKind as K;
    let Error::Service(e) = error else {
        return Failure::Transient;
    };
    match &e.kind {
        K::TooManyRequestsException | K::LimitExceededException | K::InternalErrorException => {
            Failure::Transient
        }
        K::Other(name) if name == "UnknownOperationException" => Failure::Unsupported,
        K::Other(name) if name == "RefreshTokenReuseException" => Failure::Reused,
        K::InvalidParameterException
        | K::UnsupportedOperationException
        | K::UnsupportedTokenTypeException => Failure::Unsupported,
        _ if e.status >= 500 => Failure::Transient,
        _ => Failure::Refused,
    }
}

/// The wait before retry `attempt` (0-based) of a failed refresh: exponential from 500 ms, capped
/// at 30 s, with full jitter (`random` in 0..=1, from the injected random source).
pub fn backoff_ms(attempt: u32, random: f64) -> u64 {
    let ceiling = 500u64.saturating_mul(1 << attempt.min(16)).min(30_000);
    (ceiling as f64 * random.clamp(0.0, 1.0)) as u64
}

impl<T> UserPoolClient<T> {
    /// Asks for new tokens with the session's refresh token.
    pub fn refresh_request(&self, session: &Session, with: RefreshWith) -> Result<HttpRequest> {
        let token = session
            .refresh_token
            .as_ref()
            .ok_or(Error::NotSignedIn)?
            .expose();
        let config = self.config();
        Ok(match with {
            RefreshWith::GetTokens => self.request(
                "GetTokensFromRefreshToken",
                Body::new()
                    .str("RefreshToken", token)
                    .str("ClientId", &config.client_id)
                    .opt_str(
                        "ClientSecret",
                        config.client_secret.as_ref().map(|s| s.expose().as_str()),
                    ),
            ),
            RefreshWith::InitiateAuth => {
                let mut auth = StringMap::new();
                auth.insert("REFRESH_TOKEN".into(), token.clone());
                if let Some(hash) = self.secret_hash(&session.username) {
                    auth.insert("SECRET_HASH".into(), hash);
                }
                self.request(
                    "InitiateAuth",
                    Body::new()
                        .str("AuthFlow", "REFRESH_TOKEN_AUTH")
                        .str("ClientId", &config.client_id)
                        .map("AuthParameters", &auth),
                )
            }
        })
    }

    /// Reads the new tokens (the refresh token only when the service rotated it).
    pub fn refresh_reply(&self, with: RefreshWith, reply: Result<HttpResponse>) -> Result<Tokens> {
        let op = match with {
            RefreshWith::GetTokens => "GetTokensFromRefreshToken",
            RefreshWith::InitiateAuth => "InitiateAuth",
        };
        let o = read_reply(op, reply)?;
        let result = o
            .object("AuthenticationResult")
            .ok()
            .flatten()
            .and_then(|r| crate::user_pool::wire::AuthenticationResult::read(&r).ok());
        let Some(r) = result else {
            return Err(Error::malformed(
                [op, " reply has no AuthenticationResult"].concat(),
            ));
        };
        let (Some(id), Some(access)) = (r.id_token, r.access_token) else {
            return Err(Error::malformed(
                "AuthenticationResult without IdToken or AccessToken",
            ));
        };
        Ok(Tokens {
            id_token: id,
            access_token: access,
            refresh_token: r.refresh_token,
            expires_in: r.expires_in,
        })
    }

    /// `RevokeToken`: the refresh token and every token issued from it stop working.
    pub fn revoke_request(&self, refresh_token: &str) -> HttpRequest {
        let config = self.config();
        self.request(
            "RevokeToken",
            Body::new()
                .str("Token", refresh_token)
                .str("ClientId", &config.client_id)
                .opt_str(
                    "ClientSecret",
                    config.client_secret.as_ref().map(|s| s.expose().as_str()),
                ),
        )
    }

    /// `GlobalSignOut`: every refresh token of the user stops working.
    pub fn global_sign_out_request(&self, session: &Session) -> HttpRequest {
        self.request(
            "GlobalSignOut",
            Body::new().str("AccessToken", session.access_token.token()),
        )
    }

    /// Reads the reply of `RevokeToken` or `GlobalSignOut`.
    pub fn sign_out_reply(&self, operation: &str, reply: Result<HttpResponse>) -> Result<()> {
        read_reply(operation, reply).map(drop)
    }
}

#[cfg(test)]
mod tests;
