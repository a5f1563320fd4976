#![cfg(not(target_arch = "wasm32"))]

//! MFA setup while signing in, custom authentication and auto sign-in, against a scripted
//! transport; and the test-only TOTP helper against RFC 6238.

mod common;

use cognito_auth_wasm::secret::Secret;
use cognito_auth_wasm::srp::secret_hash;
use cognito_auth_wasm::user_pool::{
    AuthFlow, ChallengeAnswer, Next, NextStep, PendingChallenge, SignInInput, SignInStep,
    SignUpInput, StringMap, UserPoolClient, UserPoolConfig,
};
use common::totp::{base32_decode, hmac_sha1, sha1, totp};
use common::{FixedClock, FixedRandom, Scripted};
use serde_json::{json, Value};

const CLIENT: &str = "client1";
const NOW_MS: u64 = 1_793_696_707_000;

fn client<'a>(t: &'a Scripted, secret: Option<&str>) -> UserPoolClient<&'a Scripted> {
    UserPoolClient::new(
        UserPoolConfig {
            user_pool_id: "eu-west-1_Pool123".into(),
            user_pool_client_id: CLIENT.into(),
            client_secret: secret.map(Secret::from),
            endpoint: None,
        },
        t,
        Box::new(FixedClock(NOW_MS)),
        Box::new(FixedRandom(vec![7; 128])),
    )
    .unwrap()
}

fn input(flow: AuthFlow, password: &str) -> SignInInput {
    SignInInput {
        username: "alice".into(),
        password: Secret::from(password),
        flow,
        client_metadata: None,
    }
}

fn answer(a: &str) -> ChallengeAnswer {
    ChallengeAnswer {
        answer: Secret::from(a),
        user_attributes: StringMap::new(),
        client_metadata: None,
        friendly_device_name: None,
    }
}

fn tokens() -> Value {
    json!({"AuthenticationResult": {"IdToken": "id", "AccessToken": "access", "ExpiresIn": 3600}})
}

fn mfa_setup(can_setup: &str, session: &str) -> Value {
    json!({"ChallengeName": "MFA_SETUP", "Session": session,
           "ChallengeParameters": {"MFAS_CAN_SETUP": can_setup}})
}

fn run<T>(f: impl std::future::Future<Output = T>) -> T {
    pollster::block_on(f)
}

fn challenge(step: SignInStep) -> Box<PendingChallenge> {
    match step {
        SignInStep::Challenge(p) => p,
        SignInStep::Done(_) => panic!("expected a challenge"),
    }
}

