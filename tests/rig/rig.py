#!/usr/bin/env python3
"""Local Cognito user-pool rig: moto behind a front that is faithful where moto is not.

moto 5.2.5 keeps users, pools, clients and tokens; this front adds what moto fakes or lacks:
real SRP (PASSWORD_VERIFIER signatures are verified against a stored verifier), SECRET_HASH
checks on every public operation, real codes of every purpose (readable through /rig/code),
the account operations (attribute verification, DeleteUser, ChangePassword against the verifier),
MFA as Cognito runs it (RFC 6238 TOTP, SMS / email codes, SELECT_MFA_TYPE, MFA_SETUP), a scripted
custom auth,
ResendConfirmationCode, token sessions (GetTokensFromRefreshToken with per-client refresh-token
rotation, RevokeToken, token families revoked by RevokeToken / GlobalSignOut), Cognito-shaped
errors, browser CORS with exposed headers, and test hooks (request counts, injected failures).
hosted_ui.py adds the pool's domain: managed login and the OAuth 2.0 endpoints, over HTTPS.
Identity pools (AWSCognitoIdentityService.*) are answered by identity.py, beside this file.

    python3 tests/rig/rig.py [--port N] [--hosted-ui-port N] [--config-out FILE]

prints one line `RIG READY <json>` when ready. Python 3.11, stdlib + moto (and the botocore,
cryptography and joserfc it brings) only.
"""

from __future__ import annotations

import argparse
import base64
import dataclasses
import hashlib
import hmac
import json
import logging
import re
import secrets
import select
import shutil
import signal
import socket
import ssl
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import identity

REGION = "us-east-1"
TARGET_PREFIX = "AWSCognitoIdentityProviderService."
AMZ_JSON = "application/x-amz-json-1.1"
EXPOSED_HEADERS = "x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date"
FLIGHT_TTL_SECONDS = 180  # Cognito's default AuthSessionValidity is 3 minutes
TIMESTAMP_SKEW_SECONDS = 300
INCORRECT = "Incorrect username or password."
DEFAULT_GRACE_SECONDS = 10  # RetryGracePeriodSeconds of a rotating client that names none
STALL_SECONDS = 60  # default length of an injected stall
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9\-_=.]+")  # RevokeToken's Token pattern in the API reference
REUSE_ERRORS = ("RefreshTokenReuseException", "NotAuthorizedException")
ADMIN_SCOPE = "aws.cognito.signin.user.admin"
FAULT_MODES = ("500", "503", "429", "drop", "stall", "truncate", "html", "shape", "nocors")
ERROR_FAULTS = ("500", "503", "429")  # Cognito-shaped errors; "status" may pick another code
REAL_FAULTS = ("truncate", "nocors")  # the real handler runs (and changes state) first
SHAPE_BODY = {"unexpected": True}  # the default body of an injected `shape`
FAULT_PAGE = (b"<!doctype html><html><head><title>502 Bad Gateway</title></head><body>"
              b"<h1>502 Bad Gateway</h1><p>rig: injected html</p></body></html>")
# Codes a user types, by purpose (the `purpose` of GET /rig/code), and how long each lives:
# sign-up and attribute-verification codes 24 h, reset codes 1 h, sign-in codes (MFA, custom) 3 min.
CODE_TTL = {"signup": 86400, "reset": 3600, "verify_email": 86400, "verify_phone_number": 86400,
            "sms_mfa": 180, "email_otp": 180, "custom": 180}
MFA_FACTORS = ("SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP")  # GetUser's UserMFASettingList order
CUSTOM_AUTH_ARN = "arn:aws:lambda:us-east-1:123456789012:function:rig-custom-auth"
CUSTOM_QUESTION = "What is 6 x 7?"  # round 1 of the scripted custom challenge
CUSTOM_ANSWER = "42"
CUSTOM_MAX_WRONG = 3  # the script fails the sign-in at the third wrong answer
MFA_CODE_WRONG = "Invalid code or auth state for the user."  # what Cognito answers

# --- SRP (RFC 5054 with Cognito's choices: RFC 3526 3072-bit group, SHA-256, HKDF) ---------

N = int(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
    "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
    "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05"
    "98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB"
    "9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718"
    "3995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33"
    "A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864"
    "D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2"
    "08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
    16,
)
G = 2


def pad_hex(value: int) -> str:
    """Java BigInteger style: even-length hex, "00" prefix when the top bit is set."""
    text = format(value, "x")
    if len(text) % 2:
        text = "0" + text
    elif text[0] in "89abcdef":
        text = "00" + text
    return text


def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def hex_bytes(value: int) -> bytes:
    return bytes.fromhex(pad_hex(value))


K = int.from_bytes(sha256(hex_bytes(N) + hex_bytes(G)), "big")


def srp_x(pool_name: str, user_id: str, password: str, salt: int) -> int:
    inner = sha256(f"{pool_name}{user_id}:{password}".encode())
    return int.from_bytes(sha256(hex_bytes(salt) + inner), "big")


def make_verifier(pool_id: str, user_id: str, password: str) -> tuple[int, int]:
    salt_bytes = secrets.token_bytes(16)
    while salt_bytes[0] == 0:
        salt_bytes = secrets.token_bytes(16)
    salt = int.from_bytes(salt_bytes, "big")
    return salt, pow(G, srp_x(pool_name(pool_id), user_id, password, salt), N)


def password_claim_key(a_pub: int, b_priv: int, b_pub: int, verifier: int) -> bytes:
    u = int.from_bytes(sha256(hex_bytes(a_pub) + hex_bytes(b_pub)), "big")
    if u == 0:
        raise CognitoError("NotAuthorizedException", INCORRECT)
    s = pow(a_pub * pow(verifier, u, N) % N, b_priv, N)
    prk = hmac.new(hex_bytes(u), hex_bytes(s), hashlib.sha256).digest()
    return hmac.new(prk, b"Caldera Derived Key\x01", hashlib.sha256).digest()[:16]


def pool_name(pool_id: str) -> str:
    return pool_id.split("_", 1)[1]


