#![cfg(not(target_arch = "wasm32"))]

//! The user pool client against a scripted transport: exact requests, challenge handling,
//! malformed replies.

mod common;

use cognito_auth_wasm::secret::Secret;
use cognito_auth_wasm::user_pool::{
    AuthFlow, ChallengeAnswer, NextStep, SignInInput, SignInStep, SignUpInput, StringMap,
    UserPoolClient, UserPoolConfig,
};
use cognito_auth_wasm::Error;
use common::{FixedClock, FixedRandom, Scripted};
use serde_json::{json, Value};

const POOL: &str = "eu-west-1_Pool123";
const CLIENT: &str = "client1";

fn client<'a>(transport: &'a Scripted, secret: Option<&str>) -> UserPoolClient<&'a Scripted> {
    UserPoolClient::new(
        UserPoolConfig {
            user_pool_id: POOL.into(),
            user_pool_client_id: CLIENT.into(),
            client_secret: secret.map(Secret::from),
            endpoint: None,
        },
        transport,
        Box::new(FixedClock(1_793_696_707_000)),
        Box::new(FixedRandom(vec![7; 128])),
    )
    .unwrap()
}

fn sign_in_input(flow: AuthFlow) -> SignInInput {
    SignInInput {
        username: "alice".into(),
        password: Secret::from("Passw0rd!"),
        flow,
        client_metadata: None,
    }
}

fn tokens_reply() -> Value {
    json!({"AuthenticationResult": {
        "IdToken": "id", "AccessToken": "access", "RefreshToken": "refresh", "ExpiresIn": 3600
    }})
}

fn verifier_challenge() -> Value {
    json!({
        "ChallengeName": "PASSWORD_VERIFIER",
        "Session": "s-1",
        "ChallengeParameters": {
            "SALT": "a1b2c3", "SRP_B": "abcdef0123456789", "SECRET_BLOCK": "c2VjcmV0",
            "USER_ID_FOR_SRP": "alice-internal", "USERNAME": "alice-internal"
        }
    })
}

fn run<T>(f: impl std::future::Future<Output = T>) -> T {
    pollster::block_on(f)
}

#[test]
fn requests_go_to_the_regional_endpoint_with_the_json_protocol_headers() {
    let t = Scripted::new().reply(200, tokens_reply());
    let c = client(&t, None);
    run(c.sign_in(&sign_in_input(AuthFlow::UserPasswordAuth))).unwrap();
    let sent = &t.sent.borrow()[0];
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.url, "https://cognito-idp.eu-west-1.amazonaws.com/");
    let header = |n: &str| {
        sent.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(n))
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(header("content-type"), Some("application/x-amz-json-1.1"));
    assert_eq!(
        header("x-amz-target"),
        Some("AWSCognitoIdentityProviderService.InitiateAuth")
    );
}

#[test]
fn user_password_auth_sends_the_password_and_secret_hash() {
    let t = Scripted::new().reply(200, tokens_reply());
    let c = client(&t, Some("shh"));
    let step = run(c.sign_in(&sign_in_input(AuthFlow::UserPasswordAuth))).unwrap();
    let SignInStep::Done(tokens) = step else {
        panic!("expected tokens")
    };
    assert_eq!(tokens.id_token.expose(), "id");
    assert_eq!(tokens.refresh_token.unwrap().expose(), "refresh");
    let (_, body) = t.request(0);
    assert_eq!(
        body,
        json!({
            "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT,
            "AuthParameters": {
                "USERNAME": "alice", "PASSWORD": "Passw0rd!",
                "SECRET_HASH": cognito_auth_wasm::srp::secret_hash("shh", "alice", CLIENT),
            }
        })
    );
}

