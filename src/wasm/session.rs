//! `fetchAuthSession`, `getCurrentUser`, `signOut`.

use wasm_bindgen::prelude::*;

use super::convert::to_js;
use super::runtime::settled;
use super::{CognitoAuth, Inner, SignInDetails, State};
use crate::error::{Error, Result};
use crate::json::{self, write_str, Body};
use crate::tokens::{claims, not_a_jwt, payload_json};

#[wasm_bindgen(inline_js = r#"
export function session(text) {
  const s = JSON.parse(text), t = s.tokens;
  if (t) for (const k of ['idToken', 'accessToken']) {
    const [token, payload] = t[k];
    t[k] = Object.freeze({ payload, toString() { return token; } });
  }
  return s;
}
"#)]
extern "C" {
    /// The session JSON with each `[token, payload]` as Amplify's `JWT`: `{ payload, toString() }`.
    fn session(json: &str) -> JsValue;
}

#[wasm_bindgen]
impl CognitoAuth {
    /// The current tokens, with their decoded payloads (Amplify's `fetchAuthSession`).
    #[wasm_bindgen(js_name = fetchAuthSession, unchecked_return_type = "Promise<AuthSession>")]
    pub fn fetch_auth_session(&self) -> js_sys::Promise {
        settled(self.inner.session())
    }

    /// The signed-in user: `{ username, userId, signInDetails }`. Rejects with
    /// `UserUnAuthenticatedException` when nobody is signed in.
    #[wasm_bindgen(js_name = getCurrentUser, unchecked_return_type = "Promise<AuthUser>")]
    pub fn get_current_user(&self) -> js_sys::Promise {
        settled(self.inner.current_user())
    }

    /// Forgets the tokens held by this instance.
    #[wasm_bindgen(js_name = signOut, unchecked_return_type = "Promise<void>")]
    pub fn sign_out(&self) -> js_sys::Promise {
        *self.inner.state.borrow_mut() = State::default();
        settled(Ok(JsValue::UNDEFINED))
    }
}

impl Inner {
    fn session(&self) -> Result<JsValue> {
        let state = self.state.borrow();
        let Some(tokens) = &state.tokens else {
            return Ok(to_js(Body::new()));
        };
        let id = tokens.id_token.expose();
        let access = tokens.access_token.expose();
        let (id_json, id_payload) = jwt(id)?;
        let (access_json, _) = jwt(access)?;
        let sub = json::parse_object(&id_payload)
            .ok()
            .and_then(|o| o.string("sub").ok().flatten());
        let t = Body::new()
            .raw("idToken", &id_json)
            .raw("accessToken", &access_json)
            .opt_str(
                "refreshToken",
                tokens.refresh_token.as_ref().map(|r| r.expose().as_str()),
            )
            .opt_object(
                "signInDetails",
                state.details.as_ref().map(SignInDetails::to_json),
            );
        let out = Body::new()
            .object("tokens", t)
            .opt_str("userSub", sub.as_deref());
        Ok(session(&out.build()))
    }

    fn current_user(&self) -> Result<JsValue> {
        let state = self.state.borrow();
        let tokens = state.tokens.as_ref().ok_or(Error::NotSignedIn)?;
        let access = claims(tokens.access_token.expose())?;
        let (Some(username), Some(user_id)) = (access.username, access.sub) else {
            return Err(Error::malformed(
                "access token has no username or sub claim",
            ));
        };
        Ok(to_js(
            Body::new()
                .str("username", &username)
                .str("userId", &user_id)
                .opt_object(
                    "signInDetails",
                    state.details.as_ref().map(SignInDetails::to_json),
                ),
        ))
    }
}

/// A token as the JSON `[token, payload]` (and the payload's text): the payload is checked to be
/// a JSON object before it is written into the result.
fn jwt(token: &str) -> Result<(String, String)> {
    let payload = payload_json(token)?;
    json::parse_object(&payload).map_err(|_| not_a_jwt())?;
    let mut out = String::from("[");
    write_str(&mut out, token);
    out.push(',');
    out.push_str(&payload);
    out.push(']');
    Ok((out, payload))
}
