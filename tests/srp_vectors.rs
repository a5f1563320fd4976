#![cfg(not(target_arch = "wasm32"))]

//! Known-answer tests: every SRP value equals what amazon-cognito-identity-js computes.
//! The vectors and their generator are in tests/vectors/.

mod common;

use cognito_auth_wasm::bignum::{hex, BigNum, Int};
use cognito_auth_wasm::secret::Secret;
use cognito_auth_wasm::srp::{self, Group, SrpClient, VerifierInput};
use cognito_auth_wasm::user_pool::{
    AuthFlow, SignInInput, SignInStep, UserPoolClient, UserPoolConfig,
};
use common::{FixedClock, FixedRandom, Scripted};
use serde_json::{json, Value};

fn vectors() -> Value {
    serde_json::from_str(include_str!("vectors/srp.json")).unwrap()
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("vector field {key} missing"))
}

fn hex_int(v: &Value, key: &str) -> Int {
    Int::from_hex(s(v, key)).unwrap()
}

fn input<'a>(v: &'a Value) -> VerifierInput<'a> {
    VerifierInput {
        timestamp: s(v, "timestamp"),
        ..input_without_timestamp(v)
    }
}

fn input_without_timestamp<'a>(v: &'a Value) -> VerifierInput<'a> {
    VerifierInput {
        pool_name: s(v, "poolName"),
        user_id_for_srp: s(v, "userIdForSrp"),
        password: s(v, "password"),
        srp_b: s(v, "srpB"),
        salt: s(v, "salt"),
        secret_block: s(v, "secretBlock"),
        timestamp: "",
    }
}

#[test]
fn group_constants_match_amazon_cognito_identity_js() {
    let all = vectors();
    let g = Group::cognito();
    assert_eq!(g.n().to_hex(), s(&all, "N").to_ascii_lowercase());
    assert_eq!(g.k().to_hex(), s(&all, "k"));
}

#[test]
fn there_are_enough_vectors() {
    assert!(vectors()["vectors"].as_array().unwrap().len() >= 20);
}

#[test]
fn srp_intermediates_match_amazon_cognito_identity_js() {
    for v in vectors()["vectors"].as_array().unwrap() {
        let name = s(v, "name");
        let client = SrpClient::with_secret(Group::cognito(), hex_int(v, "a")).unwrap();
        assert_eq!(client.srp_a(), s(v, "srpA"), "{name}: A");
        let d = client.derive(&input(v)).unwrap();
        assert_eq!(d.u.to_hex(), s(v, "u"), "{name}: u");
        assert_eq!(d.x.expose().to_hex(), s(v, "x"), "{name}: x");
        assert_eq!(d.s.expose().to_hex(), s(v, "S"), "{name}: S");
        assert_eq!(hex(d.key.expose()), s(v, "hkdfKey"), "{name}: HKDF key");
    }
}

#[test]
fn srp_signature_and_timestamp_match_amazon_cognito_identity_js() {
    for v in vectors()["vectors"].as_array().unwrap() {
        let name = s(v, "name");
        let now = v["nowMs"].as_u64().unwrap();
        assert_eq!(srp::timestamp(now), s(v, "timestamp"), "{name}: timestamp");
        let client = SrpClient::with_secret(Group::cognito(), hex_int(v, "a")).unwrap();
        let sig = client.password_claim_signature(&input(v)).unwrap();
        assert_eq!(sig, s(v, "signature"), "{name}: signature");
    }
}

#[test]
fn secret_hash_matches_the_vectors() {
    for v in vectors()["vectors"].as_array().unwrap() {
        let Some(secret) = v["clientSecret"].as_str() else {
            continue;
        };
        let client_id = s(v, "clientId");
        assert_eq!(
            srp::secret_hash(secret, s(v, "userIdForSrp"), client_id),
            s(v, "secretHash")
        );
        assert_eq!(
            srp::secret_hash(secret, s(v, "username"), client_id),
            s(v, "secretHashInitiate")
        );
    }
}

