use super::*;
use crate::platform::tests::FixedClock;
use crate::platform::Clock;

const POOL: &str = "eu-west-1:0c9a1b2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d";
const ID: &str = "eu-west-1:11111111-2222-3333-4444-555555555555";

fn config(guests: bool) -> IdentityConfig {
    IdentityConfig::new(POOL, guests, None).unwrap()
}

use crate::platform::tests::reply;

fn login() -> Vec<(String, String)> {
    vec![user_pool_login("eu-west-1_AbC123", "eyJ.id.token").unwrap()]
}

fn header<'a>(r: &'a HttpRequest, name: &str) -> Option<&'a str> {
    r.headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn credentials_body(expiration: &str) -> String {
    [
        r#"{"IdentityId":""#,
        ID,
        r#"","Credentials":{"AccessKeyId":"ASIAEXAMPLE","SecretKey":"s3cr3t","SessionToken":"t0k3n","Expiration":"#,
        expiration,
        "}}",
    ]
    .concat()
}

// --- configuration ---------------------------------------------------------------------------

#[test]
fn endpoints_are_derived_from_the_pool_region() {
    let c = config(false);
    assert_eq!(c.region, "eu-west-1");
    assert_eq!(
        c.endpoint,
        "https://cognito-identity.eu-west-1.amazonaws.com/"
    );
    assert_eq!(c.sts_endpoint, "https://sts.eu-west-1.amazonaws.com/");
    assert!(!c.allow_guest_access);
    let cn = IdentityConfig::new(
        "cn-north-1:0c9a1b2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d",
        true,
        None,
    )
    .unwrap();
    assert_eq!(
        cn.endpoint,
        "https://cognito-identity.cn-north-1.amazonaws.com.cn/"
    );
    assert_eq!(cn.sts_endpoint, "https://sts.cn-north-1.amazonaws.com.cn/");
}

#[test]
fn endpoints_can_be_overridden_https_or_loopback_http() {
    let c = IdentityConfig::new(POOL, false, Some("http://127.0.0.1:5000"))
        .unwrap()
        .with_sts_endpoint("http://localhost:5001/sts/")
        .unwrap();
    assert_eq!(c.endpoint, "http://127.0.0.1:5000/");
    assert_eq!(c.sts_endpoint, "http://localhost:5001/sts/");
    let err = IdentityConfig::new(POOL, false, Some("http://10.0.0.1/")).unwrap_err();
    assert_eq!(err.name(), "InvalidArgumentError");
    assert_eq!(
        err.message(),
        "identityEndpoint must use https (http only to a loopback host)"
    );
    for bad in [
        "ftp://127.0.0.1/",
        "127.0.0.1:5000",
        "https://",
        "http://127.0.0.1.evil.test/",
    ] {
        let err = IdentityConfig::new(POOL, false, Some(bad)).unwrap_err();
        assert!(err.message().starts_with("identityEndpoint "), "{bad}");
        let err = config(false).with_sts_endpoint(bad).unwrap_err();
        assert!(err.message().starts_with("stsEndpoint "), "{bad}");
    }
}

#[test]
fn malformed_identity_pool_ids_are_refused_with_the_expected_shape() {
    for id in [
        "",
        ":",
        "eu-west-1",
        "eu-west-1:",
        ":0c9a1b2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d",
        "EU-WEST-1:0c9a1b2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d",
        "eu-west-1:0C9A1B2D-3E4F-4A5B-8C6D-7E8F9A0B1C2D",
        "eu-west-1:0c9a1b2d3e4f4a5b8c6d7e8f9a0b1c2d",
        "eu-west-1:0c9a1b2d-3e4f-4a5b-8c6d-7e8f9a0b1c2",
        "eu-west-1:0c9a1b2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d-",
        "eu-west-1:0c9a1b2d-3e4f-4a5b-8c6d-7e8f9a0b1c2g",
        "eu-west-1:0c9a1b2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d ",
        "eu_west_1:0c9a1b2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d",
        "eu-west-1_AbC123",
        "a-very-long-region-name-x:0c9a1b2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d",
    ] {
        let err = IdentityConfig::new(id, true, None).unwrap_err();
        assert_eq!(err.name(), "InvalidArgumentError", "{id}");
        assert!(
            err.message()
                .starts_with("identityPoolId must look like <region>:<uuid>"),
            "{id}"
        );
    }
}

// --- the identity id in storage ---------------------------------------------------------------

