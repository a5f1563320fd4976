//! `signInWithRedirect`, `handleRedirect`, `fetchUserInfo`, and the hosted UI's part of
//! `signOut`: the page moves to Cognito's managed login and back (the OAuth 2.0 code grant with
//! PKCE, [`crate::oauth`]); the code is exchanged once and the tokens stored like any sign-in's.
//!
//! The flight (state, PKCE verifier, redirect URL) waits in `sessionStorage`, and is taken out
//! before the code is looked at: a second instance in the page, a second `handleRedirect()` or a
//! reload finds none, and shares the completion under way (or has nothing to do) rather than
//! spend the code again.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::convert::{options_of, to_js};
use super::runtime::{navigate, run, settled};
use super::{storage, BrowserClock, CognitoAuth, Inner};
use crate::error::{Error, Result};
use crate::json::{write_str, Body};
use crate::oauth::{
    pick_redirect, read_callback, without_callback_params, Callback, Flight, HostedUi,
    RedirectSignIn,
};
use crate::platform::{Clock, OsRandom};
use crate::session::Session;
use crate::user_pool::Next;

#[wasm_bindgen(inline_js = r#"
const completions = new Map();
export function here() { return (globalThis.location && location.href) || ''; }
export function replace(url) { try { history.replaceState(history.state, '', url); } catch (e) { /* no history */ } }
export function flights() { try { return globalThis.sessionStorage || null; } catch (e) { return null; } }
export function completion(key, promise) {
  // A failure is the caller's to handle through handleRedirect() and the events: not unhandled.
  if (promise) { promise.catch(() => {}); completions.set(key, promise); }
  return completions.get(key);
}
"#)]
extern "C" {
    /// `location.href`, or "" outside a page.
    fn here() -> String;
    /// `history.replaceState` to `url`.
    fn replace(url: &str);
    /// `sessionStorage`, or `null` where it is blocked.
    fn flights() -> JsValue;
    /// The redirect completion of `key` under way in this page; `promise` becomes it.
    fn completion(key: &str, promise: Option<js_sys::Promise>) -> Option<js_sys::Promise>;
}

#[wasm_bindgen]
impl CognitoAuth {
    /// Sends the page to the hosted UI (`/oauth2/authorize`, PKCE S256), to come back to
    /// `oauth.redirectSignIn`; `provider` picks a federated one, `customState` comes back in the
    /// `customOAuthState` event and `handleRedirect()`'s result.
    #[wasm_bindgen(js_name = signInWithRedirect, unchecked_return_type = "Promise<void>")]
    pub fn sign_in_with_redirect(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "SignInWithRedirectInput")] input: Option<
            JsValue,
        >,
    ) -> js_sys::Promise {
        let inner = &self.inner;
        settled((|| {
            let input = options_of("signInWithRedirect input", input)?;
            let input = RedirectSignIn::read(input.object())?;
            if inner.state.borrow().session.is_some() {
                return Err(Error::AlreadySignedIn);
            }
            let hosted = inner.hosted_ui()?;
            let redirect = pick_redirect(&hosted.config.redirect_sign_in, &here())?;
            let (url, flight) =
                hosted.authorize(&input, redirect, &OsRandom, BrowserClock.now_ms())?;
            let (store, key) = (flights(), inner.flight_key());
            storage::set(&store, &key, flight.to_json().expose());
            if storage::get(&store, &key).is_none() {
                return Err(Error::InvalidState(
                    "sessionStorage is unavailable, and a redirect sign-in needs it".into(),
                ));
            }
            navigate(&url);
            Ok(JsValue::UNDEFINED)
        })())
    }

    /// The sign-in the page came back with from the hosted UI: `{ isSignedIn, customState? }`, or
    /// an `OAuthError` with the server's `error` code. The completion starts when the instance is
    /// made; every call (and every instance of the page) shares it.
    #[wasm_bindgen(js_name = handleRedirect, unchecked_return_type = "Promise<HandleRedirectOutput>")]
    pub fn handle_redirect(&self) -> js_sys::Promise {
        let redirect = self.inner.redirect.borrow().clone();
        redirect.unwrap_or_else(|| {
            let signed_in = self.inner.state.borrow().session.is_some();
            settled(Ok(to_js(Body::new().bool("isSignedIn", signed_in))))
        })
    }

    /// The signed-in user's attributes from the hosted UI's `/oauth2/userInfo`.
    #[wasm_bindgen(js_name = fetchUserInfo, unchecked_return_type = "Promise<StringMap>")]
    pub fn fetch_user_info(&self) -> js_sys::Promise {
        let inner = self.inner.clone();
        let request = inner.hosted_ui().and_then(|hosted| {
            let state = inner.state.borrow();
            let s = state.session.as_ref().ok_or(Error::NotSignedIn)?;
            Ok(hosted.user_info_request(s.access_token.token(), inner.client.timeout_ms()))
        });
        run(
            request,
            Box::new(move |reply| {
                let map = inner.hosted_ui()?.user_info_reply(reply)?;
                Ok(Next::Done(Body::of_map(&map)))
            }),
        )
    }
}

