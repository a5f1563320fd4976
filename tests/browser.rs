//! The `CognitoAuth` class as JavaScript meets it, in headless Chromium, against the local
//! Cognito rig (tests/rig/): `./dev test` starts the rig and passes its address in `COGNITO_RIG`.

#![cfg(target_arch = "wasm32")]

use cognito_auth_wasm::wasm::CognitoAuth;
use gloo_net::http::Request;
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const RIG: Option<&str> = option_env!("COGNITO_RIG");

fn rig() -> &'static str {
    RIG.expect("COGNITO_RIG is not set: run the browser tests with ./dev test")
}

/// The rig's pools and clients.
async fn rig_config() -> Value {
    let url = format!("{}/rig/config", rig());
    serde_json::from_str(
        &Request::get(&url)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    )
    .unwrap()
}

/// The confirmation code the rig "sent" to a user.
async fn rig_code(pool_id: &str, username: &str) -> String {
    let url = format!("{}/rig/code", rig());
    let reply = Request::get(&url)
        .query([("userPoolId", pool_id), ("username", username)])
        .send()
        .await
        .unwrap();
    let reply: Value = serde_json::from_str(&reply.text().await.unwrap()).unwrap();
    reply["code"].as_str().unwrap().to_owned()
}

/// One call of the user pool API, sent to the rig as is: its HTTP status and JSON reply.
async fn rig_call(operation: &str, body: Value) -> (u16, Value) {
    let reply = Request::post(&format!("{}/", rig()))
        .header("Content-Type", "application/x-amz-json-1.1")
        .header(
            "X-Amz-Target",
            &format!("AWSCognitoIdentityProviderService.{operation}"),
        )
        .body(body.to_string())
        .unwrap()
        .send()
        .await
        .unwrap();
    let status = reply.status();
    (
        status,
        serde_json::from_str(&reply.text().await.unwrap()).unwrap(),
    )
}

/// An admin call, sent as is (the rig, like moto, does not check SigV4 on admin operations).
async fn rig_admin(operation: &str, body: Value) -> Value {
    let (status, reply) = rig_call(operation, body).await;
    assert!((200..300).contains(&status), "{operation} failed: {status}");
    reply
}

fn js(value: Value) -> JsValue {
    use serde::Serialize;
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap()
}

fn rust(value: &JsValue) -> Value {
    serde_wasm_bindgen::from_value(value.clone()).unwrap()
}

fn web_storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn unique(prefix: &str) -> String {
    let n = (js_sys::Math::random() * 1e12) as u64;
    format!("{prefix}{n}")
}

async fn call(promise: js_sys::Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(promise).await
}

async fn ok(promise: js_sys::Promise) -> Value {
    match call(promise).await {
        Ok(v) => rust(&v),
        Err(e) => panic!("call failed: {} {}", error_name(&e), error_message(&e)),
    }
}

fn get(target: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(target, &key.into()).unwrap()
}

fn error_name(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.name()))
        .unwrap_or_else(|| format!("not an Error: {e:?}"))
}

fn error_message(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_default()
}

async fn err_name(promise: js_sys::Promise) -> String {
    match call(promise).await {
        Ok(v) => panic!("expected an error, got {:?}", rust(&v)),
        Err(e) => {
            assert!(e.is_instance_of::<js_sys::Error>(), "not an Error");
            error_name(&e)
        }
    }
}

fn auth(pool: &Value, secret_client: bool) -> CognitoAuth {
    let (client_id, secret) = if secret_client {
        (&pool["secretClientId"], &pool["clientSecret"])
    } else {
        (&pool["clientId"], &Value::Null)
    };
    CognitoAuth::new(js(json!({
        "userPoolId": pool["userPoolId"],
        "userPoolClientId": client_id,
        "clientSecret": secret,
        "endpoint": rig(),
        // Every test of this page shares one localStorage: each instance keeps its own session.
        "storage": "memory",
    })))
    .map_err(|e| error_message(&e))
    .unwrap()
}

const PASSWORD: &str = "Corr3ct-horse!";

/// Signs a user up and confirms it with the rig's code; returns the user's sub.
/// A user signed up and confirmed with the rig's code, with the client it was made through.
struct User {
    auth: CognitoAuth,
    username: String,
    email: String,
    sub: String,
    client_id: String,
}

