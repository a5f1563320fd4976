#!/usr/bin/env python3
"""Writes the seed corpus of each fuzz target (corpus/<target>/seed-*): small, real examples of
what each parser reads, taken from the crate's native tests, in the input format of src/lib.rs
(first byte: which function; a reply: flags, status, NUL-separated header values and body).
Run it again after changing a target's format; libFuzzer grows the corpus beside the seeds."""

import base64
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
CLIENT_ID = "3n4b5urk1ft4fl3mg5e62d9ado"
SUB = "5f6e0a4c-1b2d-4e3f-8a9b-0c1d2e3f4a5b"
IDENTITY_ID = "eu-west-1:11111111-2222-3333-4444-555555555555"


def b(x):
    return x.encode() if isinstance(x, str) else x


def j(value):
    return json.dumps(value, separators=(",", ":"))


def reply(status, body, errortype=None, request_id=None, nul_end=False, network=False):
    flags = (1 if errortype is not None else 0) | (2 if request_id is not None else 0)
    flags |= (4 if nul_end else 0) | (0x80 if network else 0)
    out = bytes([flags]) + status.to_bytes(2, "big")
    for header in (errortype, request_id):
        if header is not None:
            out += b(header) + b"\0"
    return out + b(body) + (b"\0" if nul_end else b"")


def jwt(payload):
    text = base64.urlsafe_b64encode(j(payload).encode()).rstrip(b"=").decode()
    return "eyJhbGciOiJub25lIn0." + text + ".c2ln"


def claims(token_use, **extra):
    c = {"sub": SUB, "token_use": token_use, "exp": 1700003600, "iat": 1700000000}
    if token_use == "id":
        c.update({"aud": CLIENT_ID, "cognito:username": "alice", "email": "a@example.com"})
    else:
        c.update({"client_id": CLIENT_ID, "username": "alice", "scope": "aws.cognito.signin.user.admin"})
    c.update(extra)
    return c


ID_TOKEN = jwt(claims("id"))
ACCESS_TOKEN = jwt(claims("access"))
TOKENS = {"AuthenticationResult": {"IdToken": ID_TOKEN, "AccessToken": ACCESS_TOKEN,
                                   "RefreshToken": "refresh", "ExpiresIn": 3600, "TokenType": "Bearer"}}
DELIVERY = {"CodeDeliveryDetails": {"Destination": "a***@e***.com", "DeliveryMedium": "EMAIL",
                                    "AttributeName": "email"}}
NOT_AUTHORIZED = j({"__type": "NotAuthorizedException", "message": "Incorrect username or password."})
STS_OK = """<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <Credentials>
      <SessionToken>AQoDYXdzEE0a8ANXXXXXXXXNO1ewxE5TijQyp+IEXAMPLE</SessionToken>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <Expiration>2026-11-30T12:00:00Z</Expiration>
      <AccessKeyId>ASgeIAIOSFODNN7EXAMPLE</AccessKeyId>
    </Credentials>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata><RequestId>ad4156e9-bce1-11e2-82e6-6b6efEXAMPLE</RequestId></ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>"""
STS_ERROR = """<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error><Type>Sender</Type><Code>InvalidIdentityToken</Code><Message>Couldn&apos;t verify &lt;token&gt;</Message></Error>
  <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
</ErrorResponse>"""


VERIFIER = j({"ChallengeName": "PASSWORD_VERIFIER", "Session": "s-1", "ChallengeParameters": {
    "SALT": "a1b2c3", "SRP_B": "abcdef0123456789", "SECRET_BLOCK": "c2VjcmV0",
    "USER_ID_FOR_SRP": "alice-internal", "USERNAME": "alice-internal"}})


def challenge(name, parameters, session="s-1"):
    return j({"ChallengeName": name, "Session": session, "ChallengeParameters": parameters})