#[test]
fn new_password_required_after_srp_is_answered_with_session_and_attributes() {
    let t = Scripted::new()
        .reply(200, verifier_challenge())
        .reply(
            200,
            json!({
                "ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": "s-2",
                "ChallengeParameters": {
                    "USER_ID_FOR_SRP": "alice-internal",
                    "requiredAttributes": "[\"userAttributes.name\"]",
                    "userAttributes": "{\"email\":\"a@example.test\"}"
                }
            }),
        )
        .reply(200, tokens_reply());
    let c = client(&t, None);
    let SignInStep::Challenge(pending) =
        run(c.sign_in(&sign_in_input(AuthFlow::UserSrpAuth))).unwrap()
    else {
        panic!("expected a challenge")
    };
    // The verifier answer carried the session of the challenge.
    assert_eq!(t.request(1).1["Session"], "s-1");
    assert_eq!(
        pending.next_step(),
        &NextStep::NewPasswordRequired {
            missing_attributes: vec!["name".into()]
        }
    );
    let mut attrs = StringMap::new();
    attrs.insert("name".into(), "Alice".into());
    let step = run(c.confirm_sign_in(
        &pending,
        &ChallengeAnswer {
            answer: Secret::from("N3w-password!"),
            user_attributes: attrs,
            client_metadata: None,
            friendly_device_name: None,
        },
    ))
    .unwrap();
    assert!(matches!(step, SignInStep::Done(_)));
    let (target, body) = t.request(2);
    assert_eq!(
        target,
        "AWSCognitoIdentityProviderService.RespondToAuthChallenge"
    );
    assert_eq!(
        body,
        json!({
            "ChallengeName": "NEW_PASSWORD_REQUIRED", "ClientId": CLIENT, "Session": "s-2",
            "ChallengeResponses": {
                "USERNAME": "alice-internal", "NEW_PASSWORD": "N3w-password!",
                "userAttributes.name": "Alice"
            }
        })
    );
}

#[test]
fn the_timestamp_is_the_service_time_of_the_challenge_date_when_the_device_clock_is_off() {
    // The device reads Tue Nov 3 09:05:07 UTC 2026 (the client's FixedClock).
    let cases = [
        // The service a day ahead, a day behind, an hour behind: its `Date` wins.
        (
            Some("Wed, 04 Nov 2026 09:05:07 GMT"),
            "Wed Nov 4 09:05:07 UTC 2026",
        ),
        (
            Some("Mon, 02 Nov 2026 09:05:07 GMT"),
            "Mon Nov 2 09:05:07 UTC 2026",
        ),
        (
            Some("Tue, 03 Nov 2026 08:05:07 GMT"),
            "Tue Nov 3 08:05:07 UTC 2026",
        ),
        // Within seconds of the device, or no `Date` the page may read: the device's clock.
        (
            Some("Tue, 03 Nov 2026 09:05:09 GMT"),
            "Tue Nov 3 09:05:07 UTC 2026",
        ),
        (Some("garbled"), "Tue Nov 3 09:05:07 UTC 2026"),
        (None, "Tue Nov 3 09:05:07 UTC 2026"),
    ];
    for (date, timestamp) in cases {
        let t = match date {
            Some(date) => Scripted::new().reply_dated(200, verifier_challenge(), date),
            None => Scripted::new().reply(200, verifier_challenge()),
        };
        let t = t.reply(200, tokens_reply());
        let c = client(&t, None);
        run(c.sign_in(&sign_in_input(AuthFlow::UserSrpAuth))).unwrap();
        let (_, body) = t.request(1);
        assert_eq!(
            body["ChallengeResponses"]["TIMESTAMP"], timestamp,
            "Date {date:?}"
        );
    }
}

#[test]
fn mfa_selection_maps_amplify_names_to_cognito_names() {
    let t = Scripted::new()
        .reply(
            200,
            json!({
                "ChallengeName": "SELECT_MFA_TYPE", "Session": "s",
                "ChallengeParameters": {"MFAS_CAN_CHOOSE": "[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\"]"}
            }),
        )
        .reply(
            200,
            json!({"ChallengeName": "SOFTWARE_TOKEN_MFA", "Session": "s2", "ChallengeParameters": {}}),
        )
        .reply(200, tokens_reply());
    let c = client(&t, None);
    let SignInStep::Challenge(p) =
        run(c.sign_in(&sign_in_input(AuthFlow::UserPasswordAuth))).unwrap()
    else {
        panic!()
    };
    assert_eq!(
        p.next_step(),
        &NextStep::MfaSelection {
            allowed: vec!["SMS".into(), "TOTP".into()]
        }
    );
    let answer = |a: &str| ChallengeAnswer {
        answer: Secret::from(a),
        user_attributes: StringMap::new(),
        client_metadata: None,
        friendly_device_name: None,
    };
    let err = run(c.confirm_sign_in(&p, &answer("EMAIL"))).unwrap_err();
    assert_eq!(err.name(), "InvalidArgumentError");
    let SignInStep::Challenge(totp) = run(c.confirm_sign_in(&p, &answer("TOTP"))).unwrap() else {
        panic!()
    };
    assert_eq!(
        t.request(1).1["ChallengeResponses"]["ANSWER"],
        "SOFTWARE_TOKEN_MFA"
    );
    assert_eq!(totp.next_step(), &NextStep::TotpCode);
    run(c.confirm_sign_in(&totp, &answer("123456"))).unwrap();
    assert_eq!(
        t.request(2).1["ChallengeResponses"]["SOFTWARE_TOKEN_MFA_CODE"],
        "123456"
    );
}