/// Signs a fresh user up in pool `pool_key` ("main" or "email") and confirms it. In the email pool
/// the username is the email address.
async fn registered_user(pool_key: &str, secret_client: bool, prefix: &str) -> User {
    let config = rig_config().await;
    let pool = &config[pool_key];
    let auth = auth(pool, secret_client);
    let name = unique(prefix);
    let email = format!("{name}@example.test");
    let username = if pool_key == "email" {
        email.clone()
    } else {
        name
    };
    let up = ok(auth.sign_up(js(json!({
        "username": username,
        "password": PASSWORD,
        "options": { "userAttributes": { "email": email } },
    }))))
    .await;
    assert_eq!(up["isSignUpComplete"], false);
    assert_eq!(up["nextStep"]["signUpStep"], "CONFIRM_SIGN_UP");
    let sub = up["userId"].as_str().unwrap().to_owned();
    assert!(!sub.is_empty());
    let code = rig_code(pool["userPoolId"].as_str().unwrap(), &username).await;
    let confirmed = ok(auth.confirm_sign_up(js(json!({
        "username": username, "confirmationCode": code,
    }))))
    .await;
    assert_eq!(confirmed["isSignUpComplete"], true);
    assert_eq!(confirmed["nextStep"]["signUpStep"], "DONE");
    let client_key = if secret_client {
        "secretClientId"
    } else {
        "clientId"
    };
    User {
        auth,
        username,
        email,
        sub,
        client_id: pool[client_key].as_str().unwrap().to_owned(),
    }
}

/// Checks the session's tokens: claims right, refresh token present, `String(jwt)` is the JWT.
async fn assert_session(user: &User) {
    let (sub, client_id, email) = (
        user.sub.as_str(),
        user.client_id.as_str(),
        user.email.as_str(),
    );
    let session = call(user.auth.fetch_auth_session(None)).await.unwrap();
    let tokens = get(&session, "tokens");
    let id = get(&tokens, "idToken");
    let access = get(&tokens, "accessToken");
    let id_claims = rust(&get(&id, "payload"));
    let access_claims = rust(&get(&access, "payload"));
    assert_eq!(id_claims["sub"], sub);
    assert_eq!(id_claims["token_use"], "id");
    assert_eq!(id_claims["aud"], client_id);
    assert_eq!(id_claims["email"], email);
    assert_eq!(access_claims["sub"], sub);
    assert_eq!(access_claims["token_use"], "access");
    assert_eq!(access_claims["client_id"], client_id);
    for claims in [&id_claims, &access_claims] {
        let (exp, iat) = (
            claims["exp"].as_u64().unwrap(),
            claims["iat"].as_u64().unwrap(),
        );
        assert!(exp > iat, "registered claims are in the payload: {claims}");
    }
    let jwt = String::from(js_sys::Object::from(id.clone()).to_string());
    assert_eq!(jwt.split('.').count(), 3, "String(idToken) is the JWT");
    // As in Amplify, the refresh token is not handed to JS.
    assert!(
        get(&tokens, "refreshToken").is_undefined(),
        "no refresh token in JS"
    );
    assert_eq!(rust(&get(&session, "userSub")), sub);
}

#[wasm_bindgen_test]
async fn sign_up_confirm_and_srp_sign_in_give_tokens_with_the_right_claims() {
    let user = registered_user("main", false, "alice").await;
    let (auth, username, sub) = (&user.auth, &user.username, &user.sub);

    let signed_in =
        ok(auth.sign_in(js(json!({ "username": username, "password": PASSWORD })))).await;
    assert_eq!(
        signed_in,
        json!({ "isSignedIn": true, "nextStep": { "signInStep": "DONE" } })
    );
    assert_session(&user).await;
    let current = ok(auth.get_current_user()).await;
    assert_eq!(
        current,
        json!({
            "username": username, "userId": sub,
            "signInDetails": { "loginId": username, "authFlowType": "USER_SRP_AUTH" },
        })
    );

    assert_eq!(
        err_name(auth.sign_in(js(json!({ "username": username, "password": PASSWORD })))).await,
        "UserAlreadyAuthenticatedException"
    );
    ok(auth.sign_out(None)).await;
    assert_eq!(
        err_name(auth.get_current_user()).await,
        "UserUnAuthenticatedException"
    );
}

#[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
export function recordSrpA() {
  const seen = [];
  const original = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    try {
      const a = JSON.parse(init.body).AuthParameters?.SRP_A;
      if (a) seen.push(a);
    } catch (e) {}
    return original(input, init);
  };
  return seen;
}
export function idle() { return new Promise((done) => requestIdleCallback(done)); }
"#)]
extern "C" {
    /// Wraps `fetch` (for the rest of this page) and returns the list of `SRP_A` values sent.
    #[wasm_bindgen(js_name = recordSrpA)]
    fn record_srp_a() -> js_sys::Array;
    fn idle() -> js_sys::Promise;
}