#[test]
fn a_server_value_zero_mod_n_aborts_as_amazon_cognito_identity_js_does() {
    let all = vectors();
    let invalid = all["invalid"].as_array().unwrap();
    assert!(!invalid.is_empty());
    for v in invalid {
        let client = SrpClient::with_secret(Group::cognito(), hex_int(v, "a")).unwrap();
        let i = VerifierInput {
            timestamp: "Tue Nov 3 09:05:07 UTC 2026",
            ..input_without_timestamp(v)
        };
        let err = client.derive(&i).err().expect("must abort");
        assert_eq!(err.name(), "SrpError", "{}", s(v, "name"));
    }
}

/// The whole client path: the sign-in state machine sends what amazon-cognito-identity-js sent,
/// for the vectors whose a has the size the SDK draws (48 bytes).
#[test]
fn sign_in_sends_what_amazon_cognito_identity_js_sends() {
    let all = vectors();
    let sized: Vec<&Value> = all["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| s(v, "a").len() <= 96)
        .collect();
    assert!(sized.len() >= 10, "enough vectors with a 48-byte a");
    for v in sized {
        let name = s(v, "name");
        let transport = Scripted::new()
            .reply(
                200,
                json!({
                    "ChallengeName": "PASSWORD_VERIFIER",
                    "ChallengeParameters": {
                        "SALT": s(v, "salt"),
                        "SRP_B": s(v, "srpB"),
                        "SECRET_BLOCK": s(v, "secretBlock"),
                        "USER_ID_FOR_SRP": s(v, "userIdForSrp"),
                        "USERNAME": s(v, "userIdForSrp"),
                    }
                }),
            )
            .reply(
                200,
                json!({"AuthenticationResult": {
                    "IdToken": "id", "AccessToken": "access", "RefreshToken": "refresh",
                    "ExpiresIn": 3600, "TokenType": "Bearer"
                }}),
            );
        let client = UserPoolClient::new(
            UserPoolConfig {
                user_pool_id: s(v, "userPoolId").into(),
                user_pool_client_id: s(v, "clientId").into(),
                client_secret: v["clientSecret"].as_str().map(Secret::from),
                endpoint: None,
            },
            &transport,
            Box::new(FixedClock(v["nowMs"].as_u64().unwrap())),
            Box::new(FixedRandom(hex_int(v, "a").to_be_bytes())),
        )
        .unwrap();
        let step = pollster::block_on(client.sign_in(&SignInInput {
            username: s(v, "username").into(),
            password: Secret::from(s(v, "password")),
            flow: AuthFlow::UserSrpAuth,
            client_metadata: None,
        }))
        .unwrap();
        assert!(matches!(step, SignInStep::Done(_)), "{name}");

        let (target, init) = transport.request(0);
        assert_eq!(target, "AWSCognitoIdentityProviderService.InitiateAuth");
        assert_eq!(init["AuthFlow"], "USER_SRP_AUTH");
        assert_eq!(init["ClientId"], s(v, "clientId"));
        assert_eq!(
            init["AuthParameters"]["USERNAME"],
            s(v, "username"),
            "{name}"
        );
        assert_eq!(init["AuthParameters"]["SRP_A"], s(v, "srpA"), "{name}");
        assert_eq!(
            init["AuthParameters"]["SECRET_HASH"], v["secretHashInitiate"],
            "{name}"
        );

        let (target, resp) = transport.request(1);
        assert_eq!(
            target,
            "AWSCognitoIdentityProviderService.RespondToAuthChallenge"
        );
        assert_eq!(resp["ChallengeName"], "PASSWORD_VERIFIER");
        let r = &resp["ChallengeResponses"];
        assert_eq!(r["USERNAME"], s(v, "challengeUsername"), "{name}");
        assert_eq!(
            r["PASSWORD_CLAIM_SECRET_BLOCK"],
            s(v, "secretBlock"),
            "{name}"
        );
        assert_eq!(r["TIMESTAMP"], s(v, "timestamp"), "{name}");
        assert_eq!(r["PASSWORD_CLAIM_SIGNATURE"], s(v, "signature"), "{name}");
        assert_eq!(r["SECRET_HASH"], v["secretHash"], "{name}");
    }
}
