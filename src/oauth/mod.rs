//! The hosted UI (Cognito's managed login): the OAuth 2.0 authorization code grant with PKCE
//! (RFC 6749, RFC 7636), pure like the rest of the core. Requests are built here and replies
//! read here; the facade sends them, keeps the [`Flight`] in `sessionStorage` and moves the page.
//!
//! | step | here |
//! |---|---|
//! | configuration (Amplify v6's `oauth`) | [`OAuthConfig::read`], [`pick_redirect`] |
//! | `signInWithRedirect` | [`RedirectSignIn::read`], [`HostedUi::authorize`] → the URL and a [`Flight`] |
//! | the page loads again | [`Flight::read`], [`read_callback`] (state first), [`without_callback_params`] |
//! | code exchange | [`HostedUi::token_request`] / [`HostedUi::token_reply`] → [`Tokens`] |
//! | sign-out | [`HostedUi::revoke_request`] / [`HostedUi::revoke_reply`], [`HostedUi::logout_url`] |
//! | user info | [`HostedUi::user_info_request`] / [`HostedUi::user_info_reply`] |
//!
//! What this follows and why:
//! - The authorize URL carries Amplify v6's parameters in Amplify's order, `identity_provider=COGNITO`
//!   when no provider is named, provider names mapped as its `cognitoHostedUIIdentityProviderMap`
//!   does, `prompt` in lower case. Values are percent-encoded per RFC 3986 (a space is `%20`).
//! - `state` is 32 hex digits (128 random bits, no `-`), then, for a custom state, `-` and Amplify's
//!   `urlSafeEncode` of it: two lower-case hex digits per character. That covers only U+0000 to
//!   U+00FF, and Amplify garbles anything above; here such a character is `_` and six hex digits
//!   of its code point, so every string round-trips and Latin-1 states read the same in both SDKs.
//! - The code verifier is 32 random bytes in base64url (43 characters), RFC 7636 §4.1's advice.
//! - `domain` is a host with an optional port and means `https://`, as in Amplify. A local server
//!   without TLS is written out as `http://host:port`, allowed only for a loopback host
//!   (127.0.0.0/8, `[::1]`, `localhost`): the rule of the user pool `endpoint`, and Cognito's own
//!   for callback URLs. Redirect URLs are held to it too.
//! - A client secret goes in `Authorization: Basic`, the id and the secret percent-encoded first
//!   (RFC 6749 §2.3.1, as oauth4webapi does). Cognito documents `Base64Encode(client_id:client_secret)`
//!   and issues ids and secrets of letters and digits, which the encoding leaves as they are.
//! - The callback is read from the query only: Cognito answers `response_type=code` there.

use crate::aws::{check_endpoint, is_loopback, misfit};
use crate::base64;
use crate::bignum::hex;
use crate::error::{Error, Result};
use crate::json::{self, Body, Json, Object, StringMap};
use crate::platform::{HttpRequest, HttpResponse, RandomSource};
use crate::secret::{reserve, Secret, Wipe};
use crate::sha256::sha256;
use crate::text::{split, split_once};
use crate::tokens::Tokens;
use crate::user_pool::ValidConfig;

/// Longest custom state, hex-encoded: the authorize URL has to fit the 8 KB request line that
/// Cognito's front accepts, and Cognito passes the state on through its own redirects.
pub const MAX_CUSTOM_STATE: usize = 2048;

/// Longer page URLs are refused before they are read.
pub const MAX_CALLBACK_URL: usize = 65_536;

/// The parameters a return from the hosted UI adds, removed by [`without_callback_params`].
const CALLBACK_PARAMS: [&str; 5] = ["code", "state", "error", "error_description", "error_uri"];

fn invalid(parts: &[&str]) -> Error {
    Error::InvalidArgument(parts.concat())
}

/// Amplify v6's `oauth` configuration, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthConfig {
    /// `https://<domain>` (or `http://` for a loopback host), without a trailing `/`.
    pub base: String,
    /// Sent space-separated; none sent when empty (Cognito then grants all the client's scopes).
    pub scopes: Vec<String>,
    pub redirect_sign_in: Vec<String>,
    pub redirect_sign_out: Vec<String>,
    /// The providers the app offers, for a UI to list; the protocol does not use them.
    pub providers: Vec<Provider>,
}