/// A and its secret are computed ahead, in an idle moment, and never serve two sign-ins: three
/// sign-ins (after idle moments and straight after a sign-out) send three different A values.
#[wasm_bindgen_test]
async fn each_sign_in_sends_a_fresh_a_computed_ahead_or_on_the_spot() {
    let user = registered_user("main", false, "ahead").await;
    let seen = record_srp_a();
    let sign_in = || {
        user.auth.sign_in(js(
            json!({ "username": user.username, "password": PASSWORD }),
        ))
    };
    call(idle()).await.unwrap();
    ok(sign_in()).await;
    ok(user.auth.sign_out(None)).await;
    call(idle()).await.unwrap();
    ok(sign_in()).await;
    ok(user.auth.sign_out(None)).await;
    // No idle moment in between: this sign-in must not reuse the A just spent.
    ok(sign_in()).await;
    let a: Vec<String> = seen.iter().filter_map(|v| v.as_string()).collect();
    assert_eq!(a.len(), 3, "three InitiateAuth requests with SRP_A");
    assert!(
        a[0] != a[1] && a[1] != a[2] && a[0] != a[2],
        "A reused: {a:?}"
    );
}

/// The session outlives the instance: a second instance (a reload) is signed in with the same
/// tokens at once, under amazon-cognito-identity-js's keys; sign-out leaves no key behind.
#[wasm_bindgen_test]
async fn a_session_in_local_storage_survives_a_reload_and_sign_out_removes_it() {
    let config = rig_config().await;
    let pool = &config["main"];
    let user = registered_user("main", false, "reload").await;
    let make = || {
        CognitoAuth::new(js(json!({
            "userPoolId": pool["userPoolId"], "userPoolClientId": pool["clientId"], "endpoint": rig(),
        })))
        .unwrap()
    };
    let prefix = format!(
        "CognitoIdentityServiceProvider.{}.",
        pool["clientId"].as_str().unwrap()
    );
    let first = make();
    if call(first.get_current_user()).await.is_ok() {
        ok(first.sign_out(None)).await; // a session left by an earlier run
    }
    ok(first.sign_in(js(
        json!({ "username": user.username, "password": PASSWORD }),
    )))
    .await;
    let store = web_storage();
    let key = |field: &str| format!("{prefix}{}.{field}", user.username);
    assert_eq!(
        store.get_item(&format!("{prefix}LastAuthUser")).unwrap(),
        Some(user.username.clone())
    );
    for field in [
        "idToken",
        "accessToken",
        "refreshToken",
        "clockDrift",
        "signInDetails",
    ] {
        assert!(
            store.get_item(&key(field)).unwrap().is_some(),
            "{field} stored"
        );
    }
    let tokens = |session: JsValue| {
        let t = get(&session, "tokens");
        ["idToken", "accessToken"]
            .map(|k| String::from(js_sys::Object::from(get(&t, k)).to_string()))
    };
    let before = tokens(call(first.fetch_auth_session(None)).await.unwrap());

    let reloaded = make();
    assert_eq!(
        ok(reloaded.get_current_user()).await["username"],
        user.username.as_str()
    );
    let after = tokens(call(reloaded.fetch_auth_session(None)).await.unwrap());
    assert_eq!(after, before, "the same tokens after the reload");

    let refresh = store.get_item(&key("refreshToken")).unwrap().unwrap();
    assert_eq!(
        ok(reloaded.sign_out(None)).await,
        json!({ "revoked": true })
    );
    let (status, _) = rig_call(
        "GetTokensFromRefreshToken",
        json!({ "RefreshToken": refresh, "ClientId": pool["clientId"] }),
    )
    .await;
    assert_eq!(status, 400, "the revoked refresh token is refused");
    for field in [
        "idToken",
        "accessToken",
        "refreshToken",
        "clockDrift",
        "signInDetails",
    ] {
        assert_eq!(
            store.get_item(&key(field)).unwrap(),
            None,
            "{field} removed"
        );
    }
    assert_eq!(
        store.get_item(&format!("{prefix}LastAuthUser")).unwrap(),
        None
    );
    assert_eq!(
        err_name(make().get_current_user()).await,
        "UserUnAuthenticatedException"
    );
}

