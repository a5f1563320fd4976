//! `fetchAuthSession`, `getCurrentUser`, `signOut`, `listen`: the stored session, its refresh,
//! its end, and the events that tell of them (Amplify's Hub names).

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::convert::{options_of, to_js};
use super::runtime::{forget_handover, run, run_exclusive, settled, Call};
use super::{storage, CognitoAuth, Inner};
use crate::error::{Error, Result};
use crate::json::{append, write_str, Body};
use crate::platform::OsRandom;
use crate::platform::{Clock, RandomSource};
use crate::secret::Wipe;
use crate::session::{
    backoff_ms, classify, Failure, Jwt, RefreshWith, Restore, Session, SignInDetails,
    EXPIRY_MARGIN_S,
};
use crate::user_pool::Next;

/// Transient refresh failures are retried this many times before the call fails.
const REFRESH_RETRIES: u32 = 3;

#[wasm_bindgen(inline_js = r#"
function jwts(s) {
  const t = s && s.tokens;
  if (t) for (const k of ['idToken', 'accessToken']) {
    const [token, payload] = t[k];
    t[k] = Object.freeze({ payload, toString() { return token; } });
  }
  return s;
}
export function session(text) { return jwts(JSON.parse(text)); }
export function settle(promise) { return promise.then((s) => jwts(structuredClone(s))); }
export function listen(listeners, listener) {
  listeners.push(listener);
  return () => { const i = listeners.indexOf(listener); if (i >= 0) listeners.splice(i, 1); };
}
export function emit(listeners, event, data) {
  const payload = { event, data: data ? JSON.parse(data) : undefined };
  queueMicrotask(() => {
    for (const listener of [...listeners]) {
      try { listener(payload); } catch (e) { queueMicrotask(() => { throw e; }); }
    }
  });
}
"#)]
extern "C" {
    /// The session JSON with each `[token, payload]` as Amplify's `JWT`: `{ payload, toString() }`.
    fn session(json: &str) -> JsValue;
    /// The same for the result of a promise; each caller gets its own copy (refreshes are shared).
    fn settle(promise: js_sys::Promise) -> js_sys::Promise;
    fn listen(listeners: &js_sys::Array, listener: &JsValue) -> JsValue;
    /// Calls each listener with `{ event, data }` in a microtask: a listener registered right
    /// after `new CognitoAuth` still hears what the constructor found.
    fn emit(listeners: &js_sys::Array, event: &str, data: &str);
}

#[wasm_bindgen]
impl CognitoAuth {
    /// The current tokens, with their decoded payloads (Amplify's `fetchAuthSession`); tokens
    /// that expire within a minute, or all with `forceRefresh`, are refreshed first.
    #[wasm_bindgen(js_name = fetchAuthSession, unchecked_return_type = "Promise<AuthSession>")]
    pub fn fetch_auth_session(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "FetchAuthSessionOptions")] options: Option<
            JsValue,
        >,
    ) -> js_sys::Promise {
        let inner = &self.inner;
        let force = options_of("fetchAuthSession options", options)
            .and_then(|o| o.opt_bool("forceRefresh"))
            .map(|f| f.unwrap_or(false));
        let needs = match force {
            Err(e) => return settled(Err(e)),
            Ok(force) => inner.state.borrow().session.as_ref().map(|s| {
                s.refresh_token.is_some()
                    && (force || s.expires_within(inner.client_now(), EXPIRY_MARGIN_S))
            }),
        };
        match needs {
            Some(true) => settle(inner.refresh()),
            _ => settled(inner.session_js()),
        }
    }

    /// The signed-in user: `{ username, userId, signInDetails }`. Rejects with
    /// `UserUnAuthenticatedException` when nobody is signed in.
    #[wasm_bindgen(js_name = getCurrentUser, unchecked_return_type = "Promise<AuthUser>")]
    pub fn get_current_user(&self) -> js_sys::Promise {
        let state = self.inner.state.borrow();
        settled(match &state.session {
            Some(s) => Ok(to_js(user(s))),
            None => Err(Error::NotSignedIn),
        })
    }

    /// Signs out: the session leaves this instance and storage at once (`signedOut`), then the
    /// refresh token is revoked (`RevokeToken`), after `GlobalSignOut` with `{ global: true }`.
    /// Resolves to `{ revoked }`: `false` when the service could not be told. With `oauth`, the
    /// page then goes to the hosted UI's `/logout` and back to `redirectSignOut`.
    #[wasm_bindgen(js_name = signOut, unchecked_return_type = "Promise<SignOutOutput>")]
    pub fn sign_out(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "SignOutInput")] options: Option<JsValue>,
    ) -> js_sys::Promise {
        let global = match options_of("signOut options", options).and_then(|o| o.opt_bool("global"))
        {
            Ok(g) => g.unwrap_or(false),
            Err(e) => return settled(Err(e)),
        };
        let inner = self.inner.clone();
        let done = |revoked| {
            // With the hosted UI, its own session (a cookie on its domain) ends too.
            inner.leave_hosted_ui();
            settled(Ok(to_js(Body::new().bool("revoked", revoked))))
        };
        let Some(session) = inner.end_session() else {
            return done(true);
        };
        let revoke = session
            .refresh_token
            .as_ref()
            .map(|r| inner.client.revoke_request(r.expose()));
        let (first, mut then) = match (global, revoke) {
            (true, revoke) => (inner.client.global_sign_out_request(&session), revoke),
            (false, Some(revoke)) => (revoke, None),
            (false, None) => return done(false),
        };
        let mut operation = if global {
            "GlobalSignOut"
        } else {
            "RevokeToken"
        };
        let mut revoked = true;
        run(
            Ok(first),
            Box::new(move |reply| {
                revoked &= inner.client.sign_out_reply(operation, reply).is_ok();
                match then.take() {
                    Some(next) => {
                        operation = "RevokeToken";
                        Ok(Next::Send(next))
                    }
                    None => {
                        inner.leave_hosted_ui();
                        Ok(Next::Done(Body::new().bool("revoked", revoked)))
                    }
                }
            }),
        )
    }

    /// Calls `listener({ event, data })` for `signedIn`, `signedOut`, `tokenRefresh` and
    /// `tokenRefresh_failure`, also when another tab of the origin signs in or out. Returns the
    /// function that stops it.
    #[wasm_bindgen(unchecked_return_type = "() => void")]
    pub fn listen(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(event: AuthHubEvent) => void")] listener: JsValue,
    ) -> JsValue {
        listen(&self.inner.listeners, &listener)
    }
}