impl OAuthConfig {
    /// Reads `{ domain, scopes, redirectSignIn, redirectSignOut, responseType?, providers? }`;
    /// each redirect is a URL or a list of them.
    pub fn read(o: &Object<'_>) -> Result<Self> {
        let domain = o.str("domain").ok().flatten().unwrap_or("");
        let base = base_url(domain).ok_or_else(|| {
            must(
                "domain",
                "a host name with an optional port (http://host:port only for a loopback host)",
            )
        })?;
        if !matches!(o.str("responseType"), Ok(None | Some("code"))) {
            return Err(must("responseType", "'code' (no implicit grant)"));
        }
        let items = match o.get("providers") {
            None => &[][..],
            Some(Json::Array(items)) => items,
            Some(_) => return Err(must("providers", "a list")),
        };
        let mut providers = Vec::new();
        for v in items {
            providers.push(
                Provider::from_json(v).ok_or_else(|| bad_provider("each of oauth.providers"))?,
            );
        }
        let redirect_sign_in = list(o, "redirectSignIn", redirect_ok, REDIRECT)?;
        if redirect_sign_in.is_empty() {
            return Err(must("redirectSignIn", REDIRECT));
        }
        Ok(Self {
            base,
            scopes: list(
                o,
                "scopes",
                scope_ok,
                "a scope name without spaces, or a list of them",
            )?,
            redirect_sign_in,
            redirect_sign_out: list(o, "redirectSignOut", redirect_ok, REDIRECT)?,
            providers,
        })
    }
}

/// What each redirect URL must be.
const REDIRECT: &str =
    "an https URL without a fragment (http only for a loopback host), or a list of them";

fn must(key: &str, what: &str) -> Error {
    invalid(&["oauth.", key, " must be ", what])
}

/// A string or a list of strings, each passing `ok`; absent is empty.
fn list(o: &Object<'_>, key: &str, ok: fn(&str) -> bool, what: &str) -> Result<Vec<String>> {
    let items = match o.get(key) {
        None => &[][..],
        Some(Json::Array(items)) => items,
        Some(v) => std::slice::from_ref(v),
    };
    let mut out = Vec::new();
    for v in items {
        match v.as_str() {
            Some(s) if ok(s) => out.push(s.to_owned()),
            _ => return Err(must(key, what)),
        }
    }
    Ok(out)
}

/// RFC 6749 §3.3 `scope-token`.
fn scope_ok(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| matches!(b, 0x21 | 0x23..=0x5b | 0x5d..=0x7e))
}

/// An absolute `https://` URL (`http://` for loopback) without a fragment, kept exactly as
/// written: Cognito compares `redirect_uri` with the registered URLs byte for byte.
fn redirect_ok(url: &str) -> bool {
    !url.bytes().any(|b| b == b'#') && check_endpoint("oauth", url).is_ok()
}

/// `https://` + a host and an optional port, or the same with a scheme written out; `None` when
/// `domain` is not that.
fn base_url(domain: &str) -> Option<String> {
    let (scheme, rest) = match split_once(domain, b':') {
        Some((s, r)) if r.as_bytes().starts_with(b"//") => (s, r.get(2..)?),
        _ => ("https", domain),
    };
    let authority = match rest.as_bytes().last() {
        Some(b'/') => rest.get(..rest.len() - 1)?,
        _ => rest,
    };
    let v6 = authority.strip_prefix('[');
    let (host, port) = match v6 {
        Some(v6) => split_once(v6, b']')?,
        None => {
            let i = end_of(authority, b":");
            (authority.get(..i)?, authority.get(i..)?)
        }
    };
    let host_ok = !host.is_empty()
        && host.bytes().all(|b| {
            b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || (v6.is_some() && b == b':')
        });
    let port_ok = match port.strip_prefix(':') {
        Some(p) => (1..=5).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()),
        None => port.is_empty(),
    };
    let http = scheme.eq_ignore_ascii_case("http");
    let scheme_ok = scheme.eq_ignore_ascii_case("https") || http && is_loopback(host);
    (host_ok && port_ok && scheme_ok)
        .then(|| [if http { "http://" } else { "https://" }, authority].concat())
}

