//! Identity pools (Cognito federated identities): AWS credentials for guests and signed-in users.
//!
//! Pure like the rest of the core: `xxx_request()` builds an [`HttpRequest`], `xxx_reply()` reads
//! the [`HttpResponse`]; the facade sends, stores and reads the clock.
//!
//! - enhanced flow (Amplify v6's): `GetId` {`IdentityPoolId`, `Logins`?} → `IdentityId`, then
//!   `GetCredentialsForIdentity` {`IdentityId`, `Logins`?, `CustomRoleArn`?} → `Credentials`;
//! - basic (classic) flow: `GetId`, then `GetOpenIdToken` {`IdentityId`, `Logins`?} → `Token`,
//!   then STS `AssumeRoleWithWebIdentity` (`RoleArn`, `RoleSessionName`, `WebIdentityToken`) →
//!   `Credentials`, in XML.
//!
//! The identity pool calls are AWS JSON 1.1 ([`crate::aws`]) with `X-Amz-Target:
//! AWSCognitoIdentityService.<operation>`, unsigned. `Logins` maps a provider to its token: a
//! user pool's ID token under `cognito-idp.<region>.amazonaws.com/<userPoolId>`
//! ([`user_pool_login`]), or `accounts.google.com`, `graph.facebook.com`, `www.amazon.com`,
//! `appleid.apple.com`, an OIDC issuer, a SAML provider ARN, `cognito-identity.amazonaws.com`
//! (developer-authenticated OpenID tokens). A guest sends no `Logins`.
//!
//! ## The identity id in storage
//!
//! Amplify v6 (`DefaultIdentityIdStore`, `cognitoIdentityIdProvider`) writes only a *guest*
//! identity id to storage, raw, under `com.amplify.Cognito.<identityPoolId>.identityId`. A
//! signed-in user's ("primary") identity id lives in memory only, and storing one removes the
//! stored guest id; sign-out removes it too, so the next guest gets a new identity. Its current
//! provider hands a stored guest id to `GetCredentialsForIdentity` with the user's `Logins`
//! right after sign-in, and Cognito then links or merges that guest identity into the user's.
//!
//! This core uses the same key for the same thing, so an app that moves between the SDKs keeps
//! its guest identity: [`IdentityConfig::identity_id_key`], and [`read_identity_id`], which takes
//! only what looks like an identity id (anything else is none, and the key should go). The facade removes the key when a user signs
//! in and when one signs out, as Amplify does. A signed-in user's identity id always comes from
//! `GetId` with the user's `Logins` and is kept in memory: a guest identity is never merged into
//! a user's by accident. When `GetCredentialsForIdentity` refuses a stored guest id
//! ([`stale_identity_id`]), the facade forgets it and asks `GetId` for a new one, once.
//!
//! ## Cached credentials
//!
//! Amplify v6 keeps credentials in memory for 50 minutes after they came, whatever their
//! `Expiration`, apart for guests and users, and drops them when the ID token changes (so each
//! token refresh fetches new ones). [`CachedCredentials::usable`] instead reuses them while they
//! belong to the same [`Owner`] (identity id and user) and have more than [`REFRESH_MARGIN_S`]
//! left, or more than half their lifetime for short-lived ones: a refreshed ID token of the same
//! user keeps them, another user or a guest never gets them.

use crate::aws::{self, is_region, misfit, read_reply, regional_endpoint, require, service_error};
use crate::error::{CognitoErrorKind, Error, Result};
use crate::json::{self, Body, Json, Object};
use crate::platform::{HttpRequest, HttpResponse};
use crate::secret::Secret;
use crate::text::{split, split_once};
use crate::user_pool::split_pool_id;

const TARGET_PREFIX: &str = "AWSCognitoIdentityService.";

/// Credentials with this little left (in seconds) are fetched again: five minutes, the AWS SDK
/// for JavaScript v3's margin (`EXPIRATION_MS = 300_000` in @smithy/core's
/// `memoizeIdentityProvider`). A request signed with them must reach AWS before they expire,
/// after a slow upload or from a device whose clock is a few minutes off.
pub const REFRESH_MARGIN_S: u64 = 300;

/// 9999-12-31T23:59:59Z: an `Expiration` beyond it is not seconds (milliseconds, say).
const MAX_EPOCH_S: u64 = 253_402_300_799;

/// An identity pool, checked once. Options as in Amplify v6's `Cognito` config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityConfig {
    /// `<region>:<uuid>`.
    pub identity_pool_id: String,
    /// The part of the pool id before `:`.
    pub region: String,
    /// Whether credentials are handed out with no user signed in (`allowGuestAccess`).
    pub allow_guest_access: bool,
    /// `https://cognito-identity.<region>.amazonaws.com/` unless overridden (`identityEndpoint`).
    pub endpoint: String,
    /// `https://sts.<region>.amazonaws.com/` unless overridden: the basic flow's STS call.
    pub sts_endpoint: String,
}