/// Stored values that were cut short or edited read as signed out, and are removed.
#[wasm_bindgen_test]
async fn a_tampered_stored_session_reads_as_signed_out_and_is_removed() {
    let config = rig_config().await;
    let pool = &config["email"];
    let client_id = pool["clientId"].as_str().unwrap();
    let store = web_storage();
    let prefix = format!("CognitoIdentityServiceProvider.{client_id}.");
    store
        .set_item(&format!("{prefix}LastAuthUser"), "mallory")
        .unwrap();
    store
        .set_item(
            &format!("{prefix}mallory.idToken"),
            "eyJhbGciOiJub25lIn0.e30.",
        )
        .unwrap();
    store
        .set_item(&format!("{prefix}mallory.accessToken"), "not a token")
        .unwrap();
    let auth = CognitoAuth::new(js(json!({
        "userPoolId": pool["userPoolId"], "userPoolClientId": client_id, "endpoint": rig(),
    })))
    .unwrap();
    assert_eq!(
        err_name(auth.get_current_user()).await,
        "UserUnAuthenticatedException"
    );
    assert_eq!(
        store.get_item(&format!("{prefix}LastAuthUser")).unwrap(),
        None
    );
    assert_eq!(
        store.get_item(&format!("{prefix}mallory.idToken")).unwrap(),
        None
    );
}

#[wasm_bindgen_test]
async fn the_client_with_a_secret_signs_up_and_in_with_secret_hash() {
    let user = registered_user("main", true, "sam").await;
    let signed_in = ok(user.auth.sign_in(js(json!({
        "username": user.username, "password": PASSWORD,
    }))))
    .await;
    assert_eq!(signed_in["isSignedIn"], true);
    assert_session(&user).await;
}

#[wasm_bindgen_test]
async fn a_wrong_client_secret_is_refused() {
    let config = rig_config().await;
    let pool = &config["main"];
    let auth = CognitoAuth::new(js(json!({
        "userPoolId": pool["userPoolId"],
        "userPoolClientId": pool["secretClientId"],
        "clientSecret": "not-the-secret",
        "endpoint": rig(),
    })))
    .unwrap();
    let name = err_name(auth.sign_up(js(json!({
        "username": unique("eve"), "password": PASSWORD,
        "options": { "userAttributes": { "email": "eve@example.test" } },
    }))))
    .await;
    assert_eq!(name, "NotAuthorizedException");
}

#[wasm_bindgen_test]
async fn srp_sign_in_works_for_an_email_as_username_pool() {
    let user = registered_user("email", false, "erin").await;
    let signed_in = ok(user.auth.sign_in(js(json!({
        "username": user.email, "password": PASSWORD,
    }))))
    .await;
    assert_eq!(signed_in["isSignedIn"], true);
    assert_session(&user).await;
}

#[wasm_bindgen_test]
async fn a_wrong_password_is_not_authorized() {
    let User { auth, username, .. } = registered_user("main", false, "bob").await;
    for flow in ["USER_SRP_AUTH", "USER_PASSWORD_AUTH"] {
        let e = call(auth.sign_in(js(json!({
            "username": username, "password": "Wr0ng-password!",
            "options": { "authFlowType": flow },
        }))))
        .await
        .unwrap_err();
        assert_eq!(error_name(&e), "NotAuthorizedException", "{flow}");
        assert!(!error_message(&e).is_empty());
        assert!(
            get(&e, "requestId").as_string().is_some(),
            "requestId on service errors"
        );
    }
    let session = call(auth.fetch_auth_session(None)).await.unwrap();
    assert!(
        get(&session, "tokens").is_undefined(),
        "no tokens after a failed sign-in"
    );
}

#[wasm_bindgen_test]
async fn user_password_auth_signs_in_when_asked_for() {
    let user = registered_user("main", false, "pat").await;
    let signed_in = ok(user.auth.sign_in(js(json!({
        "username": user.username, "password": PASSWORD,
        "options": { "authFlowType": "USER_PASSWORD_AUTH" },
    }))))
    .await;
    assert_eq!(signed_in["isSignedIn"], true);
    assert_session(&user).await;
}

#[wasm_bindgen_test]
async fn a_wrong_confirmation_code_is_a_code_mismatch_and_resend_gives_a_working_code() {
    let config = rig_config().await;
    let pool = &config["main"];
    let pool_id = pool["userPoolId"].as_str().unwrap();
    let auth = auth(pool, false);
    let username = unique("carol");
    ok(auth.sign_up(js(json!({
        "username": username, "password": PASSWORD,
        "options": { "userAttributes": { "email": format!("{username}@example.test") } },
    }))))
    .await;
    let code = rig_code(pool_id, &username).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    assert_eq!(
        err_name(auth.confirm_sign_up(js(
            json!({ "username": username, "confirmationCode": wrong })
        )))
        .await,
        "CodeMismatchException"
    );
    let delivery = ok(auth.resend_sign_up_code(js(json!({ "username": username })))).await;
    assert_eq!(delivery["deliveryMedium"], "EMAIL");
    let fresh = rig_code(pool_id, &username).await;
    ok(auth.confirm_sign_up(js(
        json!({ "username": username, "confirmationCode": fresh }),
    )))
    .await;
}

