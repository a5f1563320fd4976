use std::collections::HashMap;

use super::*;
use crate::base64;
use crate::error::ServiceError;
use crate::platform::tests::FixedClock;
use crate::platform::OsRandom;
use crate::user_pool::UserPoolConfig;

const CLIENT: &str = "client1";
/// 2026-11-03T09:05:07Z
const NOW_MS: u64 = 1_793_696_707_000;
const NOW_S: u64 = NOW_MS / 1000;

fn jwt(payload: &str) -> String {
    let b64 = base64::encode(payload.as_bytes())
        .trim_end_matches('=')
        .replace('+', "-")
        .replace('/', "_");
    ["eyJhbGciOiJub25lIn0.", &b64, ".c2ln"].concat()
}

/// Tokens as Cognito issues them, `iat` at `iat` and valid for an hour.
fn tokens_at(iat: u64, user: &str, refresh: Option<&str>) -> Tokens {
    let exp = iat + 3600;
    let id = format!(
        r#"{{"sub":"sub-{user}","aud":"{CLIENT}","token_use":"id","cognito:username":"{user}","iat":{iat},"exp":{exp}}}"#
    );
    let access = format!(
        r#"{{"sub":"sub-{user}","client_id":"{CLIENT}","token_use":"access","username":"{user}","iat":{iat},"exp":{exp}}}"#
    );
    Tokens {
        id_token: Secret::new(jwt(&id)),
        access_token: Secret::new(jwt(&access)),
        refresh_token: refresh.map(Secret::from),
        expires_in: Some(3600),
    }
}

fn details() -> Option<SignInDetails> {
    Some(SignInDetails {
        login_id: "Alice@Example.test".into(),
        flow: AuthFlow::UserSrpAuth,
    })
}