impl IdentityConfig {
    /// Checks `identityPoolId`, and `identityEndpoint` if given (`https`, or `http` to loopback).
    pub fn new(
        identity_pool_id: &str,
        allow_guest_access: bool,
        identity_endpoint: Option<&str>,
    ) -> Result<Self> {
        let region = pool_region(identity_pool_id).ok_or_else(|| {
            Error::invalid_argument(
                [
                    "identityPoolId must look like <region>:<uuid>, e.g. \
                     us-east-1:0c9a1b2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d; got \"",
                    identity_pool_id,
                    "\"",
                ]
                .concat(),
            )
        })?;
        let endpoint = match identity_endpoint {
            Some(url) => aws::check_endpoint("identityEndpoint", url)?,
            None => regional_endpoint("cognito-identity", region),
        };
        Ok(Self {
            identity_pool_id: identity_pool_id.to_owned(),
            region: region.to_owned(),
            allow_guest_access,
            endpoint,
            sts_endpoint: regional_endpoint("sts", region),
        })
    }

    /// Sends the basic flow's `AssumeRoleWithWebIdentity` to `url` instead (`stsEndpoint`).
    pub fn with_sts_endpoint(mut self, url: &str) -> Result<Self> {
        self.sts_endpoint = aws::check_endpoint("stsEndpoint", url)?;
        Ok(self)
    }

    /// `com.amplify.Cognito.<identityPoolId>.identityId`: where the guest identity id is kept.
    pub fn identity_id_key(&self) -> String {
        [
            "com.amplify.Cognito.",
            &self.identity_pool_id,
            ".identityId",
        ]
        .concat()
    }
}

/// The identity id stored under [`IdentityConfig::identity_id_key`], if it looks like one:
/// `<region>:` then lower-case hex digits and dashes, 55 characters at most. The region is not
/// held to the pool's: the key names the pool already, and local emulators answer unsigned
/// calls from their default region.
pub fn read_identity_id(stored: &str) -> Option<String> {
    let (region, id) = split_once(stored, b':')?;
    (is_region(region) && !id.is_empty() && stored.len() <= 55 && id.bytes().all(hex))
        .then(|| stored.to_owned())
}

/// A lower-case hex digit or a dash, as in a UUID.
fn hex(b: u8) -> bool {
    b.is_ascii_digit() || (b'a'..=b'f').contains(&b) || b == b'-'
}

/// The region of `<region>:<uuid>` (the UUID in lower-case 8-4-4-4-12 hex).
fn pool_region(id: &str) -> Option<&str> {
    let (region, uuid) = split_once(id, b':')?;
    let groups = split(uuid, b'-');
    let uuid_ok = groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(hex));
    (uuid_ok && is_region(region) && id.len() <= 55).then_some(region)
}

/// The `Logins` entry of a user pool's ID token: the pool's issuer without its scheme,
/// `cognito-idp.<region>.amazonaws.com/<userPoolId>` (as Amplify's `formLoginsMap` derives it
/// from the token's `iss`).
pub fn user_pool_login(user_pool_id: &str, id_token: &str) -> Result<(String, String)> {
    let (region, _) = split_pool_id(user_pool_id)?;
    let issuer = regional_endpoint("cognito-idp", &region);
    let host = issuer.get("https://".len()..).unwrap_or_default();
    Ok(([host, user_pool_id].concat(), id_token.to_owned()))
}

/// The `Logins` object: none for a guest (refused unless the pool allows guests), each
/// provider (1 to 128 characters, as the API allows) once, with a token.
fn logins_body(config: &IdentityConfig, logins: &[(String, String)]) -> Result<Option<Body>> {
    if logins.is_empty() {
        return if config.allow_guest_access {
            Ok(None)
        } else {
            Err(Error::NotSignedIn)
        };
    }
    let mut body = Body::new();
    for (i, (provider, token)) in logins.iter().enumerate() {
        let repeated = logins
            .get(..i)
            .is_some_and(|before| before.iter().any(|(p, _)| p == provider));
        if provider.is_empty() || provider.len() > 128 || token.is_empty() || repeated {
            return Err(Error::invalid_argument(
                "logins must name each provider once (1 to 128 characters), each with its token",
            ));
        }
        body = body.str(provider, token);
    }
    Ok(Some(body))
}

