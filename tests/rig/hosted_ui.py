"""Managed login (the hosted UI) of the local Cognito rig: a user-pool domain over HTTPS.

Cognito answers these paths on a pool's domain once it has one; the rig answers them on its own
loopback HTTPS port, for every pool (the app client names the pool):

| path | what |
|---|---|
| GET /oauth2/authorize | checks the client and the exact `redirect_uri`; to /login, or to an identity provider |
| GET, POST /login | the sign-in form; a good password redirects to `redirect_uri?code=..&state=..` |
| POST /oauth2/token | `authorization_code` (with PKCE S256) and `refresh_token` grants |
| POST /oauth2/revoke | revokes a refresh token's family |
| GET, POST /oauth2/userInfo | the user's attributes for the access token's scopes |
| GET /logout | clears the session cookie, then to a sign-out URL or back to /login |
| GET /oauth2/idpresponse | where an identity provider returns to |
| GET /error | the page Cognito shows instead of redirecting to an unregistered URL |
| GET /.well-known/jwks.json | moto's public keys (every pool signs with them) |
| /rig/idp/... | a stand-in for Google (or any configured provider): a consent form |

Sources: the Cognito developer guide's pages on the authorize, login, token, revoke, userInfo and
logout endpoints. Where they leave room, the choice is named in tests/rig/README.md.

Tokens are minted here, signed with moto's key, and registered with moto (its GetUser and
GlobalSignOut find them); each sign-in is a token family of the rig, so RevokeToken,
GlobalSignOut and REFRESH_TOKEN_AUTH / GetTokensFromRefreshToken work on them as on API sign-ins,
and a refresh keeps the OAuth scopes. Codes, tokens, passwords and verifiers are never logged.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import hashlib
import hmac
import html
import http.cookies
import ipaddress
import json
import re
import secrets
import ssl
import sys
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

from rig import (ADMIN_SCOPE, ERROR_FAULTS, FAULT_PAGE, FLOWS, INCORRECT, READ_ATTRIBUTES, REAL_FAULTS, SHAPE_BODY,
                 Client, CognitoError, Family, Fault, Rig, drop,
                 jwt_claims)

CODE_TTL_SECONDS = 300  # "a one time use code that is valid for five minutes"
SESSION_TTL_SECONDS = 3600  # the managed-login session cookie lives an hour
IDP_TTL_SECONDS = 300  # how long a sign-in may stay at the identity provider
SESSION_COOKIE = "cognito"
XSRF_COOKIE = "XSRF-TOKEN"
STANDARD_SCOPES = ["openid", "email", "phone", "profile", ADMIN_SCOPE]
SOCIAL_PROVIDERS = ("Google", "Facebook", "LoginWithAmazon", "SignInWithApple")
PKCE_PATTERN = re.compile(r"[A-Za-z0-9\-._~]{43,128}")  # RFC 7636 code_verifier / S256 challenge
UNAVAILABLE = "Login option is not available. Please try another one."
INVALID_TOKEN = "Access token is expired, disabled, or deleted, or the user has globally signed out."
HTML = "text/html;charset=UTF-8"
JSON = "application/json;charset=UTF-8"
EMAIL_CLAIMS = ("email", "email_verified")
PHONE_CLAIMS = ("phone_number", "phone_number_verified")


# --- plumbing ---------------------------------------------------------------------------------

@dataclasses.dataclass
class Request:
    method: str
    path: str
    raw_query: str
    query: dict[str, str]
    form: dict[str, str]
    headers: Any  # email.message.Message from http.server
    cookies: dict[str, str]


@dataclasses.dataclass
class Page:
    status: int
    body: bytes = b""
    content_type: str = HTML
    headers: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    outcome: str = "ok"  # for the log line: never a secret


class OAuthError(Exception):
    """An error of the JSON endpoints: `{"error": ...}` with an HTTP status."""

    def __init__(self, error: str, status: int = 400, description: str | None = None, basic: bool = False):
        super().__init__(error)
        self.error, self.status, self.description, self.basic = error, status, description, basic


def first_values(text: str) -> dict[str, str]:
    return {k: v[0] for k, v in urllib.parse.parse_qs(text, keep_blank_values=True).items()}


def redirect(location: str, outcome: str, cookies: list[str] | None = None) -> Page:
    return Page(302, headers=[("Location", location)] + [("Set-Cookie", c) for c in cookies or []],
                outcome=outcome)


def with_params(url: str, params: list[tuple[str, str | None]]) -> str:
    query = urllib.parse.urlencode([(k, v) for k, v in params if v is not None])
    return f"{url}{'&' if '?' in url else '?'}{query}" if query else url


def cookie(name: str, value: str, max_age: int) -> str:
    return f"{name}={value}; Path=/; Max-Age={max_age}; Secure; HttpOnly; SameSite=Lax"


def s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def document(title: str, body: str, lang: str = "en") -> bytes:
    return (f'<!doctype html><html lang="{html.escape(lang)}"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title></head><body><main>{body}</main></body></html>").encode()


def json_page(status: int, value: Any, outcome: str, extra: list[tuple[str, str]] | None = None) -> Page:
    body = json.dumps(value).encode() if value is not None else b""
    return Page(status, body, JSON, (extra or []) + [("Cache-Control", "no-store"), ("Pragma", "no-cache")], outcome)


# --- state ------------------------------------------------------------------------------------

@dataclasses.dataclass
class AuthRequest:
    """A checked /oauth2/authorize (or /login) request."""
    client: Client
    redirect_uri: str
    state: str | None
    scopes: list[str]
    challenge: str | None
    nonce: str | None
    prompt: str | None
    raw_query: str
    query: dict[str, str]


@dataclasses.dataclass
class Grant:
    """An authorization code."""
    client_id: str
    pool_id: str
    internal: str
    redirect_uri: str
    scopes: list[str]
    challenge: str | None
    nonce: str | None
    auth_time: int
    event_id: str
    created: float


@dataclasses.dataclass
class Session:
    """The managed-login session behind the `cognito` cookie: later authorizations skip the form."""
    pool_id: str
    internal: str
    auth_time: int
    created: float


@dataclasses.dataclass
class FamilyGrant:
    """What a hosted-UI sign-in adds to its token family; refreshes keep it."""
    scopes: list[str]
    auth_time: int
    event_id: str


@dataclasses.dataclass
class Federation:
    """A sign-in waiting at an identity provider, keyed by the state sent there."""
    provider: str
    raw_query: str
    created: float


@dataclasses.dataclass
class IdpAnswer:
    """What the stand-in provider tells the rig about its user when its code is redeemed."""
    flow: str
    sub: str
    email: str
    name: str
    created: float


class HostedUi:
    def __init__(self, rig: Rig, endpoint: str):
        self.rig = rig
        self.endpoint = endpoint
        self.lock = threading.Lock()
        self.codes: dict[str, Grant] = {}
        self.sessions: dict[str, Session] = {}
        self.families: dict[str, FamilyGrant] = {}  # by origin_jti
        self.federations: dict[str, Federation] = {}
        self.idp_codes: dict[str, IdpAnswer] = {}

    def reset(self) -> None:
        with self.lock:
            for table in (self.codes, self.sessions, self.families, self.federations, self.idp_codes):
                table.clear()

    def discovery(self) -> dict[str, Any]:
        """The parts of Cognito's openid-configuration that name the domain."""
        return {
            "authorization_endpoint": f"{self.endpoint}/oauth2/authorize",
            "token_endpoint": f"{self.endpoint}/oauth2/token",
            "userinfo_endpoint": f"{self.endpoint}/oauth2/userInfo",
            "revocation_endpoint": f"{self.endpoint}/oauth2/revoke",
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        }

    # --- errors the browser sees -----------------------------------------------------------

    @staticmethod
    def error_page(error: str, client_id: str | None = None) -> Page:
        """Cognito never redirects to a URL the client did not register: it sends the browser to
        its own /error page. (The domain's own redirects here are path-only, so a browser keeps
        the host it came in with, 127.0.0.1 or localhost, and its cookies.)"""
        return redirect(with_params("/error", [("error", error), ("client_id", client_id)]), error)

    def show_error(self, request: Request) -> Page:
        error = request.query.get("error", "")
        body = ('<h1>An error was encountered with the requested page.</h1>'
                f'<p id="errorMessage">{html.escape(error)}</p>')
        return Page(400, document("Error", body), outcome=error or "error")

    @staticmethod
    def unavailable(outcome: str) -> Page:
        return Page(400, document("Error", f'<p id="errorMessage">{UNAVAILABLE}</p>'), outcome=outcome)

    @staticmethod
    def to_app(req: AuthRequest, error: str, description: str | None = None) -> Page:
        # Cognito's order: error_description, state, error
        return redirect(with_params(req.redirect_uri, [("error_description", description), ("state", req.state),
                                                       ("error", error)]), error)

    # --- /oauth2/authorize and /login ------------------------------------------------------

    def check_authorize(self, raw_query: str) -> AuthRequest | Page:
        query = first_values(raw_query)
        client = self.rig.client(query.get("client_id"))
        if client is None:
            return self.error_page("invalid_request", query.get("client_id"))
        settings = client.settings
        redirect_uri = query.get("redirect_uri", "")
        if redirect_uri not in (settings.get("CallbackURLs") or []):
            return self.error_page("redirect_mismatch", client.client_id)
        challenge, method = query.get("code_challenge"), query.get("code_challenge_method")
        req = AuthRequest(client, redirect_uri, query.get("state"), [], challenge, query.get("nonce"),
                          query.get("prompt"), raw_query, query)
        response_type = query.get("response_type")
        if response_type not in ("code", "token"):
            return self.to_app(req, "invalid_request")
        flows = settings.get("AllowedOAuthFlows") or []
        if not settings.get("AllowedOAuthFlowsUserPoolClient") \
                or {"code": "code", "token": "implicit"}[response_type] not in flows:
            return self.to_app(req, "unauthorized_client")
        if response_type == "token":
            return self.to_app(req, "unsupported_response_type", "rig: the implicit grant is not implemented")
        if (challenge is None) != (method is None) or (method is not None and method != "S256") \
                or (challenge is not None and not PKCE_PATTERN.fullmatch(challenge)):
            return self.to_app(req, "invalid_request")
        allowed = settings.get("AllowedOAuthScopes") or []
        req.scopes = query.get("scope", "").split() or list(allowed)
        if any(s not in allowed for s in req.scopes) \
                or ({"email", "phone", "profile"} & set(req.scopes) and "openid" not in req.scopes):
            return self.to_app(req, "invalid_scope")
        if req.prompt not in (None, "", "login", "none", "select_account", "consent"):
            return self.to_app(req, "invalid_request")
        return req

    def authorize(self, request: Request) -> Page:
        req = self.check_authorize(request.raw_query)
        if isinstance(req, Page):
            return req
        supported = req.client.settings.get("SupportedIdentityProviders") or []
        provider = req.query.get("identity_provider")
        if not provider and req.query.get("idp_identifier"):
            provider = self.provider_by_identifier(req.client.pool_id, req.query["idp_identifier"])
            if provider is None:
                return self.unavailable("unknown idp_identifier")
        if provider and provider != "COGNITO":
            if provider not in supported or self.provider(req.client.pool_id, provider) is None:
                return self.unavailable("provider not supported")
            flow = secrets.token_urlsafe(24)
            with self.lock:
                self.prune(self.federations, IDP_TTL_SECONDS)
                self.federations[flow] = Federation(provider, req.raw_query, time.time())
            return redirect(with_params("/rig/idp/authorize",
                                        [("provider", provider), ("state", flow),
                                         ("login_hint", req.query.get("login_hint"))]), "to provider")
        if provider == "COGNITO" and "COGNITO" not in supported:
            return self.unavailable("COGNITO not supported")
        return redirect(f"/login?{req.raw_query}", "to login")

    def live_session(self, request: Request, pool_id: str) -> Session | None:
        sid = request.cookies.get(SESSION_COOKIE)
        with self.lock:
            session = self.sessions.get(sid) if sid else None
        if session is None or session.pool_id != pool_id or time.time() - session.created > SESSION_TTL_SECONDS:
            return None
        user = self.rig.user(pool_id, session.internal)
        if user is None or user.get("Enabled") is False:
            return None
        return session

    def login_page(self, request: Request) -> Page:
        req = self.check_authorize(request.raw_query)
        if isinstance(req, Page):
            return req
        session = self.live_session(request, req.client.pool_id)
        if session is not None and req.prompt != "login":
            return self.issue_code(req, session.internal, session.auth_time, [], "code (session)")
        if req.prompt == "none":
            return self.to_app(req, "login_required")
        return self.form(req, "", req.query.get("login_hint", ""))

    def form(self, req: AuthRequest, error: str, username: str) -> Page:
        """The sign-in page, with the element ids of Cognito's classic hosted UI."""
        xsrf = secrets.token_urlsafe(24)
        supported = req.client.settings.get("SupportedIdentityProviders") or []
        parts = ["<h1>Sign in with your username and password</h1>"]
        if error:
            parts.append(f'<p id="loginErrorMessage" class="error" role="alert">{html.escape(error)}</p>')
        if "COGNITO" in supported:
            parts.append(
                f'<form id="signInForm" method="post" action="/login?{html.escape(req.raw_query)}">'
                f'<input type="hidden" name="_csrf" value="{xsrf}">'
                '<label for="signInFormUsername">Username</label>'
                f'<input id="signInFormUsername" name="username" type="text" autocomplete="username" '
                f'value="{html.escape(username)}" required>'
                '<label for="signInFormPassword">Password</label>'
                '<input id="signInFormPassword" name="password" type="password" '
                'autocomplete="current-password" required>'
                '<button id="signInSubmitButton" name="signInSubmitButton" type="submit">Sign in</button>'
                "</form>")
        for provider in supported:
            if provider == "COGNITO":
                continue
            query = {k: v for k, v in req.query.items() if k not in ("identity_provider", "idp_identifier")}
            href = f"/oauth2/authorize?{urllib.parse.urlencode({**query, 'identity_provider': provider})}"
            parts.append(f'<a id="idp-{html.escape(provider)}" class="idp-button" '
                         f'href="{html.escape(href)}">Continue with {html.escape(provider)}</a>')
        body = document("Signin", "".join(parts), req.query.get("lang") or "en")
        return Page(200, body, headers=[("Set-Cookie", cookie(XSRF_COOKIE, xsrf, 3600))],
                    outcome="form" + (" (refused)" if error else ""))

    def login_submit(self, request: Request) -> Page:
        req = self.check_authorize(request.raw_query)
        if isinstance(req, Page):
            return req
        xsrf = request.cookies.get(XSRF_COOKIE, "")
        if not xsrf or not hmac.compare_digest(xsrf, request.form.get("_csrf", "")):
            return Page(403, document("Error", '<p id="errorMessage">Invalid request (CSRF)</p>'), outcome="csrf")
        if "COGNITO" not in (req.client.settings.get("SupportedIdentityProviders") or []):
            return self.unavailable("COGNITO not supported")
        typed = request.form.get("username", "")
        pool_id = req.client.pool_id
        user = self.rig.user(pool_id, typed) if typed else None
        if user is None:
            hidden = req.client.settings.get("PreventUserExistenceErrors", "ENABLED") == "ENABLED"
            return self.form(req, INCORRECT if hidden else "User does not exist.", typed)
        internal = user["Username"]
        if not self.rig.password_matches(pool_id, internal, request.form.get("password")):
            return self.form(req, INCORRECT, typed)
        refusal = {"UNCONFIRMED": "User is not confirmed.",
                   "RESET_REQUIRED": "Password reset required for the user",
                   "FORCE_CHANGE_PASSWORD": "rig: a temporary password cannot be changed in this hosted UI"}
        if user.get("Enabled") is False:
            return self.form(req, "User is disabled.", typed)
        if user.get("UserStatus") in refusal:
            return self.form(req, refusal[user["UserStatus"]], typed)
        return self.signed_in(req, internal, "code")

    def signed_in(self, req: AuthRequest, internal: str, outcome: str) -> Page:
        """A fresh authentication: a session cookie for the domain and a code for the app."""
        sid, now = secrets.token_urlsafe(32), time.time()
        with self.lock:
            self.prune(self.sessions, SESSION_TTL_SECONDS)
            self.sessions[sid] = Session(req.client.pool_id, internal, int(now), now)
        return self.issue_code(req, internal, int(now), [cookie(SESSION_COOKIE, sid, SESSION_TTL_SECONDS)], outcome)

    def issue_code(self, req: AuthRequest, internal: str, auth_time: int, cookies: list[str], outcome: str) -> Page:
        code = str(uuid.uuid4())
        grant = Grant(req.client.client_id, req.client.pool_id, internal, req.redirect_uri, req.scopes,
                      req.challenge, req.nonce, auth_time, str(uuid.uuid4()), time.time())
        with self.lock:
            self.prune(self.codes, CODE_TTL_SECONDS)
            self.codes[code] = grant
        return redirect(with_params(req.redirect_uri, [("code", code), ("state", req.state)]), outcome, cookies)

    @staticmethod
    def prune(table: dict[str, Any], ttl: float) -> None:
        now = time.time()
        for key in [k for k, v in table.items() if now - v.created > ttl]:
            del table[key]

    # --- identity providers -----------------------------------------------------------------

    def provider(self, pool_id: str, name: str) -> dict[str, Any] | None:
        reply = self.rig.moto.call("DescribeIdentityProvider", {"UserPoolId": pool_id, "ProviderName": name})
        return reply.body.get("IdentityProvider") if reply.ok else None

    def provider_by_identifier(self, pool_id: str, identifier: str) -> str | None:
        for summary in self.rig.list_all("ListIdentityProviders", {"UserPoolId": pool_id}, "Providers"):
            details = self.provider(pool_id, summary["ProviderName"]) or {}
            if identifier in (details.get("IdpIdentifiers") or []):
                return summary["ProviderName"]
        return None

    def idp_page(self, request: Request) -> Page:
        """The stand-in provider's consent page (for Google: accounts.google.com's)."""
        flow = request.query.get("state", "")
        with self.lock:
            federation = self.federations.get(flow)
        if federation is None:
            return Page(400, document("Error", '<p id="errorMessage">unknown or expired sign-in</p>'),
                        outcome="unknown flow")
        hint = request.query.get("login_hint", "")
        email = hint if "@" in hint else "rig.user@example.com"
        provider = html.escape(federation.provider)
        body = (f"<h1>Sign in with {provider} (rig stand-in)</h1>"
                '<form id="idpForm" method="post" action="/rig/idp/consent">'
                f'<input type="hidden" name="state" value="{html.escape(flow)}">'
                '<label for="idpEmail">Email</label>'
                f'<input id="idpEmail" name="email" type="email" value="{html.escape(email)}" required>'
                '<label for="idpName">Name</label><input id="idpName" name="name" type="text" value="Rig User">'
                '<button id="idpContinue" name="consent" value="allow" type="submit">Continue</button>'
                '<button id="idpCancel" name="consent" value="deny" type="submit" formnovalidate>Cancel</button>'
                "</form>")
        return Page(200, document(f"{federation.provider} sign-in", body), outcome="consent form")

    def idp_consent(self, request: Request) -> Page:
        flow = request.form.get("state", "")
        back = "/oauth2/idpresponse"
        if request.form.get("consent") != "allow":
            return redirect(with_params(back, [("error", "access_denied"), ("state", flow)]), "denied")
        email = request.form.get("email", "").strip().lower()
        # a Google subject: 21 digits, the same for the same address
        sub = str(int.from_bytes(hashlib.sha256(email.encode()).digest()[:9], "big")).rjust(21, "1")[:21]
        code = secrets.token_urlsafe(32)
        with self.lock:
            self.prune(self.idp_codes, IDP_TTL_SECONDS)
            self.idp_codes[code] = IdpAnswer(flow, sub, email, request.form.get("name", ""), time.time())
        return redirect(with_params(back, [("code", code), ("state", flow)]), "consented")

    def idp_response(self, request: Request) -> Page:
        flow = request.query.get("state", "")
        with self.lock:
            federation = self.federations.pop(flow, None)
            answer = self.idp_codes.pop(request.query.get("code", ""), None)
        if federation is None or time.time() - federation.created > IDP_TTL_SECONDS:
            return Page(400, document("Error", '<p id="errorMessage">Invalid state</p>'), outcome="invalid state")
        req = self.check_authorize(federation.raw_query)
        if isinstance(req, Page):
            return req
        if "error" in request.query:
            return self.to_app(req, request.query["error"], request.query.get("error_description"))
        if answer is None or answer.flow != flow:
            return self.to_app(req, "invalid_request", f"{federation.provider} Error - 400 invalid_grant")
        try:
            internal = self.federated_user(req.client.pool_id, federation.provider, answer)
        except CognitoError as err:
            return self.to_app(req, "invalid_request", f"{err.name}: {err.message}")
        return self.signed_in(req, internal, f"code ({federation.provider})")

    def federated_user(self, pool_id: str, provider_name: str, answer: IdpAnswer) -> str:
        """Creates or updates `<provider>_<sub>` the way Cognito links a federated user: mapped
        attributes, `identities`, confirmed (moto has no EXTERNAL_PROVIDER status)."""
        provider = self.provider(pool_id, provider_name) or {}
        mapping = provider.get("AttributeMapping") or {"username": "sub"}
        claims = {"sub": answer.sub, "email": answer.email, "email_verified": "true", "name": answer.name}
        attributes = [{"Name": pool_attr, "Value": claims[idp_attr]} for pool_attr, idp_attr in mapping.items()
                      if pool_attr != "username" and idp_attr in claims]
        if "email" in mapping and not any(a["Name"] == "email_verified" for a in attributes):
            attributes.append({"Name": "email_verified", "Value": "true"})
        username = f"{provider_name}_{answer.sub}"
        if (self.rig.pool(pool_id).get("UsernameConfiguration") or {}).get("CaseSensitive") is False:
            username = username.lower()
        user = self.rig.user(pool_id, username)
        if user is None:
            identities = [{"userId": answer.sub, "providerName": provider_name,
                           "providerType": provider.get("ProviderType", provider_name), "issuer": None,
                           "primary": True, "dateCreated": int(time.time() * 1000)}]
            attributes.append({"Name": "identities", "Value": json.dumps(identities)})
            for op, body in (("AdminCreateUser", {"UserPoolId": pool_id, "Username": username,
                                                  "MessageAction": "SUPPRESS", "UserAttributes": attributes}),
                             ("AdminSetUserPassword", {"UserPoolId": pool_id, "Username": username,
                                                       "Password": secrets.token_urlsafe(24) + "aA1",
                                                       "Permanent": True})):
                reply = self.rig.moto.call(op, body)
                if not reply.ok:
                    raise CognitoError(str(reply.body.get("__type")), str(reply.body.get("message")))
            return username
        if user.get("Enabled") is False:
            raise CognitoError("NotAuthorizedException", "User is disabled.")
        if attributes:  # Cognito refreshes mapped attributes at every federated sign-in
            self.rig.moto.call("AdminUpdateUserAttributes", {"UserPoolId": pool_id, "Username": user["Username"],
                                                             "UserAttributes": attributes})
        return user["Username"]

    # --- /logout ------------------------------------------------------------------------------

    def logout(self, request: Request) -> Page:
        query = request.query
        client = self.rig.client(query.get("client_id"))
        if client is None:
            return self.error_page("invalid_request", query.get("client_id"))
        settings = client.settings
        if query.get("logout_uri") is not None:
            if query["logout_uri"] not in (settings.get("LogoutURLs") or []):
                return self.error_page("redirect_mismatch", client.client_id)
            target, outcome = query["logout_uri"], "to logout_uri"
        elif query.get("redirect_uri") is not None:
            if query["redirect_uri"] not in (settings.get("CallbackURLs") or []):
                return self.error_page("redirect_mismatch", client.client_id)
            if query.get("response_type") not in ("code", "token"):
                return self.error_page("invalid_request", client.client_id)
            params = {k: v for k, v in query.items() if k != "logout_uri"}
            params.setdefault("scope", " ".join(settings.get("AllowedOAuthScopes") or []))
            target, outcome = f"/login?{urllib.parse.urlencode(params)}", "to login"
        else:
            return self.error_page("invalid_request", client.client_id)
        sid = request.cookies.get(SESSION_COOKIE)
        with self.lock:
            self.sessions.pop(sid or "", None)
        return redirect(target, outcome, [cookie(SESSION_COOKIE, "", 0)])

    # --- tokens -------------------------------------------------------------------------------

    def moto_pool(self, pool_id: str) -> Any:
        """moto's user pool object: its signing key and the token tables GetUser reads."""
        from moto.cognitoidp.models import cognitoidp_backends
        from moto.core import DEFAULT_ACCOUNT_ID
        region = pool_id.split("_", 1)[0]
        pool = cognitoidp_backends[DEFAULT_ACCOUNT_ID][region].user_pools.get(pool_id)
        if pool is None:
            raise CognitoError("ResourceNotFoundException", f"User pool {pool_id} does not exist.")
        return pool

    @staticmethod
    def lifetime(client: Client, kind: str) -> int:
        """AccessTokenValidity / IdTokenValidity of the client, in its TokenValidityUnits."""
        value = client.settings.get(f"{kind}Validity")
        unit = (client.settings.get("TokenValidityUnits") or {}).get(kind, "hours")
        if not isinstance(value, int) or value <= 0:
            return 3600
        return value * {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}.get(unit, 3600)

    def mint(self, client: Client, internal: str, grant: FamilyGrant, origin_jti: str,
             nonce: str | None) -> tuple[str, str | None, int]:
        """An access token (and an ID token when `openid` was granted) signed with moto's key and
        registered with moto, with the claims Cognito puts in hosted-UI tokens."""
        from joserfc import jwt as jose_jwt
        pool = self.moto_pool(client.pool_id)
        user = pool.users.get(internal)
        if user is None:
            raise CognitoError("UserNotFoundException", "User does not exist.")
        now = int(time.time())
        common: dict[str, Any] = {"sub": user.id, "iss": f"https://cognito-idp.{pool.region}.amazonaws.com/{pool.id}"}
        if user.groups:
            common["cognito:groups"] = [group.group_name for group in user.groups]
        common.update({"origin_jti": origin_jti, "event_id": grant.event_id, "auth_time": grant.auth_time})
        header = {"kid": "dummy", "alg": "RS256"}  # moto's key id (jwks-public.json)
        access_life = self.lifetime(client, "AccessToken")
        access = jose_jwt.encode(header, {
            **common, "version": 2, "client_id": client.client_id, "token_use": "access",
            "scope": " ".join(grant.scopes), "iat": now, "exp": now + access_life,
            "jti": str(uuid.uuid4()), "username": internal}, pool.json_web_key)
        pool.access_tokens[access] = (client.client_id, internal)
        if "openid" not in grant.scopes:
            return access, None, access_life
        digest = hashlib.sha256(access.encode()).digest()
        claims = {"at_hash": base64.urlsafe_b64encode(digest[:16]).rstrip(b"=").decode(), **common,
                  "aud": client.client_id, "token_use": "id", "cognito:username": internal}
        claims.update(self.attribute_claims(client, user.attributes, grant.scopes))
        if nonce:
            claims["nonce"] = nonce
        id_life = self.lifetime(client, "IdToken")
        claims.update({"iat": now, "exp": now + id_life, "jti": str(uuid.uuid4())})
        id_token = jose_jwt.encode(header, claims, pool.json_web_key)
        pool.id_tokens[id_token] = (client.client_id, internal)
        return access, id_token, access_life

    @staticmethod
    def visible(client: Client, name: str, scopes: list[str]) -> bool:
        """Cognito: `openid` alone shows every attribute the client can read; with `email`,
        `phone` or `profile`, only what those scopes cover."""
        readable = client.settings.get("ReadAttributes") or []
        if name == "sub" or (readable and name not in readable and name != "identities"):
            return False
        asked = {"email", "phone", "profile"} & set(scopes)
        if not asked or name == "identities":
            return True
        if name in EMAIL_CLAIMS:
            return "email" in asked
        if name in PHONE_CLAIMS:
            return "phone" in asked
        return "profile" in asked

    def attribute_claims(self, client: Client, attributes: list[dict[str, str]], scopes: list[str]) -> dict[str, Any]:
        claims: dict[str, Any] = {}
        for attribute in attributes:
            name, value = attribute["Name"], attribute["Value"]
            if not self.visible(client, name, scopes):
                continue
            if name.endswith("_verified"):
                claims[name] = value == "true"  # booleans in the ID token
            elif name == "identities":
                try:  # the ID token spells these two as strings
                    claims[name] = [{**i, "primary": str(i.get("primary")).lower(),
                                     "dateCreated": str(i.get("dateCreated"))} for i in json.loads(value)]
                except (ValueError, TypeError, AttributeError):
                    continue
            else:
                claims[name] = value
        return claims

    def restamp(self, client: Client, family: Family, result: dict[str, Any]) -> None:
        """Refreshed tokens of a hosted-UI sign-in carry its scopes again (moto's carry only the
        admin scope); no nonce, as in Cognito."""
        with self.lock:
            grant = self.families.get(family.origin_jti)
        if grant is None:
            return
        access, id_token, expires_in = self.mint(client, family.internal, grant, family.origin_jti, None)
        result.update({"AccessToken": access, "ExpiresIn": expires_in})
        if id_token:
            result["IdToken"] = id_token
        else:
            result.pop("IdToken", None)

    def client_from(self, request: Request) -> Client:
        """Client authentication of the token and revoke endpoints: client_secret_basic,
        client_secret_post, or a public client's client_id."""
        basic = None
        header = request.headers.get("Authorization")
        if header:
            scheme, _, value = header.partition(" ")
            try:
                decoded = base64.b64decode(value.strip(), validate=True).decode()
            except (ValueError, UnicodeDecodeError):
                decoded = ""
            if scheme.lower() != "basic" or ":" not in decoded:
                raise OAuthError("invalid_client", 401, basic=True)
            basic = tuple(urllib.parse.unquote_plus(part) for part in decoded.split(":", 1))
        client_id = basic[0] if basic else request.form.get("client_id")
        if basic and request.form.get("client_id") not in (None, basic[0]):
            raise OAuthError("invalid_client", 401, basic=True)
        client = self.rig.client(client_id)
        if client is None:
            raise OAuthError("invalid_client", 401, basic=basic is not None)
        given = basic[1] if basic else request.form.get("client_secret")
        if client.secret is None:
            if given:  # a public client has nothing to authenticate with
                raise OAuthError("invalid_client", 401, basic=basic is not None)
        elif not given or not hmac.compare_digest(given.encode(), client.secret.encode()):
            raise OAuthError("invalid_client", 401, basic=basic is not None)
        return client

    @staticmethod
    def require_form(request: Request) -> None:
        content_type = (request.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type != "application/x-www-form-urlencoded":
            raise OAuthError("invalid_request")

    def token(self, request: Request) -> Page:
        self.require_form(request)
        grant_type = request.form.get("grant_type")
        if not grant_type:
            raise OAuthError("invalid_request")
        client = self.client_from(request)
        if grant_type == "authorization_code":
            return self.exchange_code(request, client)
        if grant_type == "refresh_token":
            return self.refresh(request, client)
        if grant_type == "client_credentials":
            raise OAuthError("unauthorized_client")  # the rig has no resource servers
        raise OAuthError("unsupported_grant_type")

    def exchange_code(self, request: Request, client: Client) -> Page:
        settings = client.settings
        if not settings.get("AllowedOAuthFlowsUserPoolClient") \
                or "code" not in (settings.get("AllowedOAuthFlows") or []):
            raise OAuthError("unauthorized_client")
        code, redirect_uri = request.form.get("code"), request.form.get("redirect_uri")
        if not code or not redirect_uri:
            raise OAuthError("invalid_request")
        if redirect_uri not in (settings.get("CallbackURLs") or []):
            # what Cognito answers for a redirect_uri the client never registered
            raise OAuthError("unauthorized_client")
        with self.lock:
            grant = self.codes.pop(code, None)  # single use, also when the exchange fails below
        if grant is None or time.time() - grant.created > CODE_TTL_SECONDS or grant.client_id != client.client_id \
                or grant.redirect_uri != redirect_uri:
            raise OAuthError("invalid_grant")
        verifier = request.form.get("code_verifier")
        if grant.challenge is not None:
            if not verifier or not hmac.compare_digest(s256(verifier), grant.challenge):
                raise OAuthError("invalid_grant")
        elif verifier is not None:  # a verifier for a code that had no challenge: PKCE downgrade
            raise OAuthError("invalid_grant")
        user = self.rig.user(grant.pool_id, grant.internal)
        if user is None or user.get("Enabled") is False:
            raise OAuthError("invalid_grant")
        pool = self.moto_pool(grant.pool_id)
        moto_token, origin_jti = pool.create_refresh_token(client.client_id, grant.internal)
        family_grant = FamilyGrant(grant.scopes, grant.auth_time, grant.event_id)
        with self.lock:
            self.families[origin_jti] = family_grant
        access, id_token, expires_in = self.mint(client, grant.internal, family_grant, origin_jti, grant.nonce)
        refresh = self.rig.open_family(client, grant.internal, moto_token, grant.internal, origin_jti)
        body = {**({"id_token": id_token} if id_token else {}), "access_token": access,
                "refresh_token": refresh, "expires_in": expires_in, "token_type": "Bearer"}
        return json_page(200, body, "tokens (code)")

    def refresh(self, request: Request, client: Client) -> Page:
        token = request.form.get("refresh_token")
        if not token:
            raise OAuthError("invalid_request")
        if client.flows and "ALLOW_REFRESH_TOKEN_AUTH" not in client.flows:
            raise OAuthError("unauthorized_client")
        try:  # GetTokensFromRefreshToken does what the token endpoint does: rotation included
            reply = self.rig.op_GetTokensFromRefreshToken(
                {"ClientId": client.client_id, "RefreshToken": token, "ClientSecret": client.secret})
        except CognitoError:
            raise OAuthError("invalid_grant") from None
        result = reply.body["AuthenticationResult"]
        body = {**({"id_token": result["IdToken"]} if result.get("IdToken") else {}),
                "access_token": result["AccessToken"],
                **({"refresh_token": result["RefreshToken"]} if result.get("RefreshToken") else {}),
                "expires_in": result.get("ExpiresIn", 3600), "token_type": "Bearer"}
        return json_page(200, body, "tokens (refresh)")

    def revoke(self, request: Request) -> Page:
        self.require_form(request)
        token = request.form.get("token")
        if not token:
            raise OAuthError("invalid_request")
        client = self.client_from(request)
        if not client.revocation:
            raise OAuthError("invalid_request")
        if token.count(".") == 2 and jwt_claims(token):
            raise OAuthError("unsupported_token_type")
        rig = self.rig
        with rig.lock:
            record = rig.refresh.get(token)
            if record is not None and record.family.client_id != client.client_id:
                raise OAuthError("invalid_grant")  # RFC 6749 5.2: "issued to another client"
            if record is not None:
                record.family.revoked = True
        return json_page(200, None, "revoked" if record else "unknown token")

    def userinfo(self, request: Request) -> Page:
        scheme, _, token = (request.headers.get("Authorization") or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return json_page(400, {"error": "invalid_request"}, "invalid_request", [
                ("WWW-Authenticate",
                 'error="invalid_request", error_description="Bad OAuth2 request at UserInfo Endpoint"')])
        user, client, scopes = self.token_user(token.strip())
        if user is None:
            return json_page(401, {"error": "invalid_token"}, "invalid_token", [(
                "WWW-Authenticate", f'error="invalid_token", error_description="{INVALID_TOKEN}"')])
        attributes = user["UserAttributes"]
        info: dict[str, Any] = {"sub": next((a["Value"] for a in attributes if a["Name"] == "sub"), "")}
        for attribute in attributes:
            if self.visible(client, attribute["Name"], scopes):
                info[attribute["Name"]] = attribute["Value"]  # strings, *_verified included, as Cognito sends them
        info["username"] = user["Username"]
        return json_page(200, info, "userinfo")

    def token_user(self, token: str) -> tuple[Any, Any, list[str]]:
        """The user behind a live access token with the `openid` scope, else (None, None, [])."""
        from joserfc import jwt as jose_jwt
        from joserfc.errors import JoseError
        claims = jwt_claims(token)
        iss = str(claims.get("iss", ""))
        client = self.rig.client(claims.get("client_id"))
        if client is None or not iss.endswith("/" + client.pool_id):
            return None, None, []
        try:
            jose_jwt.decode(token, self.moto_pool(client.pool_id).json_web_key, algorithms=["RS256"])
            self.rig.check_access_token(token, scope_needed="openid")
        except (JoseError, CognitoError, ValueError):
            return None, None, []
        scopes = str(claims.get("scope", "")).split()
        user = self.rig.user(client.pool_id, claims.get("username"))
        if "openid" not in scopes or user is None or user.get("Enabled") is False:
            return None, None, []
        return user, client, scopes

    def jwks(self, request: Request) -> Page:
        pool_id = self.rig.config.get("main", {}).get("userPoolId", "us-east-1_rig")
        status, content_type, data = self.rig.moto.raw("GET", f"/{pool_id}/.well-known/jwks.json", None, {})
        return Page(status, data, content_type or "application/json", outcome="jwks")


# --- HTTPS listener -------------------------------------------------------------------------

API_PATHS = ("/oauth2/token", "/oauth2/revoke", "/oauth2/userInfo")  # CORS for any origin, as Cognito
ROUTES: dict[tuple[str, str], Callable[[HostedUi, Request], Page]] = {
    ("GET", "/oauth2/authorize"): HostedUi.authorize,
    ("GET", "/login"): HostedUi.login_page,
    ("POST", "/login"): HostedUi.login_submit,
    ("POST", "/oauth2/token"): HostedUi.token,
    ("POST", "/oauth2/revoke"): HostedUi.revoke,
    ("GET", "/oauth2/userInfo"): HostedUi.userinfo,
    ("POST", "/oauth2/userInfo"): HostedUi.userinfo,
    ("GET", "/logout"): HostedUi.logout,
    ("GET", "/error"): HostedUi.show_error,
    ("GET", "/oauth2/idpresponse"): HostedUi.idp_response,
    ("GET", "/rig/idp/authorize"): HostedUi.idp_page,
    ("POST", "/rig/idp/consent"): HostedUi.idp_consent,
    ("GET", "/.well-known/jwks.json"): HostedUi.jwks,
}


class DomainHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    timeout = 60  # a connection that sends nothing for a minute is closed
    ui: HostedUi  # set on the subclass made in start()

    def version_string(self) -> str:
        return "cognito-rig"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass

    def handle(self) -> None:
        try:  # the handshake runs here, in the request's thread, not in the accepting one
            self.connection.do_handshake()
        except (ssl.SSLError, OSError):
            self.close_connection = True
            return
        super().handle()

    def do_OPTIONS(self) -> None:  # noqa: N802 - stdlib naming
        started = time.monotonic()
        self.read_body()
        path = urllib.parse.urlsplit(self.path).path
        self.ui.rig.count_oauth(f"OPTIONS {path}")
        headers = [("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
                   ("Access-Control-Max-Age", "3600")]
        if self.headers.get("Access-Control-Request-Headers"):
            headers.append(("Access-Control-Allow-Headers", self.headers["Access-Control-Request-Headers"]))
        self.reply(Page(204 if path in API_PATHS else 403, headers=headers, outcome="preflight"), path, started)

    def do_GET(self) -> None:  # noqa: N802
        self.serve()

    def do_POST(self) -> None:  # noqa: N802
        self.serve()

    def read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def serve(self) -> None:
        started = time.monotonic()
        body = self.read_body()
        url = urllib.parse.urlsplit(self.path)
        ui = self.ui
        ui.rig.count_oauth(f"{self.command} {url.path}")
        fault = ui.rig.take_fault(url.path.lstrip("/"))
        if fault is not None and fault.mode not in REAL_FAULTS:
            return self.inject(fault, url.path, started)
        jar = http.cookies.SimpleCookie()
        try:
            jar.load(self.headers.get("Cookie") or "")
        except http.cookies.CookieError:
            pass
        form = first_values(body.decode("utf-8", "replace")) if self.command == "POST" else {}
        request = Request(self.command, url.path, url.query, first_values(url.query), form, self.headers,
                          {k: m.value for k, m in jar.items()})
        route = ROUTES.get((self.command, url.path))
        try:
            if route is None:
                allowed = sorted(m for m, p in ROUTES if p == url.path)
                page = Page(405, b"", JSON, [("Allow", ", ".join(allowed))], "method not allowed") if allowed \
                    else Page(404, document("Not found", "<p>Not found</p>"), outcome="not found")
            else:
                page = route(ui, request)
        except OAuthError as err:
            body_json = {"error": err.error, **({"error_description": err.description} if err.description else {})}
            extra = [("WWW-Authenticate", 'Basic realm="cognito"')] if err.basic else []
            page = json_page(err.status, body_json, err.error, extra)
        except Exception as err:  # noqa: BLE001 - answer the browser, keep serving
            page = Page(500, document("Error", '<p id="errorMessage">server_error</p>'),
                        outcome=f"server_error {type(err).__name__}")
        if url.path in API_PATHS and (fault is None or fault.mode != "nocors"):
            page.headers.append(("Access-Control-Allow-Origin", "*"))
        if fault is not None:
            page.outcome = f"{page.outcome}, injected {fault.mode}"
            if fault.mode == "truncate":
                page.body = page.body[:len(page.body) // 2]
        self.reply(page, url.path, started)

    def reply(self, page: Page, path: str, started: float) -> None:
        self.send_response(page.status)
        for name, value in page.headers:
            self.send_header(name, value)
        if page.body:
            self.send_header("Content-Type", page.content_type)
        self.send_header("Content-Length", str(len(page.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(page.body)
        outcome = re.sub(r"[^\w ().-]", "?", page.outcome)[:60]  # some outcomes echo a query parameter
        sys.stderr.write(f"rig {self.command} hosted-ui {path} {outcome} {page.status} "
                         f"{(time.monotonic() - started) * 1000:.0f}ms\n")
        sys.stderr.flush()

    def inject(self, fault: Fault, path: str, started: float) -> None:
        """/rig/fail with operation `oauth2/token` (any path without its leading slash)."""
        page = None
        if fault.mode in ERROR_FAULTS:
            error = "too_many_requests" if fault.mode == "429" else "server_error"
            status = fault.status or int(fault.mode)
            page = json_page(status, {"error": error, "error_description": "rig: injected failure"},
                             f"injected {error}")
        elif fault.mode == "html":
            page = Page(200, FAULT_PAGE, HTML, outcome="injected html")
        elif fault.mode == "shape":
            page = json_page(200, SHAPE_BODY if fault.body is None else fault.body, "injected shape")
        if page is not None:
            if path in API_PATHS:
                page.headers.append(("Access-Control-Allow-Origin", "*"))
            return self.reply(page, path, started)
        outcome = drop(self, fault, self.ui.rig.release)
        sys.stderr.write(f"rig {self.command} hosted-ui {path} injected {outcome} - "
                         f"{(time.monotonic() - started) * 1000:.0f}ms\n")
        sys.stderr.flush()


class DomainServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hangs up mid-request is no news


@dataclasses.dataclass
class Domain:
    server: DomainServer
    endpoint: str
    ca_file: str
    spki_sha256: str

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def make_certificates(directory: str) -> tuple[str, str, str, str]:
    """A throwaway CA and a server certificate for 127.0.0.1 and localhost, made at every start.
    Returns the CA file, the chain file, the key file and the base64 SHA-256 of the server key's
    SubjectPublicKeyInfo (what Chromium's --ignore-certificate-errors-spki-list takes)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "cognito-auth-wasm rig CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number())
          .not_valid_before(now - datetime.timedelta(hours=1)).not_valid_after(now + datetime.timedelta(days=30))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                       crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    leaf = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(hours=1)).not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                                                        x509.DNSName("localhost")]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    pem = serialization.Encoding.PEM
    files = {"ca.pem": ca.public_bytes(pem), "server.pem": leaf.public_bytes(pem) + ca.public_bytes(pem),
             "server.key": key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())}
    paths = []
    for name, data in files.items():
        path = f"{directory}/{name}"
        with open(path, "wb") as out:
            out.write(data)
        paths.append(path)
    spki = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return paths[0], paths[1], paths[2], base64.b64encode(hashlib.sha256(spki).digest()).decode()


def start(rig: Rig, port: int, directory: str) -> Domain:
    """Serves the domain on 127.0.0.1:`port` (0: any free port) over HTTPS, in a thread."""
    ca_file, chain_file, key_file, spki = make_certificates(directory)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(chain_file, key_file)
    server = DomainServer(("127.0.0.1", port), type("RigDomain", (DomainHandler,), {}), bind_and_activate=True)
    server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    endpoint = f"https://127.0.0.1:{server.server_address[1]}"
    ui = HostedUi(rig, endpoint)
    server.RequestHandlerClass.ui = ui  # type: ignore[attr-defined]
    rig.hosted_ui = ui
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return Domain(server, endpoint, ca_file, spki)


CALLBACK_URL = "http://localhost/callback"
LOGOUT_URL = "http://localhost/signed-out"


def set_up(rig: Rig, domain: Domain, pool_id: str) -> dict[str, Any]:
    """The stand-in Google provider and two hosted-UI app clients (public, with secret) in the
    pool; returns the config's `hostedUi` part."""
    moto = rig.moto
    moto.must("CreateIdentityProvider", {
        "UserPoolId": pool_id, "ProviderName": "Google", "ProviderType": "Google",
        "ProviderDetails": {"client_id": "rig-google-client", "client_secret": "rig-google-secret",
                            "authorize_scopes": "openid email profile"},
        "AttributeMapping": {"email": "email", "email_verified": "email_verified", "name": "name",
                             "username": "sub"}})
    oauth = {"AllowedOAuthFlowsUserPoolClient": True, "AllowedOAuthFlows": ["code"],
             "AllowedOAuthScopes": STANDARD_SCOPES, "SupportedIdentityProviders": ["COGNITO", "Google"],
             "CallbackURLs": [CALLBACK_URL], "LogoutURLs": [LOGOUT_URL], "ExplicitAuthFlows": FLOWS,
             "ReadAttributes": READ_ATTRIBUTES + ["email_verified", "phone_number_verified"],
             "EnableTokenRevocation": True, "PreventUserExistenceErrors": "ENABLED"}
    public = moto.must("CreateUserPoolClient", {"UserPoolId": pool_id, "ClientName": "main-hosted-ui",
                                                "GenerateSecret": False, **oauth})["UserPoolClient"]
    confidential = moto.must("CreateUserPoolClient", {"UserPoolId": pool_id, "ClientName": "main-hosted-ui-secret",
                                                      "GenerateSecret": True, **oauth})["UserPoolClient"]
    return {
        "domain": domain.endpoint.removeprefix("https://"),
        "endpoint": domain.endpoint,
        "caFile": domain.ca_file,
        "spkiSha256": domain.spki_sha256,
        "userPoolId": pool_id,
        "issuer": f"https://cognito-idp.{pool_id.split('_', 1)[0]}.amazonaws.com/{pool_id}",
        "clientId": public["ClientId"],
        "secretClientId": confidential["ClientId"],
        "clientSecret": confidential["ClientSecret"],
        "callbackUrls": [CALLBACK_URL],
        "logoutUrls": [LOGOUT_URL],
        "scopes": STANDARD_SCOPES,
        "identityProviders": ["COGNITO", "Google"],
    }