#[test]
fn the_identity_id_key_is_amplifys() {
    assert_eq!(
        config(true).identity_id_key(),
        "com.amplify.Cognito.eu-west-1:0c9a1b2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d.identityId"
    );
}

#[test]
fn a_stored_identity_id_is_taken_only_if_it_looks_like_one() {
    assert_eq!(read_identity_id(ID).as_deref(), Some(ID));
    // moto answers unsigned calls from us-east-1 whatever the pool's region.
    let other = "us-east-1:16a663cc-8673-4bf0-b6b2-e2797ba4bb1d";
    assert_eq!(read_identity_id(other).as_deref(), Some(other));
    let long = ["eu-west-1:", &"a".repeat(46)].concat();
    for garbage in [
        "",
        ":",
        "eu-west-1:",
        "eu-west-1",
        "EU-WEST-1:11111111-2222-3333-4444-555555555555",
        "eu_west_1:11111111-2222-3333-4444-555555555555",
        ":11111111-2222-3333-4444-555555555555",
        "eu-west-1:11111111-2222-3333-4444-55555555555G",
        "\"eu-west-1:11111111-2222-3333-4444-555555555555\"",
        " eu-west-1:11111111-2222-3333-4444-555555555555",
        "eu-west-1:11111111-2222-3333-4444-555555555555\n",
        "eu-west-1:1111:2222",
        "eu-west-1:é",
        "null",
        "undefined",
        long.as_str(),
    ] {
        assert_eq!(read_identity_id(garbage), None, "{garbage:?}");
    }
}

// --- logins and requests ---------------------------------------------------------------------

#[test]
fn a_user_pool_login_is_keyed_by_the_pools_issuer() {
    assert_eq!(
        user_pool_login("eu-west-1_AbC123", "eyJ.id.token").unwrap(),
        (
            "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123".to_owned(),
            "eyJ.id.token".to_owned()
        )
    );
    assert_eq!(
        user_pool_login("cn-north-1_X1", "t").unwrap().0,
        "cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_X1"
    );
    assert_eq!(
        user_pool_login("no-underscore", "t").unwrap_err().name(),
        "InvalidArgumentError"
    );
}

#[test]
fn get_id_sends_the_pool_and_the_logins() {
    let r = get_id_request(&config(false), &login(), 1234).unwrap();
    assert_eq!(r.method, "POST");
    assert_eq!(r.url, "https://cognito-identity.eu-west-1.amazonaws.com/");
    assert_eq!(
        header(&r, "x-amz-target"),
        Some("AWSCognitoIdentityService.GetId")
    );
    assert_eq!(
        header(&r, "content-type"),
        Some("application/x-amz-json-1.1")
    );
    assert_eq!(r.timeout_ms, 1234);
    assert_eq!(
        r.body,
        r#"{"IdentityPoolId":"eu-west-1:0c9a1b2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d","Logins":{"cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123":"eyJ.id.token"}}"#
    );
    let guest = get_id_request(&config(true), &[], 1).unwrap();
    assert_eq!(
        guest.body,
        r#"{"IdentityPoolId":"eu-west-1:0c9a1b2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d"}"#
    );
}

#[test]
fn several_logins_are_sent_in_order() {
    let mut logins = login();
    logins.push(("accounts.google.com".into(), "g\"oo".into()));
    logins.push(("cognito-identity.amazonaws.com".into(), "dev".into()));
    let r = get_id_request(&config(false), &logins, 1).unwrap();
    assert_eq!(
        r.body,
        r#"{"IdentityPoolId":"eu-west-1:0c9a1b2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d","Logins":{"cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123":"eyJ.id.token","accounts.google.com":"g\"oo","cognito-identity.amazonaws.com":"dev"}}"#
    );
}

#[test]
fn guests_are_refused_where_the_pool_does_not_allow_them() {
    let c = config(false);
    for err in [
        get_id_request(&c, &[], 1).unwrap_err(),
        get_credentials_request(&c, ID, &[], None, 1).unwrap_err(),
        get_open_id_token_request(&c, ID, &[], 1).unwrap_err(),
    ] {
        assert_eq!(err, Error::NotSignedIn);
    }
}

#[test]
fn unusable_logins_are_refused() {
    let long = "p".repeat(129);
    for logins in [
        vec![(String::new(), "t".to_owned())],
        vec![("accounts.google.com".to_owned(), String::new())],
        vec![(long, "t".to_owned())],
        vec![
            ("accounts.google.com".to_owned(), "a".to_owned()),
            ("accounts.google.com".to_owned(), "b".to_owned()),
        ],
    ] {
        let err = get_id_request(&config(true), &logins, 1).unwrap_err();
        assert_eq!(err.name(), "InvalidArgumentError");
    }
    let ok = vec![("p".repeat(128), "t".to_owned())];
    assert!(get_id_request(&config(true), &ok, 1).is_ok());
}

