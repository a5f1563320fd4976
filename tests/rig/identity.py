"""Identity pools for the local Cognito rig: GetId, GetCredentialsForIdentity and GetOpenIdToken
answered by the rig itself, with credentials that a second, IAM-checking moto really accepts.

moto's own Cognito Identity is fake (it never reads `Logins` and hands out fixed credentials that
its IAM check rejects), so the rig keeps identity pools itself:

- an ID token in `Logins` is checked as Cognito checks it: issuer = the provider name, RS256
  signature against the user pool's JWKS (served by the user-pool moto), `exp`, `aud` = an app
  client configured for the provider, `token_use` = id; a revoked one (RevokeToken /
  GlobalSignOut of its sign-in) is refused where the provider has ServerSideTokenCheck;
- identities: one per user (provider + sub) and identity pool; a guest gets a new one per GetId;
  a guest identity that is later sent with a login is linked to it, or merged into the identity
  that login already has;
- credentials come from `AssumeRoleWithWebIdentity` on a second moto, run as a child process with
  IAM request authentication on (moto's switch is one per process), signed with an IAM user that
  only the rig knows; that moto then checks SigV4 signatures, session tokens and role policies;
- an "AWS front" before that moto lets a browser call STS and S3 with these credentials: it
  answers CORS preflights, forwards the rest with the `Host` header unchanged (SigV4 signs it),
  refuses credentials past their expiry (moto does not check it) with AWS's `ExpiredToken`, and
  completes the basic flow (`AssumeRoleWithWebIdentity` with an OpenID token from GetOpenIdToken,
  unsigned as in AWS).

`rig.py` owns the HTTP front and passes `AWSCognitoIdentityService.*` calls to `IdentityPools.handle`.
"""

from __future__ import annotations

import base64
import dataclasses
import http.client
import json
import re
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
import xml.etree.ElementTree as ET
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

TARGET_PREFIX = "AWSCognitoIdentityService."
ACCOUNT_ID = "123456789012"  # moto's default account
DEFAULT_CREDENTIAL_SECONDS = 3600  # what GetCredentialsForIdentity hands out: one hour
OPENID_TOKEN_SECONDS = 600  # GetOpenIdToken: "valid for 10 minutes"
OPENID_ISSUER = "https://cognito-identity.amazonaws.com"
SESSION_NAME = "CognitoIdentityCredentials"  # the RoleSessionName Cognito uses
ID_PATTERN = re.compile(r"[\w-]+:[0-9a-f-]+")  # IdentityPoolId and IdentityId in the API reference
STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/"
IAM_NS = {"iam": "https://iam.amazonaws.com/doc/2010-05-08/"}

UNAUTHENTICATED = "Unauthenticated access is not supported for this identity pool."
LOGINS_DONT_MATCH = "Logins don't match. Please include at least one valid login for this identity or identity pool."
NOT_SUPPORTED_PROVIDER = "Invalid login token. Token is not from a supported provider of this identity pool."

# The auth-enabled moto runs in a child process: moto's IAM switch and its backends are per
# process. The child ends when the rig closes its stdin (also when the rig is killed).
AWS_MOTO_CHILD = """
import logging, sys
logging.getLogger("werkzeug").setLevel(logging.CRITICAL)
from moto.server import ThreadedMotoServer
server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
print(server.get_host_and_port()[1], flush=True)
sys.stdin.read()
server.stop()
"""


def b64url_json(part: str) -> dict[str, Any]:
    value = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    if not isinstance(value, dict):
        raise ValueError("not a JSON object")
    return value


