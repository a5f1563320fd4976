//! Identity pools: the `identityId` and AWS `credentials` of `fetchAuthSession`, which the
//! package's `credentialsProvider()` hands to the AWS SDK for JavaScript v3.
//!
//! Signed in, the identity is the user's (`Logins` with the ID token, the id kept in memory);
//! signed out with `allowGuestAccess`, the device's guest identity (its id stored under
//! Amplify's key). Credentials are cached for their owner (identity and user) until five minutes
//! before they expire; callers asking at once share one request; a sign-out forgets them and the
//! guest id, so the next user never gets the last one's.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::convert::options_of;
use super::runtime::{run_exclusive, settled};
use super::{storage, BrowserClock, CognitoAuth, Inner};
use crate::error::{Error, Result};
use crate::identity::{
    assume_role_reply, assume_role_request, get_credentials_reply, get_credentials_request,
    get_id_reply, get_id_request, get_open_id_token_reply, get_open_id_token_request,
    read_identity_id, stale_identity_id, user_pool_login, CachedCredentials, IdentityConfig, Owner,
};
use crate::json::{decimal, Body};
use crate::platform::Clock;
use crate::user_pool::Next;

/// Provider name and token pairs, as `Logins` sends them.
type Logins = Vec<(String, String)>;

/// What an instance keeps of its identity pool.
pub(super) struct Identity {
    pub config: IdentityConfig,
    /// `config.customRoleArn`: the role to ask for where the pool lets the token choose.
    custom_role_arn: Option<String>,
    /// `config.basicFlow.roleArn`: the basic (classic) flow, `GetOpenIdToken` then STS.
    basic_role_arn: Option<String>,
    /// The signed-in user's identity id: (`sub`, id).
    user_id: RefCell<Option<(String, String)>>,
    cache: RefCell<Option<CachedCredentials>>,
}

impl Identity {
    pub fn new(
        config: IdentityConfig,
        custom_role_arn: Option<String>,
        basic_role_arn: Option<String>,
    ) -> Self {
        Self {
            config,
            custom_role_arn,
            basic_role_arn,
            user_id: RefCell::new(None),
            cache: RefCell::new(None),
        }
    }
}

#[wasm_bindgen]
impl CognitoAuth {
    /// `{ identityId, credentials }` of the identity pool for the current user (or the guest),
    /// `{}` without one; the package's `fetchAuthSession` adds them to its result.
    /// `logins`: the JSON of `config.identityLogins()`, other providers' tokens by provider.
    #[wasm_bindgen(js_name = fetchCredentials, skip_typescript)]
    pub fn fetch_credentials(&self, options: Option<JsValue>, logins: &str) -> js_sys::Promise {
        let read = || -> Result<(bool, Logins)> {
            let force =
                options_of("fetchAuthSession options", options)?.opt_bool("forceRefresh")?;
            let extra = match logins {
                "" => Vec::new(),
                text => crate::json::parse_object(text)
                    .ok()
                    .and_then(|o| o.to_map().ok())
                    .ok_or_else(|| {
                        Error::InvalidArgument(
                            "config.identityLogins() must give an object of token strings".into(),
                        )
                    })?
                    .iter()
                    .map(|(p, t)| (p.clone(), t.clone()))
                    .collect(),
            };
            Ok((force.unwrap_or(false), extra))
        };
        match read() {
            Ok((force, extra)) => self.inner.credentials(force, extra),
            Err(e) => settled(Err(e)),
        }
    }
}

impl Inner {
    /// Forgets the signed-in user's identity, the cached credentials and the stored guest id.
    pub(super) fn forget_identity(&self) {
        if let Some(identity) = &self.identity {
            identity.user_id.take();
            identity.cache.take();
            storage::remove(&self.store, &identity.config.identity_id_key());
        }
    }