/// The redirect URL on the page's origin, as Amplify's `getRedirectUrl` picks it: one that starts
/// with the page's origin and path first, else the first on its origin. `current` is
/// `location.href` or `location.origin`. Another origin is never picked: the flight lives in that
/// origin's `sessionStorage`, so a redirect elsewhere could not end the sign-in.
pub fn pick_redirect<'a>(list: &'a [String], current: &str) -> Result<&'a str> {
    let origin = origin_of(current).unwrap_or("");
    let page = current.get(..end_of(current, b"?#")).unwrap_or(current);
    let same = |u: &&String| {
        !origin.is_empty() && origin_of(u).is_some_and(|o| o.eq_ignore_ascii_case(origin))
    };
    list.iter()
        .filter(same)
        .find(|u| u.starts_with(page))
        .or_else(|| list.iter().find(same))
        .map(String::as_str)
        .ok_or_else(|| {
            invalid(&[
                "no oauth redirect URL is on the page's origin (",
                origin,
                ")",
            ])
        })
}

/// The index of the first of `stops` in `s`, or its length.
fn end_of(s: &str, stops: &[u8]) -> usize {
    // Not `stops.contains`, which is `memchr`: a few hundred bytes of wasm.
    for (i, b) in s.bytes().enumerate() {
        for stop in stops {
            if b == *stop {
                return i;
            }
        }
    }
    s.len()
}

/// `scheme://authority` of an absolute URL.
fn origin_of(url: &str) -> Option<&str> {
    let (scheme, rest) = split_once(url, b':')?;
    let authority = rest.strip_prefix("//")?;
    url.get(..scheme.len() + 3 + end_of(authority, b"/\\?#"))
}

/// Who signs the user in (Amplify v6's `provider`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Provider {
    /// The managed login page: Amplify's default, sent as `identity_provider=COGNITO`.
    #[default]
    Cognito,
    Google,
    Facebook,
    Amazon,
    Apple,
    /// `{ custom: name }`: an OIDC or SAML provider by its name in the user pool.
    Custom(String),
    /// `{ idpIdentifier: id }`: sent as `idp_identifier` instead of `identity_provider`.
    IdpIdentifier(String),
}

fn bad_provider(what: &str) -> Error {
    invalid(&[
        what,
        " must be 'Google', 'Facebook', 'Amazon', 'Apple', { custom: name } or \
         { idpIdentifier: id }",
    ])
}

impl Provider {
    fn from_json(v: &Json) -> Option<Self> {
        if let Some(name) = v.as_str() {
            return Some(match name {
                "Google" => Self::Google,
                "Facebook" => Self::Facebook,
                "Amazon" => Self::Amazon,
                "Apple" => Self::Apple,
                _ => return None,
            });
        }
        let o = v.as_object()?;
        let field = |k| o.str(k).ok().flatten().filter(|s| !s.is_empty());
        match (field("custom"), field("idpIdentifier")) {
            (Some(name), None) => Some(Self::Custom(name.to_owned())),
            (None, Some(id)) => Some(Self::IdpIdentifier(id.to_owned())),
            _ => None,
        }
    }

    /// The authorize parameter and its value, names as Amplify's
    /// `cognitoHostedUIIdentityProviderMap` has them.
    fn param(&self) -> (&'static str, &str) {
        let name = match self {
            Self::Cognito => "COGNITO",
            Self::Google => "Google",
            Self::Facebook => "Facebook",
            Self::Amazon => "LoginWithAmazon",
            Self::Apple => "SignInWithApple",
            Self::Custom(name) => name,
            Self::IdpIdentifier(id) => return ("idp_identifier", id),
        };
        ("identity_provider", name)
    }
}

/// OIDC's `prompt`; Amplify takes it in upper case and sends it in lower case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prompt {
    None,
    Login,
    Consent,
    SelectAccount,
}

impl Prompt {
    const ALL: [(Self, &'static str); 4] = [
        (Self::None, "none"),
        (Self::Login, "login"),
        (Self::Consent, "consent"),
        (Self::SelectAccount, "select_account"),
    ];

    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(p, _)| *p == self)
            .map_or("", |(_, s)| s)
    }

    /// `NONE`, `LOGIN`, `CONSENT`, `SELECT_ACCOUNT`, in any case.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(_, n)| n.eq_ignore_ascii_case(s))
            .map(|(p, _)| *p)
    }
}