#[test]
fn get_credentials_sends_the_identity_logins_and_role() {
    let r = get_credentials_request(
        &config(false),
        ID,
        &login(),
        Some("arn:aws:iam::123456789012:role/Admin"),
        5,
    )
    .unwrap();
    assert_eq!(
        header(&r, "x-amz-target"),
        Some("AWSCognitoIdentityService.GetCredentialsForIdentity")
    );
    assert_eq!(
        r.body,
        r#"{"IdentityId":"eu-west-1:11111111-2222-3333-4444-555555555555","Logins":{"cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123":"eyJ.id.token"},"CustomRoleArn":"arn:aws:iam::123456789012:role/Admin"}"#
    );
    let guest = get_credentials_request(&config(true), ID, &[], None, 5).unwrap();
    assert_eq!(
        guest.body,
        r#"{"IdentityId":"eu-west-1:11111111-2222-3333-4444-555555555555"}"#
    );
    assert_eq!(
        get_credentials_request(&config(true), "", &[], None, 5)
            .unwrap_err()
            .message(),
        "identityId is required"
    );
}

#[test]
fn get_open_id_token_sends_the_identity_and_logins() {
    let r = get_open_id_token_request(&config(false), ID, &login(), 5).unwrap();
    assert_eq!(
        header(&r, "x-amz-target"),
        Some("AWSCognitoIdentityService.GetOpenIdToken")
    );
    assert_eq!(
        r.body,
        r#"{"IdentityId":"eu-west-1:11111111-2222-3333-4444-555555555555","Logins":{"cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123":"eyJ.id.token"}}"#
    );
}

// --- replies ---------------------------------------------------------------------------------