    /// The owner of the credentials asked for and the logins that prove it: the signed-in user
    /// (`sub`; the ID token, and `extra` logins), someone proved by `extra` logins alone (a mark
    /// of those tokens), or the guest (`None`). `Err(None)`: nobody to ask for.
    fn asker(
        &self,
        identity: &Identity,
        extra: Logins,
    ) -> Result<(Option<String>, Logins), Option<Error>> {
        let state = self.state.borrow();
        if let Some(s) = &state.session {
            let login = user_pool_login(&self.client.config().user_pool_id, s.id_token.token())
                .map_err(Some)?;
            let mut logins = vec![login];
            logins.extend(extra);
            return Ok((s.id_token.claims.sub.clone(), logins));
        }
        if !extra.is_empty() {
            let tokens: Vec<&[u8]> = extra
                .iter()
                .flat_map(|(p, t)| [p.as_bytes(), t.as_bytes()])
                .collect();
            let mark = crate::bignum::hex(&crate::sha256::sha256(&tokens));
            return Ok((Some(["logins ", &mark].concat()), extra));
        }
        if identity.config.allow_guest_access {
            return Ok((None, Vec::new()));
        }
        Err(None)
    }

    fn credentials(self: &Rc<Self>, force: bool, extra: Logins) -> js_sys::Promise {
        let Some(identity) = &self.identity else {
            return settled(Ok(super::convert::to_js(Body::new())));
        };
        let (user, logins) = match self.asker(identity, extra) {
            Ok(asker) => asker,
            Err(Some(e)) => return settled(Err(e)),
            Err(None) => return settled(Ok(super::convert::to_js(Body::new()))),
        };
        let known = match &user {
            Some(sub) => identity
                .user_id
                .borrow()
                .as_ref()
                .filter(|(s, _)| s == sub)
                .map(|(_, id)| id.clone()),
            None => storage::get(&self.store, &identity.config.identity_id_key())
                .and_then(|text| read_identity_id(&text)),
        };
        if let (false, Some(id)) = (force, &known) {
            let owner = Owner {
                identity_id: id.clone(),
                user: user.clone(),
            };
            let cache = identity.cache.borrow();
            if let Some(cached) = cache.as_ref().filter(|c| c.usable(&owner, self.now())) {
                return settled(Ok(super::convert::to_js(credentials_json(cached))));
            }
        }
        let timeout = self.client.timeout_ms();
        // Only a user's token can choose a role (`cognito:preferred_role`, `cognito:roles`).
        let role = user.as_ref().and(identity.custom_role_arn.clone());
        let basic = identity.basic_role_arn.clone();
        // After the identity id: the credentials, or (basic flow) the OpenID token for STS.
        let second =
            move |config: &IdentityConfig, id: &str, logins: &[(String, String)]| match &basic {
                Some(_) => get_open_id_token_request(config, id, logins, timeout),
                None => get_credentials_request(config, id, logins, role.as_deref(), timeout),
            };
        let first = match &known {
            Some(id) => second(&identity.config, id, &logins),
            None => get_id_request(&identity.config, &logins, timeout),
        };
        let inner = self.clone();
        let mut first = Some(first);
        let mut identity_id = known;
        let mut retried = false;
        let mut assumed = false;
        let key = [
            "credentials ",
            &decimal(self.id),
            " ",
            user.as_deref().unwrap_or(""),
        ]
        .concat();
        run_exclusive(
            &key,
            "",
            Box::new(move |reply| {
                let identity = inner.identity.as_ref().ok_or(Error::NotSignedIn)?;
                let config = &identity.config;
                if let Some(first) = first.take() {
                    return Ok(Next::Send(first?));
                }
                let Some(id) = identity_id.clone() else {
                    let id = get_id_reply(reply)?;
                    inner.keep_identity_id(user.as_deref(), &id);
                    let next = second(config, &id, &logins)?;
                    identity_id = Some(id);
                    return Ok(Next::Send(next));
                };
                // Their expiry is the service's time; the reply's `Date` says how far ours is.
                let skew_ms = crate::time::skew_ms(reply.as_ref().ok(), inner.now());
                let got = match (&identity.basic_role_arn, assumed) {
                    // Basic flow: the OpenID token, then STS with it.
                    (Some(role_arn), false) => {
                        let (returned, token) = get_open_id_token_reply(reply)?;
                        inner.keep_identity_id(user.as_deref(), &returned);
                        identity_id = Some(returned.clone());
                        assumed = true;
                        return Ok(Next::Send(assume_role_request(
                            config,
                            role_arn,
                            "CognitoIdentityCredentials",
                            token.expose(),
                            None,
                            timeout,
                        )?));
                    }
                    (Some(_), true) => assume_role_reply(reply).map(|c| (id, c)),
                    (None, _) => get_credentials_reply(reply),
                };
                match got {
                    Ok((returned, credentials)) => {
                        // The service may answer with the identity a guest was merged into.
                        inner.keep_identity_id(user.as_deref(), &returned);
                        let cached = CachedCredentials {
                            owner: Owner {
                                identity_id: returned,
                                user: user.clone(),
                            },
                            credentials,
                            fetched_ms: inner.now(),
                            skew_ms,
                        };
                        let json = credentials_json(&cached);
                        if inner.owner_still(user.as_deref()) {
                            identity.cache.replace(Some(cached));
                        }
                        Ok(Next::Done(Body::new().object("result", json)))
                    }
                    // A stored guest id the pool no longer knows: ask for a new one, once.
                    Err(e) if stale_identity_id(&e) && user.is_none() && !retried && !assumed => {
                        retried = true;
                        identity_id = None;
                        storage::remove(&inner.store, &config.identity_id_key());
                        Ok(Next::Send(get_id_request(config, &logins, timeout)?))
                    }
                    Err(e) => Err(e),
                }
            }),
        )
    }