fn request(config: &IdentityConfig, operation: &str, body: Body, timeout_ms: u64) -> HttpRequest {
    aws::request(&config.endpoint, TARGET_PREFIX, operation, body, timeout_ms)
}

/// `GetId`: the identity of these logins in the pool (a new guest identity without any).
pub fn get_id_request(
    config: &IdentityConfig,
    logins: &[(String, String)],
    timeout_ms: u64,
) -> Result<HttpRequest> {
    let body = Body::new()
        .str("IdentityPoolId", &config.identity_pool_id)
        .opt_object("Logins", logins_body(config, logins)?);
    Ok(request(config, "GetId", body, timeout_ms))
}

/// The identity id of a `GetId` reply.
pub fn get_id_reply(reply: Result<HttpResponse>) -> Result<String> {
    let op = "GetId";
    identity_id(&read_reply(op, reply)?).map_err(|_| misfit(op))
}

/// `GetCredentialsForIdentity`: credentials of the identity's role, the authenticated one when
/// `logins` prove the user. `custom_role_arn` picks one of several roles a SAML or OIDC
/// provider offered.
pub fn get_credentials_request(
    config: &IdentityConfig,
    identity_id: &str,
    logins: &[(String, String)],
    custom_role_arn: Option<&str>,
    timeout_ms: u64,
) -> Result<HttpRequest> {
    require("identityId", identity_id)?;
    let body = Body::new()
        .str("IdentityId", identity_id)
        .opt_object("Logins", logins_body(config, logins)?)
        .opt_str("CustomRoleArn", custom_role_arn);
    Ok(request(
        config,
        "GetCredentialsForIdentity",
        body,
        timeout_ms,
    ))
}

/// The identity id and credentials of a `GetCredentialsForIdentity` reply.
pub fn get_credentials_reply(reply: Result<HttpResponse>) -> Result<(String, Credentials)> {
    let op = "GetCredentialsForIdentity";
    let o = read_reply(op, reply)?;
    let read = || -> Result<_, json::Invalid> {
        let c = o.object("Credentials")?.ok_or("")?;
        let text = |key| c.string(key)?.filter(|s| !s.is_empty()).ok_or("");
        let expiration_s = match c.get("Expiration") {
            Some(Json::Number(n)) => epoch_seconds(n),
            _ => None,
        };
        let credentials = Credentials {
            access_key_id: text("AccessKeyId")?,
            secret_access_key: Secret::new(text("SecretKey")?),
            session_token: Secret::new(text("SessionToken")?),
            expiration_s: expiration_s.ok_or("")?,
        };
        Ok((identity_id(&o)?, credentials))
    };
    read().map_err(|_| misfit(op))
}

/// `GetOpenIdToken`: the basic flow's token for STS (valid for ten minutes).
pub fn get_open_id_token_request(
    config: &IdentityConfig,
    identity_id: &str,
    logins: &[(String, String)],
    timeout_ms: u64,
) -> Result<HttpRequest> {
    require("identityId", identity_id)?;
    let body = Body::new()
        .str("IdentityId", identity_id)
        .opt_object("Logins", logins_body(config, logins)?);
    Ok(request(config, "GetOpenIdToken", body, timeout_ms))
}

/// The identity id and OpenID token of a `GetOpenIdToken` reply.
pub fn get_open_id_token_reply(reply: Result<HttpResponse>) -> Result<(String, Secret<String>)> {
    let op = "GetOpenIdToken";
    let o = read_reply(op, reply)?;
    let read = || -> Result<_, json::Invalid> {
        let token = o.string("Token")?.filter(|t| !t.is_empty()).ok_or("")?;
        Ok((identity_id(&o)?, Secret::new(token)))
    };
    read().map_err(|_| misfit(op))
}

/// A reply's `IdentityId`, checked loosely: `…:…`, 55 characters at most (the API's bound).
fn identity_id(reply: &Object<'_>) -> Result<String, json::Invalid> {
    reply
        .string("IdentityId")?
        .filter(|id| id.len() <= 55 && split_once(id, b':').is_some())
        .ok_or("")
}

/// Whether `GetCredentialsForIdentity` may have refused a stored guest identity id for good: the
/// identity was deleted, or it is no guest's any more (linked to a user). Forget the id and ask
/// `GetId` again, once; a pool without guest access refuses that too.
pub fn stale_identity_id(error: &Error) -> bool {
    matches!(
        error.kind(),
        Some(
            CognitoErrorKind::ResourceNotFoundException | CognitoErrorKind::NotAuthorizedException
        )
    )
}