#[wasm_bindgen_test]
async fn an_unconfirmed_user_cannot_sign_in() {
    let config = rig_config().await;
    let pool = &config["main"];
    let auth = auth(pool, false);
    let username = unique("dan");
    ok(auth.sign_up(js(json!({
        "username": username, "password": PASSWORD,
        "options": { "userAttributes": { "email": format!("{username}@example.test") } },
    }))))
    .await;
    assert_eq!(
        err_name(auth.sign_in(js(json!({ "username": username, "password": PASSWORD })))).await,
        "UserNotConfirmedException"
    );
}

#[wasm_bindgen_test]
async fn an_existing_username_cannot_sign_up_again() {
    let config = rig_config().await;
    let pool = &config["main"];
    let auth = auth(pool, false);
    let username = unique("fay");
    let input = json!({
        "username": username, "password": PASSWORD,
        "options": { "userAttributes": { "email": format!("{username}@example.test") } },
    });
    ok(auth.sign_up(js(input.clone()))).await;
    assert_eq!(
        err_name(auth.sign_up(js(input))).await,
        "UsernameExistsException"
    );
}

#[wasm_bindgen_test]
async fn an_admin_created_user_sets_a_new_password_through_confirm_sign_in() {
    let config = rig_config().await;
    let pool = &config["main"];
    let pool_id = pool["userPoolId"].as_str().unwrap();
    let username = unique("gus");
    let email = format!("{username}@example.test");
    let temporary = "Temp0rary-pass!";
    rig_admin(
        "AdminCreateUser",
        json!({
            "UserPoolId": pool_id, "Username": username, "TemporaryPassword": temporary,
            "MessageAction": "SUPPRESS",
            "UserAttributes": [{ "Name": "email", "Value": email }],
        }),
    )
    .await;
    let auth = auth(pool, false);
    assert_eq!(
        err_name(auth.confirm_sign_in(js(json!({ "challengeResponse": "x" })))).await,
        "InvalidStateError"
    );
    let step = ok(auth.sign_in(js(json!({ "username": username, "password": temporary })))).await;
    assert_eq!(step["isSignedIn"], false);
    assert_eq!(
        step["nextStep"]["signInStep"],
        "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED"
    );
    let done = ok(auth.confirm_sign_in(js(json!({ "challengeResponse": PASSWORD })))).await;
    assert_eq!(
        done,
        json!({ "isSignedIn": true, "nextStep": { "signInStep": "DONE" } })
    );
    let session = call(auth.fetch_auth_session(None)).await.unwrap();
    assert!(!get(&session, "tokens").is_undefined());
    ok(auth.sign_out(None)).await;

    // The new password now signs in with SRP; the temporary one no longer does.
    let again = ok(auth.sign_in(js(json!({ "username": username, "password": PASSWORD })))).await;
    assert_eq!(again["isSignedIn"], true);
    ok(auth.sign_out(None)).await;
    assert_eq!(
        err_name(auth.sign_in(js(json!({ "username": username, "password": temporary })))).await,
        "NotAuthorizedException"
    );
}

#[wasm_bindgen_test]
async fn bad_arguments_from_js_get_a_clear_error_not_a_panic() {
    let config = rig_config().await;
    let pool = &config["main"];
    let auth = auth(pool, false);
    for input in [
        JsValue::UNDEFINED,
        JsValue::NULL,
        js(json!({ "password": PASSWORD })),
        js(json!({ "username": 42, "password": PASSWORD })),
        js(json!({ "username": "", "password": PASSWORD })),
        js(json!({ "username": "a", "password": "" })),
        js(
            json!({ "username": "a", "password": PASSWORD, "options": { "authFlowType": "CUSTOM" } }),
        ),
        js(json!("just a string")),
    ] {
        assert_eq!(err_name(auth.sign_in(input)).await, "InvalidArgumentError");
    }
    assert_eq!(
        err_name(auth.sign_up(js(json!({ "username": "a", "password": PASSWORD, "options": { "userAttributes": { "email": 1 } } })))).await,
        "InvalidArgumentError"
    );
    for config in [
        js(json!({ "userPoolId": "nounderscore", "userPoolClientId": "abc" })),
        js(json!({ "userPoolId": "us-east-1_abc" })),
        js(
            json!({ "userPoolId": "us-east-1_abc", "userPoolClientId": "abc", "endpoint": "http://192.0.2.1/" }),
        ),
        JsValue::UNDEFINED,
    ] {
        let e = CognitoAuth::new(config).err().expect("must throw");
        assert_eq!(error_name(&e), "InvalidArgumentError");
    }
}