/// `signInWithRedirect` input. Empty strings count as absent, as in Amplify.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RedirectSignIn {
    pub provider: Provider,
    /// Handed back to the app after the redirect (Amplify's `customOAuthState` event).
    pub custom_state: Option<String>,
    pub lang: Option<String>,
    pub login_hint: Option<String>,
    pub nonce: Option<String>,
    pub prompt: Option<Prompt>,
}

impl RedirectSignIn {
    /// Reads `{ provider?, customState?, options?: { lang, loginHint, nonce, prompt } }`.
    pub fn read(o: &Object<'_>) -> Result<Self> {
        let provider = match o.get("provider") {
            None => Provider::Cognito,
            Some(v) => Provider::from_json(v)
                .ok_or_else(|| bad_provider("signInWithRedirect input.provider"))?,
        };
        let options = o
            .object("options")
            .map_err(|_| bad_input("options", "an object"))?
            .unwrap_or(Object::Borrowed(&[]));
        let mut text: [Option<String>; 5] = Default::default();
        for (slot, path) in text.iter_mut().zip(TEXT_INPUTS) {
            let (from, key) = match split_once(path, b'.') {
                Some((_, key)) => (&options, key),
                None => (o, path),
            };
            *slot = from
                .string(key)
                .map_err(|_| bad_input(path, "a string"))?
                .filter(|s| !s.is_empty());
        }
        let [custom_state, lang, login_hint, nonce, prompt] = text;
        let prompt = match prompt {
            None => None,
            Some(p) => Some(Prompt::parse(&p).ok_or_else(|| {
                bad_input(
                    "options.prompt",
                    "'NONE', 'LOGIN', 'CONSENT' or 'SELECT_ACCOUNT'",
                )
            })?),
        };
        Ok(Self {
            provider,
            custom_state,
            lang,
            login_hint,
            nonce,
            prompt,
        })
    }
}

/// The string members of `signInWithRedirect`'s input, in the order of [`RedirectSignIn::read`].
const TEXT_INPUTS: [&str; 5] = [
    "customState",
    "options.lang",
    "options.loginHint",
    "options.nonce",
    "options.prompt",
];

fn bad_input(path: &str, what: &str) -> Error {
    invalid(&["signInWithRedirect input.", path, " must be ", what])
}

/// What a sign-in through the hosted UI must remember across the redirect: the facade keeps it
/// in `sessionStorage` as [`Flight::to_json`]. `Debug` leaves the verifier out.
#[derive(Debug)]
pub struct Flight {
    /// The `state` sent, custom state included.
    pub state: String,
    pub code_verifier: Secret<String>,
    /// The `redirect_uri` sent; the code exchange must send it again.
    pub redirect_uri: String,
    /// When the sign-in started (the injected clock), for a facade that lets old flights go.
    pub started_at_ms: u64,
}

impl Flight {
    /// The text to keep, a secret: it holds the verifier.
    pub fn to_json(&self) -> Secret<String> {
        Secret::new(
            Body::new()
                .str("state", &self.state)
                .str("codeVerifier", self.code_verifier.expose())
                .str("redirectUri", &self.redirect_uri)
                .num("startedAt", self.started_at_ms)
                .build(),
        )
    }

    /// Reads a stored flight; anything truncated, tampered with or of another shape is
    /// [`Error::InvalidState`].
    pub fn read(text: &str) -> Result<Self> {
        let read = || -> Option<Self> {
            let o = json::parse_object(text).ok()?;
            let field = |k| o.str(k).ok().flatten();
            let (state, verifier) = (field("state")?, field("codeVerifier")?);
            let redirect_uri = field("redirectUri")?;
            let started_at_ms = o.u64("startedAt").ok().flatten()?;
            let ok = valid_state(state)
                && (43..=128).contains(&verifier.len())
                && verifier.bytes().all(unreserved)
                && !redirect_uri.is_empty();
            ok.then(|| Self {
                state: state.to_owned(),
                code_verifier: Secret::from(verifier),
                redirect_uri: redirect_uri.to_owned(),
                started_at_ms,
            })
        };
        read().ok_or_else(|| {
            Error::InvalidState("the stored signInWithRedirect record is unreadable".into())
        })
    }
}

/// 32 or more hex digits, then optionally `-` and an encoded custom state.
fn valid_state(state: &str) -> bool {
    let (random, custom) = split_once(state, b'-').unwrap_or((state, ""));
    random.len() >= 32
        && random.bytes().all(|b| b.is_ascii_hexdigit())
        && custom.len() <= MAX_CUSTOM_STATE
        && decode_custom_state(custom).is_some()
}