/// Amplify's `AuthUser`.
fn user(s: &Session) -> Body {
    Body::new()
        .str("username", &s.username)
        .opt_str("userId", s.id_token.claims.sub.as_deref())
        .opt_object(
            "signInDetails",
            s.details.as_ref().map(SignInDetails::to_json),
        )
}

/// A token as the JSON `[token, payload]` (the payload decoded when the token was); wiped by
/// the caller.
fn jwt(token: &Jwt) -> String {
    let mut out = String::new();
    append(&mut out, "[");
    write_str(&mut out, token.token());
    append(&mut out, ",");
    append(&mut out, token.payload());
    append(&mut out, "]");
    out
}

/// `{ tokens: { idToken, accessToken, signInDetails? }, userSub? }`; the refresh token stays in
/// the wasm, as in Amplify.
fn session_json(s: &Session) -> Body {
    let (mut id, mut access) = (jwt(&s.id_token), jwt(&s.access_token));
    let tokens = Body::new()
        .raw("idToken", &id)
        .raw("accessToken", &access)
        .opt_object(
            "signInDetails",
            s.details.as_ref().map(SignInDetails::to_json),
        );
    id.wipe();
    access.wipe();
    Body::new()
        .object("tokens", tokens)
        .opt_str("userSub", s.id_token.claims.sub.as_deref())
}

pub(super) fn error_json(e: &Error) -> String {
    Body::new()
        .object(
            "error",
            Body::new()
                .str("name", e.name())
                .str("message", &e.message()),
        )
        .build()
}

impl Inner {
    fn client_now(&self) -> u64 {
        super::BrowserClock.now_ms()
    }

    pub(super) fn emit(&self, event: &str, data: &str) {
        emit(&self.listeners, event, data);
    }

    fn session_js(&self) -> Result<JsValue> {
        match &self.state.borrow().session {
            Some(s) => {
                let mut json = session_json(s).build();
                let value = session(&json);
                json.wipe();
                Ok(value)
            }
            None => Ok(to_js(Body::new())),
        }
    }

    /// Writes the session to storage.
    fn persist(&self, s: &Session) {
        for (key, value) in s.entries(&self.keys).iter() {
            storage::set(&self.store, key, value);
        }
    }

    /// Removes `LastAuthUser` and every key of `username`, in that order: another tab reading
    /// in between sees no session rather than half of one.
    fn forget(&self, username: &str) {
        forget_handover(&self.lock);
        storage::remove(&self.store, &self.keys.last_auth_user());
        for key in self.keys.all_of(username) {
            storage::remove(&self.store, &key);
        }
    }

    /// Takes a new session (a sign-in): stored, and `signedIn` told.
    pub(super) fn begin_session(&self, s: Session) {
        self.persist(&s);
        self.emit("signedIn", &user(&s).build());
        self.state.borrow_mut().session = Some(s);
    }