#[test]
fn totp_setup_asks_for_the_secret_then_verifies_the_code_and_answers_mfa_setup() {
    let t = Scripted::new()
        .reply(200, mfa_setup("[\"SOFTWARE_TOKEN_MFA\"]", "s-1"))
        .reply(
            200,
            json!({"SecretCode": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "Session": "s-2"}),
        )
        .reply(200, json!({"Status": "SUCCESS", "Session": "s-3"}))
        .reply(200, tokens());
    let c = client(&t, Some("shh"));
    let pending = challenge(run(c.sign_in(&input(AuthFlow::UserPasswordAuth, "pw"))).unwrap());
    assert_eq!(pending.next_step(), &NextStep::TotpSetup);
    assert_eq!(pending.name(), "MFA_SETUP");
    let secret = pending.totp_shared_secret().unwrap();
    assert_eq!(secret, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    assert!(!format!("{pending:?}").contains(secret));
    assert_eq!(
        t.request(1),
        (
            "AWSCognitoIdentityProviderService.AssociateSoftwareToken".into(),
            json!({"Session": "s-1"})
        )
    );

    // The authenticator app's code for the secret, as a user would type it.
    let code = totp(&base32_decode(secret).unwrap(), NOW_MS / 1000, 6);
    let mut a = answer(&code);
    a.friendly_device_name = Some("phone".into());
    let step = run(c.confirm_sign_in(&pending, &a)).unwrap();
    assert!(matches!(step, SignInStep::Done(_)));
    assert_eq!(
        t.request(2),
        (
            "AWSCognitoIdentityProviderService.VerifySoftwareToken".into(),
            json!({"UserCode": code, "Session": "s-2", "FriendlyDeviceName": "phone"})
        )
    );
    assert_eq!(
        t.request(3),
        (
            "AWSCognitoIdentityProviderService.RespondToAuthChallenge".into(),
            json!({"ChallengeName": "MFA_SETUP", "ClientId": CLIENT, "Session": "s-3",
                   "ChallengeResponses": {"USERNAME": "alice",
                                          "SECRET_HASH": secret_hash("shh", "alice", CLIENT)}})
        )
    );
}

#[test]
fn a_wrong_totp_code_can_be_tried_again_in_the_same_session() {
    let t = Scripted::new()
        .reply(200, mfa_setup("[\"SOFTWARE_TOKEN_MFA\"]", "s-1"))
        .reply(
            200,
            json!({"SecretCode": "JBSWY3DPEHPK3PXP", "Session": "s-2"}),
        )
        .reply(
            400,
            json!({"__type": "CodeMismatchException", "message": "Invalid code"}),
        )
        .reply(200, json!({"Session": "s-3"}))
        .reply(200, tokens());
    let c = client(&t, None);
    let pending = challenge(
        run(c.sign_in(&input(AuthFlow::UserSrpAuth, "pw"))).unwrap_or_else(
            // SRP: the first reply is the challenge, not PASSWORD_VERIFIER, so no verifier is sent.
            |e| panic!("{e}"),
        ),
    );
    let err = run(c.confirm_sign_in(&pending, &answer("000000"))).unwrap_err();
    assert_eq!(err.name(), "CodeMismatchException");
    assert!(matches!(
        run(c.confirm_sign_in(&pending, &answer("123456"))).unwrap(),
        SignInStep::Done(_)
    ));
    assert_eq!(t.request(3).1["Session"], "s-2");
    assert_eq!(t.request(4).1["Session"], "s-3");
}

#[test]
fn setup_selection_then_email_setup_then_the_email_code() {
    let t = Scripted::new()
        .reply(
            200,
            mfa_setup("[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\",\"EMAIL_OTP\"]", "s-1"),
        )
        .reply(
            200,
            json!({"ChallengeName": "EMAIL_OTP", "Session": "s-2", "ChallengeParameters": {
                "CODE_DELIVERY_DESTINATION": "a***@e***", "CODE_DELIVERY_DELIVERY_MEDIUM": "EMAIL"}}),
        )
        .reply(200, tokens());
    let c = client(&t, None);
    let selection = challenge(run(c.sign_in(&input(AuthFlow::UserPasswordAuth, "pw"))).unwrap());
    // SMS cannot be set up while signing in (Amplify's getAllowedMfaSetupTypes).
    assert_eq!(
        selection.next_step(),
        &NextStep::MfaSetupSelection {
            allowed: vec!["TOTP".into(), "EMAIL".into()]
        }
    );
    assert_eq!(
        run(c.confirm_sign_in(&selection, &answer("SMS")))
            .unwrap_err()
            .name(),
        "InvalidArgumentError"
    );
    // Choosing email costs no request.
    let email = challenge(run(c.confirm_sign_in(&selection, &answer("EMAIL"))).unwrap());
    assert_eq!(email.next_step(), &NextStep::EmailSetup);
    assert_eq!(t.sent.borrow().len(), 1);
    let code = challenge(run(c.confirm_sign_in(&email, &answer("a@example.test"))).unwrap());
    assert_eq!(
        t.request(1).1,
        json!({"ChallengeName": "MFA_SETUP", "ClientId": CLIENT, "Session": "s-1",
               "ChallengeResponses": {"USERNAME": "alice", "EMAIL": "a@example.test"}})
    );
    assert!(matches!(code.next_step(), NextStep::EmailCode { .. }));
    run(c.confirm_sign_in(&code, &answer("12345678"))).unwrap();
    assert_eq!(
        t.request(2).1["ChallengeResponses"],
        json!({"USERNAME": "alice", "EMAIL_OTP_CODE": "12345678"})
    );
}

#[test]
fn choosing_totp_in_the_setup_selection_asks_for_the_secret() {
    let t = Scripted::new()
        .reply(
            200,
            mfa_setup("[\"SOFTWARE_TOKEN_MFA\",\"EMAIL_OTP\"]", "s-1"),
        )
        .reply(
            200,
            json!({"SecretCode": "JBSWY3DPEHPK3PXP", "Session": "s-2"}),
        );
    let c = client(&t, None);
    let selection = challenge(run(c.sign_in(&input(AuthFlow::UserPasswordAuth, "pw"))).unwrap());
    let totp = challenge(run(c.confirm_sign_in(&selection, &answer("TOTP"))).unwrap());
    assert_eq!(totp.next_step(), &NextStep::TotpSetup);
    assert_eq!(totp.totp_shared_secret(), Some("JBSWY3DPEHPK3PXP"));
    assert_eq!(
        t.request(1),
        (
            "AWSCognitoIdentityProviderService.AssociateSoftwareToken".into(),
            json!({"Session": "s-1"})
        )
    );
    // The single-request API refuses answers that take more.
    assert_eq!(
        c.confirm_sign_in_request(&selection, &answer("TOTP"))
            .unwrap_err()
            .name(),
        "InvalidStateError"
    );
}

#[test]
fn mfa_setup_variants_that_cannot_go_on_are_errors() {
    for (can_setup, name) in [
        ("[\"EMAIL_OTP\"]", ""),
        ("[\"SMS_MFA\"]", "UnsupportedChallengeError"),
        ("[]", "UnsupportedChallengeError"),
        ("SOFTWARE_TOKEN_MFA", "MalformedResponseError"),
    ] {
        let t = Scripted::new().reply(200, mfa_setup(can_setup, "s"));
        let r = run(client(&t, None).sign_in(&input(AuthFlow::UserPasswordAuth, "pw")));
        match r {
            Ok(step) => {
                assert_eq!(name, "", "{can_setup}");
                assert_eq!(challenge(step).next_step(), &NextStep::EmailSetup);
            }
            Err(e) => assert_eq!(e.name(), name, "{can_setup}"),
        }
    }
    // A secret-less AssociateSoftwareToken reply is malformed.
    let t = Scripted::new()
        .reply(200, mfa_setup("[\"SOFTWARE_TOKEN_MFA\"]", "s"))
        .reply(200, json!({"Session": "s-2"}));
    let err = run(client(&t, None).sign_in(&input(AuthFlow::UserPasswordAuth, "pw"))).unwrap_err();
    assert_eq!(err.name(), "MalformedResponseError");
    // Neither a code, an email address nor a type.
    let t = Scripted::new().reply(200, mfa_setup("[\"EMAIL_OTP\"]", "s"));
    let c = client(&t, None);
    let p = challenge(run(c.sign_in(&input(AuthFlow::UserPasswordAuth, "pw"))).unwrap());
    assert_eq!(
        run(c.confirm_sign_in(&p, &answer("alice")))
            .unwrap_err()
            .name(),
        "InvalidArgumentError"
    );
}

fn custom_challenge(session: &str, round: &str) -> Value {
    json!({"ChallengeName": "CUSTOM_CHALLENGE", "Session": session,
           "ChallengeParameters": {"USERNAME": "alice-internal", "round": round}})
}

#[test]
fn custom_auth_with_srp_answers_the_verifier_then_loops_custom_challenges() {
    let t = Scripted::new()
        .reply(
            200,
            json!({"ChallengeName": "PASSWORD_VERIFIER", "Session": "s-1", "ChallengeParameters": {
                "SALT": "a1b2c3", "SRP_B": "abcdef0123456789", "SECRET_BLOCK": "c2VjcmV0",
                "USER_ID_FOR_SRP": "alice-internal", "USERNAME": "alice-internal"}}),
        )
        .reply(200, custom_challenge("s-2", "1"))
        .reply(200, custom_challenge("s-3", "2"))
        .reply(200, tokens());
    let c = client(&t, Some("shh"));
    let first = challenge(run(c.sign_in(&input(AuthFlow::CustomWithSrp, "pw"))).unwrap());
    let (target, body) = t.request(0);
    assert_eq!(target, "AWSCognitoIdentityProviderService.InitiateAuth");
    assert_eq!(body["AuthFlow"], "CUSTOM_AUTH");
    let auth = &body["AuthParameters"];
    assert_eq!(auth["USERNAME"], "alice");
    assert_eq!(auth["CHALLENGE_NAME"], "SRP_A");
    assert!(auth["SRP_A"].as_str().unwrap().len() > 100);
    assert_eq!(auth["SECRET_HASH"], secret_hash("shh", "alice", CLIENT));
    assert_eq!(t.request(1).1["ChallengeName"], "PASSWORD_VERIFIER");
    let NextStep::CustomChallenge { parameters } = first.next_step() else {
        panic!("expected a custom challenge")
    };
    assert_eq!(parameters.get("round"), Some("1"));
    let second = challenge(run(c.confirm_sign_in(&first, &answer("one"))).unwrap());
    assert_eq!(
        second.next_step(),
        &NextStep::CustomChallenge {
            parameters: [("USERNAME", "alice-internal"), ("round", "2")]
                .into_iter()
                .collect()
        }
    );
    let done = run(c.confirm_sign_in(&second, &answer("two"))).unwrap();
    assert!(matches!(done, SignInStep::Done(_)));
    for (n, session, ans) in [(2, "s-2", "one"), (3, "s-3", "two")] {
        assert_eq!(
            t.request(n).1,
            json!({"ChallengeName": "CUSTOM_CHALLENGE", "ClientId": CLIENT, "Session": session,
                   "ChallengeResponses": {"USERNAME": "alice-internal", "ANSWER": ans,
                       "SECRET_HASH": secret_hash("shh", "alice-internal", CLIENT)}})
        );
    }
}

#[test]
fn custom_auth_without_srp_sends_the_username_alone() {
    let t = Scripted::new().reply(200, custom_challenge("s-1", "1"));
    let c = client(&t, None);
    let p = challenge(run(c.sign_in(&input(AuthFlow::CustomWithoutSrp, ""))).unwrap());
    assert!(matches!(p.next_step(), NextStep::CustomChallenge { .. }));
    assert_eq!(
        t.request(0).1,
        json!({"AuthFlow": "CUSTOM_AUTH", "ClientId": CLIENT,
               "AuthParameters": {"USERNAME": "alice"}})
    );
    // Amplify refuses a password here.
    let err = run(c.sign_in(&input(AuthFlow::CustomWithoutSrp, "pw"))).unwrap_err();
    assert_eq!(err.name(), "InvalidArgumentError");
    assert_eq!(t.sent.borrow().len(), 1);
}

#[test]
fn flows_have_amplify_names() {
    for (flow, name) in [
        (AuthFlow::UserSrpAuth, "USER_SRP_AUTH"),
        (AuthFlow::UserPasswordAuth, "USER_PASSWORD_AUTH"),
        (AuthFlow::CustomWithSrp, "CUSTOM_WITH_SRP"),
        (AuthFlow::CustomWithoutSrp, "CUSTOM_WITHOUT_SRP"),
    ] {
        assert_eq!(flow.as_str(), name);
        assert_eq!(AuthFlow::from_name(name), Some(flow));
    }
    assert_eq!(AuthFlow::from_name("CUSTOM_AUTH"), None);
}

fn sign_up() -> SignUpInput {
    SignUpInput {
        username: "alice".into(),
        password: Secret::from("Passw0rd!"),
        user_attributes: StringMap::new(),
        validation_data: StringMap::new(),
        client_metadata: None,
    }
}

#[test]
fn auto_sign_in_moves_the_sign_up_password_into_the_sign_in() {
    let t = Scripted::new().reply(200, tokens());
    let c = client(&t, None);
    let sign_in = sign_up().into_sign_in(AuthFlow::UserPasswordAuth, None);
    assert!(!format!("{sign_in:?}").contains("Passw0rd!"));
    let (mut flight, first) = c.sign_in_start(sign_in, None).unwrap();
    let reply = run(async { cognito_auth_wasm::platform::Transport::send(&&t, first).await });
    assert!(matches!(
        c.sign_in_next(&mut flight, reply).unwrap(),
        Next::Done(SignInStep::Done(_))
    ));
    assert_eq!(
        t.request(0).1["AuthParameters"],
        json!({"USERNAME": "alice", "PASSWORD": "Passw0rd!"})
    );
    let custom = sign_up().into_sign_in(AuthFlow::CustomWithoutSrp, None);
    assert_eq!(custom.password.expose(), "");
}

#[test]
fn sha1_and_hmac_sha1_match_their_standards() {
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
    assert_eq!(hex(&sha1(b"")), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    assert_eq!(
        hex(&sha1(b"abc")),
        "a9993e364706816aba3e25717850c26c9cd0d89d"
    );
    assert_eq!(
        hex(&sha1(
            b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        )),
        "84983e441c3bd26ebaae4aa1f95129e5e54670f1"
    );
    // RFC 2202 test cases 1 and 6.
    assert_eq!(
        hex(&hmac_sha1(&[0x0b; 20], b"Hi There")),
        "b617318655057264e28bc0b6fb378c8ef146be00"
    );
    assert_eq!(
        hex(&hmac_sha1(
            &[0xaa; 80],
            b"Test Using Larger Than Block-Size Key - Hash Key First"
        )),
        "aa4ae5e15272d00e95705637ce8a3b55ed402112"
    );
}

#[test]
fn totp_matches_the_rfc_6238_sha1_vectors() {
    let key = b"12345678901234567890";
    for (t, code) in [
        (59, "94287082"),
        (1_111_111_109, "07081804"),
        (1_111_111_111, "14050471"),
        (1_234_567_890, "89005924"),
        (2_000_000_000, "69279037"),
        (20_000_000_000, "65353130"),
    ] {
        assert_eq!(totp(key, t, 8), code, "T = {t}");
    }
    assert_eq!(totp(key, 59, 6), "287082");
}

#[test]
fn base32_decodes_rfc_4648_vectors() {
    for (text, bytes) in [
        ("", &b""[..]),
        ("MY======", b"f"),
        ("MZXQ====", b"fo"),
        ("MZXW6===", b"foo"),
        ("MZXW6YQ=", b"foob"),
        ("MZXW6YTB", b"fooba"),
        ("MZXW6YTBOI======", b"foobar"),
        ("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", b"12345678901234567890"),
    ] {
        assert_eq!(base32_decode(text).unwrap(), bytes, "{text}");
    }
    assert_eq!(base32_decode("mzxq"), None);
}