/// RFC 3986 §2.3.
fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// RFC 7636 §4.2 `S256`: BASE64URL(SHA256(ASCII(code_verifier))).
pub fn code_challenge(verifier: &str) -> String {
    base64::encode_url(&sha256(&[verifier.as_bytes()]))
}

/// Amplify's `urlSafeEncode` (two hex digits a character) for U+0000 to U+00FF; `_` and six hex
/// digits for any other character.
pub fn encode_custom_state(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let n = u32::from(c);
        let digits = if n < 0x100 {
            2
        } else {
            out.push('_');
            6
        };
        for i in (0..digits).rev() {
            out.push(char::from_digit((n >> (4 * i)) & 0xf, 16).unwrap_or('0'));
        }
    }
    out
}

/// The inverse of [`encode_custom_state`] (and of Amplify's `urlSafeEncode` for what it can
/// encode); `None` for anything else.
pub fn decode_custom_state(s: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = s.as_bytes();
    while let Some(first) = rest.first() {
        let (skip, width) = if *first == b'_' { (1, 6) } else { (0, 2) };
        out.push(char::from_u32(hex_value(rest.get(skip..skip + width)?)?)?);
        rest = rest.get(skip + width..)?;
    }
    Some(out)
}

/// A few hex digits (never more than six here, so no overflow).
fn hex_value(digits: &[u8]) -> Option<u32> {
    digits
        .iter()
        .try_fold(0, |n, b| Some(n * 16 + char::from(*b).to_digit(16)?))
}

/// Appends `s` percent-encoded: RFC 3986 unreserved characters stay, every other byte of its
/// UTF-8 becomes `%XX`.
fn percent_encode(out: &mut String, s: &str) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        if unreserved(b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(DIGITS[usize::from(b >> 4)]));
            out.push(char::from(DIGITS[usize::from(b & 0xf)]));
        }
    }
}

/// Appends `k=v&k=v` for the pairs with a value, each value percent-encoded (the names need
/// no encoding): a query or an `application/x-www-form-urlencoded` body. Room for the worst
/// case is made first, so no block with a code or a token in it is freed unwiped.
fn form(out: &mut String, pairs: &[(&str, Option<&str>)]) {
    let start = out.len();
    for (k, v) in pairs {
        if let Some(v) = v {
            reserve(out, k.len() + 2 + 3 * v.len());
            if out.len() > start {
                out.push('&');
            }
            out.push_str(k);
            out.push('=');
            percent_encode(out, v);
        }
    }
}

/// `Some` unless absent or empty.
fn filled(v: Option<&str>) -> Option<&str> {
    v.filter(|v| !v.is_empty())
}

/// A query part as `URLSearchParams` reads it (`+` is a space), but strict: a `%` without two hex
/// digits after it, or bytes that are not UTF-8, give `None`.
fn percent_decode(s: &str) -> Option<String> {
    let mut out = Vec::with_capacity(s.len());
    let mut rest = s.as_bytes();
    while let [b, tail @ ..] = rest {
        rest = tail;
        out.push(match b {
            b'+' => b' ',
            b'%' => {
                let (hh, tail) = (rest.get(..2)?, rest.get(2..)?);
                rest = tail;
                u8::try_from(hex_value(hh)?).ok()?
            }
            b => *b,
        });
    }
    String::from_utf8(out).ok()
}

/// Calls `f` with each non-empty part of `url`'s query (up to the fragment, after the first `?`)
/// and the index in [`CALLBACK_PARAMS`] of its decoded name (their number for any other name).
/// Returns where the query's `?` and the fragment's `#` are (the length for none).
fn each_param(url: &str, f: &mut dyn FnMut(&str, usize) -> Result<()>) -> Result<(usize, usize)> {
    let fragment_at = end_of(url, b"#");
    let before_fragment = url.get(..fragment_at).unwrap_or("");
    let query_at = end_of(before_fragment, b"?");
    let query = before_fragment.get(query_at + 1..).unwrap_or("");
    for part in split(query, b'&') {
        if part.is_empty() {
            continue;
        }
        let name = percent_decode(split_once(part, b'=').map_or(part, |(k, _)| k));
        let i = CALLBACK_PARAMS
            .iter()
            .position(|p| Some(*p) == name.as_deref())
            .unwrap_or(CALLBACK_PARAMS.len());
        f(part, i)?;
    }
    Ok((query_at, fragment_at))
}