    /// Ends the session here and in storage; `signedOut` is told. Returns the session ended.
    pub(super) fn end_session(&self) -> Option<Session> {
        let mut state = self.state.borrow_mut();
        state.epoch = state.epoch.wrapping_add(1);
        state.pending = None;
        state.auto_sign_in = None;
        let s = state.session.take()?;
        drop(state);
        self.forget_identity();
        self.forget(&s.username);
        self.emit("signedOut", "");
        Some(s)
    }

    /// Reads the stored session (at construction, and when another tab changed it). What cannot
    /// be read is removed and reads as signed out, with `tokenRefresh_failure` and `signedOut`.
    pub(super) fn load(&self, initial: bool) {
        let last = storage::get(&self.store, &self.keys.last_auth_user());
        let restored = Session::restore(&self.client.config().client_id, &self.keys, &|k| {
            storage::get(&self.store, k)
        });
        let mut state = self.state.borrow_mut();
        let before = state.session.as_ref().map(|s| s.username.clone());
        match restored {
            Ok(s) => {
                let same_user = before.as_deref() == Some(s.username.as_str());
                if !same_user {
                    state.epoch = state.epoch.wrapping_add(1);
                    state.pending = None;
                }
                // A session found at start-up is no sign-in; one another tab made is.
                let event = (!same_user && !initial).then(|| user(&s).build());
                state.session = Some(s);
                drop(state);
                if let Some(data) = event {
                    self.emit("signedIn", &data);
                }
            }
            Err(why) => {
                state.epoch = state.epoch.wrapping_add(1);
                let had = state.session.take().is_some();
                drop(state);
                // Another tab's writes arrive key by key, so a half-written session is read as
                // signed out but left alone; at start-up, an unreadable one is removed.
                let corrupt = initial && why == Restore::Corrupt;
                if corrupt {
                    if let Some(u) = last.filter(|u| !u.is_empty()) {
                        self.forget(&u);
                    }
                    let e = Error::malformed("the stored session is unreadable");
                    self.emit("tokenRefresh_failure", &error_json(&e));
                }
                if had || corrupt {
                    self.emit("signedOut", "");
                }
            }
        }
    }

    /// Follows sign-ins, sign-outs and refreshes made by other tabs (storage events).
    pub(super) fn watch_other_tabs(self: &Rc<Self>) {
        let inner = self.clone();
        let prefix = self.keys.prefix();
        storage::watch(
            &self.store,
            Call::new(Box::new(move |change| {
                let key = change.as_ref().map_or("", |r| r.body.as_str());
                // `key` is empty when another tab cleared the whole storage.
                if key.is_empty() || key.starts_with(&prefix) {
                    inner.load(false);
                }
                Ok(Next::Done(Body::new()))
            })),
        );
    }

    /// Refreshes the tokens; concurrent callers share one refresh, and tabs take turns (a tab
    /// whose session another tab refreshed meanwhile takes that one up instead). Transient
    /// failures are retried with backoff and then reported with the session kept; a refusal
    /// ends it.
    fn refresh(self: &Rc<Self>) -> js_sys::Promise {
        let inner = self.clone();
        let (epoch, replaced) = {
            let state = self.state.borrow();
            (state.epoch, state.session.as_ref().map(Session::mark))
        };
        let mut attempt = 0;
        let mut begun = false;
        // Shared by this instance's callers only: another instance has its own state to update.
        let key = ["refresh ", &crate::json::decimal(self.id)].concat();
        run_exclusive(
            &key,
            &self.lock,
            Box::new(move |reply| {
                let Some(asked) = replaced.as_deref() else {
                    return Err(Error::NotSignedIn);
                };
                if !std::mem::replace(&mut begun, true) {
                    let record = reply.as_ref().map_or("", |r| r.body.as_str());
                    return inner.begin_refresh(epoch, record, asked);
                }
                let with = inner.refresh_with.get();
                // Tokens that do not decode, or another user's, are a garbled reply like any
                // other: retried, and the session kept.
                let failure = match inner.client.refresh_reply(with, reply) {
                    Ok(tokens) => match inner.take_refresh(epoch, tokens) {
                        Err(e @ Error::MalformedResponse(_)) => e,
                        done => return done,
                    },
                    Err(e) => e,
                };
                let state = inner.state.borrow();
                let Some(s) = state.session.as_ref().filter(|_| state.epoch == epoch) else {
                    return Err(Error::NotSignedIn);
                };
                let kind = classify(&failure);
                if kind == Failure::Unsupported && with == RefreshWith::GetTokens {
                    inner.refresh_with.set(RefreshWith::InitiateAuth);
                    return Ok(Next::Send(
                        inner.client.refresh_request(s, RefreshWith::InitiateAuth)?,
                    ));
                }
                // Another tab may have refreshed (and rotated the token this one just spent)
                // meanwhile, without the lock (a browser without Web Locks): take up the
                // session it stored rather than retry or sign out.
                let spent = s.refresh_token.as_ref().map(|r| r.expose().clone());
                drop(state);
                if let Some(json) = inner.adopt_rotated(spent.as_deref()) {
                    return Ok(Next::Done(Body::new().object("result", json)));
                }
                if matches!(kind, Failure::Transient | Failure::Reused) {
                    return inner.retry_or_fail(&mut attempt, epoch, with, kind, failure);
                }
                inner.emit("tokenRefresh_failure", &error_json(&failure));
                inner.end_session();
                Err(failure)
            }),
        )
    }