fn stored(session: &Session) -> HashMap<String, String> {
    session
        .entries(&Keys::new(CLIENT))
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

fn restore(map: &HashMap<String, String>) -> std::result::Result<Session, Restore> {
    Session::restore(CLIENT, &Keys::new(CLIENT), &|k| map.get(k).cloned())
}

#[test]
fn keys_are_those_of_amazon_cognito_identity_js_and_amplify() {
    let keys = Keys::new("abc");
    assert_eq!(
        keys.last_auth_user(),
        "CognitoIdentityServiceProvider.abc.LastAuthUser"
    );
    assert_eq!(
        keys.user("alice", "idToken"),
        "CognitoIdentityServiceProvider.abc.alice.idToken"
    );
    let all = keys.all_of("alice");
    for field in [
        "refreshToken",
        "clockDrift",
        "signInDetails",
        "deviceKey",
        "oauthMetadata",
    ] {
        assert!(all.contains(&keys.user("alice", field)), "{field}");
    }
}

#[test]
fn a_session_round_trips_through_storage() {
    // The device clock is 42 s ahead of the service that issued the tokens.
    let session = Session::new(
        CLIENT,
        tokens_at(NOW_S - 42, "alice", Some("r1")),
        NOW_MS,
        details(),
    )
    .unwrap();
    assert_eq!(session.username, "alice");
    assert_eq!(session.clock_drift_s, 42);
    let map = stored(&session);
    assert_eq!(
        map["CognitoIdentityServiceProvider.client1.LastAuthUser"],
        "alice"
    );
    assert_eq!(
        map["CognitoIdentityServiceProvider.client1.alice.clockDrift"],
        "42"
    );
    assert_eq!(
        map["CognitoIdentityServiceProvider.client1.alice.signInDetails"],
        r#"{"loginId":"Alice@Example.test","authFlowType":"USER_SRP_AUTH"}"#
    );
    let back = restore(&map).unwrap();
    assert_eq!(back.username, "alice");
    assert_eq!(back.id_token.token(), session.id_token.token());
    assert_eq!(back.access_token.token(), session.access_token.token());
    assert_eq!(back.refresh_token.unwrap().expose(), "r1");
    assert_eq!(back.clock_drift_s, 42);
    assert_eq!(back.details, details());
    let printed = format!("{session:?}");
    for token in [session.id_token.token(), session.access_token.token(), "r1"] {
        assert!(!printed.contains(token), "{printed}");
    }
}

#[test]
fn nothing_stored_is_empty_and_anything_unusable_is_corrupt() {
    assert_eq!(restore(&HashMap::new()).unwrap_err(), Restore::Empty);
    let good =
        stored(&Session::new(CLIENT, tokens_at(NOW_S, "alice", Some("r")), NOW_MS, None).unwrap());
    let other =
        stored(&Session::new(CLIENT, tokens_at(NOW_S, "bob", Some("r")), NOW_MS, None).unwrap());
    let key = |f: &str| format!("CognitoIdentityServiceProvider.client1.alice.{f}");
    type Tamper = Box<dyn Fn(&mut HashMap<String, String>)>;
    let cases: Vec<(&str, Tamper)> = vec![
        (
            "no id token",
            Box::new(move |m| {
                m.remove(&key("idToken"));
            }),
        ),
        (
            "truncated access token",
            Box::new(move |m| {
                let t = m[&key("accessToken")].clone();
                m.insert(key("accessToken"), t[..t.len() / 2].to_owned());
            }),
        ),
        (
            "garbage",
            Box::new(move |m| {
                m.insert(key("idToken"), "not a jwt".into());
            }),
        ),
        ("another user's token swapped in", {
            let bobs = other["CognitoIdentityServiceProvider.client1.bob.accessToken"].clone();
            Box::new(move |m| {
                m.insert(key("accessToken"), bobs.clone());
            })
        }),
        (
            "LastAuthUser edited",
            Box::new(|m| {
                m.insert(
                    "CognitoIdentityServiceProvider.client1.LastAuthUser".into(),
                    "mallory".into(),
                );
            }),
        ),
        (
            "signInDetails not JSON",
            Box::new(move |m| {
                m.insert(key("signInDetails"), "{".into());
            }),
        ),
    ];
    for (name, tamper) in cases {
        let mut map = good.clone();
        tamper(&mut map);
        assert!(restore(&map).is_err(), "{name}");
    }
    assert!(restore(&good).is_ok(), "untouched, it is read");
    // Tokens of another app client are not ours.
    let other_client = Session::new("client2", tokens_at(NOW_S, "alice", None), NOW_MS, None);
    assert!(
        other_client.is_err(),
        "tokens of client1 are refused for client2"
    );
}

#[test]
fn a_session_of_amazon_cognito_identity_js_is_read() {
    // What amazon-cognito-identity-js 6 writes: tokens, clockDrift in seconds, no signInDetails.
    let t = tokens_at(NOW_S - 5, "alice", Some("r"));
    let mut map = HashMap::new();
    let key = |f: &str| format!("CognitoIdentityServiceProvider.client1.alice.{f}");
    map.insert(key("idToken"), t.id_token.expose().clone());
    map.insert(key("accessToken"), t.access_token.expose().clone());
    map.insert(key("refreshToken"), "r".into());
    map.insert(key("clockDrift"), "5".into());
    map.insert(
        "CognitoIdentityServiceProvider.client1.LastAuthUser".into(),
        "alice".into(),
    );
    let s = restore(&map).unwrap();
    assert_eq!((s.clock_drift_s, s.details), (5, None));
}

#[test]
fn a_stored_drift_reads_back_as_it_was_however_far_the_clock_is() {
    let hour = 3600;
    for drift in [
        0,
        1,
        -1,
        42,
        -42,
        999,
        -999,
        1000,
        -1000,
        hour,
        -hour,
        24 * hour,
        -24 * hour,
    ] {
        assert_eq!(read_drift(&write_drift(drift)), drift, "{drift}");
    }
    // Small drifts as amazon-cognito-identity-js writes them, large ones as Amplify v6 does.
    assert_eq!(write_drift(42), "42");
    assert_eq!(write_drift(24 * hour), "-86400000");
    assert_eq!(write_drift(-hour), "3600000");
}

#[test]
fn clock_drift_reads_both_sdks_and_survives_garbage() {
    assert_eq!(read_drift("42"), 42);
    assert_eq!(read_drift("-3"), -3);
    // Amplify v6: milliseconds, the opposite sign.
    assert_eq!(read_drift("-42000"), 42);
    assert_eq!(read_drift("1500"), -1);
    for bad in ["", "x", "1.5", "--1", "99999999999999999999", " "] {
        assert_eq!(read_drift(bad), 0, "{bad}");
    }
}

#[test]
fn expiry_is_judged_in_the_services_time_with_a_margin() {
    // The device runs 10 min behind the service; the tokens were issued 59 min 30 s ago.
    let issued = NOW_S + 600 - 3570;
    let s = Session::new(
        CLIENT,
        tokens_at(issued, "alice", Some("r")),
        NOW_MS - 3_570_000,
        None,
    )
    .unwrap();
    assert_eq!(s.clock_drift_s, -600);
    // 30 s left: within the 60 s margin.
    assert!(s.expires_within(NOW_MS, EXPIRY_MARGIN_S));
    assert!(!s.expires_within(NOW_MS, 10));
    // Without the drift correction the device would think 10 minutes were left.
    assert!(!Session {
        clock_drift_s: 0,
        ..s
    }
    .expires_within(NOW_MS, EXPIRY_MARGIN_S));
    let fresh = Session::new(CLIENT, tokens_at(NOW_S, "alice", None), NOW_MS, None).unwrap();
    assert!(!fresh.expires_within(NOW_MS + 3_000_000, EXPIRY_MARGIN_S));
    assert!(fresh.expires_within(NOW_MS + 3_541_000, EXPIRY_MARGIN_S));
    assert!(fresh.expires_within(NOW_MS + 7_200_000, EXPIRY_MARGIN_S));
}

#[test]
fn a_refresh_keeps_the_refresh_token_unless_rotated() {
    let s = Session::new(
        CLIENT,
        tokens_at(NOW_S, "alice", Some("r1")),
        NOW_MS,
        details(),
    )
    .unwrap();
    let later = NOW_MS + 3_000_000;
    let s = s
        .refreshed(CLIENT, tokens_at(NOW_S + 3000, "alice", None), later)
        .unwrap();
    assert_eq!(s.refresh_token.as_ref().unwrap().expose(), "r1");
    assert_eq!(s.details, details());
    let s = s
        .refreshed(CLIENT, tokens_at(NOW_S + 3000, "alice", Some("r2")), later)
        .unwrap();
    assert_eq!(s.refresh_token.as_ref().unwrap().expose(), "r2");
    let wrong = s.refreshed(CLIENT, tokens_at(NOW_S, "bob", None), later);
    assert!(wrong.is_err(), "a refresh cannot switch users");
    let garbled = Tokens {
        id_token: Secret::new("a.b.c".into()),
        access_token: Secret::new("a.b.c".into()),
        refresh_token: None,
        expires_in: Some(3600),
    };
    let err = s.refreshed(CLIENT, garbled, later).unwrap_err();
    assert_eq!(err.name(), "MalformedResponseError");
    // the session a failed refresh was asked for is still whole
    assert_eq!(s.username, "alice");
    assert_eq!(s.refresh_token.as_ref().unwrap().expose(), "r2");
    assert_eq!(s.details, details());
}

#[test]
fn a_tab_takes_up_the_session_another_tab_refreshed_in_its_place() {
    let keys = Keys::new(CLIENT);
    let session = |iat, user, refresh| {
        Session::new(
            CLIENT,
            tokens_at(iat, user, Some(refresh)),
            NOW_MS,
            details(),
        )
        .unwrap()
    };
    // Tabs A and B hold the same session; A refreshes it (rotation: r1 -> r2) under the lock.
    let held = session(NOW_S, "alice", "r1");
    let by_a = session(NOW_S + 3000, "alice", "r2");
    let record = by_a.handover(&keys, &held.mark());

    let taken = held
        .handed_over(CLIENT, &keys, &record, &held.mark())
        .unwrap();
    assert_eq!(taken.refresh_token.as_ref().unwrap().expose(), "r2");
    assert_eq!(taken.access_token.token(), by_a.access_token.token());
    assert_eq!(taken.details, details());

    // B took up A's session from storage before its refresh was asked for: not for it.
    assert!(by_a
        .handed_over(CLIENT, &keys, &record, &by_a.mark())
        .is_none());
    // ... but after it was asked for: the refresh asked for has happened.
    assert!(by_a
        .handed_over(CLIENT, &keys, &record, &held.mark())
        .is_some());
    // Another sign-in of the same user, another user, another app client: not theirs either.
    let other = session(NOW_S + 1, "alice", "r1");
    assert!(other
        .handed_over(CLIENT, &keys, &record, &other.mark())
        .is_none());
    let bob = session(NOW_S, "bob", "r9");
    let bobs_record = session(NOW_S, "alice", "r2").handover(&keys, &bob.mark());
    assert!(bob
        .handed_over(CLIENT, &keys, &bobs_record, &bob.mark())
        .is_none());
    let elsewhere = Keys::new("other-client");
    assert!(held
        .handed_over("other-client", &elsewhere, &record, &held.mark())
        .is_none());
    // Unreadable or tampered records are none, never a panic.
    let tampered = record
        .replace("\"r2\"", "\"r2\",\"x\":1}")
        .replace("eyJ", "eyK");
    for bad in [
        "",
        "null",
        "[]",
        "{",
        "{\"mark\":1}",
        &record[..record.len() / 2],
        &tampered,
    ] {
        let taken = held.handed_over(CLIENT, &keys, bad, &held.mark());
        assert!(taken.is_none(), "{bad}");
    }
    assert_eq!(held.mark().len(), 32);
    assert_ne!(held.mark(), by_a.mark());
}

fn client(secret: Option<&str>) -> UserPoolClient {
    UserPoolClient::new(
        UserPoolConfig {
            user_pool_id: "eu-west-1_Pool1".into(),
            user_pool_client_id: CLIENT.into(),
            client_secret: secret.map(Secret::from),
            endpoint: None,
        },
        (),
        Box::new(FixedClock(NOW_MS)),
        Box::new(OsRandom),
    )
    .unwrap()
}

fn body(r: &HttpRequest) -> serde_json::Value {
    serde_json::from_str(&r.body).unwrap()
}

fn target(r: &HttpRequest) -> &str {
    &r.headers
        .iter()
        .find(|(k, _)| k == "X-Amz-Target")
        .unwrap()
        .1
}

#[test]
fn refresh_requests_follow_the_api_reference() {
    let s = Session::new(CLIENT, tokens_at(NOW_S, "alice", Some("r1")), NOW_MS, None).unwrap();
    let c = client(Some("shh"));
    let r = c.refresh_request(&s, RefreshWith::GetTokens).unwrap();
    assert_eq!(
        target(&r),
        "AWSCognitoIdentityProviderService.GetTokensFromRefreshToken"
    );
    assert_eq!(
        body(&r),
        serde_json::json!({"RefreshToken": "r1", "ClientId": CLIENT, "ClientSecret": "shh"})
    );
    let r = c.refresh_request(&s, RefreshWith::InitiateAuth).unwrap();
    assert_eq!(target(&r), "AWSCognitoIdentityProviderService.InitiateAuth");
    assert_eq!(
        body(&r),
        serde_json::json!({
            "AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": CLIENT,
            "AuthParameters": {
                "REFRESH_TOKEN": "r1",
                "SECRET_HASH": crate::srp::secret_hash("shh", "alice", CLIENT),
            }
        })
    );
    let revoke = c.revoke_request("r1");
    assert_eq!(
        target(&revoke),
        "AWSCognitoIdentityProviderService.RevokeToken"
    );
    assert_eq!(
        body(&revoke),
        serde_json::json!({"Token": "r1", "ClientId": CLIENT, "ClientSecret": "shh"})
    );
    let global = c.global_sign_out_request(&s);
    assert_eq!(body(&global)["AccessToken"], s.access_token.token());
    let no_refresh = Session::new(CLIENT, tokens_at(NOW_S, "alice", None), NOW_MS, None).unwrap();
    assert!(client(None)
        .refresh_request(&no_refresh, RefreshWith::GetTokens)
        .is_err());
}

fn reply(status: u16, body: &str) -> Result<HttpResponse> {
    Ok(HttpResponse {
        status,
        headers: vec![],
        body: body.into(),
    })
}

#[test]
fn refresh_replies_give_tokens_or_typed_errors() {
    let c = client(None);
    let t = tokens_at(NOW_S, "alice", None);
    let ok = format!(
        r#"{{"AuthenticationResult":{{"IdToken":"{}","AccessToken":"{}","ExpiresIn":3600,"TokenType":"Bearer"}}}}"#,
        t.id_token.expose(),
        t.access_token.expose()
    );
    let tokens = c
        .refresh_reply(RefreshWith::GetTokens, reply(200, &ok))
        .unwrap();
    assert!(tokens.refresh_token.is_none());
    for bad in [
        "{}",
        r#"{"AuthenticationResult":{"IdToken":"x"}}"#,
        "<html>",
    ] {
        let e = c
            .refresh_reply(RefreshWith::GetTokens, reply(200, bad))
            .unwrap_err();
        assert_eq!(e.name(), "MalformedResponseError", "{bad}");
    }
}

fn service(status: u16, kind: &str) -> Error {
    Error::Service(Box::new(ServiceError {
        kind: CognitoErrorKind::from_name(kind),
        message: String::new(),
        request_id: None,
        status,
    }))
}

#[test]
fn only_a_refusal_ends_the_session() {
    assert_eq!(
        classify(&Error::Network("offline".into())),
        Failure::Transient
    );
    assert_eq!(classify(&Error::malformed("html")), Failure::Transient);
    assert_eq!(
        classify(&service(429, "TooManyRequestsException")),
        Failure::Transient
    );
    assert_eq!(
        classify(&service(500, "InternalErrorException")),
        Failure::Transient
    );
    assert_eq!(
        classify(&service(503, "ServiceUnavailable")),
        Failure::Transient
    );
    assert_eq!(
        classify(&service(400, "NotAuthorizedException")),
        Failure::Refused
    );
    assert_eq!(
        classify(&service(400, "RefreshTokenReuseException")),
        Failure::Reused
    );
    assert_eq!(
        classify(&service(400, "UserNotFoundException")),
        Failure::Refused
    );
    assert_eq!(
        classify(&service(400, "UnknownOperationException")),
        Failure::Unsupported
    );
    assert_eq!(
        classify(&service(400, "InvalidParameterException")),
        Failure::Unsupported
    );
}

#[test]
fn backoff_grows_exponentially_is_capped_and_jittered() {
    assert_eq!(
        (0..8).map(|a| backoff_ms(a, 1.0)).collect::<Vec<_>>(),
        vec![500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]
    );
    assert_eq!(backoff_ms(3, 0.5), 2000);
    assert_eq!(backoff_ms(3, 0.0), 0);
    assert_eq!(backoff_ms(u32::MAX, 7.0), 30_000);
}