/// What the page's URL says about a sign-in through the hosted UI.
#[derive(Debug)]
pub enum Callback {
    /// No `code` and no `error` in the query: not a return from the hosted UI.
    None,
    /// Exchange the code with [`HostedUi::token_request`].
    Code {
        code: Secret<String>,
        custom_state: Option<String>,
    },
    /// The hosted UI (or the provider behind it) refused: `error` is [`Error::OAuth`].
    Error {
        error: Error,
        custom_state: Option<String>,
    },
}

/// Reads the page's URL (`location.href`) after a redirect back from the hosted UI. The `state`
/// must be the flight's before a code or an error is looked at (else `OAuthError` `invalid_state`):
/// a link someone else made can then neither sign the user in to their account nor show them an
/// error message of their choosing.
/// `code`, `state`, `error` or `error_description` given twice, a broken `%` escape or bytes
/// that are not UTF-8 in one of them, or a URL over [`MAX_CALLBACK_URL`] are errors.
pub fn read_callback(url: &str, flight: &Flight) -> Result<Callback> {
    if url.len() > MAX_CALLBACK_URL {
        return Err(invalid(&["the callback URL is too long"]));
    }
    let mut found: [Option<String>; 4] = Default::default();
    // `error_uri`, the fifth, is not read.
    each_param(url, &mut |part, i| {
        let (Some(slot), Some(param)) = (found.get_mut(i), CALLBACK_PARAMS.get(i)) else {
            return Ok(());
        };
        if slot.is_some() {
            return Err(invalid(&["the callback URL repeats ", param]));
        }
        let value = split_once(part, b'=').map_or("", |(_, v)| v);
        *slot = Some(
            percent_decode(value)
                .ok_or_else(|| invalid(&["the callback URL's ", param, " is not well encoded"]))?,
        );
        Ok(())
    })?;
    let [code, state, error, description] = found;
    if code.is_none() && error.is_none() {
        return Ok(Callback::None);
    }
    // As an OAuthError (`invalid_state`, not a server's code): what the app shows for a failed
    // redirect sign-in, with no description a link could choose.
    if state.as_deref() != Some(flight.state.as_str()) {
        let why = match state {
            Some(_) => "the callback's state is not this sign-in's",
            None => "the callback has no state",
        };
        return Err(Error::oauth("invalid_state", Some(why)));
    }
    let custom_state = match split_once(&flight.state, b'-') {
        None => None,
        Some((_, c)) => Some(decode_custom_state(c).ok_or_else(|| {
            Error::InvalidState("the sign-in's custom state cannot be decoded".into())
        })?),
    };
    Ok(match (error, code) {
        (Some(e), _) => Callback::Error {
            error: Error::oauth(&e, description.as_deref()),
            custom_state,
        },
        (None, Some(c)) if !c.is_empty() => Callback::Code {
            code: Secret::new(c),
            custom_state,
        },
        _ => return Err(invalid(&["the callback URL has an empty code"])),
    })
}

/// `url` without the parameters a return from the hosted UI added (for `history.replaceState`),
/// every other parameter and the fragment kept as they were.
pub fn without_callback_params(url: &str) -> String {
    let mut kept = String::new();
    let ends = each_param(url, &mut |part, i| {
        if i == CALLBACK_PARAMS.len() {
            kept.push(if kept.is_empty() { '?' } else { '&' });
            kept.push_str(part);
        }
        Ok(())
    });
    let (query_at, fragment_at) = ends.unwrap_or((0, 0));
    [
        url.get(..query_at).unwrap_or(""),
        &kept,
        url.get(fragment_at..).unwrap_or(""),
    ]
    .concat()
}

/// The hosted UI of one app client: the oauth configuration and the user pool client it signs in to.
#[derive(Debug, Clone, Copy)]
pub struct HostedUi<'a> {
    pub config: &'a OAuthConfig,
    pub client: &'a ValidConfig,
}

const FORM: &str = "application/x-www-form-urlencoded";