/// STS `AssumeRoleWithWebIdentity` with the token of [`get_open_id_token_reply`]: the basic
/// flow's last step, form-encoded (`Version=2011-06-15`) and unsigned. `duration_s`: 900 up to
/// the role's maximum (STS defaults to 3600).
pub fn assume_role_request(
    config: &IdentityConfig,
    role_arn: &str,
    role_session_name: &str,
    web_identity_token: &str,
    duration_s: Option<u32>,
    timeout_ms: u64,
) -> Result<HttpRequest> {
    require("roleArn", role_arn)?;
    require("roleSessionName", role_session_name)?;
    require("webIdentityToken", web_identity_token)?;
    let duration = duration_s.map(|d| json::decimal(u64::from(d)));
    let mut body = String::new();
    for (key, value) in [
        ("Action", Some("AssumeRoleWithWebIdentity")),
        ("Version", Some("2011-06-15")),
        ("RoleArn", Some(role_arn)),
        ("RoleSessionName", Some(role_session_name)),
        ("WebIdentityToken", Some(web_identity_token)),
        ("DurationSeconds", duration.as_deref()),
    ] {
        if let Some(value) = value {
            if !body.is_empty() {
                body.push('&');
            }
            body.push_str(key);
            body.push('=');
            percent_encode(&mut body, value);
        }
    }
    Ok(HttpRequest {
        method: "POST",
        url: config.sts_endpoint.clone(),
        headers: vec![(
            "Content-Type".into(),
            "application/x-www-form-urlencoded".into(),
        )],
        body,
        timeout_ms,
    })
}

/// RFC 3986: everything but the unreserved characters as `%XX`.
fn percent_encode(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
}

/// The credentials of an `AssumeRoleWithWebIdentity` reply (XML); STS's
/// `<ErrorResponse><Error><Code>…` becomes [`Error::Service`] named by the code.
pub fn assume_role_reply(reply: Result<HttpResponse>) -> Result<Credentials> {
    let op = "AssumeRoleWithWebIdentity";
    let response = reply?;
    let xml = response.body.as_str();
    if !(200..300).contains(&response.status) {
        let error = xml_inner(xml, "Error").unwrap_or_default();
        let text = |tag| xml_inner(error, tag).map(unescape);
        return Err(service_error(
            op,
            &response,
            text("Code").as_deref(),
            text("Message").as_deref(),
            xml_inner(xml, "RequestId"),
        ));
    }
    let read = || {
        let c = xml_inner(xml, "Credentials")?;
        let text = |tag| xml_inner(c, tag).map(unescape).filter(|s| !s.is_empty());
        Some(Credentials {
            access_key_id: text("AccessKeyId")?,
            secret_access_key: Secret::new(text("SecretAccessKey")?),
            session_token: Secret::new(text("SessionToken")?),
            expiration_s: parse_utc(&text("Expiration")?)?,
        })
    };
    read().ok_or_else(|| misfit(op))
}

/// The text between the first `<tag>` and the `</tag>` after it, trimmed. Enough for STS's
/// replies, whose elements of interest carry no attributes, comments or CDATA.
fn xml_inner<'a>(xml: &'a str, tag: &str) -> Option<&'a str> {
    let open = ["<", tag, ">"].concat();
    let close = ["</", tag, ">"].concat();
    let start = find(xml.as_bytes(), open.as_bytes())? + open.len();
    let rest = xml.get(start..)?;
    let end = find(rest.as_bytes(), close.as_bytes())?;
    Some(rest.get(..end)?.trim_ascii())
}

/// Where `needle` first occurs in `hay` (a loop, not core's string searcher).
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len().max(1)).position(|w| w == needle)
}

/// XML's five predefined entities decoded; anything else kept as it is.
fn unescape(text: &str) -> String {
    const ENTITIES: [(&[u8], u8); 5] = [
        (b"&lt;", b'<'),
        (b"&gt;", b'>'),
        (b"&amp;", b'&'),
        (b"&quot;", b'"'),
        (b"&apos;", b'\''),
    ];
    let mut out = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        match ENTITIES.iter().find(|(e, _)| rest.starts_with(e)) {
            Some((e, c)) => {
                out.push(*c);
                rest = rest.get(e.len()..).unwrap_or_default();
            }
            None => {
                out.push(b);
                rest = tail;
            }
        }
    }
    // Only whole ASCII sequences were replaced by ASCII bytes: still UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction]Z`, as STS writes `Expiration`, in seconds since the epoch