def secret_hash(secret: str, username: str, client_id: str) -> str:
    digest = hmac.new(secret.encode(), (username + client_id).encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


# `EEE MMM d HH:mm:ss UTC yyyy`, day of month not zero-padded (amazon-cognito-identity-js DateHelper)
TIMESTAMP_RE = re.compile(
    r"(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"([1-9]|[12][0-9]|3[01]) ([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]) UTC ([0-9]{4})"
)
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def timestamp_is_fresh(text: str, now: float | None = None) -> bool:
    """The PASSWORD_VERIFIER TIMESTAMP: the exact format (day of month 1-9 as one digit, 10-31 as
    two), the weekday of that date, and within TIMESTAMP_SKEW_SECONDS of `now`, past or future."""
    match = TIMESTAMP_RE.fullmatch(text)
    if not match:
        return False
    wday, mon, day, hh, mm, ss, year = match.groups()
    try:
        when = datetime(int(year), MONTHS.index(mon) + 1, int(day), int(hh), int(mm), int(ss),
                        tzinfo=timezone.utc)
    except ValueError:
        return False
    if WEEKDAYS[when.weekday()] != wday:
        return False
    return abs((time.time() if now is None else now) - when.timestamp()) <= TIMESTAMP_SKEW_SECONDS


# --- errors and moto access -------------------------------------------------------------------

class CognitoError(Exception):
    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name = name
        self.message = message


@dataclasses.dataclass
class Reply:
    status: int
    body: Any  # parsed JSON for Cognito calls, raw bytes otherwise
    content_type: str = AMZ_JSON

    @property
    def ok(self) -> bool:
        return self.status == 200


class Moto:
    def __init__(self, endpoint: str):
        self.endpoint = endpoint

    def raw(self, method: str, path: str, body: bytes | None, headers: dict[str, str]) -> tuple[int, str, bytes]:
        req = urllib.request.Request(self.endpoint + path, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return resp.status, resp.headers.get("Content-Type", ""), resp.read()
        except urllib.error.HTTPError as err:
            return err.code, err.headers.get("Content-Type", ""), err.read()

    def call(self, op: str, body: dict[str, Any]) -> Reply:
        status, _, data = self.raw("POST", "/", json.dumps(body).encode(),
                                   {"Content-Type": AMZ_JSON, "X-Amz-Target": TARGET_PREFIX + op})
        try:
            parsed = json.loads(data) if data else {}
        except ValueError:  # moto answers 500 + HTML for operations it lacks (RevokeToken, ...)
            parsed = {"__type": "InternalErrorException", "message": f"rig: moto cannot do {op}"}
        return Reply(status, parsed)

    def must(self, op: str, body: dict[str, Any]) -> dict[str, Any]:
        reply = self.call(op, body)
        if not reply.ok:
            raise RuntimeError(f"moto {op} failed: {reply.status} {reply.body}")
        return reply.body


def raise_for(reply: Reply) -> None:
    if reply.ok:
        return
    body = reply.body if isinstance(reply.body, dict) else {}
    name = str(body.get("__type") or body.get("code") or "InternalErrorException")
    name = name.split("#")[-1].split(":")[0]
    raise CognitoError(name, str(body.get("message") or body.get("Message") or ""))


@dataclasses.dataclass
class Client:
    client_id: str
    pool_id: str
    secret: str | None
    flows: list[str]
    rotation: bool = False  # RefreshTokenRotation.Feature == ENABLED
    grace: int = DEFAULT_GRACE_SECONDS  # RefreshTokenRotation.RetryGracePeriodSeconds
    revocation: bool = True  # EnableTokenRevocation
    settings: dict[str, Any] = dataclasses.field(default_factory=dict)  # DescribeUserPoolClient, as moto keeps it


@dataclasses.dataclass
class Family:
    """One sign-in's tokens: its refresh tokens (the first one and every rotation of it) and every
    access / ID token issued from them, which carry its `origin_jti`. Revoked as a whole."""
    origin_jti: str
    client_id: str
    pool_id: str
    internal: str  # internal username
    moto_token: str  # moto's refresh token behind every refresh token of the family
    moto_username: str  # the username moto stored with it (its SECRET_HASH is computed over it)
    revoked: bool = False


@dataclasses.dataclass
class RefreshRecord:
    """A refresh token the front handed out (moto's own never leave the front)."""
    family: Family
    rotated_at: float | None = None  # when GetTokensFromRefreshToken rotated it out


@dataclasses.dataclass
class Fault:
    mode: str
    times: int
    status: int | None = None
    seconds: float = STALL_SECONDS
    body: Any = None  # the JSON of a `shape` fault (None: SHAPE_BODY)


def mint_refresh_token() -> str:
    """Opaque, shaped like Cognito's (a ~1.8 KB JWE: RSA-OAEP key, A256GCM); random inside."""
    header = base64.urlsafe_b64encode(b'{"cty":"JWT","enc":"A256GCM","alg":"RSA-OAEP"}').rstrip(b"=")
    parts = [header] + [base64.urlsafe_b64encode(secrets.token_bytes(n)).rstrip(b"=") for n in (256, 12, 1040, 16)]
    return b".".join(parts).decode()


@dataclasses.dataclass
class Flight:
    """One USER_SRP_AUTH in progress, keyed by the SECRET_BLOCK we handed out."""
    a_pub: int
    b_priv: int
    b_pub: int
    verifier: int
    pool_id: str
    client_id: str
    user_id: str  # internal username = USER_ID_FOR_SRP
    typed_username: str
    moto_session: str
    created: float
    custom: Any = None  # the AuthSession of a CUSTOM_AUTH that began with SRP_A


# --- TOTP (RFC 6238 over RFC 4226: HMAC-SHA-1, 30 s steps, 6 digits) --------------------------

TOTP_STEP = 30
TOTP_DIGITS = 6
TOTP_MISMATCH = "Code mismatch and fail enable Software Token MFA"  # VerifySoftwareToken, as Cognito says it


def hotp(key: bytes, counter: int, digits: int = TOTP_DIGITS, digest: str = "sha1") -> str:
    mac = hmac.new(key, counter.to_bytes(8, "big"), digest).digest()
    offset = mac[-1] & 0x0F
    value = int.from_bytes(mac[offset:offset + 4], "big") & 0x7FFFFFFF
    return f"{value % 10 ** digits:0{digits}d}"


def totp_key(secret: str) -> bytes:
    return base64.b32decode(secret + "=" * (-len(secret) % 8))


def totp_matches(secret: str, code: Any, now: float | None = None) -> bool:
    """A code of the current step or the one before or after (clock drift), as Cognito accepts."""
    if not isinstance(code, str) or not re.fullmatch(r"[0-9]{6}", code):
        return False
    step = int((time.time() if now is None else now) // TOTP_STEP)
    key = totp_key(secret)
    return any(hmac.compare_digest(hotp(key, s), code) for s in (step - 1, step, step + 1))


def new_totp_secret() -> str:
    """160 random bits in base32 without padding (32 characters), what authenticator apps take."""
    return base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")


# RFC 6238 appendix B, SHA-1 rows: (time, 8-digit TOTP) for the ASCII key "12345678901234567890"
RFC6238_SHA1 = [(59, "94287082"), (1111111109, "07081804"), (1111111111, "14050471"),
                (1234567890, "89005924"), (2000000000, "69279037"), (20000000000, "65353130")]


def self_test() -> None:
    """python3 rig.py --self-test: TOTP against RFC 6238's vectors; RFC 4226 appendix D too."""
    key = b"12345678901234567890"
    for when, expected in RFC6238_SHA1:
        assert hotp(key, when // TOTP_STEP, 8) == expected, (when, expected)
        assert hotp(key, when // TOTP_STEP) == expected[-6:]
    for counter, expected in enumerate(["755224", "287082", "359152", "969429", "338314"]):
        assert hotp(key, counter) == expected, (counter, expected)
    secret = base64.b32encode(key).decode()
    assert totp_matches(secret, "287082", 59) and totp_matches(secret, "287082", 89)
    assert totp_matches(secret, "287082", 31) and not totp_matches(secret, "287082", 120)
    assert len(new_totp_secret()) == 32 and totp_key(new_totp_secret())
    print("rig self-test ok: RFC 6238 SHA-1 vectors, RFC 4226 HOTP vectors, +-1 step window")


@dataclasses.dataclass
class UserMfa:
    """A user's MFA settings, kept by the front (moto's user never has MFA on, so moto never
    challenges on its own)."""
    totp_secret: str | None = None  # verified with VerifySoftwareToken
    totp_pending: str | None = None  # from AssociateSoftwareToken, not verified yet
    sms: bool = False
    totp: bool = False
    email: bool = False
    preferred: str | None = None

    def enabled(self) -> list[str]:
        on = {"SMS_MFA": self.sms, "SOFTWARE_TOKEN_MFA": self.totp, "EMAIL_OTP": self.email}
        return [f for f in MFA_FACTORS if on[f]]


@dataclasses.dataclass
class AuthSession:
    """A sign-in the front runs itself (MFA pools, custom auth), keyed by the Session it handed
    out; every answer gets a new Session, as in Cognito."""
    pool_id: str
    client_id: str
    internal: str
    typed: str
    challenge: str  # the challenge the next RespondToAuthChallenge must answer
    created: float
    custom: bool = False
    round: int = 0  # custom challenge round (1, 2)
    wrong: int = 0  # wrong custom answers so far
    totp_secret: str | None = None  # MFA_SETUP: associated with this Session
    setup_done: bool = False  # MFA_SETUP: VerifySoftwareToken succeeded


class Rig:
    def __init__(self, moto: Moto):
        self.moto = moto
        self.lock = threading.Lock()
        self.clients: dict[str, Client] = {}
        self.pools: dict[str, dict[str, Any]] = {}
        self.verifiers: dict[tuple[str, str], tuple[int, int]] = {}
        self.codes: dict[tuple[str, str], dict[str, str]] = {}
        self.last_code: dict[tuple[str, str], str] = {}
        self.flights: dict[str, Flight] = {}
        self.families: dict[str, Family] = {}  # by origin_jti
        self.mfa: dict[tuple[str, str], UserMfa] = {}  # by (pool id, internal username)
        self.sessions: dict[str, AuthSession] = {}  # sign-ins the front runs itself, by Session
        self.email_mfa: dict[str, bool] = {}  # EmailMfaConfiguration set per pool (moto drops it)
        self.refresh: dict[str, RefreshRecord] = {}  # by refresh token handed out
        self.config: dict[str, Any] = {}
        # test hooks
        self.grace_override: int | None = None
        self.reuse_error = REUSE_ERRORS[0]
        self.clock_offset = 0.0  # seconds added to the clock the TIMESTAMP check reads (/rig/clock)
        self.faults: dict[str, Fault] = {}
        self.stats: dict[str, int] = {}
        self.preflights = 0
        self.other_requests: dict[str, int] = {}
        self.oauth_requests: dict[str, int] = {}  # requests to the hosted UI's domain
        self.stats_since = time.time()
        self.release = threading.Event()  # set to end every injected stall at once
        self.identity: identity.IdentityPools | None = None  # set in main()
        self.hosted_ui: Any = None  # hosted_ui.HostedUi once its listener runs

    # --- lookups ---------------------------------------------------------------------------

    def client(self, client_id: Any) -> Client | None:
        if not isinstance(client_id, str) or not client_id:
            return None
        with self.lock:
            if client_id in self.clients:
                return self.clients[client_id]
        for pool in self.list_all("ListUserPools", {}, "UserPools"):
            for summary in self.list_all("ListUserPoolClients", {"UserPoolId": pool["Id"]}, "UserPoolClients"):
                if summary["ClientId"] != client_id:
                    continue
                desc = self.moto.must("DescribeUserPoolClient",
                                      {"UserPoolId": pool["Id"], "ClientId": client_id})["UserPoolClient"]
                rotation = desc.get("RefreshTokenRotation") or {}
                grace = rotation.get("RetryGracePeriodSeconds")
                found = Client(client_id, pool["Id"], desc.get("ClientSecret"),
                               list(desc.get("ExplicitAuthFlows") or []),
                               rotation=rotation.get("Feature") == "ENABLED",
                               grace=grace if isinstance(grace, int) else DEFAULT_GRACE_SECONDS,
                               revocation=desc.get("EnableTokenRevocation", True) is not False,
                               settings=desc)
                with self.lock:
                    self.clients[client_id] = found
                return found
        return None

    def list_all(self, op: str, body: dict[str, Any], key: str) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        token = None
        while True:
            page = self.moto.must(op, {**body, "MaxResults": 60, **({"NextToken": token} if token else {})})
            items += page.get(key, [])
            token = page.get("NextToken")
            if not token:
                return items

    def require_client(self, body: dict[str, Any]) -> Client:
        client = self.client(body.get("ClientId"))
        if client is None:
            raise CognitoError("ResourceNotFoundException",
                               f"User pool client {body.get('ClientId')} does not exist.")
        return client

    def pool(self, pool_id: str) -> dict[str, Any]:
        with self.lock:
            if pool_id in self.pools:
                return self.pools[pool_id]
        desc = self.moto.must("DescribeUserPool", {"UserPoolId": pool_id})["UserPool"]
        with self.lock:
            self.pools[pool_id] = desc
        return desc

    def user(self, pool_id: str, username: Any) -> dict[str, Any] | None:
        """moto's AdminGetUser resolves both the internal username and an email username."""
        if not isinstance(username, str) or not username:
            return None
        reply = self.moto.call("AdminGetUser", {"UserPoolId": pool_id, "Username": username})
        return reply.body if reply.ok else None

    def internal_username(self, pool_id: str, username: str) -> str | None:
        user = self.user(pool_id, username)
        return user["Username"] if user else None

    # --- state -----------------------------------------------------------------------------

    def password_matches(self, pool_id: str, internal: str, password: Any) -> bool:
        """The password against the user's SRP verifier, the only place the rig keeps it."""
        with self.lock:
            record = self.verifiers.get((pool_id, internal))
        if record is None or not isinstance(password, str):
            return False
        salt, verifier = record
        candidate = pow(G, srp_x(pool_name(pool_id), internal, password, salt), N)
        return hmac.compare_digest(hex_bytes(candidate), hex_bytes(verifier))

    def set_password(self, pool_id: str, username: str, password: Any) -> None:
        if not isinstance(password, str):
            return
        internal = self.internal_username(pool_id, username)
        if internal is None:
            return
        record = make_verifier(pool_id, internal, password)
        with self.lock:
            self.verifiers[(pool_id, internal)] = record

    def new_code(self, pool_id: str, internal: str, purpose: str) -> str:
        """A fresh random 6-digit code (the previous one of that purpose stops working)."""
        code = f"{secrets.randbelow(1_000_000):06d}"
        with self.lock:
            self.codes.setdefault((pool_id, internal), {})[purpose] = (code, time.time() + CODE_TTL[purpose])
            self.last_code[(pool_id, internal)] = code
        return code

    def check_code(self, pool_id: str, internal: str, purpose: str, code: Any,
                   mismatch: str = "Invalid verification code provided, please try again.") -> None:
        with self.lock:
            expected, expires = self.codes.get((pool_id, internal), {}).get(purpose, (None, 0.0))
        if expected is None or not isinstance(code, str) or not hmac.compare_digest(code, expected):
            raise CognitoError("CodeMismatchException", mismatch)
        if time.time() >= expires:
            raise CognitoError("ExpiredCodeException", "Invalid code provided, please request a code again.")

    def drop_code(self, pool_id: str, internal: str, purpose: str) -> None:
        with self.lock:
            self.codes.get((pool_id, internal), {}).pop(purpose, None)

    def check_secret_hash(self, client: Client, given: Any, username: Any) -> None:
        """SECRET_HASH over exactly the username this request names (Cognito does not try the
        other form: a hash over the internal username does not pass for a typed alias, nor the
        other way round)."""
        self.check_secret_hash_of(client, given, [username])

    def check_secret_hash_of(self, client: Client, given: Any, usernames: list[Any]) -> None:
        """SECRET_HASH over one of `usernames` (REFRESH_TOKEN_AUTH names no user: the token does)."""
        if client.secret is None:
            return
        if not isinstance(given, str) or not given:
            raise CognitoError("NotAuthorizedException",
                               f"Client {client.client_id} is configured with secret but SECRET_HASH was not received")
        for name in {u for u in usernames if isinstance(u, str) and u}:
            if hmac.compare_digest(given.encode(), secret_hash(client.secret, name, client.client_id).encode()):
                return
        raise CognitoError("NotAuthorizedException",
                           f"Unable to verify secret hash for client {client.client_id}")

    def check_flow(self, client: Client, flow: str) -> None:
        if client.flows and f"ALLOW_{flow}" not in client.flows and flow not in client.flows:
            raise CognitoError("InvalidParameterException", f"{flow} flow not enabled for this client")

    def check_password_policy(self, pool_id: str, password: Any) -> None:
        policy = self.pool(pool_id).get("Policies", {}).get("PasswordPolicy", {})
        if not password_conforms(policy, password):
            raise CognitoError("InvalidPasswordException",
                               "Password does not conform to policy: Password not long enough")

    def remember_tokens(self, client: Client, reply: Reply, moto_username: str) -> None:
        """A sign-in's refresh token from moto becomes a family; the SDK gets an opaque alias."""
        result = reply.body.get("AuthenticationResult") if reply.ok else None
        token = (result or {}).get("RefreshToken")
        if not isinstance(token, str) or not isinstance(moto_username, str):
            return
        with self.lock:
            if token in self.refresh:  # already one of ours
                return
        internal = self.internal_username(client.pool_id, moto_username) or moto_username
        origin_jti = jwt_claims(result.get("AccessToken")).get("origin_jti") or str(uuid.uuid4())
        result["RefreshToken"] = self.open_family(client, internal, token, moto_username, str(origin_jti))

    def open_family(self, client: Client, internal: str, moto_token: str, moto_username: str,
                    origin_jti: str) -> str:
        """A new token family around moto's refresh token; returns the refresh token to hand out."""
        family = Family(origin_jti, client.client_id, client.pool_id, internal, moto_token, moto_username)
        alias = mint_refresh_token()
        with self.lock:
            self.families[family.origin_jti] = family
            self.refresh[alias] = RefreshRecord(family)
        return alias

    # --- token sessions ------------------------------------------------------------------------

    def grace_for(self, client: Client) -> int:
        return client.grace if self.grace_override is None else self.grace_override

    def resolve_refresh(self, client: Client, token: Any) -> RefreshRecord:
        """The live refresh token `token` of `client`, or the error Cognito gives for it."""
        if not isinstance(token, str) or not token:
            raise CognitoError("InvalidParameterException", "Missing required parameter REFRESH_TOKEN")
        with self.lock:
            record = self.refresh.get(token)
        if record is None:
            raise CognitoError("NotAuthorizedException", "Invalid Refresh Token")
        family = record.family
        if family.client_id != client.client_id:
            raise CognitoError("NotAuthorizedException", "Refresh Token has different Client")
        if family.revoked:
            raise CognitoError("NotAuthorizedException", "Refresh Token has been revoked")
        if record.rotated_at is not None and time.time() - record.rotated_at > self.grace_for(client):
            raise CognitoError(self.reuse_error, "Invalid Refresh Token")
        user = self.user(family.pool_id, family.internal)
        if user is None:
            raise CognitoError("UserNotFoundException", "User does not exist.")
        if user.get("Enabled") is False:
            raise CognitoError("NotAuthorizedException", "User is disabled.")
        return record

    def refresh_in_moto(self, client: Client, record: RefreshRecord, admin: bool = False) -> dict[str, Any]:
        """New ID and access tokens from moto's REFRESH_TOKEN_AUTH on the family's moto token."""
        family = record.family
        params = {"REFRESH_TOKEN": family.moto_token}
        if client.secret:  # moto wants the hash over the username it stored with the token
            params["SECRET_HASH"] = secret_hash(client.secret, family.moto_username, client.client_id)
        request = {"ClientId": client.client_id, "AuthFlow": "REFRESH_TOKEN_AUTH", "AuthParameters": params}
        if admin:
            request["UserPoolId"] = client.pool_id
        reply = self.moto.call("AdminInitiateAuth" if admin else "InitiateAuth", request)
        raise_for(reply)
        result = dict(reply.body["AuthenticationResult"])
        result.pop("RefreshToken", None)
        if self.hosted_ui is not None:  # a hosted-UI sign-in keeps its OAuth scopes, as in Cognito
            self.hosted_ui.restamp(client, family, result)
        return result

    def check_client_secret(self, client: Client, given: Any, error: str) -> None:
        if client.secret is None:
            return
        if not isinstance(given, str) or not given:
            raise CognitoError(error, f"Client {client.client_id} is configured with secret but ClientSecret was not received")
        if not hmac.compare_digest(given.encode(), client.secret.encode()):
            raise CognitoError(error, f"Unable to verify client secret for client {client.client_id}")

    def revoke_user(self, pool_id: str, internal: str) -> None:
        with self.lock:
            for family in self.families.values():
                if family.pool_id == pool_id and family.internal == internal:
                    family.revoked = True

    def check_access_token(self, token: str, scope_needed: str | None = ADMIN_SCOPE) -> None:
        """What Cognito checks on every AccessToken before moto looks it up (moto only knows
        whether it issued the token and has not signed its user out by username)."""
        claims = jwt_claims(token)
        if claims.get("token_use") not in (None, "access"):
            raise CognitoError("NotAuthorizedException", "Invalid Access Token")
        with self.lock:
            family = self.families.get(str(claims.get("origin_jti")))
            revoked = family is not None and family.revoked
        if revoked:
            raise CognitoError("NotAuthorizedException", "Access Token has been revoked")
        exp = claims.get("exp")
        if isinstance(exp, (int, float)) and time.time() >= exp:
            raise CognitoError("NotAuthorizedException", "Access Token has expired")
        # the user-pool API takes only access tokens with this scope (hosted-UI sign-ins may lack it)
        scope = claims.get("scope")
        if scope_needed and isinstance(scope, str) and scope_needed not in scope.split():
            raise CognitoError("NotAuthorizedException", "Access Token does not have required scopes")

    def token_owner(self, token: Any) -> tuple[str, str] | None:
        """(pool id, internal username) of an access token."""
        claims = jwt_claims(token)
        with self.lock:
            family = self.families.get(str(claims.get("origin_jti")))
        if family is not None:
            return family.pool_id, family.internal
        client = self.client(claims.get("client_id"))
        username = claims.get("username")
        if client is None or not isinstance(username, str):
            return None
        return client.pool_id, self.internal_username(client.pool_id, username) or username

    @staticmethod
    def scrubbed(err: CognitoError, body: dict[str, Any]) -> CognitoError:
        """moto puts tokens, sessions and hashes into its messages; Cognito says what is wrong."""
        params = body.get("AuthParameters") if isinstance(body.get("AuthParameters"), dict) else {}
        responses = body.get("ChallengeResponses") if isinstance(body.get("ChallengeResponses"), dict) else {}
        secrets_in_request = [
            (body.get("AccessToken"), "Invalid Access Token"),
            (body.get("RefreshToken"), "Invalid Refresh Token"),
            (body.get("Token"), "Invalid Refresh Token"),
            (params.get("REFRESH_TOKEN"), "Invalid Refresh Token"),
            (params.get("SECRET_HASH"), f"Unable to verify secret hash for client {body.get('ClientId')}"),
            (responses.get("SECRET_HASH"), f"Unable to verify secret hash for client {body.get('ClientId')}"),
        ]
        session = body.get("Session")
        if isinstance(session, str) and len(session) >= 8 and session in err.message:
            # moto names a spent or unknown Session ResourceNotFoundException; Cognito refuses it.
            return CognitoError("NotAuthorizedException", "Invalid session for the user.")
        for value, message in secrets_in_request:
            if isinstance(value, str) and len(value) >= 8 and value in err.message:
                return CognitoError(err.name, message)
        if err.name == "NotAuthorizedException" and err.message == "Invalid token":
            return CognitoError(err.name, "Invalid Access Token")
        return err

    def add_new_password_parameters(self, pool_id: str, reply: Reply) -> None:
        """moto's NEW_PASSWORD_REQUIRED lacks userAttributes/requiredAttributes, which
        amazon-cognito-identity-js JSON.parses unconditionally."""
        if not reply.ok or reply.body.get("ChallengeName") != "NEW_PASSWORD_REQUIRED":
            return
        params = reply.body.setdefault("ChallengeParameters", {})
        user = self.user(pool_id, params.get("USERNAME") or params.get("USER_ID_FOR_SRP"))
        if user is None:
            return
        attrs = {a["Name"]: a["Value"] for a in user.get("UserAttributes", []) if a["Name"] != "sub"}
        params["USER_ID_FOR_SRP"] = user["Username"]
        params.pop("USERNAME", None)
        params["userAttributes"] = json.dumps(attrs)
        params["requiredAttributes"] = "[]"

    # --- operations --------------------------------------------------------------------------

    def handle(self, op: str, body: dict[str, Any]) -> Reply:
        if re.fullmatch(r"(Update|Delete)UserPool(Client)?", op):
            with self.lock:
                self.clients.clear()
                self.pools.clear()
        try:
            if isinstance(body.get("AccessToken"), str):
                self.check_access_token(body["AccessToken"])
            handler = getattr(self, f"op_{op}", None)
            reply = handler(body) if handler else self.moto.call(op, body)
            raise_for(reply)
        except CognitoError as err:
            raise self.scrubbed(err, body) from None
        self.alias_stray_refresh_token(body, reply)
        return reply

    def alias_stray_refresh_token(self, body: dict[str, Any], reply: Reply) -> None:
        """A refresh token from a moto path no op_ handler covers still becomes one of ours."""
        result = reply.body.get("AuthenticationResult") if isinstance(reply.body, dict) else None
        if not isinstance(result, dict) or not isinstance(result.get("RefreshToken"), str):
            return
        with self.lock:
            if result["RefreshToken"] in self.refresh:
                return
        claims = jwt_claims(result.get("AccessToken"))
        client = self.client(claims.get("client_id") or body.get("ClientId"))
        if client is not None:
            self.remember_tokens(client, reply, str(claims.get("username")))

    def refuse_reset_required(self, pool_id: str, username: Any) -> None:
        """moto signs RESET_REQUIRED users in; Cognito refuses them until they reset."""
        user = self.user(pool_id, username)
        if user and user.get("UserStatus") == "RESET_REQUIRED":
            raise CognitoError("PasswordResetRequiredException", "Password reset required for the user")

    def op_SignUp(self, body: dict[str, Any]) -> Reply:
        client = self.require_client(body)
        self.check_secret_hash(client, body.get("SecretHash"), body.get("Username"))
        reply = self.moto.call("SignUp", body)
        raise_for(reply)
        internal = self.internal_username(client.pool_id, body["Username"]) or body["Username"]
        self.set_password(client.pool_id, internal, body.get("Password"))
        self.new_code(client.pool_id, internal, "signup")
        # moto derives this from the account-recovery setting (SMS first); Cognito sends the
        # sign-up code to the auto-verified attribute
        details = self.delivery(client.pool_id, internal)
        if details:
            reply.body["CodeDeliveryDetails"] = details
        else:
            reply.body.pop("CodeDeliveryDetails", None)
        return reply

    def delivery(self, pool_id: str, username: str) -> dict[str, str] | None:
        user = self.user(pool_id, username) or {}
        attrs = {a["Name"]: a["Value"] for a in user.get("UserAttributes", [])}
        email = attrs.get("email", "")
        if "@" not in email:
            return None
        local, domain = email.split("@", 1)
        return {"Destination": f"{local[:1]}***@{domain[:1]}***", "DeliveryMedium": "EMAIL",
                "AttributeName": "email"}

    def signing_up_user(self, client: Client, body: dict[str, Any]) -> dict[str, Any]:
        """The user a ConfirmSignUp / ResendConfirmationCode names, after its SECRET_HASH."""
        self.check_secret_hash(client, body.get("SecretHash"), body.get("Username"))
        user = self.user(client.pool_id, body.get("Username"))
        if user is None:
            raise CognitoError("UserNotFoundException", "Username/client id combination not found.")
        return user

    def op_ConfirmSignUp(self, body: dict[str, Any]) -> Reply:
        client = self.require_client(body)
        user = self.signing_up_user(client, body)
        if user.get("UserStatus") == "CONFIRMED":
            raise CognitoError("NotAuthorizedException", "User cannot be confirmed. Current status is CONFIRMED")
        self.check_code(client.pool_id, user["Username"], "signup", body.get("ConfirmationCode"))
        reply = self.moto.call("ConfirmSignUp", body)
        raise_for(reply)
        self.drop_code(client.pool_id, user["Username"], "signup")
        if self.delivery(client.pool_id, user["Username"]):
            # the code went to the email, so Cognito marks it verified; moto does not
            self.moto.call("AdminUpdateUserAttributes", {
                "UserPoolId": client.pool_id, "Username": user["Username"],
                "UserAttributes": [{"Name": "email_verified", "Value": "true"}]})
        return reply

    def op_ResendConfirmationCode(self, body: dict[str, Any]) -> Reply:
        client = self.require_client(body)
        user = self.signing_up_user(client, body)
        if user.get("UserStatus") == "CONFIRMED":
            raise CognitoError("InvalidParameterException", "User is already confirmed.")
        details = self.delivery(client.pool_id, user["Username"])
        if details is None:
            raise CognitoError("InvalidParameterException", "Cannot resend codes. Auto verification not turned on.")
        self.new_code(client.pool_id, user["Username"], "signup")
        return Reply(200, {"CodeDeliveryDetails": details})

    def op_ForgotPassword(self, body: dict[str, Any]) -> Reply:
        client = self.require_client(body)
        self.check_secret_hash(client, body.get("SecretHash"), body.get("Username"))
        reply = self.moto.call("ForgotPassword", body)
        raise_for(reply)
        internal = self.internal_username(client.pool_id, body.get("Username"))
        if internal:
            self.new_code(client.pool_id, internal, "reset")
        return reply

    def op_ConfirmForgotPassword(self, body: dict[str, Any]) -> Reply:
        client = self.require_client(body)
        self.check_secret_hash(client, body.get("SecretHash"), body.get("Username"))
        internal = self.internal_username(client.pool_id, body.get("Username"))
        if internal is None:
            raise CognitoError("UserNotFoundException", "Username/client id combination not found.")
        self.check_code(client.pool_id, internal, "reset", body.get("ConfirmationCode"))
        self.check_password_policy(client.pool_id, body.get("Password"))  # moto skips this
        status = (self.user(client.pool_id, internal) or {}).get("UserStatus")
        reply = self.moto.call("ConfirmForgotPassword", body)
        raise_for(reply)
        self.drop_code(client.pool_id, internal, "reset")
        if status == "RESET_REQUIRED":  # moto leaves the status; Cognito confirms the user
            self.moto.call("AdminSetUserPassword", {"UserPoolId": client.pool_id, "Username": internal,
                                                    "Password": body.get("Password"), "Permanent": True})
        self.set_password(client.pool_id, internal, body.get("Password"))
        return reply

    def op_AdminCreateUser(self, body: dict[str, Any]) -> Reply:
        reply = self.moto.call("AdminCreateUser", body)
        raise_for(reply)
        if body.get("TemporaryPassword"):
            self.set_password(body["UserPoolId"], reply.body["User"]["Username"], body["TemporaryPassword"])
        return reply

    def op_AdminResetUserPassword(self, body: dict[str, Any]) -> Reply:
        reply = self.moto.call("AdminResetUserPassword", body)
        raise_for(reply)
        internal = self.internal_username(body["UserPoolId"], body["Username"])
        if internal:
            self.new_code(body["UserPoolId"], internal, "reset")
        return reply

    def op_AdminSetUserPassword(self, body: dict[str, Any]) -> Reply:
        reply = self.moto.call("AdminSetUserPassword", body)
        raise_for(reply)
        self.set_password(body["UserPoolId"], body["Username"], body.get("Password"))
        return reply

    def auth_client(self, body: dict[str, Any], admin: bool) -> Client:
        """The app client of an (Admin)InitiateAuth / (Admin)RespondToAuthChallenge; the admin
        forms also name the pool, which must be the client's."""
        client = self.require_client(body)
        if admin and body.get("UserPoolId") != client.pool_id:
            raise CognitoError("ResourceNotFoundException",
                               f"User pool client {client.client_id} does not exist.")
        return client

    def op_InitiateAuth(self, body: dict[str, Any], admin: bool = False) -> Reply:
        client = self.auth_client(body, admin)
        flow = body.get("AuthFlow")
        params = dict(body.get("AuthParameters") or {})
        username = params.get("USERNAME")
        if flow == "USER_SRP_AUTH":
            self.check_flow(client, flow)
            self.check_secret_hash(client, params.get("SECRET_HASH"), username)
            self.refuse_reset_required(client.pool_id, username)
            return self.start_srp(client, body, params)
        if flow == "USER_PASSWORD_AUTH" or (admin and flow == "ADMIN_USER_PASSWORD_AUTH"):
            if flow == "USER_PASSWORD_AUTH":
                self.check_flow(client, flow)
            self.check_secret_hash(client, params.get("SECRET_HASH"), username)
            if self.front_signs_in(client.pool_id) and (self.user(client.pool_id, username) or {}).get(
                    "UserStatus") != "FORCE_CHANGE_PASSWORD":
                return self.password_in_front(client, body, params, admin)
            reply = self.moto.call("AdminInitiateAuth" if admin else "InitiateAuth", body)
            if reply.ok:  # moto checked the password first, as Cognito does
                self.refuse_reset_required(client.pool_id, username)
            raise_for(reply)
            self.remember_tokens(client, reply, username)
            self.add_new_password_parameters(client.pool_id, reply)
            return reply
        if flow == "CUSTOM_AUTH":
            return self.start_custom(client, body, params, admin)
        if flow in ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"):
            if client.rotation:  # RefreshTokenRotationType: rotation needs GetTokensFromRefreshToken
                raise CognitoError("InvalidParameterException",
                                   "Refresh token rotation is enabled for this client: "
                                   "use GetTokensFromRefreshToken instead of REFRESH_TOKEN_AUTH")
            record = self.resolve_refresh(client, params.get("REFRESH_TOKEN"))
            family = record.family
            self.check_secret_hash_of(client, params.get("SECRET_HASH"), [family.internal, family.moto_username])
            return Reply(200, {"ChallengeParameters": {},
                               "AuthenticationResult": self.refresh_in_moto(client, record, admin)})
        return self.moto.call("AdminInitiateAuth" if admin else "InitiateAuth", body)

    def op_AdminInitiateAuth(self, body: dict[str, Any]) -> Reply:
        return self.op_InitiateAuth(body, admin=True)

    def start_srp(self, client: Client, body: dict[str, Any], params: dict[str, Any]) -> Reply:
        srp_a = params.get("SRP_A")
        if not isinstance(srp_a, str) or not re.fullmatch(r"[0-9a-fA-F]{1,2048}", srp_a):
            raise CognitoError("InvalidParameterException", "SRP_A is not a hex number.")
        a_pub = int(srp_a, 16)
        typed = params.get("USERNAME")
        # moto's AdminInitiateAuth has no USER_SRP_AUTH: its InitiateAuth does the same lookups
        reply = self.moto.call("InitiateAuth", {"ClientId": client.client_id, "AuthFlow": "USER_SRP_AUTH",
                                                "AuthParameters": params})
        raise_for(reply)
        if reply.body.get("ChallengeName") != "PASSWORD_VERIFIER":
            return reply
        internal = reply.body["ChallengeParameters"]["USERNAME"]
        with self.lock:
            record = self.verifiers.get((client.pool_id, internal))
        if record is None:
            raise CognitoError("NotAuthorizedException", INCORRECT)
        salt, verifier = record
        b_priv = secrets.randbits(1024)
        b_pub = (K * verifier + pow(G, b_priv, N)) % N
        secret_block = base64.b64encode(secrets.token_bytes(768)).decode()
        now = time.time()
        with self.lock:
            for key in [k for k, f in self.flights.items() if now - f.created > FLIGHT_TTL_SECONDS]:
                del self.flights[key]
            self.flights[secret_block] = Flight(a_pub, b_priv, b_pub, verifier, client.pool_id,
                                                client.client_id, internal, str(typed),
                                                reply.body["Session"], now)
        return Reply(200, {
            "ChallengeName": "PASSWORD_VERIFIER",
            "ChallengeParameters": {
                "SALT": format(salt, "x"),
                "SECRET_BLOCK": secret_block,
                "SRP_B": format(b_pub, "x"),
                "USERNAME": internal,
                "USER_ID_FOR_SRP": internal,
            },
        })

    def op_RespondToAuthChallenge(self, body: dict[str, Any], admin: bool = False) -> Reply:
        client = self.auth_client(body, admin)
        challenge = body.get("ChallengeName")
        responses = dict(body.get("ChallengeResponses") or {})
        username = responses.get("USERNAME")
        target = "AdminRespondToAuthChallenge" if admin else "RespondToAuthChallenge"
        if challenge == "PASSWORD_VERIFIER":
            return self.finish_srp(client, body, responses, target)
        with self.lock:
            ours = body.get("Session") in self.sessions
        if challenge != "NEW_PASSWORD_REQUIRED" and (ours or self.front_signs_in(client.pool_id)):
            return self.respond_in_front(client, body, responses)
        self.check_secret_hash(client, responses.get("SECRET_HASH"), username)
        if client.secret and isinstance(username, str):
            responses["SECRET_HASH"] = secret_hash(client.secret, username, client.client_id)
        reply = self.moto.call(target, {**body, "ChallengeResponses": responses})
        raise_for(reply)
        if challenge == "NEW_PASSWORD_REQUIRED" and isinstance(username, str):
            self.set_password(client.pool_id, username, responses.get("NEW_PASSWORD"))
        if isinstance(username, str):
            self.remember_tokens(client, reply, username)
        self.add_new_password_parameters(client.pool_id, reply)
        return reply

    def op_AdminRespondToAuthChallenge(self, body: dict[str, Any]) -> Reply:
        return self.op_RespondToAuthChallenge(body, admin=True)

    def finish_srp(self, client: Client, body: dict[str, Any], responses: dict[str, Any], target: str) -> Reply:
        block = responses.get("PASSWORD_CLAIM_SECRET_BLOCK")
        with self.lock:
            flight = self.flights.pop(block, None) if isinstance(block, str) else None
        if flight is None or time.time() - flight.created > FLIGHT_TTL_SECONDS \
                or flight.client_id != client.client_id:
            raise CognitoError("NotAuthorizedException", INCORRECT)
        # USERNAME is the USER_ID_FOR_SRP the challenge named (what amazon-cognito-identity-js
        # and Amplify send), and SECRET_HASH is computed over it.
        username = responses.get("USERNAME")
        self.check_secret_hash(client, responses.get("SECRET_HASH"), username)
        if username != flight.user_id:
            raise CognitoError("NotAuthorizedException", INCORRECT)
        timestamp = responses.get("TIMESTAMP")
        if not isinstance(timestamp, str) or not timestamp_is_fresh(timestamp, time.time() + self.clock_offset):
            raise CognitoError("NotAuthorizedException", INCORRECT)
        if flight.a_pub % N == 0:
            raise CognitoError("NotAuthorizedException", INCORRECT)
        key = password_claim_key(flight.a_pub, flight.b_priv, flight.b_pub, flight.verifier)
        message = (pool_name(flight.pool_id).encode() + flight.user_id.encode()
                   + base64.b64decode(block) + timestamp.encode())
        expected = base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()
        signature = responses.get("PASSWORD_CLAIM_SIGNATURE")
        if not isinstance(signature, str) or not hmac.compare_digest(signature.encode(), expected.encode()):
            raise CognitoError("NotAuthorizedException", INCORRECT)
        if flight.custom is not None:
            return self.after_first_factor(client, flight.custom, body.get("Session"))
        if self.front_signs_in(client.pool_id) and (self.user(client.pool_id, flight.user_id) or {}).get(
                "UserStatus") == "CONFIRMED":
            session = AuthSession(client.pool_id, client.client_id, flight.user_id, flight.typed_username,
                                  "", time.time())
            return self.after_first_factor(client, session, None)
        # moto finds its flight by PASSWORD_CLAIM_SECRET_BLOCK = its Session, then AdminGetUser(USERNAME)
        forwarded = {**responses, "PASSWORD_CLAIM_SECRET_BLOCK": flight.moto_session, "USERNAME": flight.user_id}
        forwarded.pop("SECRET_HASH", None)
        request = {**body, "Session": flight.moto_session, "ChallengeResponses": forwarded}
        reply = self.moto.call(target, request)
        raise_for(reply)
        self.remember_tokens(client, reply, flight.user_id)
        self.add_new_password_parameters(client.pool_id, reply)
        return reply

    def op_GetTokensFromRefreshToken(self, body: dict[str, Any]) -> Reply:
        """moto lacks it: REFRESH_TOKEN_AUTH in moto, plus rotation per app client."""
        client = self.require_client(body)
        self.check_client_secret(client, body.get("ClientSecret"), "NotAuthorizedException")
        record = self.resolve_refresh(client, body.get("RefreshToken"))
        result = self.refresh_in_moto(client, record)
        if client.rotation:
            alias = mint_refresh_token()
            with self.lock:
                self.refresh[alias] = RefreshRecord(record.family)
                if record.rotated_at is None:  # the grace period runs from the first rotation
                    record.rotated_at = time.time()
            result["RefreshToken"] = alias
        return Reply(200, {"AuthenticationResult": result})

    def op_RevokeToken(self, body: dict[str, Any]) -> Reply:
        """moto lacks it. Errors are the ones the API reference lists for RevokeToken; an unknown
        refresh token is a no-op success, as the revocation endpoint documents (RFC 7009)."""
        token, client_id = body.get("Token"), body.get("ClientId")
        for name, value in (("token", token), ("clientId", client_id)):
            if not isinstance(value, str) or not value:
                raise CognitoError("InvalidParameterException",
                                   f"1 validation error detected: Value null at '{name}' failed to "
                                   "satisfy constraint: Member must not be null")
        if not TOKEN_PATTERN.fullmatch(token):
            raise CognitoError("InvalidParameterException",
                               "1 validation error detected: Value at 'token' failed to satisfy constraint: "
                               "Member must satisfy regular expression pattern: [A-Za-z0-9-_=.]+")
        client = self.client(client_id)
        if client is None:
            raise CognitoError("UnauthorizedException", f"Client {client_id} does not exist.")
        self.check_client_secret(client, body.get("ClientSecret"), "UnauthorizedException")
        if not client.revocation:
            raise CognitoError("UnsupportedOperationException",
                               f"Token revocation is not enabled for client {client.client_id}")
        if token.count(".") == 2 and jwt_claims(token):  # an access or ID token, not a refresh token
            raise CognitoError("UnsupportedTokenTypeException", "Unsupported token type")
        with self.lock:
            record = self.refresh.get(token)
        if record is None:
            return Reply(200, {})
        if record.family.client_id != client.client_id:
            raise CognitoError("UnauthorizedException", "Refresh Token has different Client")
        with self.lock:
            record.family.revoked = True
        return Reply(200, {})

    def op_GlobalSignOut(self, body: dict[str, Any]) -> Reply:
        """moto signs out by the username string it stored, which misses the tokens of a sign-in
        that typed another form of the username (email vs sub); the front revokes by user."""
        owner = self.token_owner(body.get("AccessToken"))
        reply = self.moto.call("GlobalSignOut", body)
        raise_for(reply)
        if owner:
            self.revoke_user(*owner)
        return reply

    def op_AdminUserGlobalSignOut(self, body: dict[str, Any]) -> Reply:
        reply = self.moto.call("AdminUserGlobalSignOut", body)
        raise_for(reply)
        pool_id = str(body.get("UserPoolId"))
        self.revoke_user(pool_id, self.internal_username(pool_id, body.get("Username")) or str(body.get("Username")))
        return reply

    @staticmethod
    def check_rotation_setting(body: dict[str, Any]) -> None:
        rotation = body.get("RefreshTokenRotation")
        if rotation is None:
            return
        grace = rotation.get("RetryGracePeriodSeconds") if isinstance(rotation, dict) else None
        if not isinstance(rotation, dict) or rotation.get("Feature") not in ("ENABLED", "DISABLED") \
                or (grace is not None and (not isinstance(grace, int) or not 0 <= grace <= 60)):
            raise CognitoError("InvalidParameterException",
                               "RefreshTokenRotation needs Feature ENABLED or DISABLED and "
                               "RetryGracePeriodSeconds between 0 and 60")

    def check_oauth_settings(self, body: dict[str, Any]) -> None:
        """What Cognito checks and moto stores blindly: callback / sign-out URLs, and identity
        providers that exist in the pool."""
        for key in ("CallbackURLs", "LogoutURLs"):
            for url in body.get(key) or []:
                parts = urllib.parse.urlsplit(url) if isinstance(url, str) else None
                if parts is None or not parts.scheme or parts.fragment \
                        or (parts.scheme == "http" and parts.hostname != "localhost") \
                        or (parts.scheme in ("http", "https") and not parts.hostname):
                    raise CognitoError("InvalidParameterException",
                                       f"{key} must be absolute, without a fragment, and https "
                                       "(http only for localhost)")
        providers = body.get("SupportedIdentityProviders") or []
        if [p for p in providers if p != "COGNITO"]:
            known = {p["ProviderName"] for p in self.list_all(
                "ListIdentityProviders", {"UserPoolId": body.get("UserPoolId")}, "Providers")}
            for provider in providers:
                if provider != "COGNITO" and provider not in known:
                    raise CognitoError("InvalidParameterException",
                                       f"The provider {provider} does not exist for User Pool {body.get('UserPoolId')}")

    def op_CreateUserPoolClient(self, body: dict[str, Any]) -> Reply:
        self.check_rotation_setting(body)
        self.check_oauth_settings(body)
        return self.moto.call("CreateUserPoolClient", body)

    def op_UpdateUserPoolClient(self, body: dict[str, Any]) -> Reply:
        self.check_rotation_setting(body)
        self.check_oauth_settings(body)
        return self.moto.call("UpdateUserPoolClient", body)

    # --- the whole account: attributes, passwords, MFA, custom auth ----------------------------

    def access_owner(self, body: dict[str, Any]) -> tuple[Client, str]:
        """The app client and internal username of the request's AccessToken, as moto knows it
        (handle() has already refused revoked, expired and ID tokens)."""
        token = body.get("AccessToken")
        reply = self.moto.call("GetUser", {"AccessToken": token})
        client = self.client(jwt_claims(token).get("client_id"))
        if not reply.ok or client is None:
            raise CognitoError("NotAuthorizedException", "Invalid Access Token")
        return client, reply.body["Username"]

    def attributes(self, pool_id: str, internal: str) -> dict[str, str]:
        user = self.user(pool_id, internal) or {}
        return {a["Name"]: a["Value"] for a in user.get("UserAttributes", [])}

    @staticmethod
    def masked(name: str, value: str) -> dict[str, str]:
        """CodeDeliveryDetails as Cognito masks them: `t***@e***`, `+*******1234`."""
        if name == "email":
            local, _, domain = value.partition("@")
            return {"Destination": f"{local[:1]}***@{domain[:1]}***", "DeliveryMedium": "EMAIL",
                    "AttributeName": "email"}
        return {"Destination": "+" + "*" * max(len(value) - 5, 0) + value[-4:], "DeliveryMedium": "SMS",
                "AttributeName": "phone_number"}

    def user_mfa(self, pool_id: str, internal: str) -> UserMfa:
        with self.lock:
            return self.mfa.setdefault((pool_id, internal), UserMfa())

    def pool_mfa(self, pool_id: str) -> tuple[str, list[str]]:
        """(MfaConfiguration, the factors the pool allows) as GetUserPoolMfaConfig tells them."""
        config = self.moto.must("GetUserPoolMfaConfig", {"UserPoolId": pool_id})
        factors = []
        if config.get("SmsMfaConfiguration"):
            factors.append("SMS_MFA")
        if (config.get("SoftwareTokenMfaConfiguration") or {}).get("Enabled"):
            factors.append("SOFTWARE_TOKEN_MFA")
        with self.lock:
            if self.email_mfa.get(pool_id):
                factors.append("EMAIL_OTP")
        return str(config.get("MfaConfiguration") or "OFF"), factors

    def custom_pool(self, pool_id: str) -> bool:
        lambdas = self.pool(pool_id).get("LambdaConfig") or {}
        return lambdas.get("DefineAuthChallenge") == CUSTOM_AUTH_ARN

    def front_signs_in(self, pool_id: str) -> bool:
        """MFA pools' and custom-auth pools' sign-ins are run by the front; moto's stay as they were."""
        return self.custom_pool(pool_id) or self.pool_mfa(pool_id)[0] != "OFF"

    def op_SetUserPoolMfaConfig(self, body: dict[str, Any]) -> Reply:
        forwarded = {k: v for k, v in body.items() if k not in ("EmailMfaConfiguration", "WebAuthnConfiguration")}
        reply = self.moto.call("SetUserPoolMfaConfig", forwarded)
        raise_for(reply)
        with self.lock:
            if "EmailMfaConfiguration" in body:
                self.email_mfa[str(body.get("UserPoolId"))] = isinstance(body["EmailMfaConfiguration"], dict)
            if self.email_mfa.get(str(body.get("UserPoolId"))):
                reply.body["EmailMfaConfiguration"] = body.get("EmailMfaConfiguration") or {}
        return reply

    def op_GetUserPoolMfaConfig(self, body: dict[str, Any]) -> Reply:
        reply = self.moto.call("GetUserPoolMfaConfig", body)
        raise_for(reply)
        with self.lock:
            if self.email_mfa.get(str(body.get("UserPoolId"))):
                reply.body["EmailMfaConfiguration"] = {}
        return reply

    def mfa_fields(self, pool_id: str, internal: str, user: dict[str, Any]) -> dict[str, Any]:
        """GetUser / AdminGetUser: Cognito leaves out the MFA fields that are empty."""
        for key in ("MFAOptions", "UserMFASettingList", "PreferredMfaSetting"):
            user.pop(key, None)
        with self.lock:
            mfa = self.mfa.get((pool_id, internal))
        if mfa is None:
            return user
        if mfa.enabled():
            user["UserMFASettingList"] = mfa.enabled()
        if mfa.preferred:
            user["PreferredMfaSetting"] = mfa.preferred
        if mfa.sms:  # the legacy view of SMS MFA
            user["MFAOptions"] = [{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}]
        return user

    def op_GetUser(self, body: dict[str, Any]) -> Reply:
        client, internal = self.access_owner(body)
        reply = self.moto.call("GetUser", body)
        raise_for(reply)
        self.mfa_fields(client.pool_id, internal, reply.body)
        return reply

    def op_AdminGetUser(self, body: dict[str, Any]) -> Reply:
        reply = self.moto.call("AdminGetUser", body)
        raise_for(reply)
        self.mfa_fields(str(body.get("UserPoolId")), reply.body["Username"], reply.body)
        return reply

    def op_ChangePassword(self, body: dict[str, Any]) -> Reply:
        """The old password against the SRP verifier (moto compares its own copy), then the new
        one set in both."""
        client, internal = self.access_owner(body)
        if not self.password_matches(client.pool_id, internal, body.get("PreviousPassword")):
            raise CognitoError("NotAuthorizedException", INCORRECT)
        self.check_password_policy(client.pool_id, body.get("ProposedPassword"))
        reply = self.moto.call("AdminSetUserPassword", {"UserPoolId": client.pool_id, "Username": internal,
                                                        "Password": body.get("ProposedPassword"), "Permanent": True})
        raise_for(reply)
        self.set_password(client.pool_id, internal, body.get("ProposedPassword"))
        return Reply(200, {})

    def op_UpdateUserAttributes(self, body: dict[str, Any]) -> Reply:
        """A new email / phone_number is unverified until VerifyUserAttribute; a code goes to it
        when the pool auto-verifies that attribute (moto sends none and keeps the old flag)."""
        client, internal = self.access_owner(body)
        before = self.attributes(client.pool_id, internal)
        reply = self.moto.call("UpdateUserAttributes", body)
        raise_for(reply)
        changed = {a.get("Name"): a.get("Value") for a in body.get("UserAttributes") or [] if isinstance(a, dict)}
        auto = self.pool(client.pool_id).get("AutoVerifiedAttributes") or []
        details = []
        for name in ("email", "phone_number"):
            value = changed.get(name)
            if not isinstance(value, str) or value == before.get(name):
                continue
            self.moto.must("AdminUpdateUserAttributes", {
                "UserPoolId": client.pool_id, "Username": internal,
                "UserAttributes": [{"Name": f"{name}_verified", "Value": "false"}]})
            if name in auto:
                self.new_code(client.pool_id, internal, f"verify_{name}")
                details.append(self.masked(name, value))
        return Reply(200, {"CodeDeliveryDetailsList": details} if details else {})

    def op_GetUserAttributeVerificationCode(self, body: dict[str, Any]) -> Reply:
        client, internal = self.access_owner(body)
        name = body.get("AttributeName")
        value = self.attributes(client.pool_id, internal).get(name) if isinstance(name, str) else None
        if name not in ("email", "phone_number") or not value:
            raise CognitoError("InvalidParameterException",
                               f"User has no attribute matching {name}" if name in ("email", "phone_number")
                               else "Only email and phone_number can be verified")
        self.new_code(client.pool_id, internal, f"verify_{name}")
        return Reply(200, {"CodeDeliveryDetails": self.masked(name, value)})

    def op_VerifyUserAttribute(self, body: dict[str, Any]) -> Reply:
        client, internal = self.access_owner(body)
        name = body.get("AttributeName")
        if name not in ("email", "phone_number"):
            raise CognitoError("InvalidParameterException", "Only email and phone_number can be verified")
        self.check_code(client.pool_id, internal, f"verify_{name}", body.get("Code"))
        self.drop_code(client.pool_id, internal, f"verify_{name}")
        self.moto.must("AdminUpdateUserAttributes", {
            "UserPoolId": client.pool_id, "Username": internal,
            "UserAttributes": [{"Name": f"{name}_verified", "Value": "true"}]})
        return Reply(200, {})

    def op_DeleteUserAttributes(self, body: dict[str, Any]) -> Reply:
        client, internal = self.access_owner(body)
        names = body.get("UserAttributeNames")
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            raise CognitoError("InvalidParameterException", "UserAttributeNames must name attributes")
        present = self.attributes(client.pool_id, internal)
        # the verification flag goes with its attribute
        extra = [f"{n}_verified" for n in names if n in ("email", "phone_number") and f"{n}_verified" in present]
        reply = self.moto.call("AdminDeleteUserAttributes", {"UserPoolId": client.pool_id, "Username": internal,
                                                             "UserAttributeNames": names + extra})
        raise_for(reply)
        return Reply(200, {})

    def op_DeleteUser(self, body: dict[str, Any]) -> Reply:
        client, internal = self.access_owner(body)
        reply = self.moto.call("AdminDeleteUser", {"UserPoolId": client.pool_id, "Username": internal})
        raise_for(reply)
        self.revoke_user(client.pool_id, internal)
        with self.lock:
            self.verifiers.pop((client.pool_id, internal), None)
            self.codes.pop((client.pool_id, internal), None)
            self.mfa.pop((client.pool_id, internal), None)
        return Reply(200, {})

    # MFA settings

    def set_mfa_preference(self, pool_id: str, internal: str, body: dict[str, Any]) -> None:
        """SetUserMFAPreference / AdminSetUserMFAPreference: per factor `Enabled` and
        `PreferredMfa`; one preferred factor at most."""
        _, allowed = self.pool_mfa(pool_id)
        attrs = self.attributes(pool_id, internal)
        mfa = self.user_mfa(pool_id, internal)
        settings = [("SMS_MFA", body.get("SMSMfaSettings"), "phone_number"),
                    ("SOFTWARE_TOKEN_MFA", body.get("SoftwareTokenMfaSettings"), None),
                    ("EMAIL_OTP", body.get("EmailMfaSettings"), "email")]
        for factor, setting, attribute in settings:
            if setting is None:
                continue
            if not isinstance(setting, dict):
                raise CognitoError("InvalidParameterException", f"{factor} settings must be an object")
            enabled, preferred = setting.get("Enabled") is True, setting.get("PreferredMfa") is True
            if enabled and factor not in allowed:
                raise CognitoError("InvalidParameterException", f"{factor} is not enabled for this user pool")
            if enabled and ((attribute and not attrs.get(attribute))
                            or (factor == "SOFTWARE_TOKEN_MFA" and not mfa.totp_secret)):
                raise CognitoError("InvalidParameterException",
                                   f"User does not have delivery config set to turn on {factor}")
            if preferred and not enabled:
                raise CognitoError("InvalidParameterException", "A preferred MFA type must also be enabled")
        with self.lock:
            for factor, setting, _ in settings:
                if setting is None:
                    continue
                enabled, preferred = setting.get("Enabled") is True, setting.get("PreferredMfa") is True
                setattr(mfa, {"SMS_MFA": "sms", "SOFTWARE_TOKEN_MFA": "totp", "EMAIL_OTP": "email"}[factor], enabled)
                if preferred:
                    mfa.preferred = factor
                elif mfa.preferred == factor:
                    mfa.preferred = None

    def op_SetUserMFAPreference(self, body: dict[str, Any]) -> Reply:
        client, internal = self.access_owner(body)
        self.set_mfa_preference(client.pool_id, internal, body)
        return Reply(200, {})

    def op_AdminSetUserMFAPreference(self, body: dict[str, Any]) -> Reply:
        pool_id = str(body.get("UserPoolId"))
        internal = self.internal_username(pool_id, body.get("Username"))
        if internal is None:
            raise CognitoError("UserNotFoundException", "User does not exist.")
        self.set_mfa_preference(pool_id, internal, body)
        return Reply(200, {})

    def auth_session(self, token: Any, challenge: str | None = None) -> AuthSession:
        with self.lock:
            session = self.sessions.get(token) if isinstance(token, str) else None
        if session is None or time.time() - session.created > FLIGHT_TTL_SECONDS \
                or (challenge is not None and session.challenge != challenge):
            raise CognitoError("NotAuthorizedException", "Invalid session for the user, session is expired.")
        return session

    def renew(self, old: str | None, session: AuthSession) -> str:
        """Each answer gets a new opaque Session (the old one stops working)."""
        token = base64.b64encode(secrets.token_bytes(600)).decode()
        with self.lock:
            now = time.time()
            for key in [k for k, s in self.sessions.items() if now - s.created > FLIGHT_TTL_SECONDS]:
                del self.sessions[key]
            if old is not None:
                self.sessions.pop(old, None)
            self.sessions[token] = session
        return token

    def op_AssociateSoftwareToken(self, body: dict[str, Any]) -> Reply:
        """A new random secret per call, with an AccessToken or with the Session of MFA_SETUP."""
        if isinstance(body.get("AccessToken"), str):
            client, internal = self.access_owner(body)
            pool_id = client.pool_id
        elif isinstance(body.get("Session"), str):
            session = self.auth_session(body["Session"], "MFA_SETUP")
            pool_id, internal = session.pool_id, session.internal
        else:
            raise CognitoError("InvalidParameterException", "AccessToken or Session is required")
        if "SOFTWARE_TOKEN_MFA" not in self.pool_mfa(pool_id)[1]:
            raise CognitoError("SoftwareTokenMFANotFoundException", "Software Token MFA is not enabled for this user pool")
        secret = new_totp_secret()
        if isinstance(body.get("AccessToken"), str):
            mfa = self.user_mfa(pool_id, internal)
            with self.lock:
                mfa.totp_pending = secret
            return Reply(200, {"SecretCode": secret})
        session.totp_secret, session.setup_done = secret, False
        return Reply(200, {"SecretCode": secret, "Session": self.renew(body["Session"], session)})

    def op_VerifySoftwareToken(self, body: dict[str, Any]) -> Reply:
        code = body.get("UserCode")
        if not isinstance(code, str) or not re.fullmatch(r"[0-9]{6}", code):
            raise CognitoError("InvalidParameterException",
                               "1 validation error detected: Value at 'userCode' failed to satisfy constraint: "
                               "Member must satisfy regular expression pattern: [0-9]+")
        if isinstance(body.get("AccessToken"), str):
            client, internal = self.access_owner(body)
            mfa = self.user_mfa(client.pool_id, internal)
            if not mfa.totp_pending:
                raise CognitoError("InvalidParameterException", "Call AssociateSoftwareToken first")
            if not totp_matches(mfa.totp_pending, code):
                raise CognitoError("EnableSoftwareTokenMFAException", TOTP_MISMATCH)
            with self.lock:
                mfa.totp_secret, mfa.totp_pending = mfa.totp_pending, None
            return Reply(200, {"Status": "SUCCESS"})
        session = self.auth_session(body.get("Session"), "MFA_SETUP")
        if not session.totp_secret:
            raise CognitoError("InvalidParameterException", "Call AssociateSoftwareToken first")
        if not totp_matches(session.totp_secret, code):
            raise CognitoError("EnableSoftwareTokenMFAException", TOTP_MISMATCH)
        mfa = self.user_mfa(session.pool_id, session.internal)
        with self.lock:  # set up while signing in: TOTP is on (and preferred) from now on
            mfa.totp_secret, mfa.totp, mfa.preferred = session.totp_secret, True, "SOFTWARE_TOKEN_MFA"
        session.setup_done = True
        return Reply(200, {"Status": "SUCCESS", "Session": self.renew(body["Session"], session)})

    # sign-ins run by the front

    def mint(self, client: Client, internal: str) -> Reply:
        """Tokens for a sign-in the front completed: moto's own, made the way moto's sign-in
        makes them, then aliased into a token family like every other sign-in."""
        from moto.cognitoidp.models import cognitoidp_backends
        from moto.core import DEFAULT_ACCOUNT_ID
        backend = cognitoidp_backends[DEFAULT_ACCOUNT_ID][REGION]
        pool = backend.user_pools[client.pool_id]
        reply = Reply(200, backend._log_user_in(pool, pool.clients[client.client_id], internal))
        self.remember_tokens(client, reply, internal)
        return reply

    def challenge(self, session: AuthSession, name: str, params: dict[str, str], old: str | None) -> Reply:
        session.challenge = name
        return Reply(200, {"ChallengeName": name, "ChallengeParameters": params,
                           "Session": self.renew(old, session)})

    def after_first_factor(self, client: Client, session: AuthSession, old: str | None) -> Reply:
        """What follows a verified password: custom rounds, an MFA challenge, or tokens."""
        if session.custom:
            return self.custom_round(session, 1, old)
        mode, allowed = self.pool_mfa(session.pool_id)
        if mode == "OFF":
            return self.finish(client, session, old)
        mfa = self.user_mfa(session.pool_id, session.internal)
        enabled = [f for f in mfa.enabled() if f in allowed]
        if mfa.preferred in enabled:
            return self.mfa_challenge(session, mfa.preferred, old)
        if len(enabled) == 1:
            return self.mfa_challenge(session, enabled[0], old)
        if enabled:
            return self.challenge(session, "SELECT_MFA_TYPE", {"MFAS_CAN_CHOOSE": compact_json(enabled)}, old)
        if mode != "ON":
            return self.finish(client, session, old)
        if "SMS_MFA" in allowed and self.attributes(session.pool_id, session.internal).get("phone_number"):
            return self.mfa_challenge(session, "SMS_MFA", old)  # required MFA falls back to the phone
        can_setup = [f for f in ("SOFTWARE_TOKEN_MFA",) if f in allowed]
        if not can_setup:
            raise CognitoError("InvalidParameterException", "The user has no MFA option to set up")
        # a JSON-encoded string, as Cognito sends it (moto sends an array)
        return self.challenge(session, "MFA_SETUP", {"MFAS_CAN_SETUP": compact_json(can_setup)}, old)

    def mfa_challenge(self, session: AuthSession, factor: str, old: str | None) -> Reply:
        if factor == "SOFTWARE_TOKEN_MFA":
            return self.challenge(session, factor, {}, old)
        attribute = "phone_number" if factor == "SMS_MFA" else "email"
        value = self.attributes(session.pool_id, session.internal).get(attribute, "")
        self.new_code(session.pool_id, session.internal, factor.lower())
        details = self.masked(attribute, value)
        return self.challenge(session, factor, {"CODE_DELIVERY_DELIVERY_MEDIUM": details["DeliveryMedium"],
                                                "CODE_DELIVERY_DESTINATION": details["Destination"]}, old)

    def finish(self, client: Client, session: AuthSession, old: str | None) -> Reply:
        with self.lock:
            if old is not None:
                self.sessions.pop(old, None)
        return self.mint(client, session.internal)

    def custom_round(self, session: AuthSession, number: int, old: str | None) -> Reply:
        """The scripted Create Auth Challenge: round 1 asks CUSTOM_QUESTION (answer CUSTOM_ANSWER),
        round 2 sends a fresh 6-digit code (GET /rig/code?purpose=custom)."""
        session.round = number
        params = {"USERNAME": session.internal, "round": str(number)}
        if number == 1:
            params["question"] = CUSTOM_QUESTION
        else:
            self.new_code(session.pool_id, session.internal, "custom")
            params["question"] = "Enter the code we sent to your email"
        return self.challenge(session, "CUSTOM_CHALLENGE", params, old)

    def answer_custom(self, client: Client, session: AuthSession, responses: dict[str, Any], old: str) -> Reply:
        """The scripted Verify + Define Auth Challenge: a right answer moves to the next round
        (tokens after round 2); a wrong one asks the same round again (round 2 with a new code),
        and the third wrong answer fails the sign-in."""
        answer = responses.get("ANSWER")
        if session.round == 1:
            right = isinstance(answer, str) and hmac.compare_digest(answer.strip().encode(), CUSTOM_ANSWER.encode())
        else:
            with self.lock:
                expected, expires = self.codes.get((session.pool_id, session.internal), {}).get("custom", (None, 0.0))
            right = isinstance(answer, str) and expected is not None and time.time() < expires \
                and hmac.compare_digest(answer.encode(), expected.encode())
        if right and session.round == 2:
            self.drop_code(session.pool_id, session.internal, "custom")
            return self.finish(client, session, old)
        if right:
            return self.custom_round(session, 2, old)
        session.wrong += 1
        if session.wrong >= CUSTOM_MAX_WRONG:
            with self.lock:
                self.sessions.pop(old, None)
            raise CognitoError("NotAuthorizedException", INCORRECT)
        return self.custom_round(session, session.round, old)

    def respond_in_front(self, client: Client, body: dict[str, Any], responses: dict[str, Any]) -> Reply:
        challenge = body.get("ChallengeName")
        old = body.get("Session")
        session = self.auth_session(old)
        if session.client_id != client.client_id or challenge != session.challenge:
            raise CognitoError("NotAuthorizedException", "Invalid session for the user.")
        username = responses.get("USERNAME")
        if username not in (session.internal, session.typed):
            raise CognitoError("NotAuthorizedException", "Invalid session for the user.")
        self.check_secret_hash(client, responses.get("SECRET_HASH"), username)
        if challenge == "CUSTOM_CHALLENGE":
            return self.answer_custom(client, session, responses, old)
        if challenge == "SELECT_MFA_TYPE":
            _, allowed = self.pool_mfa(session.pool_id)
            enabled = [f for f in self.user_mfa(session.pool_id, session.internal).enabled() if f in allowed]
            if responses.get("ANSWER") not in enabled:
                raise CognitoError("InvalidParameterException", "The ANSWER is not one of MFAS_CAN_CHOOSE")
            return self.mfa_challenge(session, responses["ANSWER"], old)
        if challenge == "MFA_SETUP":
            if not session.setup_done:
                raise CognitoError("InvalidParameterException",
                                   "MFA_SETUP needs a software token verified with this session first")
            return self.finish(client, session, old)
        if challenge == "SOFTWARE_TOKEN_MFA":
            secret = self.user_mfa(session.pool_id, session.internal).totp_secret
            if not secret or not totp_matches(secret, responses.get("SOFTWARE_TOKEN_MFA_CODE")):
                raise CognitoError("CodeMismatchException", MFA_CODE_WRONG)
            return self.finish(client, session, old)
        if challenge in ("SMS_MFA", "EMAIL_OTP"):
            purpose, key = challenge.lower(), f"{challenge}_CODE"
            self.check_code(session.pool_id, session.internal, purpose, responses.get(key), MFA_CODE_WRONG)
            self.drop_code(session.pool_id, session.internal, purpose)
            return self.finish(client, session, old)
        raise CognitoError("InvalidParameterException", f"Unsupported challenge {challenge}")

    def start_custom(self, client: Client, body: dict[str, Any], params: dict[str, Any], admin: bool) -> Reply:
        """CUSTOM_AUTH: with CHALLENGE_NAME SRP_A, SRP first (PASSWORD_VERIFIER, verified as in
        USER_SRP_AUTH) and then the custom rounds; without it, the custom rounds at once."""
        self.check_flow(client, "CUSTOM_AUTH")
        username = params.get("USERNAME")
        self.check_secret_hash(client, params.get("SECRET_HASH"), username)
        if not self.custom_pool(client.pool_id):
            raise CognitoError("InvalidParameterException",
                               "Custom auth lambda trigger is not configured for the user pool.")
        user = self.user(client.pool_id, username)
        if user is None:
            raise CognitoError("UserNotFoundException", "User does not exist.")
        if user.get("Enabled") is False:
            raise CognitoError("NotAuthorizedException", "User is disabled.")
        if user.get("UserStatus") == "UNCONFIRMED":
            raise CognitoError("UserNotConfirmedException", "User is not confirmed.")
        session = AuthSession(client.pool_id, client.client_id, user["Username"], str(username),
                              "CUSTOM_CHALLENGE", time.time(), custom=True)
        if params.get("CHALLENGE_NAME") == "SRP_A":
            reply = self.start_srp(client, body, {k: v for k, v in params.items() if k != "CHALLENGE_NAME"})
            with self.lock:
                self.flights[reply.body["ChallengeParameters"]["SECRET_BLOCK"]].custom = session
            session.challenge = "PASSWORD_VERIFIER"
            reply.body["Session"] = self.renew(None, session)
            return reply
        return self.custom_round(session, 1, None)

    def password_in_front(self, client: Client, body: dict[str, Any], params: dict[str, Any], admin: bool) -> Reply:
        """USER_PASSWORD_AUTH in an MFA pool: the password against the verifier, then MFA."""
        username = params.get("USERNAME")
        user = self.user(client.pool_id, username)
        if user is None:
            raise CognitoError("UserNotFoundException", "User does not exist.")
        if user.get("Enabled") is False:
            raise CognitoError("NotAuthorizedException", "User is disabled.")
        if not self.password_matches(client.pool_id, user["Username"], params.get("PASSWORD")):
            raise CognitoError("NotAuthorizedException", INCORRECT)
        if user.get("UserStatus") == "UNCONFIRMED":
            raise CognitoError("UserNotConfirmedException", "User is not confirmed.")
        self.refuse_reset_required(client.pool_id, username)
        session = AuthSession(client.pool_id, client.client_id, user["Username"], str(username),
                              "", time.time())
        return self.after_first_factor(client, session, None)

    # --- hooks ---------------------------------------------------------------------------------

    def count(self, op: str) -> None:
        with self.lock:
            self.stats[op] = self.stats.get(op, 0) + 1

    def count_other(self, what: str) -> None:
        with self.lock:
            if what == "preflight":
                self.preflights += 1
            else:
                self.other_requests[what] = self.other_requests.get(what, 0) + 1

    def count_oauth(self, what: str) -> None:
        with self.lock:
            self.oauth_requests[what] = self.oauth_requests.get(what, 0) + 1

    def stats_snapshot(self, reset: bool = False) -> dict[str, Any]:
        with self.lock:
            snapshot = {"operations": dict(sorted(self.stats.items())), "preflights": self.preflights,
                        "other": dict(sorted(self.other_requests.items())),
                        "oauth": dict(sorted(self.oauth_requests.items())), "since": self.stats_since}
            if reset:
                self.stats.clear()
                self.other_requests.clear()
                self.oauth_requests.clear()
                self.preflights = 0
                self.stats_since = time.time()
        return snapshot

    def set_fault(self, spec: Any) -> dict[str, Any]:
        if not isinstance(spec, dict) or not isinstance(spec.get("operation"), str) or not spec["operation"]:
            raise ValueError("operation must be an operation name")
        mode, times = str(spec.get("mode")), spec.get("times", 1)
        status, seconds = spec.get("status"), spec.get("seconds", STALL_SECONDS)
        if mode not in FAULT_MODES:
            raise ValueError(f"mode must be one of {', '.join(FAULT_MODES)}")
        if not isinstance(times, int) or isinstance(times, bool) or times < 0:
            raise ValueError("times must be a whole number >= 0")
        if status is not None and (mode not in ERROR_FAULTS or not isinstance(status, int) or not 400 <= status <= 599):
            raise ValueError("status (400-599) only goes with mode 500, 503 or 429")
        if "body" in spec and mode != "shape":
            raise ValueError("body only goes with mode shape")
        if not isinstance(seconds, (int, float)) or isinstance(seconds, bool) or not 0 < seconds <= 600:
            raise ValueError("seconds must be in (0, 600]")
        with self.lock:
            if times == 0:
                self.faults.pop(spec["operation"], None)
            else:
                self.faults[spec["operation"]] = Fault(mode, times, status, float(seconds), spec.get("body"))
            return self.faults_snapshot()

    def faults_snapshot(self) -> dict[str, Any]:
        def shown(fault: Fault) -> dict[str, Any]:
            return {k: v for k, v in dataclasses.asdict(fault).items() if k != "body" or fault.mode == "shape"}
        return {"faults": {op: shown(f) for op, f in sorted(self.faults.items())}}

    def take_fault(self, op: str) -> Fault | None:
        with self.lock:
            fault = self.faults.get(op)
            if fault is None:
                return None
            fault.times -= 1
            if fault.times <= 0:
                del self.faults[op]
            return dataclasses.replace(fault)

    def set_grace(self, spec: Any) -> dict[str, Any]:
        if not isinstance(spec, dict):
            raise ValueError("expected a JSON object")
        if "seconds" in spec:
            seconds = spec["seconds"]
            if seconds is not None and (not isinstance(seconds, int) or isinstance(seconds, bool) or not 0 <= seconds <= 60):
                raise ValueError("seconds must be a whole number 0-60, or null for each client's own")
        if "reuseError" in spec and spec["reuseError"] not in REUSE_ERRORS:
            raise ValueError(f"reuseError must be one of {', '.join(REUSE_ERRORS)}")
        with self.lock:
            if "seconds" in spec:
                self.grace_override = spec["seconds"]
            if "reuseError" in spec:
                self.reuse_error = spec["reuseError"]
            return self.grace_snapshot()

    def set_clock(self, spec: Any) -> dict[str, Any]:
        """POST /rig/clock {"offsetSeconds": N}: the PASSWORD_VERIFIER TIMESTAMP is checked against
        now + N (nothing else moves), so a test can sign in on any day of the month."""
        offset = spec.get("offsetSeconds") if isinstance(spec, dict) else None
        if offset is None:
            offset = 0
        if isinstance(offset, bool) or not isinstance(offset, (int, float)) or abs(offset) > 400 * 86400:
            raise ValueError("offsetSeconds must be a number of seconds within 400 days (null: 0)")
        with self.lock:
            self.clock_offset = float(offset)
        return {"offsetSeconds": self.clock_offset}

    def grace_snapshot(self) -> dict[str, Any]:
        return {"seconds": self.grace_override, "reuseError": self.reuse_error}

    def release_stalls(self) -> None:
        with self.lock:
            old, self.release = self.release, threading.Event()
        old.set()

    def code_for(self, pool_id: str, username: str, purpose: str = "") -> str | None:
        internal = self.internal_username(pool_id, username) or username
        with self.lock:
            if not purpose:
                return self.last_code.get((pool_id, internal))
            return self.codes.get((pool_id, internal), {}).get(purpose, (None, 0.0))[0]

    def expire_code(self, spec: Any) -> dict[str, Any]:
        """POST /rig/code/expire: the pending code of that purpose is expired from now on."""
        if not isinstance(spec, dict) or spec.get("purpose") not in CODE_TTL:
            raise ValueError(f"purpose must be one of {', '.join(CODE_TTL)}")
        pool_id, username = str(spec.get("userPoolId", "")), str(spec.get("username", ""))
        internal = self.internal_username(pool_id, username) or username
        with self.lock:
            pending = self.codes.get((pool_id, internal), {})
            if spec["purpose"] not in pending:
                raise LookupError("no pending code of that purpose for that user")
            pending[spec["purpose"]] = (pending[spec["purpose"]][0], time.time() - 1)
        return {"expired": spec["purpose"]}

    def reset(self) -> None:
        """Deletes every user and token, and clears every hook setting (pools and clients stay, so
        the config stays valid)."""
        for pool in self.list_all("ListUserPools", {}, "UserPools"):
            while users := self.moto.must("ListUsers", {"UserPoolId": pool["Id"]}).get("Users", []):
                for user in users:
                    self.moto.must("AdminDeleteUser", {"UserPoolId": pool["Id"], "Username": user["Username"]})
        with self.lock:
            self.verifiers.clear()
            self.codes.clear()
            self.last_code.clear()
            self.flights.clear()
            self.refresh.clear()
            self.families.clear()
            self.mfa.clear()
            self.sessions.clear()
            self.faults.clear()
            self.grace_override = None
            self.reuse_error = REUSE_ERRORS[0]
            self.clock_offset = 0.0
        if self.identity is not None:
            self.identity.reset()
        if self.hosted_ui is not None:
            self.hosted_ui.reset()
        self.stats_snapshot(reset=True)
        self.release_stalls()


def compact_json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def jwt_claims(token: Any) -> dict[str, Any]:
    try:
        payload = str(token).split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return {}
    return claims if isinstance(claims, dict) else {}


def password_conforms(policy: dict[str, Any], password: Any) -> bool:
    """Cognito's password policy. Lengths count characters (code points: an emoji is one), up to
    the API's 256; any non-blank Unicode is allowed (the API's pattern is `[\\S]+`)."""
    text = password if isinstance(password, str) else ""
    ok = policy.get("MinimumLength", 8) <= len(text) <= MAX_PASSWORD_LENGTH
    ok &= not policy.get("RequireUppercase") or bool(re.search(r"[A-Z]", text))
    ok &= not policy.get("RequireLowercase") or bool(re.search(r"[a-z]", text))
    ok &= not policy.get("RequireNumbers") or bool(re.search(r"[0-9]", text))
    ok &= not policy.get("RequireSymbols") or bool(re.search(r"[^A-Za-z0-9 ]", text))
    return ok


MAX_PASSWORD_LENGTH = 256


def use_our_password_policy() -> None:
    """moto refuses passwords of 99 characters or more (its own MaximumLength): it gets ours."""
    from moto.cognitoidp.exceptions import InvalidPasswordException
    from moto.cognitoidp.models import CognitoIdpBackend

    def validate(backend: Any, user_pool_id: str, password: str) -> None:
        pool = backend.describe_user_pool(user_pool_id)
        if not password_conforms(pool.extended_config.get("Policies", {}).get("PasswordPolicy", {}), password):
            raise InvalidPasswordException()

    CognitoIdpBackend._validate_password = validate


# --- setup ------------------------------------------------------------------------------------

PASSWORD_POLICY = {"PasswordPolicy": {"MinimumLength": 8, "RequireUppercase": True, "RequireLowercase": True,
                                      "RequireNumbers": True, "RequireSymbols": False,
                                      "TemporaryPasswordValidityDays": 7}}
EMAIL_SCHEMA = [{"Name": "email", "AttributeDataType": "String", "Mutable": True, "Required": False}]
FLOWS = ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
# moto copies readable attributes into the ID token (otherwise the email pool's `email` claim
# would be whatever username moto was handed, i.e. the sub). The *_verified flags are left
# out: moto stores them as strings where Cognito's ID token has booleans.
READ_ATTRIBUTES = ["address", "birthdate", "email", "family_name", "gender", "given_name", "locale",
                   "middle_name", "name", "nickname", "phone_number", "picture", "preferred_username",
                   "profile", "website", "zoneinfo"]
EMAIL_RECOVERY = {"RecoveryMechanisms": [{"Name": "verified_email", "Priority": 1}]}


def set_up(rig: Rig, endpoint: str) -> dict[str, Any]:
    moto = rig.moto

    def pool(name: str, **extra: Any) -> str:
        return moto.must("CreateUserPool", {"PoolName": name, "Policies": PASSWORD_POLICY,
                                            "AutoVerifiedAttributes": ["email"], "Schema": EMAIL_SCHEMA,
                                            "AccountRecoverySetting": EMAIL_RECOVERY, **extra})["UserPool"]["Id"]

    def client(pool_id: str, name: str, secret: bool, **extra: Any) -> dict[str, Any]:
        return moto.must("CreateUserPoolClient", {"UserPoolId": pool_id, "ClientName": name,
                                                  "GenerateSecret": secret,
                                                  "ExplicitAuthFlows": FLOWS,
                                                  "ReadAttributes": READ_ATTRIBUTES,
                                                  "EnableTokenRevocation": True, **extra})["UserPoolClient"]

    main_id = pool("main")
    email_id = pool("email", UsernameAttributes=["email"])
    public, confidential = client(main_id, "main-public", False), client(main_id, "main-secret", True)
    rotating = client(main_id, "main-rotating", False, RefreshTokenRotation={
        "Feature": "ENABLED", "RetryGracePeriodSeconds": DEFAULT_GRACE_SECONDS})
    email_public = client(email_id, "email-public", False)

    # MFA as Cognito has it: optional with SMS, TOTP and email, and required with TOTP only
    sms = {"SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::123456789012:role/cognito-sms", "ExternalId": "rig"}}
    mfa_id = pool("mfa", **sms)
    rig.handle("SetUserPoolMfaConfig", {"UserPoolId": mfa_id, "MfaConfiguration": "OPTIONAL",
                                        "SmsMfaConfiguration": {"SmsAuthenticationMessage": "Your code is {####}", **sms},
                                        "SoftwareTokenMfaConfiguration": {"Enabled": True},
                                        "EmailMfaConfiguration": {"Message": "Your code is {####}",
                                                                  "Subject": "Your sign-in code"}})
    mfa_public, mfa_secret = client(mfa_id, "mfa-public", False), client(mfa_id, "mfa-secret", True)
    required_id = pool("mfa-required")
    rig.handle("SetUserPoolMfaConfig", {"UserPoolId": required_id, "MfaConfiguration": "ON",
                                        "SoftwareTokenMfaConfiguration": {"Enabled": True}})
    required_public = client(required_id, "mfa-required-public", False)
    # custom auth: the three challenge triggers name the rig's script (see README)
    custom_id = pool("custom", LambdaConfig={"DefineAuthChallenge": CUSTOM_AUTH_ARN,
                                             "CreateAuthChallenge": CUSTOM_AUTH_ARN,
                                             "VerifyAuthChallengeResponse": CUSTOM_AUTH_ARN})
    custom_flows = FLOWS + ["ALLOW_CUSTOM_AUTH"]
    custom_public = client(custom_id, "custom-public", False, ExplicitAuthFlows=custom_flows)
    custom_secret = client(custom_id, "custom-secret", True, ExplicitAuthFlows=custom_flows)
    return {
        "endpoint": endpoint,
        "motoEndpoint": moto.endpoint,
        "region": REGION,
        "main": {"userPoolId": main_id, "clientId": public["ClientId"],
                 "secretClientId": confidential["ClientId"], "clientSecret": confidential["ClientSecret"],
                 "rotatingClientId": rotating["ClientId"], "retryGracePeriodSeconds": DEFAULT_GRACE_SECONDS},
        "email": {"userPoolId": email_id, "clientId": email_public["ClientId"]},
        "mfa": {"userPoolId": mfa_id, "clientId": mfa_public["ClientId"],
                "secretClientId": mfa_secret["ClientId"], "clientSecret": mfa_secret["ClientSecret"],
                "mfaConfiguration": "OPTIONAL", "factors": ["SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP"]},
        "mfaRequired": {"userPoolId": required_id, "clientId": required_public["ClientId"],
                        "mfaConfiguration": "ON", "factors": ["SOFTWARE_TOKEN_MFA"]},
        "custom": {"userPoolId": custom_id, "clientId": custom_public["ClientId"],
                   "secretClientId": custom_secret["ClientId"], "clientSecret": custom_secret["ClientSecret"],
                   "question": CUSTOM_QUESTION, "answer": CUSTOM_ANSWER, "maxWrongAnswers": CUSTOM_MAX_WRONG},
    }


# --- HTTP front -------------------------------------------------------------------------------

def drop(handler: BaseHTTPRequestHandler, fault: Fault, released: threading.Event) -> str:
    """Closes the connection without a reply (an injected `drop`), after waiting first for a
    `stall`; returns what happened, for the log."""
    outcome = "dropped"
    if fault.mode == "stall":
        outcome = f"stalled, {stall(handler.connection, fault.seconds, released)}, dropped"
    handler.close_connection = True
    try:
        handler.connection.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    return outcome


def stall(connection: socket.socket, seconds: float, released: threading.Event) -> str:
    """Waits without answering until `seconds` pass, the client hangs up, /rig/reset or the rig
    stops."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if released.wait(0.1):
            return "released"
        try:
            readable, _, _ = select.select([connection], [], [], 0)
            if readable and isinstance(connection, ssl.SSLSocket):
                # a TLS socket cannot peek; a client that sent its request sends nothing more
                # but a close alert or FIN when it gives up
                return "client hung up"
            if readable and connection.recv(1, socket.MSG_PEEK) == b"":
                return "client hung up"
        except OSError:
            return "client hung up"
    return f"{seconds:g}s passed"


class Front(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out as two writes on a kept-alive connection: without TCP_NODELAY the
    # body waits for the client's delayed ACK (40 ms on Linux), which real Cognito never adds.
    disable_nagle_algorithm = True
    rig: Rig  # set on the subclass made in main()

    def version_string(self) -> str:
        return "cognito-rig"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass

    def log_line(self, what: str, status: int | str, started: float) -> None:
        sys.stderr.write(f"rig {self.command} {what} {status} {(time.monotonic() - started) * 1000:.0f}ms\n")
        sys.stderr.flush()

    def cors(self) -> None:
        origin = self.headers.get("Origin")
        if origin:
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Vary", "Origin")
        else:
            self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Expose-Headers", EXPOSED_HEADERS)

    def send(self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None,
             cors: bool = True) -> None:
        self.send_response(status)
        self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
        if cors:
            self.cors()
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        if body or status != 204:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_json(self, status: int, value: Any, content_type: str = "application/json") -> None:
        self.send(status, json.dumps(value).encode(), content_type)

    @staticmethod
    def error_reply(err: CognitoError) -> tuple[int, bytes, dict[str, str]]:
        status = 500 if err.name == "InternalErrorException" else 400
        return (status, json.dumps({"__type": err.name, "message": err.message}).encode(),
                {"x-amzn-ErrorType": f"{err.name}:"})


    def read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def do_OPTIONS(self) -> None:  # noqa: N802 - stdlib naming
        started = time.monotonic()
        self.read_body()
        self.send_response(200)
        self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
        self.cors()
        self.send_header("Access-Control-Allow-Methods", "POST, GET, OPTIONS")
        requested = self.headers.get("Access-Control-Request-Headers")
        if requested:
            self.send_header("Access-Control-Allow-Headers", requested)
        self.send_header("Access-Control-Max-Age", "172800")
        self.send_header("Content-Length", "0")
        self.end_headers()
        self.rig.count_other("preflight")
        self.log_line(f"{urllib.parse.urlsplit(self.path).path} preflight", 200, started)

    def do_GET(self) -> None:  # noqa: N802
        started = time.monotonic()
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/rig/config":
            self.send_json(200, self.rig.config)
        elif url.path == "/rig/stats":
            self.send_json(200, self.rig.stats_snapshot())
        elif url.path == "/rig/fail":
            with self.rig.lock:
                self.send_json(200, self.rig.faults_snapshot())
        elif url.path == "/rig/grace":
            with self.rig.lock:
                self.send_json(200, self.rig.grace_snapshot())
        elif url.path == "/rig/clock":
            self.send_json(200, {"offsetSeconds": self.rig.clock_offset})
        elif url.path.startswith("/rig/identity") and (hooked := self.identity_hook(url.path, b"")):
            return self.log_line(url.path, hooked, started)
        elif url.path == "/rig/code":
            query = urllib.parse.parse_qs(url.query)
            code = self.rig.code_for(query.get("userPoolId", [""])[0], query.get("username", [""])[0],
                                     query.get("purpose", [""])[0])
            if code is None:
                self.send_json(404, {"__type": "NotFound", "message": "no code sent to that user"})
                return self.log_line(url.path, 404, started)
            self.send_json(200, {"code": code})
        elif url.path.endswith("/.well-known/openid-configuration") and self.rig.hosted_ui is not None:
            # moto's document names no OAuth endpoints; Cognito's names the pool's domain
            self.rig.count_other(f"GET {url.path}")
            status, content_type, data = self.rig.moto.raw("GET", self.path, None,
                                                           {"Host": self.headers.get("Host", "")})
            if status == 200:
                document = {**json.loads(data), **self.rig.hosted_ui.discovery()}
                data, content_type = json.dumps(document).encode(), "application/json"
            self.send(status, data, content_type or "application/json")
            return self.log_line(f"{url.path} (moto + domain)", status, started)
        else:
            self.rig.count_other(f"GET {url.path}")
            status = self.forward_raw(b"")
            return self.log_line(f"{url.path} (moto)", status, started)
        self.log_line(url.path, 200, started)

    def hook(self, path: str, body: bytes) -> int | None:
        """POST /rig/...: answers and returns the status when `path` is a hook."""
        if path == "/rig/reset":
            self.rig.reset()
            self.send_json(200, self.rig.config)
        elif path == "/rig/stats/reset":
            self.send_json(200, self.rig.stats_snapshot(reset=True))
        elif path == "/rig/code/expire":
            try:
                self.send_json(200, self.rig.expire_code(json.loads(body or b"{}")))
            except ValueError as err:
                self.send_json(400, {"__type": "InvalidRequest", "message": str(err)})
                return 400
            except LookupError as err:
                self.send_json(404, {"__type": "NotFound", "message": str(err)})
                return 404
        elif path == "/rig/clock":
            try:
                self.send_json(200, self.rig.set_clock(json.loads(body or b"{}")))
            except ValueError as err:
                self.send_json(400, {"__type": "InvalidRequest", "message": str(err)})
                return 400
        elif path in ("/rig/fail", "/rig/grace"):
            try:
                spec = json.loads(body or b"{}")
                result = self.rig.set_fault(spec) if path == "/rig/fail" else self.rig.set_grace(spec)
            except ValueError as err:
                self.send_json(400, {"__type": "InvalidRequest", "message": str(err)})
                return 400
            self.send_json(200, result)
        elif path.startswith("/rig/identity") and (hooked := self.identity_hook(path, body)):
            return hooked
        else:
            return None
        return 200

    def identity_hook(self, path: str, body: bytes) -> int | None:
        """/rig/identity...: answers and returns the status when identity.py knows the hook."""
        answer = self.rig.identity.hook(self.command, path, body) if self.rig.identity else None
        if answer is None:
            return None
        self.send_json(*answer)
        return answer[0]

    def do_POST(self) -> None:  # noqa: N802
        started = time.monotonic()
        body = self.read_body()
        url = urllib.parse.urlsplit(self.path)
        hooked = self.hook(url.path, body) if url.path.startswith("/rig/") else None
        if hooked is not None:
            return self.log_line(url.path, hooked, started)
        target = self.headers.get("X-Amz-Target", "")
        prefix = next((p for p in (TARGET_PREFIX, identity.TARGET_PREFIX) if target.startswith(p)), None)
        if prefix is None or (prefix == identity.TARGET_PREFIX and self.rig.identity is None):
            self.rig.count_other(f"POST {url.path}")
            status = self.forward_raw(body)
            return self.log_line(f"{url.path} {target or '-'} (moto)", status, started)
        op = target[len(prefix):]
        self.rig.count(op)
        fault = self.rig.take_fault(op)
        if fault is not None and fault.mode not in REAL_FAULTS:
            return self.inject(op, fault, started)
        status, reply, extra, outcome = self.answer(op, prefix, body)
        if fault is not None:
            outcome = f"{outcome}, injected {fault.mode}"
            if fault.mode == "truncate":
                reply = reply[:len(reply) // 2]
        self.send(status, reply, AMZ_JSON, extra, cors=fault is None or fault.mode != "nocors")
        self.log_line(f"{op} {outcome}", status, started)

    def answer(self, op: str, prefix: str, body: bytes) -> tuple[int, bytes, dict[str, str], str]:
        """Runs the operation: (status, body, extra headers, outcome for the log)."""
        try:
            try:
                request = json.loads(body or b"{}")
                if not isinstance(request, dict):
                    raise ValueError
            except ValueError:
                raise CognitoError("SerializationException", "Request body is not a JSON object") from None
            if prefix == TARGET_PREFIX:
                reply = self.rig.handle(op, request)
            else:  # AWSCognitoIdentityService: the identity pools of identity.py
                reply = Reply(200, self.rig.identity.handle(op, request))
            raise_for(reply)
            return 200, json.dumps(reply.body).encode(), {}, "ok"
        except CognitoError as err:
            return (*self.error_reply(err), err.name)
        except Exception as err:  # noqa: BLE001 - answer the SDK, keep serving
            status, data, extra = self.error_reply(CognitoError("InternalErrorException", f"rig: {type(err).__name__}"))
            return status, data, extra, f"InternalErrorException {type(err).__name__}"

    def inject(self, op: str, fault: Fault, started: float) -> None:
        """Answers a request the way a failing Cognito, proxy or network would (POST /rig/fail),
        without running it; `truncate` and `nocors` run it first (do_POST)."""
        if fault.mode in ERROR_FAULTS:
            name, message, status = {
                "500": ("InternalErrorException", "rig: injected failure", 500),
                "503": ("InternalErrorException", "rig: injected failure", 503),
                "429": ("TooManyRequestsException", "Rate exceeded", 429),
            }[fault.mode]
            status = fault.status or status
            self.send(status, json.dumps({"__type": name, "message": message}).encode(), AMZ_JSON,
                      {"x-amzn-ErrorType": f"{name}:"})
            return self.log_line(f"{op} injected {name}", status, started)
        if fault.mode == "html":
            self.send(200, FAULT_PAGE, "text/html; charset=utf-8")
            return self.log_line(f"{op} injected html", 200, started)
        if fault.mode == "shape":
            self.send(200, json.dumps(SHAPE_BODY if fault.body is None else fault.body).encode(), AMZ_JSON)
            return self.log_line(f"{op} injected shape", 200, started)
        outcome = drop(self, fault, self.rig.release)
        self.log_line(f"{op} injected {outcome}", "-", started)

    def forward_raw(self, body: bytes) -> int:
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() in ("content-type", "x-amz-target", "authorization", "x-amz-date",
                                    "x-amz-security-token", "host")}
        status, content_type, data = self.rig.moto.raw(self.command, self.path, body or None, headers)
        self.send(status, data, content_type or "application/json")
        return status


def main() -> None:
    parser = argparse.ArgumentParser(description="Local Cognito user-pool rig (moto + faithful SRP front)")
    parser.add_argument("--port", type=int, default=0, help="front port on 127.0.0.1 (0 = any free port)")
    parser.add_argument("--hosted-ui-port", type=int, default=0,
                        help="HTTPS port of the hosted UI on 127.0.0.1 (0 = any free port)")
    parser.add_argument("--config-out", help="also write the config JSON to this file")
    parser.add_argument("--self-test", action="store_true", help="check TOTP against RFC 6238 and exit")
    args = parser.parse_args()
    if args.self_test:
        return self_test()
    import hosted_ui  # imports this module as `rig`, hence the entry point at the bottom

    logging.getLogger("werkzeug").setLevel(logging.CRITICAL)  # its per-request lines and tracebacks
    from moto.server import ThreadedMotoServer  # imported late: moto takes a while to load

    use_our_password_policy()
    moto_server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto_server.start()
    moto_host, moto_port = moto_server.get_host_and_port()
    rig = Rig(Moto(f"http://{moto_host}:{moto_port}"))
    rig.identity = identity.IdentityPools(rig, CognitoError, REGION)  # its moto starts meanwhile

    handler = type("RigFront", (Front,), {"rig": rig})
    front = ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    front.daemon_threads = True
    endpoint = f"http://127.0.0.1:{front.server_address[1]}"
    rig.config = set_up(rig, endpoint)
    temp_dir = tempfile.mkdtemp(prefix="cognito-rig-")  # the hosted UI's certificate and key
    domain = hosted_ui.start(rig, args.hosted_ui_port, temp_dir)
    rig.config["hostedUi"] = hosted_ui.set_up(rig, domain, rig.config["main"]["userPoolId"])
    # After the hosted UI's app clients exist: the identity pools trust every client of the pool.
    rig.config["identity"] = rig.identity.set_up(endpoint, rig.config["main"]["userPoolId"])

    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    serving = threading.Thread(target=front.serve_forever, daemon=True)
    serving.start()

    text = json.dumps(rig.config)
    if args.config_out:
        with open(args.config_out, "w", encoding="utf-8") as out:
            out.write(text + "\n")
    print(f"RIG READY {text}", flush=True)

    while not stop.wait(0.5):
        pass
    rig.release_stalls()
    front.shutdown()
    front.server_close()
    domain.stop()
    shutil.rmtree(temp_dir, ignore_errors=True)
    rig.identity.stop()
    moto_server.stop()
    sys.stderr.write("rig stopped\n")


if __name__ == "__main__":
    # Run main() from the module `rig` that hosted_ui imports, not from this __main__ copy, so both
    # see the same classes (CognitoError, Client, ...).
    import rig
    rig.main()