impl HostedUi<'_> {
    /// The `/oauth2/authorize` URL to send the browser to, and the flight to keep until it comes
    /// back. `redirect_uri` is one of the configuration's, usually from [`pick_redirect`].
    pub fn authorize(
        &self,
        input: &RedirectSignIn,
        redirect_uri: &str,
        random: &dyn RandomSource,
        now_ms: u64,
    ) -> Result<(String, Flight)> {
        let mut bytes = [0u8; 48];
        random.fill(&mut bytes)?;
        let (verifier, state) = bytes.split_at(32);
        let verifier = base64::encode_url(verifier);
        let mut state = hex(state);
        if let Some(custom) = input.custom_state.as_deref().filter(|c| !c.is_empty()) {
            let encoded = encode_custom_state(custom);
            if encoded.len() > MAX_CUSTOM_STATE {
                return Err(invalid(&[
                    "customState is too long (1024 ASCII characters at most)",
                ]));
            }
            state = [&state, "-", &encoded].concat();
        }
        let scope = self.config.scopes.join(" ");
        let challenge = code_challenge(&verifier);
        let (idp_key, idp) = input.provider.param();
        let mut url = self.url("/oauth2/authorize?");
        form(
            &mut url,
            &[
                ("redirect_uri", Some(redirect_uri)),
                ("response_type", Some("code")),
                ("client_id", Some(&self.client.client_id)),
                (idp_key, Some(idp)),
                ("scope", filled(Some(&scope))),
                ("login_hint", filled(input.login_hint.as_deref())),
                ("lang", filled(input.lang.as_deref())),
                ("nonce", filled(input.nonce.as_deref())),
                ("prompt", input.prompt.map(Prompt::as_str)),
                ("state", Some(&state)),
                ("code_challenge", Some(&challenge)),
                ("code_challenge_method", Some("S256")),
            ],
        );
        let flight = Flight {
            state,
            code_verifier: Secret::new(verifier),
            redirect_uri: redirect_uri.to_owned(),
            started_at_ms: now_ms,
        };
        Ok((url, flight))
    }

    fn url(&self, path: &str) -> String {
        [&self.config.base, path].concat()
    }

    /// A form POST, authenticated with `Basic` when the client has a secret.
    fn post(&self, path: &str, body: &[(&str, Option<&str>)], timeout_ms: u64) -> HttpRequest {
        let mut headers = vec![("Content-Type".to_owned(), FORM.to_owned())];
        if let Some(secret) = &self.client.client_secret {
            let (id, secret) = (&self.client.client_id, secret.expose());
            let mut credentials = String::new();
            reserve(&mut credentials, 3 * (id.len() + secret.len()) + 1);
            percent_encode(&mut credentials, id);
            credentials.push(':');
            percent_encode(&mut credentials, secret);
            let mut encoded = base64::encode(credentials.as_bytes());
            headers.push(("Authorization".into(), ["Basic ", &encoded].concat()));
            credentials.wipe();
            encoded.wipe();
        }
        HttpRequest {
            method: "POST",
            url: self.url(path),
            headers,
            body: {
                let mut out = String::new();
                form(&mut out, body);
                out
            },
            timeout_ms,
        }
    }

    /// `POST /oauth2/token` exchanging the callback's code.
    pub fn token_request(
        &self,
        code: &Secret<String>,
        flight: &Flight,
        timeout_ms: u64,
    ) -> HttpRequest {
        let body = [
            ("grant_type", Some("authorization_code")),
            ("code", Some(code.expose().as_str())),
            ("client_id", Some(&self.client.client_id)),
            ("redirect_uri", Some(&flight.redirect_uri)),
            ("code_verifier", Some(flight.code_verifier.expose())),
        ];
        self.post("/oauth2/token", &body, timeout_ms)
    }

    /// Reads `{ access_token, id_token, refresh_token?, token_type?, expires_in? }`.
    pub fn token_reply(&self, reply: Result<HttpResponse>) -> Result<Tokens> {
        const WHAT: &str = "/oauth2/token";
        let o = read_reply(WHAT, reply)?;
        let fields = o.as_ref().and_then(|o| {
            let token = |k| {
                let t = o.str(k).ok()?;
                Some(t.filter(|t| !t.is_empty()).map(Secret::from))
            };
            let bearer = o.str("token_type").ok()?;
            Some((
                token("access_token")?,
                token("id_token")?,
                token("refresh_token")?,
                o.u64("expires_in").ok()?,
                bearer.is_none_or(|t| t.eq_ignore_ascii_case("Bearer")),
            ))
        });
        match fields {
            Some((Some(access_token), Some(id_token), refresh_token, expires_in, true)) => {
                Ok(Tokens {
                    id_token,
                    access_token,
                    refresh_token,
                    expires_in,
                })
            }
            Some((None, ..) | (_, None, ..)) => Err(Error::malformed(
                "/oauth2/token gave no access_token or id_token (an ID token needs the openid \
                 scope)",
            )),
            _ => Err(misfit(WHAT)),
        }
    }

    /// `POST /oauth2/revoke`: the refresh token and the tokens issued from it stop working.
    pub fn revoke_request(&self, refresh_token: &str, timeout_ms: u64) -> HttpRequest {
        let body = [
            ("token", Some(refresh_token)),
            ("client_id", Some(&self.client.client_id)),
        ];
        self.post("/oauth2/revoke", &body, timeout_ms)
    }

    pub fn revoke_reply(&self, reply: Result<HttpResponse>) -> Result<()> {
        read_reply("/oauth2/revoke", reply).map(drop)
    }

    /// `GET /oauth2/userInfo` with the access token.
    pub fn user_info_request(&self, access_token: &str, timeout_ms: u64) -> HttpRequest {
        HttpRequest {
            method: "GET",
            url: self.url("/oauth2/userInfo"),
            headers: vec![("Authorization".into(), ["Bearer ", access_token].concat())],
            body: String::new(),
            timeout_ms,
        }
    }

    /// The user's attributes as strings: booleans (`email_verified` comes as either) become
    /// `true` / `false`, numbers their text; nulls, objects and lists are left out.
    pub fn user_info_reply(&self, reply: Result<HttpResponse>) -> Result<StringMap> {
        const WHAT: &str = "/oauth2/userInfo";
        let o = read_reply(WHAT, reply)?.ok_or_else(|| misfit(WHAT))?;
        let mut map = StringMap::new();
        for (k, v) in o.members() {
            let value = match v {
                Json::String(s) | Json::Number(s) => s.as_str(),
                Json::Bool(true) => "true",
                Json::Bool(false) => "false",
                _ => continue,
            };
            map.insert(k.clone(), value.to_owned());
        }
        Ok(map)
    }

    /// `GET /logout?client_id=…&logout_uri=…`, Cognito's form (not OIDC's
    /// `post_logout_redirect_uri`). `logout_uri` is one of `redirectSignOut`.
    pub fn logout_url(&self, logout_uri: &str) -> String {
        let mut url = self.url("/logout?");
        form(
            &mut url,
            &[
                ("client_id", Some(&self.client.client_id)),
                ("logout_uri", Some(logout_uri)),
            ],
        );
        url
    }
}