#[test]
fn get_id_reply_gives_the_identity_id() {
    let body = [r#"{"IdentityId":""#, ID, r#""}"#].concat();
    assert_eq!(get_id_reply(reply(200, &[], &body)).unwrap(), ID);
    let too_long = [r#"{"IdentityId":"eu-west-1:"#, &"a".repeat(46), r#""}"#].concat();
    for bad in [
        "{}",
        r#"{"IdentityId":null}"#,
        r#"{"IdentityId":42}"#,
        r#"{"IdentityId":""}"#,
        r#"{"IdentityId":"no-colon"}"#,
        too_long.as_str(),
        "[]",
        "",
        "<html></html>",
    ] {
        let err = get_id_reply(reply(200, &[], bad)).unwrap_err();
        assert_eq!(err.name(), "MalformedResponseError", "{bad}");
        assert_eq!(
            err.message(),
            "malformed reply from the service: GetId reply does not fit its schema"
        );
    }
}

#[test]
fn get_credentials_reply_gives_the_identity_and_credentials() {
    let (id, c) = get_credentials_reply(reply(200, &[], &credentials_body("1700000000"))).unwrap();
    assert_eq!(id, ID);
    assert_eq!(c.access_key_id, "ASIAEXAMPLE");
    assert_eq!(c.secret_access_key.expose(), "s3cr3t");
    assert_eq!(c.session_token.expose(), "t0k3n");
    assert_eq!(c.expiration_s, 1_700_000_000);
}

#[test]
fn expiration_is_read_as_whole_seconds_from_integers_decimals_and_exponents() {
    for (text, seconds) in [
        ("1700000000", 1_700_000_000),
        ("1700000000.123", 1_700_000_000),
        ("1700000000.999999", 1_700_000_000),
        // moto 5.2.5 writes `datetime.timestamp()`: microseconds after the point.
        ("1764504061.654321", 1_764_504_061),
        ("1.7e9", 1_700_000_000),
        ("1.7E+9", 1_700_000_000),
        ("17e8", 1_700_000_000),
        ("1700000000e0", 1_700_000_000),
        ("17000000000e-1", 1_700_000_000),
        ("1.7000000001234e9", 1_700_000_000),
        ("0.0000000017e18", 1_700_000_000),
        ("1", 1),
        ("253402300799", MAX_EPOCH_S),
        ("253402300799.9", MAX_EPOCH_S),
    ] {
        let (_, c) = get_credentials_reply(reply(200, &[], &credentials_body(text)))
            .unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(c.expiration_s, seconds, "{text}");
    }
}

#[test]
fn absurd_or_mistyped_expirations_are_malformed() {
    for text in [
        r#""1700000000""#,
        r#""2026-11-30T12:00:00Z""#,
        "null",
        "true",
        "{}",
        "[1700000000]",
        "-1700000000",
        "-0",
        "0",
        "0.5",
        "1e-5",
        "0e9999",
        "253402300800",
        "1700000000000",
        "1e30",
        "1e99999",
        "1e-99999",
        "99999999999999999999999999999",
    ] {
        let err = get_credentials_reply(reply(200, &[], &credentials_body(text))).unwrap_err();
        assert_eq!(err.name(), "MalformedResponseError", "{text}");
    }
}

#[test]
fn credentials_replies_without_what_they_need_are_malformed() {
    let creds = |c: &str| [r#"{"IdentityId":""#, ID, r#"","Credentials":"#, c, "}"].concat();
    for body in [
        [r#"{"IdentityId":""#, ID, r#""}"#].concat(),
        creds("null"),
        creds(r#""ASIA""#),
        creds("[]"),
        creds(r#"{"SecretKey":"s","SessionToken":"t","Expiration":1700000000}"#),
        creds(r#"{"AccessKeyId":"a","SessionToken":"t","Expiration":1700000000}"#),
        creds(r#"{"AccessKeyId":"a","SecretKey":"s","Expiration":1700000000}"#),
        creds(r#"{"AccessKeyId":"a","SecretKey":"s","SessionToken":"t"}"#),
        creds(r#"{"AccessKeyId":"","SecretKey":"s","SessionToken":"t","Expiration":1}"#),
        creds(r#"{"AccessKeyId":"a","SecretKey":7,"SessionToken":"t","Expiration":1}"#),
        creds(r#"{"AccessKeyId":"a","SecretKey":"s","SessionToken":["t"],"Expiration":1}"#),
        r#"{"Credentials":{"AccessKeyId":"a","SecretKey":"s","SessionToken":"t","Expiration":1}}"#
            .to_owned(),
        "not json".to_owned(),
        String::new(),
    ] {
        let err = get_credentials_reply(reply(200, &[], &body)).unwrap_err();
        assert_eq!(err.name(), "MalformedResponseError", "{body}");
        assert!(
            !err.message().contains("s3cr3t") && !err.message().contains("t0k3n"),
            "{body}"
        );
    }
}

#[test]
fn identity_errors_are_service_errors_named_by_header_or_type() {
    let err = get_credentials_reply(reply(
        400,
        &[("x-amzn-RequestId", "req-7")],
        r#"{"__type":"com.amazonaws.cognito.identity#NotAuthorizedException","message":"Unauthenticated access is not supported for this identity pool."}"#,
    ))
    .unwrap_err();
    assert_eq!(err.kind(), Some(&CognitoErrorKind::NotAuthorizedException));
    assert_eq!(
        err.message(),
        "Unauthenticated access is not supported for this identity pool."
    );
    assert_eq!(err.request_id(), Some("req-7"));
    let err = get_id_reply(reply(
        400,
        &[(
            "x-amzn-ErrorType",
            "ResourceConflictException:http://internal/",
        )],
        r#"{"__type":"NotAuthorizedException","message":"m"}"#,
    ))
    .unwrap_err();
    assert_eq!(err.name(), "ResourceConflictException");
    let err = get_open_id_token_reply(reply(400, &[], r#"{"__type":"ExternalServiceException"}"#))
        .unwrap_err();
    assert_eq!(err.message(), "ExternalServiceException (HTTP 400)");
    let err = get_credentials_reply(reply(503, &[], "Service Unavailable")).unwrap_err();
    assert_eq!(
        err.message(),
        "malformed reply from the service: GetCredentialsForIdentity failed with HTTP 503 and no error type"
    );
    let network = Err(Error::Network("offline".into()));
    assert_eq!(get_id_reply(network).unwrap_err().name(), "NetworkError");
}

#[test]
fn a_stored_guest_id_is_forgotten_when_the_identity_is_gone_or_taken() {
    let err = |body: &str| get_credentials_reply(reply(400, &[], body)).unwrap_err();
    assert!(stale_identity_id(&err(
        r#"{"__type":"ResourceNotFoundException","message":"Identity 'x' not found."}"#
    )));
    assert!(stale_identity_id(&err(
        r#"{"__type":"NotAuthorizedException"}"#
    )));
    assert!(!stale_identity_id(&err(
        r#"{"__type":"TooManyRequestsException"}"#
    )));
    assert!(!stale_identity_id(&err(
        r#"{"__type":"InternalErrorException"}"#
    )));
    assert!(!stale_identity_id(&Error::Network("offline".into())));
}

#[test]
fn get_open_id_token_reply_gives_the_token() {
    let body = [r#"{"IdentityId":""#, ID, r#"","Token":"eyJ.open.id"}"#].concat();
    let (id, token) = get_open_id_token_reply(reply(200, &[], &body)).unwrap();
    assert_eq!(id, ID);
    assert_eq!(token.expose(), "eyJ.open.id");
    for bad in [
        [r#"{"IdentityId":""#, ID, r#""}"#].concat(),
        [r#"{"IdentityId":""#, ID, r#"","Token":""}"#].concat(),
        [r#"{"IdentityId":""#, ID, r#"","Token":5}"#].concat(),
        r#"{"Token":"eyJ"}"#.to_owned(),
    ] {
        let err = get_open_id_token_reply(reply(200, &[], &bad)).unwrap_err();
        assert_eq!(err.name(), "MalformedResponseError", "{bad}");
    }
}

// --- STS -------------------------------------------------------------------------------------

const STS_OK: &str = r#"<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <SubjectFromWebIdentityToken>eu-west-1:11111111-2222-3333-4444-555555555555</SubjectFromWebIdentityToken>
    <Audience>eu-west-1:0c9a1b2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d</Audience>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/Auth_Role/web-identity</Arn>
      <AssumedRoleId>AROACLKWSDQRAOEXAMPLE:web-identity</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <SessionToken>AQoDYXdzEE0a8ANXXXXXXXXNO1ewxE5TijQyp+IEXAMPLE</SessionToken>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <Expiration>2026-11-30T12:00:00Z</Expiration>
      <AccessKeyId>ASgeIAIOSFODNN7EXAMPLE</AccessKeyId>
    </Credentials>
    <Provider>cognito-identity.amazonaws.com</Provider>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata>
    <RequestId>ad4156e9-bce1-11e2-82e6-6b6efEXAMPLE</RequestId>
  </ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>"#;

const STS_ERROR: &str = r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>InvalidIdentityToken</Code>
    <Message>Couldn&apos;t retrieve verification key from your identity provider, &quot;x&quot; &lt;y&gt; &amp; z</Message>
  </Error>
  <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
</ErrorResponse>"#;

#[test]
fn assume_role_is_a_form_encoded_sts_call() {
    let r = assume_role_request(
        &config(false),
        "arn:aws:iam::123456789012:role/Cognito_Auth_Role",
        "web-identity",
        "eyJ+a/b=c.d_e~f",
        Some(3600),
        9,
    )
    .unwrap();
    assert_eq!(r.method, "POST");
    assert_eq!(r.url, "https://sts.eu-west-1.amazonaws.com/");
    assert_eq!(
        header(&r, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(header(&r, "x-amz-target"), None);
    assert_eq!(r.timeout_ms, 9);
    assert_eq!(
        r.body,
        "Action=AssumeRoleWithWebIdentity&Version=2011-06-15\
         &RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FCognito_Auth_Role\
         &RoleSessionName=web-identity&WebIdentityToken=eyJ%2Ba%2Fb%3Dc.d_e~f&DurationSeconds=3600"
    );
    let r = assume_role_request(&config(false), "arn", "n é", "t", None, 9).unwrap();
    assert_eq!(
        r.body,
        "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn\
         &RoleSessionName=n%20%C3%A9&WebIdentityToken=t"
    );
    for (arn, name, token) in [("", "n", "t"), ("a", "", "t"), ("a", "n", "")] {
        let err = assume_role_request(&config(false), arn, name, token, None, 9).unwrap_err();
        assert_eq!(err.name(), "InvalidArgumentError");
    }
}

#[test]
fn assume_role_reply_reads_the_credentials_from_xml() {
    let c = assume_role_reply(reply(200, &[], STS_OK)).unwrap();
    assert_eq!(c.access_key_id, "ASgeIAIOSFODNN7EXAMPLE");
    assert_eq!(
        c.secret_access_key.expose(),
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"
    );
    assert_eq!(
        c.session_token.expose(),
        "AQoDYXdzEE0a8ANXXXXXXXXNO1ewxE5TijQyp+IEXAMPLE"
    );
    assert_eq!(c.expiration_s, 1_796_040_000);
    let escaped = STS_OK.replace("p+IEXAMPLE", "p&amp;IEX&#43;");
    let c = assume_role_reply(reply(200, &[], &escaped)).unwrap();
    assert_eq!(
        c.session_token.expose(),
        "AQoDYXdzEE0a8ANXXXXXXXXNO1ewxE5TijQyp&IEX&#43;"
    );
}

#[test]
fn sts_errors_are_service_errors_named_by_their_code() {
    let err = assume_role_reply(reply(400, &[], STS_ERROR)).unwrap_err();
    assert_eq!(err.name(), "InvalidIdentityToken");
    assert_eq!(
        err.kind(),
        Some(&CognitoErrorKind::Other("InvalidIdentityToken".into()))
    );
    assert_eq!(
        err.message(),
        "Couldn't retrieve verification key from your identity provider, \"x\" <y> & z"
    );
    assert_eq!(
        err.request_id(),
        Some("c6104cbe-af31-11e0-8154-cbc7ccf896c7")
    );
    let err = assume_role_reply(reply(403, &[("x-amzn-RequestId", "hdr")], STS_ERROR)).unwrap_err();
    assert_eq!(err.request_id(), Some("hdr"));
    let bare = "<ErrorResponse><Error><Code>ExpiredTokenException</Code></Error></ErrorResponse>";
    let err = assume_role_reply(reply(400, &[], bare)).unwrap_err();
    assert_eq!(err.message(), "ExpiredTokenException (HTTP 400)");
    assert_eq!(err.request_id(), None);
    for body in [
        "",
        "<html>503</html>",
        "{\"__type\":\"X\"}",
        "<Error><Code></Code></Error>",
    ] {
        let err = assume_role_reply(reply(503, &[], body)).unwrap_err();
        assert_eq!(err.name(), "MalformedResponseError", "{body}");
    }
}

#[test]
fn malformed_sts_replies_are_malformed_not_a_panic() {
    let cut = |from: &str, to: &str| STS_OK.replace(from, to);
    for body in [
        String::new(),
        "<Credentials></Credentials>".to_owned(),
        STS_OK.get(..STS_OK.len() / 2).unwrap().to_owned(),
        cut("</Credentials>", ""),
        cut("<AccessKeyId>ASgeIAIOSFODNN7EXAMPLE</AccessKeyId>", ""),
        cut("ASgeIAIOSFODNN7EXAMPLE", ""),
        cut("</SessionToken>", "</Session>"),
        cut("2026-11-30T12:00:00Z", "2026-11-30T12:00:00"),
        cut("2026-11-30T12:00:00Z", "1796040000"),
        cut("2026-11-30T12:00:00Z", "2026-02-30T12:00:00Z"),
        cut("<Credentials>", "<Credentials xmlns=\"x\">"),
        "{\"Credentials\":{}}".to_owned(),
    ] {
        let err = assume_role_reply(reply(200, &[], &body)).unwrap_err();
        assert_eq!(err.name(), "MalformedResponseError", "{body}");
        assert_eq!(
            err.message(),
            "malformed reply from the service: AssumeRoleWithWebIdentity reply does not fit its schema"
        );
    }
}

#[test]
fn iso_8601_times_are_read_in_utc() {
    for (text, seconds) in [
        ("1970-01-01T00:00:00Z", 0),
        ("2026-11-30T12:00:00Z", 1_796_040_000),
        ("2019-11-09T13:34:41Z", 1_573_306_481),
        ("2019-11-09T13:34:41.123456Z", 1_573_306_481),
        ("2000-02-29T12:00:00Z", 951_825_600),
        ("2024-02-29T23:59:59Z", 1_709_251_199),
        ("2100-03-01T00:00:00Z", 4_107_542_400),
        ("9999-12-31T23:59:59Z", 253_402_300_799),
    ] {
        assert_eq!(parse_utc(text), Some(seconds), "{text}");
    }
    for bad in [
        "",
        "2026-11-30",
        "2026-11-30T12:00:00",
        "2026-11-30T12:00:00+00:00",
        "2026-11-30T12:00:00z",
        "2026-11-30 12:00:00Z",
        "2026-11-30T12:00:00.Z",
        "2026-11-30T12:00:00ZZ",
        "1969-12-31T23:59:59Z",
        "2026-00-10T12:00:00Z",
        "2026-13-10T12:00:00Z",
        "2026-11-00T12:00:00Z",
        "2026-11-31T12:00:00Z",
        "2023-02-29T12:00:00Z",
        "2100-02-29T12:00:00Z",
        "2026-11-30T24:00:00Z",
        "2026-11-30T12:60:00Z",
        "2026-11-30T12:00:61Z",
        "+026-11-30T12:00:00Z",
        "2026-1a-30T12:00:00Z",
        "２026-11-30T12:00:00Z",
    ] {
        assert_eq!(parse_utc(bad), None, "{bad}");
    }
}

#[test]
fn iso_8601_days_agree_with_counting_them_one_by_one() {
    let mut days = 0u64;
    for year in 1970..2500u64 {
        for month in 1..=12u64 {
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            let length = match month {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            for day in [1, 15, length] {
                let text = format!("{year:04}-{month:02}-{day:02}T01:02:03Z");
                let expected = (days + day - 1) * 86_400 + 3723;
                assert_eq!(parse_utc(&text), Some(expected), "{text}");
            }
            days += length;
        }
    }
}

// --- credentials and the cache ---------------------------------------------------------------

fn credentials(expiration_s: u64) -> Credentials {
    Credentials {
        access_key_id: "ASIAEXAMPLE".into(),
        secret_access_key: Secret::from("s3cr3t"),
        session_token: Secret::from("t0k3n"),
        expiration_s,
    }
}

#[test]
fn debug_of_credentials_hides_the_secrets() {
    let printed = format!("{:?}", credentials(1));
    assert!(printed.contains("ASIAEXAMPLE"), "{printed}");
    assert!(
        !printed.contains("s3cr3t") && !printed.contains("t0k3n"),
        "{printed}"
    );
}

#[test]
fn credentials_expire_within_a_margin() {
    let c = credentials(1_000);
    assert!(!c.expires_within(699_999, 300));
    assert!(c.expires_within(700_000, 300));
    assert!(c.expires_within(1_000_000, 0));
    assert!(!c.expires_within(999_999, 0));
    assert!(c.expires_within(u64::MAX, u64::MAX));
}

#[test]
fn cached_credentials_go_only_to_their_owner_and_while_fresh() {
    let guest = Owner {
        identity_id: ID.into(),
        user: None,
    };
    let alice = Owner {
        identity_id: "eu-west-1:aaaaaaaa-2222-3333-4444-555555555555".into(),
        user: Some("sub-alice".into()),
    };
    let bob = Owner {
        identity_id: "eu-west-1:bbbbbbbb-2222-3333-4444-555555555555".into(),
        user: Some("sub-bob".into()),
    };
    let new_guest = Owner {
        identity_id: "eu-west-1:cccccccc-2222-3333-4444-555555555555".into(),
        user: None,
    };
    let start = 1_700_000_000_000;
    let hour_from = |ms: u64| credentials(ms / 1000 + 3600);
    let cache = |owner: &Owner, fetched_ms: u64| CachedCredentials {
        owner: owner.clone(),
        credentials: hour_from(fetched_ms),
        fetched_ms,
        skew_ms: 0,
    };

    // A guest's credentials serve the guest while they have over five minutes left.
    let clock = FixedClock(start);
    let cached = cache(&guest, clock.now_ms());
    assert!(cached.usable(&guest, FixedClock(start + 54 * 60_000).now_ms()));
    assert!(!cached.usable(&guest, FixedClock(start + 55 * 60_000).now_ms()));
    // Alice signs in: not the guest's credentials, even for the guest's identity.
    let now = start + 60_000;
    assert!(!cached.usable(&alice, now));
    let alice_as_guest_identity = Owner {
        identity_id: ID.into(),
        user: Some("sub-alice".into()),
    };
    assert!(!cached.usable(&alice_as_guest_identity, now));
    // Alice's own serve her, through token refreshes (same sub and identity).
    let cached = cache(&alice, now);
    assert!(cached.usable(&alice.clone(), now + 30 * 60_000));
    // Alice signs out: the next guest (a new identity) does not get them, nor the old guest.
    assert!(!cached.usable(&new_guest, now + 1));
    assert!(!cached.usable(&guest, now + 1));
    // Bob signs in on the same device: never Alice's.
    assert!(!cached.usable(&bob, now + 2));
    let cached = cache(&bob, now + 2);
    assert!(cached.usable(&bob, now + 3));
    assert!(!cached.usable(&alice, now + 3));
}

#[test]
fn short_lived_credentials_are_reused_for_half_their_life() {
    let owner = Owner {
        identity_id: ID.into(),
        user: None,
    };
    let fetched_ms = 1_700_000_000_000;
    // moto issues 90-second credentials.
    let cached = CachedCredentials {
        owner: owner.clone(),
        credentials: credentials(fetched_ms / 1000 + 90),
        fetched_ms,
        skew_ms: 0,
    };
    assert!(cached.usable(&owner, fetched_ms + 44_000));
    assert!(!cached.usable(&owner, fetched_ms + 45_000));
    // Expired on arrival (or a device clock far ahead): never.
    let cached = CachedCredentials {
        owner: owner.clone(),
        credentials: credentials(fetched_ms / 1000 - 10),
        fetched_ms,
        skew_ms: 0,
    };
    assert!(!cached.usable(&owner, fetched_ms));
}

#[test]
fn a_device_clock_a_day_off_reuses_credentials_as_long_as_the_service_allows() {
    let owner = Owner {
        identity_id: ID.into(),
        user: None,
    };
    let service_ms: u64 = 1_700_000_000_000;
    let day: i64 = 86_400_000;
    for off in [day, -day, day / 24, -day / 24] {
        // The device reads `off` more than the service; the reply's `Date` said so.
        let device_ms = crate::time::shifted(service_ms, off);
        let reply = crate::platform::HttpResponse {
            status: 200,
            headers: vec![("date".into(), "Tue, 14 Nov 2023 22:13:20 GMT".into())],
            body: String::new(),
        };
        let cached = CachedCredentials {
            owner: owner.clone(),
            credentials: credentials(service_ms / 1000 + 3600),
            fetched_ms: device_ms,
            skew_ms: crate::time::skew_ms(Some(&reply), device_ms),
        };
        // An hour's credentials: reused for 55 minutes of the device's clock, not after.
        assert!(cached.usable(&owner, device_ms), "{off}");
        assert!(cached.usable(&owner, device_ms + 54 * 60_000), "{off}");
        assert!(!cached.usable(&owner, device_ms + 56 * 60_000), "{off}");
    }
}

// --- no input panics -------------------------------------------------------------------------

/// xorshift64*: deterministic, no crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Random bytes, biased towards the characters the parsers look at.
    fn text(&mut self, max: usize) -> String {
        const ALPHABET: &[u8] = b"<>/&;:.-+eE0123456789{}[]\",TZ \\AZaz";
        let len = self.below(max + 1);
        let bytes: Vec<u8> = (0..len)
            .map(|_| match self.below(3) {
                0 => self.next() as u8,
                _ => ALPHABET[self.below(ALPHABET.len())],
            })
            .collect();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// `base` with a few bytes changed, dropped or inserted, or cut short.
    fn mutate(&mut self, base: &str) -> String {
        let mut bytes = base.as_bytes().to_vec();
        for _ in 0..=self.below(4) {
            if bytes.is_empty() {
                break;
            }
            let i = self.below(bytes.len());
            match self.below(4) {
                0 => bytes[i] = self.next() as u8,
                1 => {
                    bytes.remove(i);
                }
                2 => bytes.insert(i, b"<>\"{}:.e-9Z&"[self.below(12)]),
                _ => bytes.truncate(i),
            }
        }
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

fn feed_every_parser(text: &str, status: u16) {
    let r = || reply(status, &[], text);
    let _ = get_id_reply(r());
    let _ = get_credentials_reply(r());
    let _ = get_open_id_token_reply(r());
    let _ = assume_role_reply(r());
    let _ = assume_role_reply(reply(status, &[("x-amzn-errortype", text)], text));
    let _ = parse_utc(text);
    let _ = epoch_seconds(text);
    let _ = unescape(text);
    let _ = xml_inner(text, "Credentials");
    let _ = IdentityConfig::new(text, true, Some(text));
    let _ = read_identity_id(text);
    let _ = config(true).with_sts_endpoint(text);
    let _ = user_pool_login(text, text);
    let _ = get_id_request(&config(true), &[(text.into(), text.into())], 1);
}

#[test]
fn random_input_never_panics_a_parser() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let bases = [
        credentials_body("1764504061.654321"),
        STS_OK.to_owned(),
        STS_ERROR.to_owned(),
        [r#"{"IdentityId":""#, ID, r#"","Token":"eyJ"}"#].concat(),
        "2026-11-30T12:00:00.5Z".to_owned(),
        "1.7e9".to_owned(),
    ];
    for round in 0..20_000 {
        let status = [200, 400, 500][round % 3];
        let text = if round % 2 == 0 {
            rng.text(80)
        } else {
            let base = rng.below(bases.len());
            rng.mutate(&bases[base])
        };
        feed_every_parser(&text, status);
    }
}