#[test]
fn an_unsupported_challenge_is_a_clear_error() {
    let t = Scripted::new().reply(
        200,
        json!({"ChallengeName": "DEVICE_SRP_AUTH", "Session": "s", "ChallengeParameters": {}}),
    );
    let err =
        run(client(&t, None).sign_in(&sign_in_input(AuthFlow::UserPasswordAuth))).unwrap_err();
    assert_eq!(err.name(), "UnsupportedChallengeError");
    assert!(err.message().contains("DEVICE_SRP_AUTH"));
}

#[test]
fn service_errors_keep_name_message_and_request_id() {
    let t = Scripted::new().reply(
        400,
        json!({"__type": "NotAuthorizedException", "message": "Incorrect username or password."}),
    );
    let err = run(client(&t, None).sign_in(&sign_in_input(AuthFlow::UserSrpAuth))).unwrap_err();
    assert_eq!(err.name(), "NotAuthorizedException");
    assert_eq!(err.message(), "Incorrect username or password.");
    assert_eq!(err.request_id(), Some("req-test"));
}

#[test]
fn malformed_verifier_challenges_are_malformed_response_errors() {
    let mut cases = Vec::new();
    for key in ["SALT", "SRP_B", "SECRET_BLOCK", "USER_ID_FOR_SRP"] {
        let mut c = verifier_challenge();
        c["ChallengeParameters"]
            .as_object_mut()
            .unwrap()
            .remove(key);
        cases.push(c);
    }
    for (key, bad) in [
        ("SRP_B", "not hex"),
        ("SALT", "zz"),
        ("SECRET_BLOCK", "***"),
    ] {
        let mut c = verifier_challenge();
        c["ChallengeParameters"][key] = json!(bad);
        cases.push(c);
    }
    for challenge in cases {
        let t = Scripted::new().reply(200, challenge.clone());
        let err = run(client(&t, None).sign_in(&sign_in_input(AuthFlow::UserSrpAuth))).unwrap_err();
        assert_eq!(err.name(), "MalformedResponseError", "{challenge}");
        assert_eq!(
            t.sent.borrow().len(),
            1,
            "nothing sent after a malformed challenge"
        );
    }
}

#[test]
fn malformed_auth_results_are_malformed_response_errors() {
    for reply in [
        json!({}),
        json!({"AuthenticationResult": {"AccessToken": "a"}}),
        json!({"AuthenticationResult": {"IdToken": "i"}}),
        json!({"ChallengeName": "NEW_PASSWORD_REQUIRED", "ChallengeParameters": {"requiredAttributes": "nope"}}),
        json!({"ChallengeParameters": "not a map"}),
    ] {
        let t = Scripted::new().reply(200, reply.clone());
        let err =
            run(client(&t, None).sign_in(&sign_in_input(AuthFlow::UserPasswordAuth))).unwrap_err();
        assert_eq!(err.name(), "MalformedResponseError", "{reply}");
    }
    let t = Scripted::new().reply_raw(200, "<html>proxy error</html>");
    let err =
        run(client(&t, None).sign_in(&sign_in_input(AuthFlow::UserPasswordAuth))).unwrap_err();
    assert!(matches!(err, Error::MalformedResponse(_)));
}