def jwt_parts(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(header, claims) of a compact JWS, unverified; ValueError if it is not one."""
    parts = token.split(".")
    if len(parts) != 3:
        raise ValueError("not a compact JWS")
    return b64url_json(parts[0]), b64url_json(parts[1])


@dataclasses.dataclass
class Provider:
    """A user pool as a provider of an identity pool (CognitoIdentityProvider in the API)."""
    name: str  # cognito-idp.<region>.amazonaws.com/<userPoolId>
    user_pool_id: str
    client_ids: set[str]
    server_side_token_check: bool


@dataclasses.dataclass
class Pool:
    pool_id: str
    name: str
    allow_unauthenticated: bool
    allow_classic_flow: bool
    providers: dict[str, Provider]


@dataclasses.dataclass
class Identity:
    identity_id: str
    pool_id: str
    logins: set[tuple[str, str]]  # (provider name, sub); empty for a guest


@dataclasses.dataclass
class Minted:
    """Credentials handed out, by access key id: the AWS front refuses them after `expiration`."""
    expiration: float
    identity_id: str | None


class AwsMoto:
    """The second moto, with IAM request authentication on once seeded."""

    def __init__(self) -> None:
        """Starts the child; `seed` waits for it (it loads while the user pools are set up)."""
        self.child = subprocess.Popen([sys.executable, "-c", AWS_MOTO_CHILD], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, text=True)
        self.endpoint = ""
        self.host = ("127.0.0.1", 0)
        self.key_id = ""
        self.secret = ""

    def wait(self) -> None:
        port = self.child.stdout.readline().strip() if self.child.stdout else ""
        if not port.isdigit():
            raise RuntimeError("the IAM-checking moto did not start")
        self.endpoint = f"http://127.0.0.1:{port}"
        self.host = ("127.0.0.1", int(port))

    def stop(self) -> None:
        if self.child.stdin:
            self.child.stdin.close()
        try:
            self.child.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.child.kill()

    def seed(self, pool_ids: list[str]) -> dict[str, str]:
        """Roles for authenticated and unauthenticated identities and the IAM user the rig signs
        AssumeRoleWithWebIdentity with; then IAM authentication on. Any key works before that."""
        self.wait()

        def trust(amr: str) -> str:  # the trust policy Cognito's console writes (moto does not read it)
            return json.dumps({"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": pool_ids},
                              "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": amr}}}]})

        def role(name: str, amr: str, effect: str) -> str:
            arn = self.iam("CreateRole", RoleName=name, AssumeRolePolicyDocument=trust(amr)).findtext(".//iam:Arn", "", IAM_NS)
            self.iam("PutRolePolicy", RoleName=name, PolicyName="s3-list", PolicyDocument=json.dumps({
                "Version": "2012-10-17",
                "Statement": [{"Effect": effect, "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}))
            return arn

        auth_role = role("cognito-authenticated", "authenticated", "Allow")
        unauth_role = role("cognito-unauthenticated", "unauthenticated", "Deny")
        self.iam("CreateUser", UserName="cognito-identity-rig")
        # Resource "*": moto checks the action against "*", not against the role's ARN
        self.iam("PutUserPolicy", UserName="cognito-identity-rig", PolicyName="assume", PolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
                                                    "Resource": "*"}]}))
        key = self.iam("CreateAccessKey", UserName="cognito-identity-rig")
        self.key_id = key.findtext(".//iam:AccessKeyId", "", IAM_NS)
        self.secret = key.findtext(".//iam:SecretAccessKey", "", IAM_NS)
        status, _, body = self.request("POST", "/moto-api/reset-auth", b"0", {"Content-Type": "text/plain"})
        if status != 200:
            raise RuntimeError(f"moto reset-auth failed: {status} {body[:200]!r}")
        return {"authRoleArn": auth_role, "unauthRoleArn": unauth_role}

    def iam(self, action: str, **params: str) -> ET.Element:
        """An IAM call while authentication is still off: moto routes it by the credential scope."""
        body = urllib.parse.urlencode({"Action": action, "Version": "2010-05-08", **params}).encode()
        status, _, data = self.request("POST", "/", body, {
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            "Authorization": "AWS4-HMAC-SHA256 Credential=AKIDRIGSEED/20260101/us-east-1/iam/aws4_request, "
                             "SignedHeaders=host, Signature=0"})
        if status != 200:
            raise RuntimeError(f"moto IAM {action} failed: {status} {data[:300]!r}")
        return ET.fromstring(data)

    def request(self, method: str, path: str, body: bytes | None,
                headers: dict[str, str]) -> tuple[int, list[tuple[str, str]], bytes]:
        """One request as given (the Host header too, when it is among `headers`)."""
        conn = http.client.HTTPConnection(*self.host, timeout=30)
        try:
            conn.putrequest(method, path, skip_host="host" in {k.lower() for k in headers},
                            skip_accept_encoding=True)
            for name, value in headers.items():
                conn.putheader(name, value)
            if body is not None and not any(k.lower() == "content-length" for k in headers):
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body)
            resp = conn.getresponse()
            return resp.status, resp.getheaders(), resp.read()
        finally:
            conn.close()

    def assume_role(self, role_arn: str, web_token: str, seconds: int) -> dict[str, Any]:
        """AssumeRoleWithWebIdentity signed by the rig's IAM user: {AccessKeyId, SecretAccessKey,
        SessionToken, Expiration (epoch seconds)}; RuntimeError when STS refuses."""
        status, _, body = self.sts({"Action": "AssumeRoleWithWebIdentity", "Version": "2011-06-15",
                                    "RoleArn": role_arn, "RoleSessionName": SESSION_NAME,
                                    "WebIdentityToken": web_token, "DurationSeconds": str(seconds)})
        if status != 200:
            raise RuntimeError(f"moto AssumeRoleWithWebIdentity failed: {status} {body[:300]!r}")
        creds = ET.fromstring(body).find(f".//{{{STS_NS}}}Credentials")
        if creds is None:
            raise RuntimeError("moto AssumeRoleWithWebIdentity gave no credentials")
        out = {name: creds.findtext(f"{{{STS_NS}}}{name}") or ""
               for name in ("AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration")}
        out["Expiration"] = datetime.fromisoformat(out["Expiration"].replace("Z", "+00:00")).timestamp()
        return out

    def sts(self, params: dict[str, str]) -> tuple[int, list[tuple[str, str]], bytes]:
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials

        body = urllib.parse.urlencode(params)
        request = AWSRequest(method="POST", url=self.endpoint + "/", data=body,
                             headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
        SigV4Auth(Credentials(self.key_id, self.secret), "sts", "us-east-1").add_auth(request)
        return self.request("POST", "/", body.encode(), dict(request.headers.items()))


class IdentityPools:
    """The `AWSCognitoIdentityService` operations, the test hooks under /rig/identity, and the
    state behind them. `rig` is the user-pool rig (its moto serves the JWKS; its token families
    say whether a sign-in was revoked); `error` is the exception class its front answers with."""

    def __init__(self, rig: Any, error: Callable[[str, str], Exception], region: str) -> None:
        from joserfc.jwk import RSAKey  # comes with moto[cognitoidp]

        self.rig = rig
        self.error = error
        self.region = region
        self.lock = threading.Lock()
        self.pools: dict[str, Pool] = {}
        self.identities: dict[str, Identity] = {}
        self.by_login: dict[tuple[str, str, str], str] = {}  # (pool, provider, sub) -> identity id
        self.merged: dict[str, str] = {}  # guest identity id -> identity it was merged into
        self.minted: dict[str, Minted] = {}
        self.jwks: dict[str, Any] = {}  # user pool id -> joserfc KeySet
        self.credential_seconds = DEFAULT_CREDENTIAL_SECONDS
        self.openid_key = RSAKey.generate_key(2048, parameters={"kid": "rig-cognito-identity-1"}, private=True)
        self.aws = AwsMoto()
        self.front: ThreadingHTTPServer | None = None
        self.roles: dict[str, str] = {}
        self.config: dict[str, Any] = {}

    # --- set-up ----------------------------------------------------------------------------

    def set_up(self, endpoint: str, user_pool_id: str) -> dict[str, Any]:
        """Two identity pools with every app client of `user_pool_id` as provider: one that lets
        guests in (and the basic flow), one that does not (and checks tokens server-side)."""
        client_ids = {c["ClientId"] for c in self.rig.list_all("ListUserPoolClients", {"UserPoolId": user_pool_id},
                                                               "UserPoolClients")}
        name = f"cognito-idp.{self.region}.amazonaws.com/{user_pool_id}"
        guests = Pool(f"{self.region}:{uuid.uuid4()}", "guests", True, True,
                      {name: Provider(name, user_pool_id, set(client_ids), False)})
        members = Pool(f"{self.region}:{uuid.uuid4()}", "members", False, False,
                       {name: Provider(name, user_pool_id, set(client_ids), True)})
        self.pools = {guests.pool_id: guests, members.pool_id: members}
        self.roles = self.aws.seed(list(self.pools))
        handler = type("AwsFront", (AwsFront,), {"pools": self})
        self.front = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.front.daemon_threads = True
        threading.Thread(target=self.front.serve_forever, daemon=True).start()
        self.config = {
            "endpoint": endpoint,
            "identityPoolId": members.pool_id,
            "guestIdentityPoolId": guests.pool_id,
            "providerName": name,
            "clientIds": sorted(client_ids),
            **self.roles,
            "awsEndpoint": f"http://127.0.0.1:{self.front.server_address[1]}",
            "motoAuthEndpoint": self.aws.endpoint,
            "accountId": ACCOUNT_ID,
            "credentialSeconds": DEFAULT_CREDENTIAL_SECONDS,
            "openIdTokenSeconds": OPENID_TOKEN_SECONDS,
        }
        return self.config

    def stop(self) -> None:
        if self.front is not None:
            self.front.shutdown()
            self.front.server_close()
        self.aws.stop()

    # --- operations ------------------------------------------------------------------------

    def handle(self, op: str, body: dict[str, Any]) -> dict[str, Any]:
        handler = getattr(self, f"op_{op}", None)
        if handler is None:
            raise self.error("InternalErrorException", f"rig: the identity rig does not implement {op}")
        return handler(body)

    def validation(self, field: str, value: Any, constraint: str) -> Exception:
        shown = value if isinstance(value, str) else json.dumps(value)
        return self.error("ValidationException",
                          f"1 validation error detected: Value '{shown}' at '{field}' failed to satisfy constraint: {constraint}")

    def check_id(self, field: str, value: Any) -> str:
        """IdentityPoolId / IdentityId: required, 1-55 characters, [\\w-]+:[0-9a-f-]+."""
        if not isinstance(value, str) or not value:
            raise self.validation(field, None, "Member must not be null")
        if len(value) > 55:
            raise self.validation(field, value, "Member must have length less than or equal to 55")
        if not ID_PATTERN.fullmatch(value):
            raise self.validation(field, value, "Member must satisfy regular expression pattern: [\\w-]+:[0-9a-f-]+")
        return value

    def check_logins(self, pool: Pool, logins: Any) -> list[tuple[str, str]]:
        """The (provider, sub) of each login, after checking each token as Cognito does."""
        if logins is None or logins == {}:
            return []
        if not isinstance(logins, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in logins.items()):
            raise self.error("SerializationException", "Logins must be a map of strings to strings")
        if len(logins) > 10:
            raise self.validation("logins", "{...}", "Member must have length less than or equal to 10")
        for key, token in logins.items():
            if not 1 <= len(key) <= 128:
                raise self.validation("logins", "{...}", "Map keys must satisfy constraint: [Member must have length between 1 and 128]")
            if not 1 <= len(token) <= 50000:
                raise self.validation("logins", "{...}", "Map value must satisfy constraint: [Member must have length between 1 and 50000]")
        return [(key, self.check_token(pool, key, token)) for key, token in sorted(logins.items())]

    def check_token(self, pool: Pool, key: str, token: str) -> str:
        """The sub of a user-pool ID token that `pool` accepts under the Logins key `key`."""
        def refuse(why: str) -> Exception:
            return self.error("NotAuthorizedException", f"Invalid login token. {why}")

        provider = pool.providers.get(key)
        if provider is None:
            raise self.error("NotAuthorizedException", NOT_SUPPORTED_PROVIDER)
        try:
            header, claims = jwt_parts(token)
        except (ValueError, UnicodeDecodeError):
            raise refuse("Not a valid OpenId Connect identity token.") from None
        if claims.get("iss") != f"https://{provider.name}":
            raise refuse("Issuer doesn't match providerName")
        if header.get("alg") != "RS256" or not self.signature_ok(provider.user_pool_id, token):
            raise refuse("Couldn't verify signed token.")
        exp, now = claims.get("exp"), int(time.time())
        if not isinstance(exp, (int, float)):
            raise refuse("Missing a required claim: exp")
        if now >= exp:
            raise refuse(f"Token expired: {now} >= {int(exp)}")
        if "aud" not in claims:  # an access token: it carries client_id instead
            raise refuse("Missing a required claim: aud")
        if claims.get("token_use") != "id":
            raise refuse("Not an ID token.")  # rig wording: no Cognito token with aud gets here
        if claims.get("aud") not in provider.client_ids:
            raise self.error("NotAuthorizedException", NOT_SUPPORTED_PROVIDER)
        if not isinstance(claims.get("sub"), str) or not claims["sub"]:
            raise refuse("Missing a required claim: sub")
        if provider.server_side_token_check:
            self.check_server_side(provider, claims, refuse)
        return claims["sub"]

    def check_server_side(self, provider: Provider, claims: dict[str, Any], refuse: Callable[[str], Exception]) -> None:
        """ServerSideTokenCheck: the user pool is asked whether the sign-in is still valid (the
        reference: a signed-out user's ID token is no longer accepted)."""
        with self.rig.lock:
            family = self.rig.families.get(str(claims.get("origin_jti")))
            revoked = family is not None and family.revoked
        if revoked:
            raise refuse("Token has been revoked.")  # rig wording
        user = self.rig.user(provider.user_pool_id, claims.get("cognito:username"))
        if user is None or user.get("Enabled") is False:
            raise refuse("User does not exist or is disabled.")  # rig wording

    def signature_ok(self, user_pool_id: str, token: str) -> bool:
        from joserfc import jwt
        from joserfc.jwk import KeySet

        with self.lock:
            keys = self.jwks.get(user_pool_id)
        if keys is None:
            status, _, data = self.rig.moto.raw("GET", f"/{user_pool_id}/.well-known/jwks.json", None, {})
            if status != 200:
                return False
            keys = KeySet.import_key_set(json.loads(data))
            with self.lock:
                self.jwks[user_pool_id] = keys
        try:
            jwt.decode(token, keys, algorithms=["RS256"])
        except Exception:  # noqa: BLE001 - joserfc raises many kinds; each means "not verified"
            return False
        return True

    def pool(self, pool_id: str) -> Pool:
        pool = self.pools.get(pool_id)
        if pool is None:
            raise self.error("ResourceNotFoundException", f"IdentityPool '{pool_id}' not found.")
        return pool

    def new_identity(self, pool: Pool, logins: list[tuple[str, str]]) -> Identity:
        identity = Identity(f"{self.region}:{uuid.uuid4()}", pool.pool_id, set(logins))
        self.identities[identity.identity_id] = identity
        for provider, sub in logins:
            self.by_login[(pool.pool_id, provider, sub)] = identity.identity_id
        return identity

    def link(self, identity: Identity, logins: list[tuple[str, str]]) -> None:
        """Logins not linked yet join `identity` ("supplying multiple logins will create an
        implicit linked account"); a login of another identity cannot."""
        for provider, sub in logins:
            owner = self.by_login.get((identity.pool_id, provider, sub))
            if owner is None:
                identity.logins.add((provider, sub))
                self.by_login[(identity.pool_id, provider, sub)] = identity.identity_id
            elif owner != identity.identity_id:
                raise self.error("ResourceConflictException", "Logins are already linked to another identity.")

    def op_GetId(self, body: dict[str, Any]) -> dict[str, Any]:
        pool = self.pool(self.check_id("identityPoolId", body.get("IdentityPoolId")))
        account = body.get("AccountId")
        if account is not None and (not isinstance(account, str) or not re.fullmatch(r"\d{1,15}", account)):
            raise self.validation("accountId", account, "Member must satisfy regular expression pattern: \\d+")
        logins = self.check_logins(pool, body.get("Logins"))
        with self.lock:
            if not logins:
                if not pool.allow_unauthenticated:
                    raise self.error("NotAuthorizedException", UNAUTHENTICATED)
                return {"IdentityId": self.new_identity(pool, []).identity_id}
            owners = {self.by_login.get((pool.pool_id, p, s)) for p, s in logins} - {None}
            if len(owners) > 1:
                raise self.error("ResourceConflictException", "Logins are already linked to another identity.")
            if not owners:
                return {"IdentityId": self.new_identity(pool, logins).identity_id}
            identity = self.identities[owners.pop()]
            self.link(identity, logins)
            return {"IdentityId": identity.identity_id}

    def resolve(self, body: dict[str, Any]) -> tuple[Pool, Identity]:
        """The identity a GetCredentialsForIdentity / GetOpenIdToken acts for, after its logins:
        an authenticated identity needs one of its own logins; a guest identity sent with a login
        is linked to it, or merged into the identity that has the login already (the reply then
        names that identity)."""
        identity_id = self.check_id("identityId", body.get("IdentityId"))
        with self.lock:
            identity = self.identities.get(identity_id)
        if identity is None:
            raise self.error("ResourceNotFoundException", f"Identity '{identity_id}' not found.")
        pool = self.pool(identity.pool_id)
        logins = self.check_logins(pool, body.get("Logins"))
        with self.lock:
            if identity.identity_id not in self.identities:  # merged away meanwhile
                raise self.error("ResourceNotFoundException", f"Identity '{identity_id}' not found.")
            if identity.logins:
                if not identity.logins & set(logins):
                    raise self.error("NotAuthorizedException", LOGINS_DONT_MATCH)
                self.link(identity, logins)
                return pool, identity
            if not logins:
                if not pool.allow_unauthenticated:
                    raise self.error("NotAuthorizedException", UNAUTHENTICATED)
                return pool, identity
            owners = {self.by_login.get((pool.pool_id, p, s)) for p, s in logins} - {None}
            if len(owners) > 1:
                raise self.error("ResourceConflictException", "Logins are already linked to another identity.")
            if owners:
                target = self.identities[owners.pop()]
                del self.identities[identity.identity_id]
                self.merged[identity.identity_id] = target.identity_id
                self.link(target, logins)
                return pool, target
            self.link(identity, logins)
            return pool, identity

    def openid_token(self, pool: Pool, identity: Identity) -> str:
        from joserfc import jwt

        now = int(time.time())
        if identity.logins:
            amr = ["authenticated", *sorted({p for p, _ in identity.logins}),
                   *sorted(f"{p}:CognitoSignIn:{s}" for p, s in identity.logins)]
        else:
            amr = ["unauthenticated"]
        claims = {"sub": identity.identity_id, "aud": pool.pool_id, "amr": amr, "iss": OPENID_ISSUER,
                  "https://cognito-identity.amazonaws.com/identity-pool-arn":
                      f"arn:aws:cognito-identity:{self.region}:{ACCOUNT_ID}:identitypool/{pool.pool_id}",
                  "exp": now + OPENID_TOKEN_SECONDS, "iat": now}
        return jwt.encode({"alg": "RS256", "kid": self.openid_key.kid, "typ": "JWS"}, claims, self.openid_key)

    def op_GetOpenIdToken(self, body: dict[str, Any]) -> dict[str, Any]:
        pool, identity = self.resolve(body)
        if not pool.allow_classic_flow:
            raise self.error("InvalidParameterException", "Basic (classic) flow is not enabled, please use enhanced flow.")
        return {"IdentityId": identity.identity_id, "Token": self.openid_token(pool, identity)}

    def op_GetCredentialsForIdentity(self, body: dict[str, Any]) -> dict[str, Any]:
        custom = body.get("CustomRoleArn")
        if custom is not None and (not isinstance(custom, str) or not 20 <= len(custom) <= 2048):
            raise self.validation("customRoleArn", custom, "Member must have length greater than or equal to 20")
        pool, identity = self.resolve(body)
        # CustomRoleArn picks among the roles a token names (role mapping "Token", cognito:roles);
        # these pools use their default roles, so it is ignored, as for providers without role
        # customization.
        role = self.roles["authRoleArn" if identity.logins else "unauthRoleArn"]
        try:
            creds = self.aws.assume_role(role, self.openid_token(pool, identity), self.credential_seconds)
        except (RuntimeError, OSError):  # what Cognito answers when its AssumeRoleWithWebIdentity fails
            raise self.error("InvalidIdentityPoolConfigurationException",
                             "Invalid identity pool configuration. Check assigned IAM roles for this pool.") from None
        expiration = int(creds["Expiration"])  # whole seconds on the wire; the AWS front goes by the same
        with self.lock:
            self.minted[creds["AccessKeyId"]] = Minted(expiration, identity.identity_id)
        return {"IdentityId": identity.identity_id, "Credentials": {
            "AccessKeyId": creds["AccessKeyId"], "SecretKey": creds["SecretAccessKey"],
            "SessionToken": creds["SessionToken"], "Expiration": expiration}}

    # --- hooks -----------------------------------------------------------------------------

    def hook(self, method: str, path: str, body: bytes) -> tuple[int, Any] | None:
        """GET|POST /rig/identity and POST /rig/identity/sign; None for other paths."""
        if path == "/rig/identity":
            if method == "POST":
                try:
                    spec = json.loads(body or b"{}")
                except ValueError:
                    spec = None
                seconds = spec.get("credentialSeconds", self.credential_seconds) if isinstance(spec, dict) else 0
                seconds = DEFAULT_CREDENTIAL_SECONDS if seconds is None else seconds
                if not isinstance(seconds, int) or isinstance(seconds, bool) or not 1 <= seconds <= 43200:
                    return 400, {"__type": "InvalidRequest",
                                 "message": 'expected {"credentialSeconds": 1-43200, or null for 3600}'}
                self.credential_seconds = seconds
            return 200, self.snapshot()
        if path == "/rig/identity/sign" and method == "POST":
            return self.resign(body)
        return None

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {"credentialSeconds": self.credential_seconds, "identities": len(self.identities),
                    "merged": len(self.merged)}

    def resign(self, body: bytes) -> tuple[int, Any]:
        """A user-pool token with some claims changed (`null` removes one), signed with the key moto
        signs every user pool's tokens with: expired, wrong-audience or other-issuer tokens that
        still verify, for tests."""
        from joserfc import jwt
        from joserfc.jwk import RSAKey
        from moto.utilities.utils import load_resource

        try:
            spec = json.loads(body or b"{}")
            header, claims = jwt_parts(spec["token"])
            changes = spec.get("claims") or {}
            if not isinstance(changes, dict):
                raise ValueError
        except (ValueError, KeyError, TypeError, AttributeError):
            return 400, {"__type": "InvalidRequest", "message": 'expected {"token": "<a JWT>", "claims": {...}}'}
        for name, value in changes.items():
            if value is None:
                claims.pop(name, None)
            else:
                claims[name] = value
        key = RSAKey.import_key(load_resource("cognitoidp/resources/jwks-private.json"))
        return 200, {"token": jwt.encode({"alg": "RS256", "kid": header.get("kid", "dummy")}, claims, key)}

    def reset(self) -> None:
        """Forgets identities and merges, and the credential lifetime setting; credentials already
        handed out keep their expiry."""
        with self.lock:
            self.identities.clear()
            self.by_login.clear()
            self.merged.clear()
            self.credential_seconds = DEFAULT_CREDENTIAL_SECONDS

    # --- the basic flow's AssumeRoleWithWebIdentity (AWS front) --------------------------

    def basic_flow(self, params: dict[str, str]) -> tuple[int, bytes]:
        """STS AssumeRoleWithWebIdentity with an OpenID token from GetOpenIdToken, as STS checks
        it against the roles' trust policies: signature, expiry, `aud` = an identity pool,
        `amr` authenticated or unauthenticated for the authenticated or unauthenticated role."""
        from joserfc import jwt
        from joserfc.jwk import KeySet

        token, role = params.get("WebIdentityToken", ""), params.get("RoleArn", "")
        try:
            decoded = jwt.decode(token, KeySet([self.openid_key]), algorithms=["RS256"])
            claims = decoded.claims
        except Exception:  # noqa: BLE001 - any failure means the token does not verify
            return sts_error(400, "InvalidIdentityToken", "Couldn't verify token")
        now = time.time()
        if not isinstance(claims.get("exp"), (int, float)) or now >= claims["exp"]:
            return sts_error(400, "ExpiredTokenException", "Token expired: current date/time must be before the expiration date/time")
        amr = claims.get("amr") if isinstance(claims.get("amr"), list) else []
        wanted = "authenticated" if "authenticated" in amr else "unauthenticated"
        expected = self.roles["authRoleArn" if wanted == "authenticated" else "unauthRoleArn"]
        if claims.get("aud") not in self.pools or role != expected:
            return sts_error(403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity")
        seconds = params.get("DurationSeconds", "3600")
        seconds = int(seconds) if seconds.isdigit() else 3600
        status, _, body = self.aws.sts({**params, "DurationSeconds": str(seconds)})
        if status == 200:
            creds = ET.fromstring(body).find(f".//{{{STS_NS}}}Credentials")
            if creds is not None:
                expiration = datetime.fromisoformat(
                    (creds.findtext(f"{{{STS_NS}}}Expiration") or "").replace("Z", "+00:00")).timestamp()
                with self.lock:
                    self.minted[creds.findtext(f"{{{STS_NS}}}AccessKeyId") or ""] = Minted(expiration, claims.get("sub"))
        return status, body

    def expired(self, access_key_id: str) -> bool:
        with self.lock:
            minted = self.minted.get(access_key_id)
        return minted is not None and time.time() >= minted.expiration


def sts_error(status: int, code: str, message: str) -> tuple[int, bytes]:
    body = (f'<ErrorResponse xmlns="{STS_NS}"><Error><Type>Sender</Type><Code>{code}</Code>'
            f"<Message>{message}</Message></Error><RequestId>{uuid.uuid4()}</RequestId></ErrorResponse>")
    return status, body.encode()


CREDENTIAL_RE = re.compile(r"Credential=([^/,\s]+)/[^/]+/[^/]+/([^/,\s]+)/aws4_request")
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
              "proxy-authorization", "proxy-authenticate", "content-length"}
AWS_EXPOSED = ("x-amzn-RequestId, x-amz-request-id, x-amz-id-2, x-amzn-ErrorType, x-amzn-ErrorMessage, "
               "ETag, Date, Content-Length, x-amz-version-id, x-amz-delete-marker")


class AwsFront(BaseHTTPRequestHandler):
    """CORS front of the IAM-checking moto: the endpoint a browser (or Node) gives its STS and S3
    clients. Forwards requests byte for byte with the Host header unchanged, so moto checks the
    SigV4 signature the client made for this front's host."""
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    pools: IdentityPools  # set on the subclass made in IdentityPools.set_up

    def version_string(self) -> str:
        return "cognito-rig-aws"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass

    def log_line(self, what: str, status: int, started: float) -> None:
        sys.stderr.write(f"rig aws {self.command} {what} {status} {(time.monotonic() - started) * 1000:.0f}ms\n")
        sys.stderr.flush()

    def cors(self) -> None:
        origin = self.headers.get("Origin")
        self.send_header("Access-Control-Allow-Origin", origin or "*")
        if origin:
            self.send_header("Vary", "Origin")
        self.send_header("Access-Control-Expose-Headers", AWS_EXPOSED)

    def reply(self, status: int, body: bytes, headers: list[tuple[str, str]]) -> None:
        self.send_response(status)
        self.cors()
        for name, value in headers:
            if name.lower() not in HOP_BY_HOP and not name.lower().startswith("access-control-") \
                    and name.lower() not in ("server", "date"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_OPTIONS(self) -> None:  # noqa: N802 - stdlib naming
        started = time.monotonic()
        self.read_body()
        self.send_response(200)
        self.cors()
        self.send_header("Access-Control-Allow-Methods", "GET, PUT, POST, DELETE, HEAD")
        requested = self.headers.get("Access-Control-Request-Headers")
        if requested:
            self.send_header("Access-Control-Allow-Headers", requested)
        self.send_header("Access-Control-Max-Age", "172800")
        self.send_header("Content-Length", "0")
        self.end_headers()
        self.pools.rig.count_other("AWS preflight")
        self.log_line(f"{urllib.parse.urlsplit(self.path).path} preflight", 200, started)

    def read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def credential(self) -> tuple[str, str]:
        """(access key id, service) from the Authorization header or a presigned URL's query."""
        match = CREDENTIAL_RE.search(self.headers.get("Authorization", ""))
        if match:
            return match.group(1), match.group(2)
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        parts = query.get("X-Amz-Credential", [""])[0].split("/")
        return (parts[0], parts[3]) if len(parts) == 5 else ("", "")

    def expired_reply(self, service: str) -> tuple[int, bytes, list[tuple[str, str]]]:
        """What AWS answers to credentials past their expiry, in the service's protocol."""
        request_id = str(uuid.uuid4())
        if service == "s3":
            token = self.headers.get("x-amz-security-token", "")
            body = ('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>ExpiredToken</Code>'
                    f"<Message>The provided token has expired.</Message><Token-0>{token}</Token-0>"
                    f"<RequestId>{request_id}</RequestId><HostId>rig</HostId></Error>")
            return 400, body.encode(), [("Content-Type", "application/xml"), ("x-amz-request-id", request_id)]
        if "json" in self.headers.get("Content-Type", ""):
            body = json.dumps({"__type": "ExpiredTokenException",
                               "message": "The security token included in the request is expired"})
            return 400, body.encode(), [("Content-Type", self.headers.get("Content-Type", "")),
                                        ("x-amzn-RequestId", request_id),
                                        ("x-amzn-ErrorType", "ExpiredTokenException:")]
        status, body = sts_error(403, "ExpiredToken", "The security token included in the request is expired")
        return status, body, [("Content-Type", "text/xml"), ("x-amzn-RequestId", request_id)]

    def forward(self) -> None:
        started = time.monotonic()
        body = self.read_body()
        key_id, service = self.credential()
        what = f"{urllib.parse.urlsplit(self.path).path} {service or '-'}"
        self.pools.rig.count_other(f"AWS {service or 'unsigned'}")
        if key_id and self.pools.expired(key_id):
            status, data, headers = self.expired_reply(service)
            self.reply(status, data, headers)
            return self.log_line(f"{what} ExpiredToken", status, started)
        params = self.query_params(body)
        if params.get("Action") == "AssumeRoleWithWebIdentity":
            status, data = self.pools.basic_flow(params)
            self.reply(status, data, [("Content-Type", "text/xml"), ("x-amzn-RequestId", str(uuid.uuid4()))])
            return self.log_line(f"{what} AssumeRoleWithWebIdentity", status, started)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP and k.lower() != "origin"}
        try:
            status, reply_headers, data = self.pools.aws.request(self.command, self.path, body if body or
                                                                 self.command in ("POST", "PUT") else None, headers)
        except OSError:
            status, reply_headers, data = 502, [("Content-Type", "text/plain")], b"rig: the IAM-checking moto did not answer"
        self.reply(status, data, reply_headers)
        self.log_line(what, status, started)

    def query_params(self, body: bytes) -> dict[str, str]:
        """A query-protocol request's parameters (STS), from the form body or the URL."""
        text = urllib.parse.urlsplit(self.path).query
        if "x-www-form-urlencoded" in self.headers.get("Content-Type", ""):
            text = body.decode("utf-8", "replace")
        if "Action=" not in text:
            return {}
        return {k: v[0] for k, v in urllib.parse.parse_qs(text).items()}

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = forward  # noqa: N815 - stdlib naming