/// Tricky absolute URLs: userinfo, `\\`, queries and fragments where a host could hide.
const TRICKY_URLS: [&str; 30] = [
    "https://cognito-idp.us-east-1.amazonaws.com/",
    "https://h?q",
    "https://h#f",
    "https://h:8443?q=/x",
    "http://127.0.0.1:5000",
    "http://localhost/",
    "HTTP://LOCALHOST/",
    "http://[::1]:80/",
    "http://evil.example\\@127.0.0.1/",
    "http://evil.example%5C@127.0.0.1/",
    "http://127.0.0.1\\@evil.example/",
    "http://user:pass@127.0.0.1/",
    "http://127.0.0.1:80@evil.example/",
    "http://127.0.0.1#@evil.example/",
    "http://127.0.0.1?@evil.example/",
    "http://a@b@127.0.0.1/",
    "http://evil.example/127.0.0.1",
    "http://127.0.0.1.evil.example/",
    "http://0x7f.0.0.1/",
    "http://2130706433/",
    "http://127.1/",
    "http:\\\\127.0.0.1\\",
    "http:/127.0.0.1/",
    "http:127.0.0.1",
    " https://h/",
    "https://h/\t",
    "http://localhost./",
    "http://[::ffff:127.0.0.1]/",
    "http://127.0.0.1:99999/",
    "javascript:alert(1)//127.0.0.1/",
];

/// The core's endpoint check (the redirect URLs' too) against the browser's own WHATWG parser:
/// whatever it accepts and the browser can read, the browser reads as https, or http to a
/// loopback host, and what it returns is the same URL to the browser.
#[wasm_bindgen_test]
fn the_url_check_agrees_with_the_browsers_url_parser() {
    use cognito_auth_wasm::aws::check_endpoint;
    let loopback = |host: &str| {
        host == "localhost" || host == "[::1]" || host.split('.').next() == Some("127")
    };
    for url in TRICKY_URLS {
        let Ok(checked) = check_endpoint("endpoint", url) else {
            continue; // refusing is always safe
        };
        let Ok(browser) = web_sys::Url::new(url) else {
            continue; // nothing the browser can send a request to
        };
        let (scheme, host) = (browser.protocol(), browser.hostname());
        assert!(
            scheme == "https:" || scheme == "http:" && loopback(&host),
            "{url:?} accepted, but the browser goes to {scheme}//{host}"
        );
        let again = web_sys::Url::new(&checked).unwrap().href();
        assert_eq!(again, browser.href(), "{url:?} became {checked:?}");
    }
}

/// `new CognitoAuth` reads its endpoints with the browser's parser: a host hidden behind `\\`
/// is refused, and the browser's spellings of loopback are taken.
#[wasm_bindgen_test]
fn endpoints_are_read_with_the_browsers_url_parser() {
    let config = |key: &str, url: &str| {
        let mut c = json!({
            "userPoolId": "us-east-1_abc", "userPoolClientId": "abc",
            "identityPoolId": "us-east-1:00000000-0000-0000-0000-000000000000",
        });
        c[key] = json!(url);
        js(c)
    };
    for key in ["endpoint", "identityEndpoint"] {
        for bad in [
            "http://evil.example\\@127.0.0.1/",
            "http://127.0.0.1:99999/",
            "http://10.0.0.1/",
        ] {
            let e = CognitoAuth::new(config(key, bad))
                .err()
                .unwrap_or_else(|| panic!("{key} {bad:?} was taken"));
            assert_eq!(error_name(&e), "InvalidArgumentError", "{key} {bad:?}");
            assert!(!error_message(&e).contains("evil"), "{}", error_message(&e));
        }
        for good in [
            "http://0x7f.0.0.1:5000",
            "http://2130706433/",
            "https://h?q",
        ] {
            assert!(
                CognitoAuth::new(config(key, good)).is_ok(),
                "{key} {good:?} was refused"
            );
        }
    }
}

#[wasm_bindgen_test]
async fn an_unreachable_endpoint_is_a_network_error() {
    let auth = CognitoAuth::new(js(json!({
        "userPoolId": "us-east-1_abc", "userPoolClientId": "abc",
        // Port 9 (discard) on loopback: nothing listens there.
        "endpoint": "http://127.0.0.1:9/",
    })))
    .unwrap();
    assert_eq!(
        err_name(auth.sign_in(js(json!({ "username": "a", "password": PASSWORD })))).await,
        "NetworkError"
    );
}

