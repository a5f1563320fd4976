//! The account operations: each request exactly, each reply read, malformed replies refused.

use serde_json::{json, Value};

use super::*;
use crate::platform::tests::{reply, FixedClock};
use crate::platform::OsRandom;
use crate::user_pool::UserPoolConfig;

const CLIENT: &str = "client1";

fn client(secret: Option<&str>) -> UserPoolClient {
    UserPoolClient::new(
        UserPoolConfig {
            user_pool_id: "eu-west-1_Pool123".into(),
            user_pool_client_id: CLIENT.into(),
            client_secret: secret.map(Secret::from),
            endpoint: None,
        },
        (),
        Box::new(FixedClock(0)),
        Box::new(OsRandom),
    )
    .unwrap()
}

/// The request's `X-Amz-Target` operation and JSON body.
fn sent(r: &HttpRequest) -> (&str, Value) {
    let target = r
        .headers
        .iter()
        .find(|(k, _)| k == "X-Amz-Target")
        .map(|(_, v)| v.as_str())
        .unwrap();
    (
        target
            .strip_prefix("AWSCognitoIdentityProviderService.")
            .unwrap(),
        serde_json::from_str(&r.body).unwrap(),
    )
}

fn ok(body: Value) -> Result<HttpResponse> {
    reply(200, &[], &body.to_string())
}

fn map(pairs: &[(&str, &str)]) -> StringMap {
    pairs.iter().copied().collect()
}

#[test]
fn forgot_and_confirm_forgot_password_carry_the_secret_hash() {
    let c = client(Some("shh"));
    let hash = crate::srp::secret_hash("shh", "alice", CLIENT);
    let meta = map(&[("k", "v")]);
    let r = c.reset_password_request("alice", Some(&meta)).unwrap();
    assert_eq!(
        sent(&r),
        (
            "ForgotPassword",
            json!({"ClientId": CLIENT, "Username": "alice", "ClientMetadata": {"k": "v"},
                   "SecretHash": hash})
        )
    );
    let r = c
        .confirm_reset_password_request("alice", "123456", &Secret::from("N3w!pass"), None)
        .unwrap();
    assert_eq!(
        sent(&r),
        (
            "ConfirmForgotPassword",
            json!({"ClientId": CLIENT, "Username": "alice", "ConfirmationCode": "123456",
                   "Password": "N3w!pass", "SecretHash": hash})
        )
    );
    // Without a client secret there is no SecretHash.
    let r = client(None).reset_password_request("alice", None).unwrap();
    assert_eq!(sent(&r).1, json!({"ClientId": CLIENT, "Username": "alice"}));
}