/// (the fraction dropped); years 1970 to 9999.
fn parse_utc(text: &str) -> Option<u64> {
    use crate::text::digits;
    use crate::time::{days_from_civil, days_in_month};
    let b = text.as_bytes();
    let num = |at: usize, len: usize| digits(text.get(at..at + len)?);
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    if !(at(4, b'-') && at(7, b'-') && at(10, b'T') && at(13, b':') && at(16, b':')) {
        return None;
    }
    let (y, mo, d) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (h, mi, s) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    let mut end = 19;
    if at(end, b'.') {
        end += 1;
        let digits = b.get(end..)?.iter().take_while(|c| c.is_ascii_digit());
        let n = digits.count();
        if n == 0 {
            return None;
        }
        end += n;
    }
    if b.get(end..) != Some(b"Z") || y < 1970 || d < 1 || d > days_in_month(y, mo) {
        return None;
    }
    if h > 23 || mi > 59 || s > 60 {
        return None;
    }
    Some(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s)
}

/// The whole seconds (rounded down) of a JSON number such as `1700000000`, `1700000000.123` or
/// `1.7e9`, from 1 to [`MAX_EPOCH_S`]; without floats. `number` passed the JSON grammar.
fn epoch_seconds(number: &str) -> Option<u64> {
    let (mantissa, exponent) = match number.bytes().position(|b| matches!(b, b'e' | b'E')) {
        Some(i) => (number.get(..i)?, number.get(i + 1..)?),
        None => (number, "0"),
    };
    let (negative, exponent) = match exponent.as_bytes().first() {
        Some(b'-') => (true, exponent.get(1..)?),
        Some(b'+') => (false, exponent.get(1..)?),
        _ => (false, exponent),
    };
    let (int, fraction) = split_once(mantissa, b'.').unwrap_or((mantissa, ""));
    // Digits only (a sign on the mantissa is negative); an exponent of over four digits is
    // absurd either way.
    let digits_only = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let fraction_ok = fraction.is_empty() || digits_only(fraction);
    if !digits_only(int) || !fraction_ok || !digits_only(exponent) || exponent.len() > 4 {
        return None;
    }
    let exponent = i64::try_from(crate::text::digits(exponent)?).ok()?;
    let shift = if negative { -exponent } else { exponent } - i64::try_from(fraction.len()).ok()?;
    // value = digits(int ‖ fraction) × 10^shift: keep the digits left of the point.
    let keep = i64::try_from(int.len() + fraction.len()).ok()? + shift.min(0);
    let digits = int.bytes().chain(fraction.bytes());
    let mut n = digits
        .take(usize::try_from(keep).unwrap_or(0))
        .try_fold(0u64, |n, b| {
            n.checked_mul(10)?.checked_add(u64::from(b - b'0'))
        })?;
    for _ in 0..shift.max(0) {
        n = n.checked_mul(10)?;
    }
    (1..=MAX_EPOCH_S).contains(&n).then_some(n)
}

/// Temporary AWS credentials. `Debug` prints the access key id only.
#[derive(Debug)]
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: Secret<String>,
    pub session_token: Secret<String>,
    /// When they expire, in seconds since the epoch (the service's clock).
    pub expiration_s: u64,
}

impl Credentials {
    /// Whether they have `margin_s` seconds or less left at `now_ms`.
    pub fn expires_within(&self, now_ms: u64, margin_s: u64) -> bool {
        (now_ms / 1000).saturating_add(margin_s) >= self.expiration_s
    }
}

/// Whom credentials were fetched for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    pub identity_id: String,
    /// The signed-in user (the ID token's `sub`); none for a guest.
    pub user: Option<String>,
}

/// Credentials kept between calls, with whom and when they were fetched for.
#[derive(Debug)]
pub struct CachedCredentials {
    pub owner: Owner,
    pub credentials: Credentials,
    /// Device time when they came.
    pub fetched_ms: u64,
    /// The service's clock minus the device's, from the `Date` of the reply that brought them
    /// ([`crate::time::skew_ms`]): their expiry is the service's time.
    pub skew_ms: i64,
}

impl CachedCredentials {
    /// Whether these credentials may be handed to `owner` at `now_ms`: they are its, and have
    /// more than [`REFRESH_MARGIN_S`] left, or more than half their lifetime when that is
    /// shorter (a test server's 90-second credentials would otherwise never be reused).
    /// `now_ms` is device time.
    pub fn usable(&self, owner: &Owner, now_ms: u64) -> bool {
        let service = |ms| crate::time::shifted(ms, self.skew_ms);
        let lifetime_s = self
            .credentials
            .expiration_s
            .saturating_sub(service(self.fetched_ms) / 1000);
        self.owner == *owner
            && !self
                .credentials
                .expires_within(service(now_ms), REFRESH_MARGIN_S.min(lifetime_s / 2))
    }
}

#[cfg(test)]
mod tests;