/// The browser's BigInt backend against the known-answer vectors from
/// amazon-cognito-identity-js (natively, tests/srp_vectors.rs checks the num-bigint backend).
#[wasm_bindgen_test]
fn srp_in_the_browser_matches_amazon_cognito_identity_js() {
    use cognito_auth_wasm::bignum::{BigNum, Int};
    use cognito_auth_wasm::srp::{Group, SrpClient, VerifierInput};
    let all: Value = serde_json::from_str(include_str!("vectors/srp.json")).unwrap();
    let s = |v: &Value, k: &str| v[k].as_str().unwrap().to_owned();
    let vectors = all["vectors"].as_array().unwrap();
    assert!(vectors.len() >= 20);
    for v in vectors {
        let name = s(v, "name");
        let a = Int::from_hex(&s(v, "a")).unwrap();
        let client = SrpClient::with_secret(Group::cognito(), a).unwrap();
        assert_eq!(client.srp_a(), s(v, "srpA"), "{name}: A");
        let (pool, user, pw, b, salt, block, ts) = (
            s(v, "poolName"),
            s(v, "userIdForSrp"),
            s(v, "password"),
            s(v, "srpB"),
            s(v, "salt"),
            s(v, "secretBlock"),
            s(v, "timestamp"),
        );
        let input = VerifierInput {
            pool_name: &pool,
            user_id_for_srp: &user,
            password: &pw,
            srp_b: &b,
            salt: &salt,
            secret_block: &block,
            timestamp: &ts,
        };
        let d = client.derive(&input).unwrap();
        assert_eq!(d.u.to_hex(), s(v, "u"), "{name}: u");
        assert_eq!(d.x.expose().to_hex(), s(v, "x"), "{name}: x");
        assert_eq!(d.s.expose().to_hex(), s(v, "S"), "{name}: S");
        assert_eq!(
            client.password_claim_signature(&input).unwrap(),
            s(v, "signature"),
            "{name}: signature"
        );
    }
    for v in all["invalid"].as_array().unwrap() {
        let client =
            SrpClient::with_secret(Group::cognito(), Int::from_hex(&s(v, "a")).unwrap()).unwrap();
        let (b, salt, block) = (s(v, "srpB"), s(v, "salt"), s(v, "secretBlock"));
        let input = VerifierInput {
            pool_name: "p",
            user_id_for_srp: "u",
            password: "pw",
            srp_b: &b,
            salt: &salt,
            secret_block: &block,
            timestamp: "Tue Nov 3 09:05:07 UTC 2026",
        };
        assert_eq!(client.derive(&input).err().unwrap().name(), "SrpError");
    }
}

// --- sessions: refresh, failures, events ---------------------------------------------------------

#[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
export function recorder() {
  const events = [];
  const listener = (e) => events.push(e.event);
  listener.events = events;
  return listener;
}
export function events(listener) { return listener.events.join(','); }
export function sleep(ms) { return new Promise((done) => setTimeout(done, ms)); }
"#)]
extern "C" {
    /// A listener for `listen` that records the event names.
    fn recorder() -> JsValue;
    fn events(listener: &JsValue) -> String;
    fn sleep(ms: u32) -> js_sys::Promise;
}

/// The rig's count of requests per operation.
async fn rig_count(operation: &str) -> u64 {
    let reply = Request::get(&format!("{}/rig/stats", rig()))
        .send()
        .await
        .unwrap();
    let stats: Value = serde_json::from_str(&reply.text().await.unwrap()).unwrap();
    stats["operations"][operation].as_u64().unwrap_or(0)
}

/// Tells the rig to fail the next `times` requests of `operation` (`503`, `429`, `drop`, `stall`).
async fn rig_fail(operation: &str, mode: &str, times: u32) {
    let reply = Request::post(&format!("{}/rig/fail", rig()))
        .header("Content-Type", "application/json")
        .body(json!({ "operation": operation, "mode": mode, "times": times }).to_string())
        .unwrap()
        .send()
        .await
        .unwrap();
    assert!(reply.ok(), "/rig/fail: {}", reply.status());
}

/// A signed-in instance of the main pool's rotating client, with its own storage and listener.
async fn rotating_session(prefix: &str, timeout_ms: u32) -> (CognitoAuth, JsValue) {
    let config = rig_config().await;
    let pool = &config["main"];
    let user = registered_user("main", false, prefix).await;
    let auth = CognitoAuth::new(js(json!({
        "userPoolId": pool["userPoolId"], "userPoolClientId": pool["rotatingClientId"],
        "endpoint": rig(), "storage": "memory", "timeoutMs": timeout_ms,
    })))
    .unwrap();
    let listener = recorder();
    let _ = auth.listen(listener.clone());
    ok(auth.sign_in(js(
        json!({ "username": user.username, "password": PASSWORD }),
    )))
    .await;
    (auth, listener)
}