    fn now(&self) -> u64 {
        BrowserClock.now_ms()
    }

    /// Whether the one asking for credentials is still the one signed in (or still no one).
    fn owner_still(&self, user: Option<&str>) -> bool {
        let state = self.state.borrow();
        let now = state
            .session
            .as_ref()
            .and_then(|s| s.id_token.claims.sub.as_deref());
        now == user
    }

    /// Keeps an identity id: a user's in memory, the guest's in storage (Amplify's key).
    fn keep_identity_id(&self, user: Option<&str>, id: &str) {
        let Some(identity) = &self.identity else {
            return;
        };
        if !self.owner_still(user) {
            return;
        }
        match user {
            Some(sub) => {
                identity
                    .user_id
                    .replace(Some((sub.to_owned(), id.to_owned())));
            }
            None => storage::set(&self.store, &identity.config.identity_id_key(), id),
        }
    }
}

/// `{ identityId, credentials: { accessKeyId, secretAccessKey, sessionToken, expiration } }`,
/// `expiration` in seconds (the package makes it a `Date`).
fn credentials_json(cached: &CachedCredentials) -> Body {
    let c = &cached.credentials;
    Body::new()
        .str("identityId", &cached.owner.identity_id)
        .object(
            "credentials",
            Body::new()
                .str("accessKeyId", &c.access_key_id)
                .str("secretAccessKey", c.secret_access_key.expose())
                .str("sessionToken", c.session_token.expose())
                .num("expiration", c.expiration_s),
        )
}

/// Reads `identityPoolId`, `allowGuestAccess`, `identityEndpoint` and `customRoleArn` of the
/// configuration.
pub(super) fn read_config(config: &super::convert::Args<'_>) -> Result<Option<Identity>> {
    let Some(pool) = config.opt_string("identityPoolId")? else {
        return Ok(None);
    };
    let guests = config.opt_bool("allowGuestAccess")?.unwrap_or(false);
    let endpoint = config.opt_url("identityEndpoint")?;
    let role = config.opt_string("customRoleArn")?;
    let mut pool = IdentityConfig::new(&pool, guests, endpoint.as_deref())?;
    let mut basic = None;
    if let Some(flow) = config.opt_object("basicFlow")? {
        basic = Some(flow.string("roleArn")?);
        if let Some(sts) = flow.opt_url("stsEndpoint")? {
            pool = pool.with_sts_endpoint(&sts)?;
        }
    }
    Ok(Some(Identity::new(pool, role, basic)))
}