    /// The first step of a refresh, under the lock: the session another tab left in `record`
    /// in place of the one this refresh was asked for (marked `asked`), or else the request.
    fn begin_refresh(&self, epoch: u32, record: &str, asked: &str) -> Result<Next<Body>> {
        let mut state = self.state.borrow_mut();
        let Some(s) = state.session.as_ref().filter(|_| state.epoch == epoch) else {
            return Err(Error::NotSignedIn);
        };
        let client_id = &self.client.config().client_id;
        if let Some(next) = s.handed_over(client_id, &self.keys, record, asked) {
            let json = session_json(&next);
            state.session = Some(next);
            drop(state);
            self.emit("tokenRefresh", "");
            return Ok(Next::Done(Body::new().object("result", json)));
        }
        Ok(Next::Send(
            self.client.refresh_request(s, self.refresh_with.get())?,
        ))
    }

    /// After a transient failure or a reused token: the same request again after a backoff, or,
    /// when the retries are spent, the error (a reused token then ends the session).
    fn retry_or_fail(
        &self,
        attempt: &mut u32,
        epoch: u32,
        with: RefreshWith,
        kind: Failure,
        failure: Error,
    ) -> Result<Next<Body>> {
        let state = self.state.borrow();
        let Some(s) = state.session.as_ref().filter(|_| state.epoch == epoch) else {
            return Err(Error::NotSignedIn);
        };
        if *attempt < REFRESH_RETRIES {
            let mut r = [0u8; 2];
            let jitter = match OsRandom.fill(&mut r) {
                Ok(()) => f64::from(u16::from_le_bytes(r)) / f64::from(u16::MAX),
                Err(_) => 1.0,
            };
            let wait = backoff_ms(*attempt, jitter);
            *attempt += 1;
            return Ok(Next::SendAfter(wait, self.client.refresh_request(s, with)?));
        }
        drop(state);
        self.emit("tokenRefresh_failure", &error_json(&failure));
        if kind == Failure::Reused {
            self.end_session();
        }
        Err(failure)
    }

    /// The stored session, if it is this user's with a refresh token other than `spent`: another
    /// tab refreshed (and rotated) meanwhile. It replaces this instance's session.
    fn adopt_rotated(&self, spent: Option<&str>) -> Option<Body> {
        let client_id = &self.client.config().client_id;
        let stored =
            Session::restore(client_id, &self.keys, &|k| storage::get(&self.store, k)).ok()?;
        let mut state = self.state.borrow_mut();
        let same_user = state.session.as_ref()?.username == stored.username;
        let other = stored.refresh_token.as_ref().map(|r| r.expose().as_str()) != spent;
        if !(same_user && other) {
            return None;
        }
        let json = session_json(&stored);
        state.session = Some(stored);
        Some(json)
    }

    /// Takes the tokens of a refresh, unless the session changed meanwhile: `{ session,
    /// handover }`, the record for the tabs that asked to refresh the session it replaces.
    /// Tokens that are not a session of this user (`MalformedResponseError`) leave the
    /// session as it was.
    fn take_refresh(&self, epoch: u32, tokens: crate::tokens::Tokens) -> Result<Next<Body>> {
        let mut state = self.state.borrow_mut();
        if state.epoch != epoch {
            return Err(Error::InvalidState(
                "the session changed while its tokens were refreshed".into(),
            ));
        }
        let old = state.session.as_ref().ok_or(Error::NotSignedIn)?;
        let s = old.refreshed(&self.client.config().client_id, tokens, self.client_now())?;
        let mut handover = s.handover(&self.keys, &old.mark());
        let out = Body::new()
            .object("result", session_json(&s))
            .str("handover", &handover);
        handover.wipe();
        self.persist(&s);
        state.session = Some(s);
        drop(state);
        self.emit("tokenRefresh", "");
        Ok(Next::Done(out))
    }
}