fn id_token(session: &JsValue) -> String {
    let id = get(&get(session, "tokens"), "idToken");
    String::from(js_sys::Object::from(id).to_string())
}

fn force() -> JsValue {
    js(json!({ "forceRefresh": true }))
}

/// Twenty concurrent `fetchAuthSession({ forceRefresh: true })` cause one refresh, which rotates
/// the refresh token; a second round works with the rotated one.
#[wasm_bindgen_test]
async fn concurrent_forced_refreshes_send_one_request() {
    let (auth, listener) = rotating_session("refresh", 30_000).await;
    let before = id_token(&call(auth.fetch_auth_session(None)).await.unwrap());
    call(sleep(1100)).await.unwrap(); // new tokens get a new iat
    for round in 0..2 {
        let count = rig_count("GetTokensFromRefreshToken").await;
        let calls: Vec<_> = (0..20)
            .map(|_| call(auth.fetch_auth_session(Some(force()))))
            .collect();
        let mut tokens = Vec::new();
        for c in calls {
            tokens.push(id_token(&c.await.unwrap()));
        }
        assert_eq!(
            rig_count("GetTokensFromRefreshToken").await - count,
            1,
            "round {round}: one refresh request for 20 calls"
        );
        assert!(
            tokens.iter().all(|t| *t == tokens[0]),
            "every caller got the same tokens"
        );
        assert_ne!(tokens[0], before, "new tokens");
    }
    call(sleep(0)).await.unwrap();
    assert_eq!(events(&listener), "signedIn,tokenRefresh,tokenRefresh");
}

/// A 503, a 429, a dropped connection and a stalled request during a refresh keep the session:
/// the refresh is retried with backoff and succeeds, or fails with a typed error and the tokens
/// stay as they were.
#[wasm_bindgen_test]
async fn transient_refresh_failures_keep_the_session() {
    let (auth, listener) = rotating_session("transient", 1_000).await;
    let op = "GetTokensFromRefreshToken";
    for mode in ["503", "429", "drop", "stall"] {
        rig_fail(op, mode, 1).await;
        call(auth.fetch_auth_session(Some(force())))
            .await
            .unwrap_or_else(|e| {
                panic!(
                    "{mode}: a retry should have succeeded: {}",
                    error_message(&e)
                )
            });
    }
    // Every attempt fails: the call fails, the session stays.
    rig_fail(op, "503", 10).await;
    let held = id_token(&call(auth.fetch_auth_session(None)).await.unwrap());
    assert_eq!(
        err_name(auth.fetch_auth_session(Some(force()))).await,
        "InternalErrorException"
    );
    let still = call(auth.fetch_auth_session(None)).await.unwrap();
    assert_eq!(id_token(&still), held, "the session is kept");
    ok(auth.get_current_user()).await;
    rig_fail(op, "503", 0).await; // no fault left for the tests after this one
    call(sleep(0)).await.unwrap();
    assert!(
        events(&listener).ends_with("tokenRefresh_failure"),
        "{}",
        events(&listener)
    );
    assert!(!events(&listener).contains("signedOut"));
}

/// A refresh token revoked at the service signs the user out: `tokenRefresh_failure`, then
/// `signedOut`, and the call fails with the service's `NotAuthorizedException`.
#[wasm_bindgen_test]
async fn a_revoked_refresh_token_signs_the_user_out() {
    let config = rig_config().await;
    let pool = &config["main"];
    let user = registered_user("main", false, "revoked").await;
    let listener = recorder();
    let _ = user.auth.listen(listener.clone());
    ok(user.auth.sign_in(js(
        json!({ "username": user.username, "password": PASSWORD }),
    )))
    .await;
    // Another device signs the user out everywhere.
    let other = CognitoAuth::new(js(json!({
        "userPoolId": pool["userPoolId"], "userPoolClientId": pool["clientId"],
        "endpoint": rig(), "storage": "memory",
    })))
    .unwrap();
    ok(other.sign_in(js(
        json!({ "username": user.username, "password": PASSWORD }),
    )))
    .await;
    assert_eq!(
        ok(other.sign_out(Some(js(json!({ "global": true }))))).await,
        json!({ "revoked": true })
    );
    assert_eq!(
        err_name(user.auth.fetch_auth_session(Some(force()))).await,
        "NotAuthorizedException"
    );
    assert_eq!(
        err_name(user.auth.get_current_user()).await,
        "UserUnAuthenticatedException"
    );
    call(sleep(0)).await.unwrap();
    assert_eq!(events(&listener), "signedIn,tokenRefresh_failure,signedOut");
}