#[test]
fn sign_up_sends_attributes_validation_data_metadata_and_secret_hash() {
    let t = Scripted::new().reply(
        200,
        json!({"UserConfirmed": false, "UserSub": "sub-1",
               "CodeDeliveryDetails": {"Destination": "a***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}}),
    );
    let c = client(&t, Some("shh"));
    let mut attrs = StringMap::new();
    attrs.insert("email".into(), "a@example.test".into());
    let mut validation = StringMap::new();
    validation.insert("invite".into(), "x".into());
    let mut meta = StringMap::new();
    meta.insert("source".into(), "test".into());
    let out = run(c.sign_up(&SignUpInput {
        username: "alice".into(),
        password: Secret::from("Passw0rd!"),
        user_attributes: attrs,
        validation_data: validation,
        client_metadata: Some(meta),
    }))
    .unwrap();
    assert_eq!(out.user_sub, "sub-1");
    assert!(!out.user_confirmed);
    assert_eq!(
        out.code_delivery_details
            .unwrap()
            .delivery_medium
            .as_deref(),
        Some("EMAIL")
    );
    let (target, body) = t.request(0);
    assert_eq!(target, "AWSCognitoIdentityProviderService.SignUp");
    assert_eq!(
        body,
        json!({
            "ClientId": CLIENT, "Username": "alice", "Password": "Passw0rd!",
            "UserAttributes": [{"Name": "email", "Value": "a@example.test"}],
            "ValidationData": [{"Name": "invite", "Value": "x"}],
            "ClientMetadata": {"source": "test"},
            "SecretHash": cognito_auth_wasm::srp::secret_hash("shh", "alice", CLIENT),
        })
    );
}

#[test]
fn missing_arguments_are_refused_before_anything_is_sent() {
    let t = Scripted::new();
    let c = client(&t, None);
    let mut input = sign_in_input(AuthFlow::UserSrpAuth);
    input.username.clear();
    assert_eq!(
        run(c.sign_in(&input)).unwrap_err().name(),
        "InvalidArgumentError"
    );
    assert_eq!(
        run(c.confirm_sign_up("alice", "", None, None))
            .unwrap_err()
            .name(),
        "InvalidArgumentError"
    );
    assert!(t.sent.borrow().is_empty());
}

#[test]
fn secrets_never_show_in_debug_output() {
    let input = sign_in_input(AuthFlow::UserSrpAuth);
    let printed = format!("{input:?}");
    assert!(!printed.contains("Passw0rd!"), "{printed}");
    let t = Scripted::new().reply(200, tokens_reply());
    let c = client(&t, Some("client-secret-value"));
    assert!(!format!("{c:?}").contains("client-secret-value"));
    let step = run(c.sign_in(&input)).unwrap();
    let printed = format!("{step:?}");
    // A String's Debug would print the token quoted.
    for token in ["\"id\"", "\"access\"", "\"refresh\""] {
        assert!(!printed.contains(token), "{printed}");
    }
    assert!(printed.contains("[redacted]"));
}

#[test]
fn debug_of_challenges_answers_and_flights_leaves_the_secrets_out() {
    let t = Scripted::new().reply(
        200,
        json!({
            "ChallengeName": "CUSTOM_CHALLENGE", "Session": "session-secret",
            "ChallengeParameters": {"USERNAME": "alice", "otp": "parameter-secret"}
        }),
    );
    let c = client(&t, None);
    let SignInStep::Challenge(pending) =
        run(c.sign_in(&sign_in_input(AuthFlow::UserPasswordAuth))).unwrap()
    else {
        panic!("expected a challenge")
    };
    let mut attributes = StringMap::new();
    attributes.insert("custom:pin".into(), "attribute-secret".into());
    let answer = ChallengeAnswer {
        answer: Secret::from("answer-secret"),
        user_attributes: attributes.clone(),
        client_metadata: Some(attributes.clone()),
        friendly_device_name: None,
    };
    let sign_up = SignUpInput {
        username: "alice".into(),
        password: Secret::from("Passw0rd!"),
        user_attributes: attributes.clone(),
        validation_data: attributes,
        client_metadata: None,
    };
    let (flight, request) = c
        .sign_in_start(sign_in_input(AuthFlow::UserPasswordAuth), None)
        .unwrap();
    let printed = format!("{pending:?} {answer:?} {sign_up:?} {flight:?} {request:?}");
    for secret in [
        "session-secret",
        "parameter-secret",
        "answer-secret",
        "attribute-secret",
        "Passw0rd!",
    ] {
        assert!(!printed.contains(secret), "{secret} in {printed}");
    }
}