/// A reply's body as a JSON object (`None` when it is not one) once its status is 2xx. A 4xx
/// with an OAuth error (RFC 6749 §5.2; `WWW-Authenticate` for the bearer endpoints, RFC 6750
/// §3) is [`Error::OAuth`]; anything else, 5xx included, is [`Error::MalformedResponse`], which
/// `session::classify` counts as transient.
fn read_reply(what: &str, reply: Result<HttpResponse>) -> Result<Option<Object<'static>>> {
    let r = reply?;
    let body = json::parse_object(&r.body).ok();
    if (200..300).contains(&r.status) {
        return Ok(body);
    }
    if (400..500).contains(&r.status) {
        let challenge = r.header("www-authenticate").unwrap_or("");
        let field = |k: &str| match body.as_ref().and_then(|o| o.str(k).ok().flatten()) {
            Some(v) => Some(v),
            None => quoted_param(challenge, k),
        };
        if let Some(code) = field("error") {
            let description = field("error_description").or_else(|| field("error_message"));
            return Err(Error::oauth(code, description));
        }
    }
    let status = json::decimal(u64::from(r.status));
    Err(Error::malformed(
        [what, " failed with HTTP ", &status].concat(),
    ))
}

/// The value of `key="…"` in a `WWW-Authenticate` header.
fn quoted_param<'a>(header: &'a str, key: &str) -> Option<&'a str> {
    let needle = [key, "=\""].concat();
    let at = header
        .as_bytes()
        .windows(needle.len())
        .position(|w| w == needle.as_bytes())?;
    let rest = header.get(at + needle.len()..)?;
    rest.get(..end_of(rest, b"\""))
}

#[cfg(test)]
mod tests;