SEEDS = {
    "replies": {
        "sign-up": bytes([0]) + reply(200, j({"UserConfirmed": False, "UserSub": "sub-1", **DELIVERY})),
        "confirm-sign-up": bytes([1]) + reply(200, "{}"),
        "resend-code-error": bytes([2]) + reply(400, j({"__type": "LimitExceededException", "message": "slow down"}),
                                                 request_id="req-1"),
        "reset-password": bytes([3]) + reply(200, j(DELIVERY)),
        "get-user": bytes([4]) + reply(200, j({"Username": "alice", "UserAttributes": [
            {"Name": "email", "Value": "a@example.com"}, {"Name": "email_verified", "Value": "true"}],
            "UserMFASettingList": ["SOFTWARE_TOKEN_MFA", "EMAIL_OTP"], "PreferredMfaSetting": "SOFTWARE_TOKEN_MFA"})),
        "update-attributes": bytes([5, 1, 1, 0]) + reply(200, j({"CodeDeliveryDetailsList": [DELIVERY["CodeDeliveryDetails"]]})),
        "verification-code": bytes([6]) + reply(200, j(DELIVERY)),
        "totp-secret": bytes([7]) + reply(200, j({"SecretCode": "JBSWY3DPEHPK3PXP"})),
        "empty-header-error": bytes([8]) + reply(400, j({"message": "m"}),
                                                  errortype="CodeMismatchException:http://internal.amazon.com/",
                                                  request_id="4e5f"),
        "refresh": bytes([9, 0]) + reply(200, j(TOKENS)),
        "refresh-initiate-auth": bytes([0x80 | 9, 1]) + reply(200, j({"AuthenticationResult": {
            "IdToken": ID_TOKEN, "AccessToken": ACCESS_TOKEN, "ExpiresIn": 3600}})),
        "sign-out-network": bytes([10]) + reply(0, "offline", network=True),
        "sign-in-tokens": bytes([11, 0]) + reply(200, j(TOKENS)),
        "sign-in-sms": bytes([11, 0]) + reply(200, challenge("SMS_MFA", {
            "CODE_DELIVERY_DELIVERY_MEDIUM": "SMS", "CODE_DELIVERY_DESTINATION": "+*******1234",
            "USERNAME": "alice-internal"}), nul_end=True) + b"123456\0\0" + reply(200, j(TOKENS)),
        "sign-in-totp-setup": bytes([11, 0]) + reply(200, challenge("MFA_SETUP", {"MFAS_CAN_SETUP": '["SOFTWARE_TOKEN_MFA"]'}),
                                                      nul_end=True)
        + reply(200, j({"SecretCode": "JBSWY3DPEHPK3PXP", "Session": "s-2"}), nul_end=True)
        + b"123456\0\1" + reply(200, j({"Status": "SUCCESS", "Session": "s-3"}), nul_end=True)
        + reply(200, j(TOKENS)),
        "sign-in-new-password": bytes([11, 0]) + reply(200, challenge("NEW_PASSWORD_REQUIRED", {
            "requiredAttributes": '["userAttributes.name"]', "userAttributes": '{"email":"a@example.com"}'}),
            nul_end=True) + b"N3wPassw0rd!\0\1" + reply(200, j(TOKENS)),
        "sign-in-select-mfa": bytes([11, 0]) + reply(200, challenge("SELECT_MFA_TYPE", {
            "MFAS_CAN_CHOOSE": '["SMS_MFA","SOFTWARE_TOKEN_MFA"]'}), nul_end=True) + b"TOTP\0\1"
        + reply(200, challenge("SOFTWARE_TOKEN_MFA", {}), nul_end=True),
        "sign-in-custom": bytes([11, 1]) + reply(200, challenge("CUSTOM_CHALLENGE", {"question": "2+2?"}),
                                                  nul_end=True) + b"4\0\0" + reply(200, j(TOKENS)),
        "sign-in-refused": bytes([11, 0]) + reply(400, NOT_AUTHORIZED),
        "read-reply": b"\x0cInitiateAuth\0" + reply(500, "<html>Bad gateway</html>"),
        "service-error": b"\x0dcom.amazonaws.cognito#UserNotFoundException\0User does not exist.\0"
        + reply(400, "", request_id="r-9"),
    },
    "sign_in_srp": {
        "verifier": bytes([0]) + reply(200, VERIFIER, nul_end=True) + reply(200, j(TOKENS)),
        "custom-verifier": bytes([1]) + reply(200, VERIFIER, nul_end=True)
        + reply(200, challenge("CUSTOM_CHALLENGE", {"q": "?"}), nul_end=True) + b"42\0\0" + reply(200, j(TOKENS)),
        "verifier-refused": bytes([0]) + reply(200, VERIFIER, nul_end=True) + reply(400, NOT_AUTHORIZED),
    },
    "json_jwt": {
        "value": b"\0" + b(j({"a": [1, -2.5e10, True, None, "\u00e9\\n"], "b": {"c": {}}})),
        "object": b"\1" + b(j({"UserSub": "s", "ExpiresIn": 3600, "UserConfirmed": True,
                                "ChallengeParameters": {"k": "v"}, "L": ["x"]})),
        "escapes": b"\1" + b'{"k":"\\u00e9\\ud83d\\ude00\\"\\\\\\/\\b\\f\\n\\r\\t"}',
        "string-list": b"\2" + b(j(["SMS_MFA", "SOFTWARE_TOKEN_MFA"])),
        "write-str": b"\3" + "tab\there \"quoted\" \u0001 \u2028 \U0001f600".encode(),
        "id-token": b"\4" + b(ID_TOKEN),
        "access-token": b"\4" + b(ACCESS_TOKEN),
        "payload": b"\5" + b(j(claims("id"))),
        "base64": b"\6" + b"c2VjcmV0_-+/=",
    },
    "session_storage": {
        "stored": b"\0" + b"\0".join(b(x) for x in ["alice", ID_TOKEN, ACCESS_TOKEN, "refresh", "-2",
                                                     j({"loginId": "a@example.com", "authFlowType": "USER_SRP_AUTH"})]),
        "stored-payloads": b"\1" + b"\0".join(b(x) for x in ["alice", j(claims("id")), j(claims("access")), "", "-5000", ""]),
        "handover": b"\2\0" + b(j({"mark": "", "entries": {
            f"CognitoIdentityServiceProvider.{CLIENT_ID}.LastAuthUser": "alice",
            f"CognitoIdentityServiceProvider.{CLIENT_ID}.alice.idToken": ID_TOKEN,
            f"CognitoIdentityServiceProvider.{CLIENT_ID}.alice.accessToken": ACCESS_TOKEN,
            f"CognitoIdentityServiceProvider.{CLIENT_ID}.alice.refreshToken": "refresh-2"}})),
        "drift": b"\3 -1234 ",
        "flight": b"\4" + b(j({"state": "0123456789abcdef0123456789abcdef-7b2270616765223a222f78227d",
                                "codeVerifier": "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
                                "redirectUri": "https://app.example.com/cb", "startedAt": 1700000000000})),
        "identity-id": b"\5" + b(IDENTITY_ID),
    },
    "oauth_callback": {
        "code": b"\0https://app.example.com/cb?code=c0de-1&state=0123456789abcdef0123456789abcdef-7b2270616765223a222f78227d&keep=1#frag",
        "error": b"\0https://app.example.com/cb?error=access_denied&error_description=User+said+%22no%22&state=0123456789abcdef0123456789abcdef-7b2270616765223a222f78227d",
        "foreign-state": b"\1abc-_00263a\0https://app.example.com/cb?state=abc-_00263a&code=x",
        "config": b"\2" + b(j({"domain": "auth.example.com", "scopes": ["openid", "email"],
                               "redirectSignIn": ["http://localhost:3000/", "https://app.example.com/cb"],
                               "redirectSignOut": "https://app.example.com/", "responseType": "code",
                               "providers": ["Google", {"custom": "Okta"}]}))
        + b"\0https://app.example.com/cb?x=1\0"
        + b(j({"provider": {"idpIdentifier": "corp"}, "customState": "caf\u00e9 \U0001f600",
               "options": {"lang": "fr", "loginHint": "a@example.com", "nonce": "n", "prompt": "LOGIN"}})),
        "token": b"\3" + reply(200, j({"access_token": ACCESS_TOKEN, "id_token": ID_TOKEN, "refresh_token": "r",
                                       "token_type": "Bearer", "expires_in": 3600})),
        "token-error": b"\3" + reply(400, j({"error": "invalid_grant"})),
        "user-info": b"\4\0" + reply(200, j({"sub": SUB, "email_verified": "true", "email": "a@example.com",
                                             "phone_number_verified": False, "n": 5, "x": None})),
        "revoke": b"\4\1" + reply(200, ""),
        "custom-state": "\5caf\u00e9 \U0001f600".encode(),
    },
    "identity": {
        "get-id": b"\0" + reply(200, j({"IdentityId": IDENTITY_ID})),
        "get-id-error": b"\0" + reply(400, j({"__type": "com.amazonaws.cognito.identity#NotAuthorizedException",
                                              "message": "Unauthenticated access is not supported for this identity pool."})),
        "credentials": b"\1" + reply(200, j({"IdentityId": IDENTITY_ID, "Credentials": {
            "AccessKeyId": "ASIAEXAMPLE", "SecretKey": "s3cr3t", "SessionToken": "t0k3n", "Expiration": 1.7e9}})),
        "credentials-stale": b"\1" + reply(400, j({"__type": "ResourceNotFoundException", "message": "Identity 'x' not found."})),
        "open-id-token": b"\2" + reply(200, j({"IdentityId": IDENTITY_ID, "Token": "eyJ.open.id"})),
        "sts": b"\3" + reply(200, STS_OK),
        "sts-error": b"\3" + reply(400, STS_ERROR),
        "identity-id": b"\4" + b(IDENTITY_ID),
        "logins": b"\5" + b(ID_TOKEN),
    },
}


def main():
    for target, seeds in SEEDS.items():
        folder = os.path.join(HERE, "corpus", target)
        if os.path.isdir(folder):
            for name in os.listdir(folder):
                if name.startswith("seed-"):
                    os.remove(os.path.join(folder, name))
        os.makedirs(folder, exist_ok=True)
        for name, data in seeds.items():
            with open(os.path.join(folder, "seed-" + name), "wb") as f:
                f.write(data)


if __name__ == "__main__":
    main()