#[test]
fn forgot_password_reply_is_the_code_delivery() {
    let d = client(None)
        .reset_password_reply(ok(json!({"CodeDeliveryDetails": {
            "Destination": "a***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}})))
        .unwrap();
    assert_eq!(
        d,
        CodeDeliveryDetails {
            destination: Some("a***@e***".into()),
            delivery_medium: Some("EMAIL".into()),
            attribute_name: Some("email".into()),
        }
    );
    let json: Value = serde_json::from_str(&d.to_json().build()).unwrap();
    assert_eq!(
        json,
        json!({"destination": "a***@e***", "deliveryMedium": "EMAIL", "attributeName": "email"})
    );
}

#[test]
fn operations_with_the_access_token_send_exactly_their_fields_and_no_secret_hash() {
    // A client secret changes none of these: only the unauthenticated operations carry it.
    let c = client(Some("shh"));
    let t = "access-token";
    let cases: Vec<(HttpRequest, &str, Value)> = vec![
        (
            c.update_password_request(t, &Secret::from("old"), &Secret::from("new"))
                .unwrap(),
            "ChangePassword",
            json!({"AccessToken": t, "PreviousPassword": "old", "ProposedPassword": "new"}),
        ),
        (c.get_user_request(t), "GetUser", json!({"AccessToken": t})),
        (
            c.update_user_attributes_request(
                t,
                &map(&[("email", "a@example.test"), ("name", "Alice")]),
                Some(&map(&[("k", "v")])),
            )
            .unwrap(),
            "UpdateUserAttributes",
            json!({"AccessToken": t, "UserAttributes": [
                {"Name": "email", "Value": "a@example.test"}, {"Name": "name", "Value": "Alice"}],
                "ClientMetadata": {"k": "v"}}),
        ),
        (
            c.send_user_attribute_verification_code_request(t, "email", None)
                .unwrap(),
            "GetUserAttributeVerificationCode",
            json!({"AccessToken": t, "AttributeName": "email"}),
        ),
        (
            c.confirm_user_attribute_request(t, "email", "123456")
                .unwrap(),
            "VerifyUserAttribute",
            json!({"AccessToken": t, "AttributeName": "email", "Code": "123456"}),
        ),
        (
            c.delete_user_attributes_request(t, &["nickname".into(), "custom:x".into()]),
            "DeleteUserAttributes",
            json!({"AccessToken": t, "UserAttributeNames": ["nickname", "custom:x"]}),
        ),
        (
            c.delete_user_request(t),
            "DeleteUser",
            json!({"AccessToken": t}),
        ),
        (
            c.set_up_totp_request(t),
            "AssociateSoftwareToken",
            json!({"AccessToken": t}),
        ),
        (
            c.verify_totp_setup_request(t, "123456", Some("phone"))
                .unwrap(),
            "VerifySoftwareToken",
            json!({"AccessToken": t, "UserCode": "123456", "FriendlyDeviceName": "phone"}),
        ),
        (
            c.verify_totp_setup_request(t, "123456", None).unwrap(),
            "VerifySoftwareToken",
            json!({"AccessToken": t, "UserCode": "123456"}),
        ),
    ];
    for (request, op, body) in cases {
        assert_eq!(sent(&request), (op, body));
    }
}

#[test]
fn mfa_preferences_map_to_settings_as_amplify_get_mfa_settings_does() {
    let c = client(None);
    let pref = |n| MfaPreference::from_name(n).unwrap();
    let r = c.update_mfa_preference_request(
        "t",
        Some(pref("DISABLED")),
        Some(pref("PREFERRED")),
        Some(pref("NOT_PREFERRED")),
    );
    assert_eq!(
        sent(&r),
        (
            "SetUserMFAPreference",
            json!({"AccessToken": "t",
                   "SMSMfaSettings": {"Enabled": false},
                   "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true},
                   "EmailMfaSettings": {"Enabled": true, "PreferredMfa": false}})
        )
    );
    let r = c.update_mfa_preference_request("t", None, Some(pref("ENABLED")), None);
    assert_eq!(
        sent(&r).1,
        json!({"AccessToken": "t", "SoftwareTokenMfaSettings": {"Enabled": true}})
    );
    assert_eq!(MfaPreference::from_name("enabled"), None);
}

#[test]
fn missing_arguments_are_refused() {
    let c = client(None);
    let empty = Secret::from("");
    let errors = [
        c.reset_password_request("", None).unwrap_err(),
        c.confirm_reset_password_request("alice", "", &Secret::from("p"), None)
            .unwrap_err(),
        c.confirm_reset_password_request("alice", "1", &empty, None)
            .unwrap_err(),
        c.update_password_request("t", &empty, &Secret::from("p"))
            .unwrap_err(),
        c.update_user_attributes_request("t", &StringMap::new(), None)
            .unwrap_err(),
        c.send_user_attribute_verification_code_request("t", "", None)
            .unwrap_err(),
        c.confirm_user_attribute_request("t", "email", "")
            .unwrap_err(),
        c.verify_totp_setup_request("t", "", None).unwrap_err(),
    ];
    for e in errors {
        assert_eq!(e.name(), "InvalidArgumentError", "{e}");
    }
}

#[test]
fn get_user_gives_attributes_and_mfa_settings_in_amplify_names() {
    let user = client(None)
        .get_user_reply(ok(json!({
            "Username": "alice-internal",
            "UserAttributes": [
                {"Name": "sub", "Value": "s-1"}, {"Name": "email", "Value": "a@example.test"},
                {"Name": "no_value"}
            ],
            "PreferredMfaSetting": "SOFTWARE_TOKEN_MFA",
            "UserMFASettingList": ["SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP", "NEW_KIND"]
        })))
        .unwrap();
    assert_eq!(
        user.attributes,
        map(&[("sub", "s-1"), ("email", "a@example.test")])
    );
    assert_eq!(
        user.mfa,
        MfaSettings {
            enabled: Some(vec!["SMS".into(), "TOTP".into(), "EMAIL".into()]),
            preferred: Some("TOTP".into()),
        }
    );
    let json: Value = serde_json::from_str(&user.mfa.to_json().build()).unwrap();
    assert_eq!(
        json,
        json!({"enabled": ["SMS", "TOTP", "EMAIL"], "preferred": "TOTP"})
    );
    // Without MFA settings, neither field is set (Amplify's getMFATypes(undefined)).
    let bare = client(None)
        .get_user_reply(ok(json!({"Username": "u", "UserAttributes": []})))
        .unwrap();
    assert_eq!(bare.mfa, MfaSettings::default());
    assert_eq!(bare.mfa.to_json().build(), "{}");
}

#[test]
fn update_user_attributes_gives_each_attribute_its_step() {
    let asked = map(&[("name", "Alice"), ("email", "a@example.test")]);
    let updates = client(None)
        .update_user_attributes_reply(
            &asked,
            ok(json!({"CodeDeliveryDetailsList": [{
                "AttributeName": "email", "DeliveryMedium": "EMAIL", "Destination": "a***@e***"
            }]})),
        )
        .unwrap();
    let json: Value = serde_json::from_str(&AttributeUpdate::to_json(&updates).build()).unwrap();
    assert_eq!(
        json,
        json!({
            "name": {"isUpdated": true, "nextStep": {"updateAttributeStep": "DONE"}},
            "email": {"isUpdated": false, "nextStep": {
                "updateAttributeStep": "CONFIRM_ATTRIBUTE_WITH_CODE",
                "codeDeliveryDetails": {"attributeName": "email", "deliveryMedium": "EMAIL",
                                        "destination": "a***@e***"}}}
        })
    );
    // No list: everything is done.
    let done = client(None)
        .update_user_attributes_reply(&asked, ok(json!({})))
        .unwrap();
    assert!(done.iter().all(|u| u.delivery.is_none()) && done.len() == 2);
}

#[test]
fn associate_software_token_gives_the_secret_and_the_setup_uri_is_amplifys() {
    let secret = client(None)
        .set_up_totp_reply(ok(json!({"SecretCode": "JBSWY3DPEHPK3PXP"})))
        .unwrap();
    assert_eq!(secret.expose(), "JBSWY3DPEHPK3PXP");
    assert_eq!(format!("{secret:?}"), "[redacted]");
    assert_eq!(
        totp_setup_uri("MyApp", "alice", secret.expose()),
        "otpauth://totp/MyApp:alice?secret=JBSWY3DPEHPK3PXP&issuer=MyApp"
    );
}

#[test]
fn malformed_replies_are_malformed_response_errors() {
    let c = client(None);
    let names = [
        c.set_up_totp_reply(ok(json!({}))).map(drop),
        c.set_up_totp_reply(ok(json!({"SecretCode": ""}))).map(drop),
        c.set_up_totp_reply(ok(json!({"SecretCode": 7}))).map(drop),
        c.get_user_reply(ok(json!({"UserAttributes": {"email": "x"}})))
            .map(drop),
        c.get_user_reply(ok(json!({"UserAttributes": ["email"]})))
            .map(drop),
        c.get_user_reply(ok(json!({"UserMFASettingList": "SMS_MFA"})))
            .map(drop),
        c.get_user_reply(ok(json!({"UserMFASettingList": [1]})))
            .map(drop),
        c.get_user_reply(ok(json!({"PreferredMfaSetting": true})))
            .map(drop),
        c.update_user_attributes_reply(
            &StringMap::new(),
            ok(json!({"CodeDeliveryDetailsList": {}})),
        )
        .map(drop),
        c.update_user_attributes_reply(
            &StringMap::new(),
            ok(json!({"CodeDeliveryDetailsList": [{"AttributeName": 1}]})),
        )
        .map(drop),
        c.reset_password_reply(ok(json!({"CodeDeliveryDetails": "x"})))
            .map(drop),
        c.empty_reply("DeleteUser", reply(200, &[], "<html>")),
    ];
    for (i, r) in names.into_iter().enumerate() {
        assert_eq!(r.unwrap_err().name(), "MalformedResponseError", "case {i}");
    }
}

#[test]
fn service_errors_come_through_every_reply() {
    let c = client(None);
    let e = || {
        reply(
            400,
            &[],
            r#"{"__type":"CodeMismatchException","message":"bad code"}"#,
        )
    };
    for err in [
        c.empty_reply("VerifyUserAttribute", e()).unwrap_err(),
        c.get_user_reply(e()).unwrap_err(),
        c.set_up_totp_reply(e()).unwrap_err(),
        c.update_user_attributes_reply(&StringMap::new(), e())
            .unwrap_err(),
    ] {
        assert_eq!(
            err.kind(),
            Some(&crate::CognitoErrorKind::CodeMismatchException)
        );
        assert_eq!(err.message(), "bad code");
    }
}