impl Inner {
    fn hosted_ui(&self) -> Result<HostedUi<'_>> {
        match &self.oauth {
            Some(config) => Ok(HostedUi {
                config,
                client: self.client.config(),
            }),
            None => Err(Error::InvalidArgument(
                "the hosted UI needs config.oauth (domain, scopes, redirectSignIn, redirectSignOut)"
                    .into(),
            )),
        }
    }

    /// The `sessionStorage` key of a redirect sign-in under way.
    fn flight_key(&self) -> String {
        [&self.keys.prefix(), "oauthFlight"].concat()
    }

    /// After a sign-out: Cognito's `/logout`, back to `redirectSignOut` on this origin.
    pub(super) fn leave_hosted_ui(&self) {
        if let Ok(hosted) = self.hosted_ui() {
            if let Ok(uri) = pick_redirect(&hosted.config.redirect_sign_out, &here()) {
                navigate(&hosted.logout_url(uri));
            }
        }
    }

    /// At start-up: if the page is a return from the hosted UI, completes the sign-in (or
    /// shares the completion another instance of the page began).
    pub(super) fn complete_redirect(self: &Rc<Self>) {
        if self.oauth.is_none() {
            return;
        }
        let key = self.flight_key();
        if let Some(under_way) = completion(&key, None) {
            // Another instance is exchanging the code: this one takes up what it stores.
            let inner = self.clone();
            let take_up = super::runtime::once(move || inner.load(false));
            *self.redirect.borrow_mut() = Some(super::runtime::after(under_way, take_up));
            return;
        }
        let store = flights();
        let Some(text) = storage::get(&store, &key) else {
            // No sign-in of ours in flight (or a reload after one): the page's parameters are
            // the app's own business.
            return;
        };
        let url = here();
        let callback = Flight::read(&text).and_then(|f| Ok((read_callback(&url, &f)?, f)));
        if matches!(callback, Ok((Callback::None, _))) {
            return; // not the return: the flight waits for it
        }
        // Taken out before the code is looked at, in the same turn: exactly one exchange.
        storage::remove(&store, &key);
        replace(&without_callback_params(&url));
        let promise = self.exchange(callback);
        completion(&key, Some(promise.clone()));
        *self.redirect.borrow_mut() = Some(promise);
    }

    /// Exchanges the callback's code (`/oauth2/token`) and stores the session; tells
    /// `signInWithRedirect` or `signInWithRedirect_failure`, and `customOAuthState`.
    fn exchange(self: &Rc<Self>, callback: Result<(Callback, Flight)>) -> js_sys::Promise {
        let (code, flight, custom) = match callback {
            Ok((Callback::Code { code, custom_state }, flight)) => (code, flight, custom_state),
            Ok((
                Callback::Error {
                    error,
                    custom_state,
                },
                _,
            )) => {
                return settled(Err(self.redirect_failed(error, custom_state.as_deref())));
            }
            Ok((Callback::None, _)) => return settled(Ok(JsValue::UNDEFINED)),
            Err(e) => return settled(Err(self.redirect_failed(e, None))),
        };
        let inner = self.clone();
        let epoch = self.state.borrow().epoch;
        let request = self
            .hosted_ui()
            .map(|h| h.token_request(&code, &flight, self.client.timeout_ms()));
        run(
            request,
            Box::new(move |reply| {
                let tokens = inner.hosted_ui().and_then(|h| h.token_reply(reply));
                let client_id = &inner.client.config().client_id;
                let now = BrowserClock.now_ms();
                let session = tokens.and_then(|t| Session::new(client_id, t, now, None));
                // A sign-out while the code was exchanged wins: nothing is stored.
                let session = session.and_then(|s| match inner.state.borrow().epoch == epoch {
                    true => Ok(s),
                    false => Err(Error::InvalidState(
                        "signed out while the sign-in was under way".into(),
                    )),
                });
                match session {
                    Ok(session) => {
                        inner.begin_session(session);
                        inner.emit("signInWithRedirect", "");
                        inner.tell_custom_state(custom.as_deref());
                        Ok(Next::Done(
                            Body::new()
                                .bool("isSignedIn", true)
                                .opt_str("customState", custom.as_deref()),
                        ))
                    }
                    Err(e) => Err(inner.redirect_failed(e, custom.as_deref())),
                }
            }),
        )
    }

    fn redirect_failed(&self, e: Error, custom: Option<&str>) -> Error {
        self.emit(
            "signInWithRedirect_failure",
            &super::session::error_json(&e),
        );
        self.tell_custom_state(custom);
        e
    }

    fn tell_custom_state(&self, custom: Option<&str>) {
        if let Some(c) = custom {
            let mut data = String::new();
            write_str(&mut data, c);
            self.emit("customOAuthState", &data);
        }
    }
}
