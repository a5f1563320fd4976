// The demo page: plain DOM code around one CognitoAuth instance per pool/client choice. Each
// instance keeps its session in localStorage (the SDK's default), so a reload shows it again, and
// each one's events (`listen`) go to the event log as they happen.
// Secrets rule: passwords and token strings never reach the log or a message; tokens are shown as
// decoded claims, and a token string only ever truncated.

import init, { CognitoAuth } from './pkg/index.js';
import { qrSvg } from './qr.js';

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

const POOL_LABELS = {
  mainPublic: 'Main pool (public client)',
  mainSecret: 'Main pool (client with secret)',
  email: 'Email-as-username pool',
  mfa: 'MFA pool (public client)',
  hostedUi: 'Main pool (hosted UI client)',
};
const HOSTED_UI_SCOPES = ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'];

const STEP_TEXT = {
  CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED: 'Choose a new password',
  CONFIRM_SIGN_IN_WITH_SMS_CODE: 'Enter the SMS code',
  CONFIRM_SIGN_IN_WITH_EMAIL_CODE: 'Enter the email code',
  CONFIRM_SIGN_IN_WITH_TOTP_CODE: 'Enter the authenticator code',
  CONTINUE_SIGN_IN_WITH_MFA_SELECTION: 'Choose how to verify',
  CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE: 'Answer the challenge',
};

const ATTRIBUTE_INPUT = {
  email: { type: 'email', autocomplete: 'email' },
  phone_number: { type: 'tel', autocomplete: 'tel', hint: 'E.164, e.g. +15555550100' },
  given_name: { autocomplete: 'given-name' },
  family_name: { autocomplete: 'family-name' },
  name: { autocomplete: 'name' },
  birthdate: { type: 'date', autocomplete: 'bday' },
};

// Attributes the account card offers no Delete for: the user's id, the sign-in email, and the
// verification flags Cognito keeps.
const KEPT_ATTRIBUTES = new Set(['sub', 'email', 'email_verified', 'phone_number_verified']);
const TOTP_APP_NAME = 'cognito-auth-wasm demo'; // the issuer an authenticator app shows

const STORAGE_PREFIX = 'CognitoIdentityServiceProvider';
const CHOICE_KEY = 'cognito-auth-wasm-demo.pool'; // the choice on show, for the next load

const state = {
  rig: null,
  pools: {},          // key → { label, config, usernameIsEmail }
  poolKey: 'mainPublic',
  instances: new Map(), // key → CognitoAuth
  signedInVia: new Map(), // key → 'USER_SRP_AUTH' | ... (when the SDK gives no signInDetails)
  refreshes: new Map(), // key → { count, last: Date }: tokenRefresh events since the page loaded
  acting: 0,          // > 0 while this page signs in or out itself (it then shows the session)
  shown: '',          // `${poolKey}/${username}` of the session on show, '' when signed out
  account: { username: '', shownName: '' }, // the user of the session on show (account card)
  rendering: Promise.resolve(),
  timer: 0,
  autoRefreshFor: '', // the token expiry a refresh was last asked for by the countdown
  warnedExp: false,
};

// --- small helpers ----------------------------------------------------------------------------

const pool = () => state.pools[state.poolKey];

/** The pool's CognitoAuth: made once, and its events go to the log from then on. */
function instanceFor(key) {
  let instance = state.instances.get(key);
  if (!instance) {
    instance = new CognitoAuth(state.pools[key].config);
    state.instances.set(key, instance);
    instance.listen((hubEvent) => onAuthEvent(key, hubEvent));
  }
  return instance;
}
const auth = () => instanceFor(state.poolKey);

/** Runs a sign-in or sign-out of this page; the events it causes need no extra redraw. */
async function own(work) {
  state.acting += 1;
  try {
    return await work();
  } finally {
    state.acting -= 1;
  }
}

function clockText(date, ms = false) {
  const text = date.toLocaleTimeString([], { hour12: false });
  return ms ? `${text}.${String(date.getMilliseconds()).padStart(3, '0')}` : text;
}

/** Adds a log line; `event` marks one of the SDK's own events (`listen`) with its name. */
function log(text, kind = 'info', event = '') {
  const list = $('#log');
  const item = document.createElement('li');
  item.className = event ? `${kind} event` : kind;
  const time = document.createElement('time');
  const now = new Date();
  time.dateTime = now.toISOString();
  time.textContent = clockText(now, true);
  const body = document.createElement('span');
  if (event) {
    item.dataset.event = event;
    const name = document.createElement('b');
    name.className = 'ev';
    name.textContent = event;
    body.append(name, document.createTextNode(` ${text}`));
  } else {
    body.textContent = text;
  }
  item.append(time, body);
  list.append(item);
  list.scrollTop = list.scrollHeight;
}

/** A value the SDK stored for the signed-in user (`CognitoIdentityServiceProvider.<clientId>.<username>.<field>`). */
function stored(key, username, field) {
  try {
    return localStorage.getItem(`${STORAGE_PREFIX}.${state.pools[key].config.userPoolClientId}.${username}.${field}`);
  } catch {
    return null; // storage blocked
  }
}

function errorText(error) {
  const name = error?.name || 'Error';
  const message = error?.message || String(error);
  return `${name}: ${message}`;
}

/** Shows a message in a form's (or a panel's) `.msg`, or in the `.msg` element given. */
function say(form, kind, text, extra) {
  const msg = form.classList.contains('msg') ? form : $('.msg', form);
  msg.className = `msg ${kind}`;
  msg.replaceChildren();
  if (!text) return;
  if (kind === 'error') {
    const [name, ...rest] = text.split(': ');
    const strong = document.createElement('strong');
    strong.textContent = name;
    msg.append(strong, document.createTextNode(rest.length ? `: ${rest.join(': ')}` : ''));
  } else {
    msg.textContent = text;
  }
  if (extra) {
    const more = document.createElement('span');
    more.className = 'more';
    more.textContent = extra;
    msg.append(more);
  }
}

function fail(form, operation, error) {
  const requestId = error?.requestId ? `Request ID ${error.requestId}.` : '';
  say(form, 'error', errorText(error), [hintFor(error), requestId].filter(Boolean).join(' '));
  log(`${operation} ✗ ${errorText(error)}`, 'error');
}

function hintFor(error) {
  switch (error?.name) {
    case 'UserNotConfirmedException': return 'Confirm the sign-up in step 2 first (Resend code gives you a new one).';
    case 'UserAlreadyAuthenticatedException': return 'Sign out in the Session panel first.';
    case 'UsernameExistsException': return 'Pick another username, or sign in.';
    case 'InvalidPasswordException': return 'The rig’s policy: 8+ characters with upper case, lower case and a number.';
    case 'CodeMismatchException': return 'Check the code, or ask the rig for it (“Show the … code the rig sent”).';
    case 'SoftwareTokenMFANotFoundException': return 'This pool allows no authenticator app: choose the MFA pool.';
    case 'EnableSoftwareTokenMFAException': return 'Type the code the app shows now; it changes every 30 seconds.';
    case 'LimitExceededException': return 'Too many attempts for now: wait a little and try again.';
    case 'NetworkError': return 'Is the rig still running (./dev demo)?';
    default: return '';
  }
}

/** Runs an SDK call for a form: disables its buttons, marks it busy, reports errors inline. */
async function busy(form, operation, work) {
  if (!state.rig) {
    say(form, 'error', 'InvalidStateError: the page is still loading (or rig.json is missing)');
    return undefined;
  }
  const buttons = $$('button', form).filter((b) => !b.disabled);
  form.setAttribute('aria-busy', 'true');
  buttons.forEach((b) => { b.disabled = true; });
  say(form, 'pending', 'Working…');
  try {
    return await work();
  } catch (error) {
    fail(form, operation, error);
    return undefined;
  } finally {
    form.removeAttribute('aria-busy');
    buttons.forEach((b) => { b.disabled = false; });
  }
}

function field(form, name) { return form.elements.namedItem(name); }

function truncateToken(token) {
  const text = String(token);
  return text.length > 16 ? `${text.slice(0, 12)}… (${text.length} chars)` : text;
}

/** `exp` and `iat` of a JWT: from the SDK's decoded payload, else read from the token itself. */
function lifetime(jwt) {
  const { exp, iat } = jwt.payload || {};
  if (typeof exp === 'number') return { exp, iat, fromToken: false };
  try {
    const part = String(jwt).split('.')[1].replaceAll('-', '+').replaceAll('_', '/');
    const claims = JSON.parse(atob(part.padEnd(part.length + ((4 - (part.length % 4)) % 4), '=')));
    return { exp: claims.exp, iat: claims.iat, fromToken: typeof claims.exp === 'number' };
  } catch {
    return { fromToken: false };
  }
}

function randomTag(length = 4) {
  const letters = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return [...bytes].map((b) => letters[b % letters.length]).join('');
}

function randomPassword() {
  // Meets the rig's policy (upper, lower, number, 8+) with room to spare.
  return `Demo${randomTag(6)}X${crypto.getRandomValues(new Uint8Array(1))[0] % 10}${randomTag(2)}`;
}

function describeDelivery(details) {
  if (!details?.destination) return 'Code sent.';
  return `Code sent to ${details.destination}${details.deliveryMedium ? ` by ${details.deliveryMedium.toLowerCase()}` : ''}.`;
}

function focusLater(element) { requestAnimationFrame(() => element?.focus()); }

/** Hides a password-like field's value again, and says so on its Show button. */
function mask(input) {
  input.type = 'password';
  const button = $(`button.reveal[aria-controls="${input.id}"]`);
  if (button) {
    button.setAttribute('aria-pressed', 'false');
    button.textContent = 'Show';
  }
}

/** The code the rig "sent" `username` of the pool on show; `purpose` as GET /rig/code names it. */
async function rigCode(username, purpose) {
  const url = new URL('/rig/code', state.rig.endpoint);
  url.search = new URLSearchParams({ userPoolId: pool().config.userPoolId, username, ...(purpose ? { purpose } : {}) });
  const reply = await fetch(url);
  const body = await reply.json().catch(() => ({}));
  if (!reply.ok) throw Object.assign(new Error(body.message || `HTTP ${reply.status}`), { name: body.__type || 'RigError' });
  return body.code;
}

// --- pool picker ------------------------------------------------------------------------------

/** The page's own URL without query or fragment: where the hosted UI sends it back. */
const HERE = `${location.origin}${location.pathname}`;

function buildPools(rig) {
  const base = { endpoint: rig.endpoint };
  // The main pool's clients also get AWS credentials from the rig's identity pool.
  const identity = rig.identity ? { identityPoolId: rig.identity.identityPoolId, identityEndpoint: rig.identity.endpoint } : {};
  const pools = {
    mainPublic: {
      label: POOL_LABELS.mainPublic,
      config: { ...base, ...identity, userPoolId: rig.main.userPoolId, userPoolClientId: rig.main.clientId },
    },
    mainSecret: {
      label: POOL_LABELS.mainSecret,
      config: {
        ...base, ...identity, userPoolId: rig.main.userPoolId, userPoolClientId: rig.main.secretClientId,
        clientSecret: rig.main.clientSecret,
      },
    },
    email: {
      label: POOL_LABELS.email,
      usernameIsEmail: true,
      config: { ...base, userPoolId: rig.email.userPoolId, userPoolClientId: rig.email.clientId },
    },
  };
  if (rig.mfa) {
    pools.mfa = {
      label: POOL_LABELS.mfa,
      config: { ...base, userPoolId: rig.mfa.userPoolId, userPoolClientId: rig.mfa.clientId },
    };
  }
  if (rig.hostedUi) {
    pools.hostedUi = {
      label: POOL_LABELS.hostedUi,
      config: {
        ...base, ...identity, userPoolId: rig.hostedUi.userPoolId, userPoolClientId: rig.hostedUi.clientId,
        oauth: { domain: rig.hostedUi.domain, scopes: HOSTED_UI_SCOPES, redirectSignIn: [HERE], redirectSignOut: [HERE], responseType: 'code' },
      },
    };
  }
  return pools;
}

/**
 * Registers this page as the hosted UI client's callback and sign-out URL, as one would in the
 * Cognito console (the rig's admin API; Cognito takes http only for localhost).
 */
async function registerHostedUi(rig) {
  if (!rig.hostedUi) return false;
  if (location.hostname !== 'localhost') {
    $('#hosted-ui-hint').textContent = `The hosted UI takes http callback URLs on localhost only: open http://localhost:${location.port}${location.pathname} to try it.`;
    $('input[name=pool][value=hostedUi]').disabled = true;
    return false;
  }
  const reply = await fetch(rig.endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AWSCognitoIdentityProviderService.UpdateUserPoolClient' },
    body: JSON.stringify({
      UserPoolId: rig.hostedUi.userPoolId, ClientId: rig.hostedUi.clientId, CallbackURLs: [HERE], LogoutURLs: [HERE],
      AllowedOAuthFlows: ['code'], AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthScopes: rig.hostedUi.scopes,
      SupportedIdentityProviders: rig.hostedUi.identityProviders,
    }),
  });
  if (!reply.ok) log(`hosted UI: registering this page failed (HTTP ${reply.status})`, 'error');
  return reply.ok;
}

async function onHostedUi() {
  await choosePool('hostedUi');
  const instance = instanceFor('hostedUi');
  try {
    if ((await instance.getCurrentUser().catch(() => null))) await instance.signOut();
    log('signInWithRedirect → the hosted UI');
    await instance.signInWithRedirect({ customState: 'from the demo' });
  } catch (error) {
    say($('#more-msg'), 'error', errorText(error));
  }
}

async function onAwsCredentials() {
  const out = $('#more-msg');
  say(out, '', '');
  try {
    const session = await instanceFor(state.poolKey).fetchAuthSession();
    if (!session.credentials) {
      say(out, 'error', 'No credentials: sign in first (with a main-pool client).');
      return;
    }
    $('#aws-out').hidden = false;
    $('#aws-identity').textContent = session.identityId;
    $('#aws-expiry').textContent = clockText(session.credentials.expiration);
    log(`fetchAuthSession → identity ${session.identityId}; AWS credentials until ${clockText(session.credentials.expiration)}`, 'ok');
    // A request signed with them (SigV4, by the AWS SDK v3), checked by the rig's moto with IAM on.
    const { STSClient, GetCallerIdentityCommand } = await import('./sts.js');
    const sts = new STSClient({ region: state.rig.region, endpoint: state.rig.identity.awsEndpoint, credentials: instanceFor(state.poolKey).credentialsProvider() });
    const caller = await sts.send(new GetCallerIdentityCommand({}));
    $('#aws-caller').textContent = caller.Arn;
    log(`STS GetCallerIdentity → ${caller.Arn}`, 'ok');
  } catch (error) {
    say(out, 'error', errorText(error));
    log(`AWS credentials ✗ ${errorText(error)}`, 'error');
  }
}

function applyPoolToForms() {
  const emailPool = Boolean(pool().usernameIsEmail);
  const signUpUser = $('#su-username');
  signUpUser.closest('.field').hidden = emailPool;
  signUpUser.disabled = emailPool;
  $('[data-email-label]').textContent = emailPool ? 'Email (this is your username)' : 'Email';
  $$('[data-username-label]').forEach((label) => { label.textContent = emailPool ? 'Email' : 'Username'; });
  for (const id of ['#cf-username', '#si-username', '#rs-username']) {
    const input = $(id);
    input.type = emailPool ? 'email' : 'text';
    input.autocomplete = emailPool ? 'email' : 'username';
  }
}

async function choosePool(key) {
  state.poolKey = key;
  try { localStorage.setItem(CHOICE_KEY, key); } catch { /* storage blocked: start with the default */ }
  applyPoolToForms();
  hideChallenge();
  closeReset();
  for (const form of $$('form')) say(form, '', '');
  say($('#session-out-msg'), '', '');
  log(`pool → ${pool().label}`);
  await renderSession();
}

// --- sign up and confirm ----------------------------------------------------------------------

async function onSignUp(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const email = field(form, 'email').value.trim();
  const username = pool().usernameIsEmail ? email : field(form, 'username').value.trim();
  const password = field(form, 'password').value;
  const out = await busy(form, 'signUp', () => auth().signUp({
    username, password, options: { userAttributes: { email } },
  }));
  if (!out) return;
  const step = out.nextStep.signUpStep;
  log(`signUp → ${step} (user ${username})`, 'ok');
  $('#cf-username').value = username;
  $('#si-username').value = username;
  if (step === 'CONFIRM_SIGN_UP') {
    say(form, 'ok', `Signed up ${username}. Next: confirm it in step 2.`);
    const confirm = $('#confirm-form');
    say(confirm, 'info', describeDelivery(out.nextStep.codeDeliveryDetails));
    highlight('#confirm-card');
    focusLater($('#cf-code'));
  } else {
    say(form, 'ok', `Signed up ${username}; no confirmation needed. Sign in in step 3.`);
    highlight('#signin-card');
    focusLater($('#si-password'));
  }
}

async function onConfirm(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const username = field(form, 'username').value.trim();
  const confirmationCode = field(form, 'code').value.trim();
  const out = await busy(form, 'confirmSignUp', () => auth().confirmSignUp({ username, confirmationCode }));
  if (!out) return;
  log(`confirmSignUp → ${out.nextStep.signUpStep} (user ${username})`, 'ok');
  say(form, 'ok', `${username} is confirmed. Now sign in.`);
  field(form, 'code').value = '';
  $('#si-username').value = username;
  highlight('#signin-card');
  focusLater($('#si-password'));
}

async function onResend() {
  const form = $('#confirm-form');
  const username = field(form, 'username').value.trim();
  if (!username) { say(form, 'error', 'InvalidArgumentError: enter the username first'); focusLater(field(form, 'username')); return; }
  const out = await busy(form, 'resendSignUpCode', () => auth().resendSignUpCode({ username }));
  if (!out) return;
  log(`resendSignUpCode → ${out.deliveryMedium || 'sent'}${out.destination ? ` to ${out.destination}` : ''}`, 'ok');
  say(form, 'ok', `A new code is on its way. ${describeDelivery(out)}`);
  focusLater(field(form, 'code'));
}

async function onRigCode() {
  const form = $('#confirm-form');
  const username = field(form, 'username').value.trim();
  if (!username) { say(form, 'error', 'InvalidArgumentError: enter the username first'); focusLater(field(form, 'username')); return; }
  const code = await busy(form, 'rig code', () => rigCode(username));
  if (!code) return;
  field(form, 'code').value = code;
  log(`rig → the code it “emailed” ${username} is filled in`);
  say(form, 'ok', `The rig’s code for ${username} is filled in. Press Confirm.`);
  focusLater(form.querySelector('button[type=submit]'));
}

// --- sign in and challenges -------------------------------------------------------------------

async function onSignIn(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const username = field(form, 'username').value.trim();
  const password = field(form, 'password').value;
  const authFlowType = field(form, 'flow').value;
  hideChallenge();
  const out = await busy(form, `signIn (${authFlowType})`, () => own(() => auth().signIn({
    username, password, options: { authFlowType },
  })));
  if (!out) return;
  field(form, 'password').value = '';
  state.signedInVia.set(state.poolKey, authFlowType);
  await afterSignInStep(form, 'signIn', out);
}

async function afterSignInStep(form, operation, out) {
  const step = out.nextStep.signInStep;
  log(`${operation} → ${step}`, 'ok');
  if (out.isSignedIn || step === 'DONE') {
    say(form, 'ok', 'Signed in.');
    hideChallenge();
    say($('#signin-form'), 'ok', 'Signed in. See the Session panel.');
    await renderSession();
    focusLater($('#session-h'));
    return;
  }
  say(form, 'info', '');
  showChallenge(out.nextStep);
}

function addField(container, { id, label, name, type = 'text', autocomplete = 'off', hint, required = true, inputmode }) {
  const wrap = document.createElement('div');
  wrap.className = 'field';
  const labelEl = document.createElement('label');
  labelEl.htmlFor = id;
  labelEl.textContent = label;
  const input = document.createElement('input');
  Object.assign(input, { id, name, type, autocomplete, required, spellcheck: false });
  if (inputmode) input.inputMode = inputmode;
  wrap.append(labelEl);
  if (type === 'password') {
    const pw = document.createElement('div');
    pw.className = 'pw';
    const reveal = revealButton(input);
    pw.append(input, reveal);
    wrap.append(pw);
  } else {
    wrap.append(input);
  }
  if (hint) {
    const p = document.createElement('p');
    p.className = 'hint';
    p.id = `${id}-hint`;
    p.textContent = hint;
    input.setAttribute('aria-describedby', p.id);
    wrap.append(p);
  }
  container.append(wrap);
  return input;
}

function showChallenge(nextStep) {
  const card = $('#challenge-card');
  const fields = $('#challenge-fields');
  const intro = $('#challenge-intro');
  const form = $('#challenge-form');
  fields.replaceChildren();
  say(form, '', '');
  form.dataset.step = nextStep.signInStep;
  $('#challenge-title').textContent = STEP_TEXT[nextStep.signInStep] || 'Finish signing in';
  let first;
  switch (nextStep.signInStep) {
    case 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED': {
      intro.textContent = 'An administrator created this account with a temporary password. Choose your own to finish signing in.';
      first = addField(fields, {
        id: 'ch-new-password', label: 'New password', name: 'answer', type: 'password',
        autocomplete: 'new-password', hint: 'At least 8 characters, with upper case, lower case and a number.',
      });
      for (const attribute of nextStep.missingAttributes || []) {
        const kind = ATTRIBUTE_INPUT[attribute] || {};
        addField(fields, {
          id: `ch-attr-${attribute}`, label: attribute.replaceAll('_', ' '), name: `attr:${attribute}`,
          type: kind.type || 'text', autocomplete: kind.autocomplete || 'off',
          hint: kind.hint || `Required attribute “${attribute}”.`,
        });
      }
      $('#challenge-submit').textContent = 'Set password and sign in';
      break;
    }
    case 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION': {
      intro.textContent = 'This account has more than one second factor. Pick one.';
      const wrap = document.createElement('div');
      wrap.className = 'field';
      const label = document.createElement('label');
      label.htmlFor = 'ch-mfa';
      label.textContent = 'Second factor';
      const select = document.createElement('select');
      Object.assign(select, { id: 'ch-mfa', name: 'answer', required: true });
      for (const type of nextStep.allowedMFATypes || []) select.append(new Option(type, type));
      wrap.append(label, select);
      fields.append(wrap);
      first = select;
      $('#challenge-submit').textContent = 'Continue';
      break;
    }
    case 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE': {
      intro.textContent = 'The pool’s Lambda triggers asked a custom question.';
      const info = nextStep.additionalInfo || {};
      if (Object.keys(info).length) {
        const pre = document.createElement('pre');
        pre.textContent = JSON.stringify(info, null, 2);
        fields.append(pre);
      }
      first = addField(fields, { id: 'ch-answer', label: 'Answer', name: 'answer' });
      $('#challenge-submit').textContent = 'Send answer';
      break;
    }
    default: {
      const details = nextStep.codeDeliveryDetails;
      intro.textContent = nextStep.signInStep === 'CONFIRM_SIGN_IN_WITH_TOTP_CODE'
        ? 'Enter the 6-digit code from your authenticator app.'
        : describeDelivery(details);
      first = addField(fields, {
        id: 'ch-code', label: 'Code', name: 'answer', autocomplete: 'one-time-code', inputmode: 'numeric',
      });
      $('#challenge-submit').textContent = 'Verify';
    }
  }
  card.hidden = false;
  highlight('#challenge-card');
  card.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  focusLater(first);
}

function hideChallenge() {
  $('#challenge-card').hidden = true;
  $('#challenge-fields').replaceChildren();
}

async function onChallenge(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const challengeResponse = field(form, 'answer').value;
  const userAttributes = {};
  for (const input of $$('input', form)) {
    if (input.name.startsWith('attr:')) userAttributes[input.name.slice(5)] = input.value.trim();
  }
  const options = Object.keys(userAttributes).length ? { userAttributes } : undefined;
  const out = await busy(form, 'confirmSignIn', () => own(() => auth().confirmSignIn({ challengeResponse, options })));
  if (!out) return;
  await afterSignInStep(form, 'confirmSignIn', out);
}

async function onChallengeCancel() {
  // Abandoning a challenge: signOut also forgets a pending one.
  await own(() => auth().signOut()).catch(() => {});
  hideChallenge();
  log('challenge abandoned');
  focusLater($('#si-username'));
}

async function onAdminCreate() {
  const form = $('#signin-form');
  const tag = randomTag();
  const username = pool().usernameIsEmail ? `temp-${tag}@example.com` : `temp-${tag}`;
  const email = pool().usernameIsEmail ? username : `${username}@example.com`;
  const temporaryPassword = randomPassword();
  const created = await busy(form, 'AdminCreateUser', async () => {
    const reply = await fetch(state.rig.endpoint.replace(/\/?$/, '/'), {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': 'AWSCognitoIdentityProviderService.AdminCreateUser',
      },
      body: JSON.stringify({
        UserPoolId: pool().config.userPoolId, Username: username, TemporaryPassword: temporaryPassword,
        MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: email }],
      }),
    });
    const body = await reply.json().catch(() => ({}));
    if (!reply.ok) {
      const name = String(body.__type || 'AdminCreateUserError').split('#').pop();
      throw Object.assign(new Error(body.message || `HTTP ${reply.status}`), { name });
    }
    return body.User;
  });
  if (!created) return;
  log(`AdminCreateUser → ${username} (${created.UserStatus || 'created'})`, 'ok');
  field(form, 'username').value = username;
  field(form, 'password').value = temporaryPassword;
  say(form, 'ok', `Created ${username} with a temporary password, filled in above. Sign in to be asked for a new one.`);
  focusLater(form.querySelector('button[type=submit]'));
}

// --- forgotten password -----------------------------------------------------------------------

function onForgot() {
  const form = $('#reset-form');
  if (!$('#reset-card').hidden) { closeReset(); return; }
  say(form, '', '');
  showResetStep2(false);
  $('#reset-card').hidden = false;
  highlight('#reset-card');
  $('#forgot').setAttribute('aria-expanded', 'true');
  const username = field(form, 'username');
  username.value = $('#si-username').value.trim();
  focusLater(username.value ? $('#rs-send') : username);
}

function showResetStep2(show) {
  const step2 = $('#rs-step2');
  step2.hidden = !show;
  step2.disabled = !show; // nothing hidden is required: Enter in the username sends a code
  $('#rs-send-row').hidden = show;
}

function closeReset() {
  const form = $('#reset-form');
  $('#reset-card').hidden = true;
  $('#forgot').setAttribute('aria-expanded', 'false');
  field(form, 'code').value = '';
  field(form, 'password').value = '';
  mask(field(form, 'password'));
  showResetStep2(false);
}

async function onResetSend() {
  const form = $('#reset-form');
  const username = field(form, 'username').value.trim();
  if (!username) { say(form, 'error', 'InvalidArgumentError: enter the username first'); focusLater(field(form, 'username')); return; }
  const out = await busy(form, 'resetPassword', () => auth().resetPassword({ username }));
  if (!out) return;
  log(`resetPassword → ${out.nextStep.resetPasswordStep} (user ${username})`, 'ok');
  showResetStep2(true);
  say(form, 'info', describeDelivery(out.nextStep.codeDeliveryDetails), 'Enter it with a new password.');
  focusLater($('#rs-code'));
}

async function onReset(event) {
  event.preventDefault();
  if ($('#rs-step2').hidden) { await onResetSend(); return; }
  const form = event.currentTarget;
  const username = field(form, 'username').value.trim();
  const confirmationCode = field(form, 'code').value.trim();
  const newPassword = field(form, 'password').value;
  const done = await busy(form, 'confirmResetPassword',
    () => auth().confirmResetPassword({ username, confirmationCode, newPassword }).then(() => true));
  if (!done) return;
  log(`confirmResetPassword → the password of ${username} is reset`, 'ok');
  closeReset();
  $('#si-username').value = username;
  say($('#signin-form'), 'ok', `The password of ${username} is reset. Sign in with the new one.`);
  focusLater($('#si-password'));
}

async function onResetRigCode() {
  const form = $('#reset-form');
  const username = field(form, 'username').value.trim();
  const code = await busy(form, 'rig code', () => rigCode(username, 'reset'));
  if (!code) return;
  field(form, 'code').value = code;
  log(`rig → the reset code it “emailed” ${username} is filled in`);
  say(form, 'ok', 'The rig’s reset code is filled in. Choose the new password.');
  focusLater(field(form, 'password'));
}

// --- session ----------------------------------------------------------------------------------

/** Redraws the session panel; redraws run one after another, never interleaved. */
function renderSession() {
  state.rendering = state.rendering.then(showSession, showSession);
  return state.rendering;
}

/** Draws the session of the pool on show; resolves to its user, or undefined when signed out. */
async function showSession() {
  const key = state.poolKey;
  const instance = instanceFor(key);
  let user;
  let session;
  try {
    user = await instance.getCurrentUser();
    session = await instance.fetchAuthSession();
  } catch (error) {
    if (error?.name !== 'UserUnAuthenticatedException') log(`session ✗ ${errorText(error)}`, 'error');
    user = undefined;
  }
  if (key !== state.poolKey) return undefined; // another choice was made meanwhile; its redraw follows
  const signedIn = Boolean(user && session?.tokens);
  $('#session-empty').hidden = signedIn;
  $('#session-body').hidden = !signedIn;
  $('#account-card').hidden = !signedIn;
  $('#who').classList.toggle('in', signedIn);
  if (!signedIn) {
    clearInterval(state.timer);
    state.shown = '';
    $('#who-text').textContent = 'Signed out';
    return undefined;
  }
  const info = state.pools[key];
  // In the email pool the username is the sub; the email is what the person typed.
  const shownName = (info.usernameIsEmail && session.tokens.idToken.payload.email) || user.username;
  const shown = `${key}/${user.username}`;
  if (shown !== state.shown) {
    // Another session than the one on show: its messages start afresh, its account is read.
    say($('#session-msg'), '', '');
    say($('#session-out-msg'), '', '');
    state.shown = shown;
    state.account = { username: user.username, shownName };
    resetAccount();
    showAttributes();
    showMfa();
  }
  $('#who-text').textContent = `Signed in as ${shownName}`;

  const { idToken, accessToken } = session.tokens;
  $('#s-username').textContent = user.username;
  $('#s-userid').textContent = user.userId;
  const via = session.tokens.signInDetails?.authFlowType || user.signInDetails?.authFlowType || state.signedInVia.get(key);
  $('#s-via').textContent = `${info.label}${via ? ` · ${via}` : ''}`;
  const refreshToken = stored(key, user.username, 'refreshToken');
  $('#s-refresh').textContent = refreshToken
    ? `kept by the SDK in localStorage (${refreshToken.length} chars, not shown)`
    : 'none stored';
  const drift = showDrift(key, user.username);
  showRefreshCount();
  $('#s-id-claims').textContent = JSON.stringify(idToken.payload, null, 2);
  $('#s-access-claims').textContent = JSON.stringify(accessToken.payload, null, 2);
  $('#s-id-tok').textContent = truncateToken(idToken);
  $('#s-access-tok').textContent = truncateToken(accessToken);
  const rows = [
    { jwt: idToken, countdown: '#s-id-countdown', bar: '#s-id-bar', at: '#s-id-exp-at' },
    { jwt: accessToken, countdown: '#s-countdown', bar: '#s-bar', at: '#s-exp-at' },
  ].map((row) => ({ ...row, ...lifetime(row.jwt) }));
  const access = rows[1];
  const at = typeof access.exp === 'number' ? clockText(new Date(access.exp * 1000)) : '';
  log(`fetchAuthSession → ${user.username}${at ? `; access token expires ${at}` : ''}`);
  if (rows.some((row) => row.fromToken) && !state.warnedExp) {
    state.warnedExp = true;
    log('note: the SDK’s payload has no exp/iat claims; the countdown reads them from the token', 'warn');
  }
  for (const row of rows) {
    const when = typeof row.exp === 'number' ? clockText(new Date(row.exp * 1000)) : '';
    $(row.at).textContent = when ? `(at ${when}${row.fromToken ? '; read from the token, the SDK’s payload lacks exp' : ''})` : '';
    if (!when) $(row.countdown).textContent = 'unknown (no exp claim)';
  }
  startCountdown(key, rows.filter((row) => typeof row.exp === 'number'), drift);
  return user;
}

/**
 * Counts the time left on each token down, every second, by the service's clock as the SDK
 * reckons it (this device's clock minus the drift). When a token gets within the SDK's refresh
 * margin (60 s), one fetchAuthSession() lets the SDK refresh it.
 */
function startCountdown(key, rows, drift) {
  clearInterval(state.timer);
  if (!rows.length) return;
  const tick = () => {
    const now = Date.now() / 1000 - drift;
    let soonest = Infinity;
    for (const row of rows) {
      const left = Math.round(row.exp - now);
      soonest = Math.min(soonest, row.exp);
      const countdown = $(row.countdown);
      if (left <= 0) {
        countdown.textContent = 'expired';
        countdown.classList.add('expired');
        $(row.bar).style.width = '0%';
        continue;
      }
      countdown.classList.remove('expired');
      const h = Math.floor(left / 3600);
      const m = Math.floor((left % 3600) / 60);
      const s = left % 60;
      countdown.textContent = `in ${h ? `${h}:${String(m).padStart(2, '0')}` : m}:${String(s).padStart(2, '0')}`;
      const total = row.iat ? row.exp - row.iat : 3600;
      $(row.bar).style.width = `${Math.max(0, Math.min(100, (left / total) * 100))}%`;
    }
    const due = `${key}/${soonest}`;
    if (soonest - now <= 60 && state.autoRefreshFor !== due && key === state.poolKey) {
      state.autoRefreshFor = due; // once per expiry: no loop if the SDK cannot refresh
      log('a token has less than a minute left: fetchAuthSession() lets the SDK refresh it');
      renderSession();
    }
  };
  tick();
  state.timer = setInterval(tick, 1000);
}

/** Shows the stored clock drift (seconds, device − service); returns it, 0 when unknown. */
function showDrift(key, username) {
  const raw = stored(key, username, 'clockDrift');
  const drift = raw === null ? NaN : Number(raw);
  const dd = $('#s-drift');
  if (!Number.isFinite(drift)) {
    dd.textContent = 'not stored';
    return 0;
  }
  const sign = drift > 0 ? '+' : drift < 0 ? '−' : '';
  const side = drift === 0 ? 'this device’s clock agrees with the service’s'
    : `this device’s clock is ${Math.abs(drift)} s ${drift > 0 ? 'ahead of' : 'behind'} the service’s`;
  dd.replaceChildren(`${sign}${Math.abs(drift)} s `);
  const note = document.createElement('span');
  note.className = 'fine';
  note.textContent = `(${side})`;
  dd.append(note);
  return drift;
}

function showRefreshCount() {
  const { count = 0, last } = state.refreshes.get(state.poolKey) || {};
  $('#s-refreshes').textContent = String(count);
  $('#s-refreshed-at').textContent = last ? `(last at ${clockText(last)})` : '';
}

/** Each event of each instance goes to the log; the one on show also updates the panel. */
function onAuthEvent(key, { event, data }) {
  const info = state.pools[key];
  let detail = '';
  let kind = 'info';
  switch (event) {
    case 'signedIn':
      detail = ` · ${data?.signInDetails?.loginId || data?.username || ''}`;
      kind = 'ok';
      break;
    case 'tokenRefresh': {
      const counted = state.refreshes.get(key) || { count: 0 };
      state.refreshes.set(key, { count: counted.count + 1, last: new Date() });
      kind = 'ok';
      break;
    }
    case 'tokenRefresh_failure':
      detail = ` · ${data?.error?.name || 'Error'}: ${data?.error?.message || ''}`;
      kind = 'error';
      break;
    default:
      break;
  }
  log(`${info.label}${detail}`, kind, event);
  if (key !== state.poolKey) return;
  if (event === 'tokenRefresh') showRefreshCount();
  // A sign-in or -out this page did not make (another tab, or the SDK ending a refused session).
  if ((event === 'signedIn' || event === 'signedOut') && !state.acting) renderSession();
}

async function onRefreshNow() {
  const button = $('#refresh-now');
  const key = state.poolKey;
  const hadFocus = document.activeElement === button;
  button.disabled = true;
  say($('#session-msg'), 'pending', 'Refreshing…');
  try {
    const session = await instanceFor(key).fetchAuthSession({ forceRefresh: true });
    if (!session.tokens) throw Object.assign(new Error('nobody is signed in'), { name: 'UserUnAuthenticatedException' });
    log('fetchAuthSession({ forceRefresh: true }) → new tokens', 'ok');
    // Said with the count the tokenRefresh event just showed, not after the redraw.
    const { count = 0 } = state.refreshes.get(key) || {};
    say($('#session-msg'), 'ok', `Tokens refreshed (${count} ${count === 1 ? 'refresh' : 'refreshes'} on this page).`);
    await renderSession();
  } catch (error) {
    log(`fetchAuthSession({ forceRefresh: true }) ✗ ${errorText(error)}`, 'error');
    // A refusal ends the session (the SDK says signedOut); a network failure keeps it.
    const user = await renderSession();
    say(user ? $('#session-msg') : $('#session-out-msg'), 'error', errorText(error), hintFor(error));
  } finally {
    button.disabled = false;
    if (hadFocus && !$('#session-body').hidden) button.focus();
  }
}

async function onSignOut(global) {
  const buttons = [$('#signout'), $('#signout-global'), $('#refresh-now')];
  buttons.forEach((b) => { b.disabled = true; });
  const call = global ? 'signOut({ global: true })' : 'signOut';
  say($('#session-msg'), 'pending', 'Signing out…');
  try {
    const { revoked } = await own(() => auth().signOut({ global }));
    state.signedInVia.delete(state.poolKey);
    log(`${call} → signed out${global ? ' everywhere' : ''} (revoked: ${revoked})`, revoked ? 'ok' : 'warn');
    say($('#signin-form'), 'ok', 'Signed out.');
    await renderSession();
    const where = global ? 'Signed out everywhere.' : 'Signed out.';
    say($('#session-out-msg'), revoked ? 'ok' : 'info', `${where} revoked: ${revoked}`, revoked
      ? `The service revoked the refresh token${global ? ' and ended the user’s sessions on other devices' : ''}.`
      : 'The service could not be told: this browser forgot the session, but its tokens stay valid until they expire.');
    focusLater($('#si-username'));
  } catch (error) {
    say($('#session-msg'), 'error', errorText(error));
    log(`${call} ✗ ${errorText(error)}`, 'error');
  } finally {
    buttons.forEach((b) => { b.disabled = false; });
  }
}

// --- account ----------------------------------------------------------------------------------

function resetAccount() {
  for (const form of ['#attr-form', '#verify-form', '#password-form', '#totp-form']) say($(form), '', '');
  for (const msg of ['#attrs-msg', '#mfa-msg', '#delete-msg']) say($(msg), '', '');
  $('#attrs-body').replaceChildren();
  $('#attr-value').value = '';
  $('#verify-form').hidden = true;
  $('#password-form').reset();
  $$('#password-form input').forEach(mask);
  $('#mfa-enabled').textContent = '–';
  $('#mfa-preferred').textContent = '–';
  closeTotp();
}

/** Reads the attributes (fetchUserAttributes) into the table; returns them, or undefined. */
async function showAttributes() {
  const shown = state.shown;
  let attributes;
  try {
    attributes = await auth().fetchUserAttributes();
  } catch (error) {
    if (shown === state.shown) fail($('#attrs-msg'), 'fetchUserAttributes', error);
    return undefined;
  }
  if (shown !== state.shown) return undefined; // another session meanwhile
  log(`fetchUserAttributes → ${Object.keys(attributes).join(', ')}`);
  const rows = Object.keys(attributes).sort().map((name) => {
    const row = document.createElement('tr');
    row.dataset.attribute = name;
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = name;
    const value = document.createElement('td');
    value.textContent = attributes[name];
    const action = document.createElement('td');
    const verifiable = ['email', 'phone_number'].includes(name) && attributes[`${name}_verified`] === 'false';
    if (verifiable || !KEPT_ATTRIBUTES.has(name)) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'ghost small';
      button.dataset.action = verifiable ? 'verify' : 'delete';
      button.dataset.attribute = name;
      button.textContent = verifiable ? 'Verify' : 'Delete';
      button.setAttribute('aria-label', `${verifiable ? 'Verify' : 'Delete'} ${name}`);
      action.append(button);
    }
    row.append(th, value, action);
    return row;
  });
  $('#attrs-body').replaceChildren(...rows);
  return attributes;
}

function onAttributeChoice() {
  const kind = ATTRIBUTE_INPUT[$('#attr-name').value] || {};
  const input = $('#attr-value');
  input.type = kind.type === 'date' ? 'text' : kind.type || 'text';
  input.autocomplete = kind.autocomplete || 'off';
  input.placeholder = kind.hint || '';
}

async function onAttributeSave(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const name = field(form, 'name').value;
  const value = field(form, 'value').value.trim();
  const out = await busy(form, 'updateUserAttributes', () => auth().updateUserAttributes({ userAttributes: { [name]: value } }));
  if (!out) return;
  const result = out[name];
  const step = result?.nextStep?.updateAttributeStep;
  log(`updateUserAttributes → ${name}: ${step}${result?.isUpdated ? '' : ' (unverified until its code is entered)'}`, 'ok');
  field(form, 'value').value = '';
  await showAttributes();
  if (step === 'CONFIRM_ATTRIBUTE_WITH_CODE') {
    say(form, 'info', `${name} saved; it stays unverified until you enter the code.`);
    openVerify(name, result.nextStep.codeDeliveryDetails);
  } else {
    say(form, 'ok', `${name} saved.`);
  }
}

function openVerify(name, details) {
  const form = $('#verify-form');
  form.dataset.attribute = name;
  $('#verify-attr').textContent = name;
  field(form, 'code').value = '';
  form.hidden = false;
  say(form, 'info', describeDelivery(details));
  focusLater($('#verify-code'));
}

async function onVerify(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const userAttributeKey = form.dataset.attribute;
  const confirmationCode = field(form, 'code').value.trim();
  const done = await busy(form, 'confirmUserAttribute',
    () => auth().confirmUserAttribute({ userAttributeKey, confirmationCode }).then(() => true));
  if (!done) return;
  log(`confirmUserAttribute → ${userAttributeKey} verified`, 'ok');
  form.hidden = true;
  say($('#attr-form'), 'ok', `${userAttributeKey} is verified.`);
  await showAttributes();
  focusLater($('#attr-value'));
}

async function sendVerificationCode(form, userAttributeKey) {
  const out = await busy(form, 'sendUserAttributeVerificationCode',
    () => auth().sendUserAttributeVerificationCode({ userAttributeKey }));
  if (out) log(`sendUserAttributeVerificationCode → ${out.deliveryMedium || 'sent'}${out.destination ? ` to ${out.destination}` : ''}`, 'ok');
  return out;
}

async function onVerifyResend() {
  const form = $('#verify-form');
  const out = await sendVerificationCode(form, form.dataset.attribute);
  if (!out) return;
  say(form, 'ok', `A new code is on its way. ${describeDelivery(out)}`);
  focusLater($('#verify-code'));
}

async function onVerifyRigCode() {
  const form = $('#verify-form');
  const name = form.dataset.attribute;
  const code = await busy(form, 'rig code', () => rigCode(state.account.username, `verify_${name}`));
  if (!code) return;
  field(form, 'code').value = code;
  log(`rig → the code it sent to verify ${name} is filled in`);
  say(form, 'ok', `The rig’s code for ${name} is filled in. Press Verify.`);
  focusLater(form.querySelector('button[type=submit]'));
}

/** The table's Verify and Delete buttons. */
async function onAttributeAction(event) {
  const button = event.target.closest('button[data-action]');
  if (!button) return;
  const name = button.dataset.attribute;
  const msg = $('#attrs-msg');
  if (button.dataset.action === 'verify') {
    const out = await sendVerificationCode($('#attr-form'), name);
    if (out) openVerify(name, out);
    return;
  }
  button.disabled = true;
  say(msg, 'pending', `Deleting ${name}…`);
  try {
    await auth().deleteUserAttributes({ userAttributeKeys: [name] });
    log(`deleteUserAttributes → ${name} deleted`, 'ok');
    say(msg, 'ok', `${name} deleted.`);
    await showAttributes();
    focusLater($('#attrs-h'));
  } catch (error) {
    fail(msg, 'deleteUserAttributes', error);
    button.disabled = false;
  }
}

async function onPasswordChange(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const oldPassword = field(form, 'old').value;
  const newPassword = field(form, 'new').value;
  const done = await busy(form, 'updatePassword', () => auth().updatePassword({ oldPassword, newPassword }).then(() => true));
  if (!done) return;
  form.reset();
  $$('input', form).forEach(mask);
  log('updatePassword → changed', 'ok');
  say(form, 'ok', 'Password changed. Sign in with the new one from now on.');
}

/** Reads the MFA preference (fetchMFAPreference) into the card. */
async function showMfa() {
  const shown = state.shown;
  try {
    const { enabled = [], preferred } = await auth().fetchMFAPreference();
    if (shown !== state.shown) return;
    log(`fetchMFAPreference → enabled: ${enabled.join(', ') || 'none'}; preferred: ${preferred || 'none'}`);
    $('#mfa-enabled').textContent = enabled.length ? enabled.join(', ') : 'none: the password alone signs in';
    $('#mfa-preferred').textContent = preferred || 'none';
    $('#totp-off').hidden = !enabled.includes('TOTP');
  } catch (error) {
    if (shown === state.shown) fail($('#mfa-msg'), 'fetchMFAPreference', error);
  }
}

async function onTotpStart() {
  const button = $('#totp-start');
  const msg = $('#mfa-msg');
  button.disabled = true;
  say(msg, 'pending', 'Asking for a secret…');
  try {
    const details = await auth().setUpTOTP();
    // The secret stays off the log; the QR code carries it to the app.
    log('setUpTOTP → a new secret (not logged), shown as a QR code', 'ok');
    const uri = details.getSetupUri(TOTP_APP_NAME, state.account.shownName);
    const figure = $('#totp-qr');
    figure.querySelector('svg')?.remove();
    figure.prepend(qrSvg(uri.href, `QR code: the authenticator app set-up for ${state.account.shownName}`));
    const secret = $('#totp-secret');
    secret.value = details.sharedSecret.replace(/(.{4})(?=.)/g, '$1 ');
    mask(secret);
    say(msg, '', '');
    say($('#totp-form'), '', '');
    $('#totp-form').hidden = false;
    $('#totp-form').scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    focusLater($('#totp-code'));
  } catch (error) {
    fail(msg, 'setUpTOTP', error);
  } finally {
    button.disabled = false;
  }
}

function closeTotp() {
  const form = $('#totp-form');
  form.hidden = true;
  $('#totp-qr svg')?.remove();
  $('#totp-secret').value = '';
  mask($('#totp-secret'));
  field(form, 'code').value = '';
}

async function onTotpVerify(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const code = field(form, 'code').value.trim();
  const verified = await busy(form, 'verifyTOTPSetup', () => auth().verifyTOTPSetup({ code }).then(() => true));
  if (!verified) return;
  log('verifyTOTPSetup → the app’s code matches', 'ok');
  const preferred = await busy(form, 'updateMFAPreference', () => auth().updateMFAPreference({ totp: 'PREFERRED' }).then(() => true));
  if (!preferred) return;
  log('updateMFAPreference({ totp: \'PREFERRED\' }) → done', 'ok');
  closeTotp();
  await showMfa();
  say($('#mfa-msg'), 'ok', 'The authenticator app is on and preferred: the next sign-in asks for its code.');
  focusLater($('#totp-start'));
}

async function onTotpOff() {
  const button = $('#totp-off');
  button.disabled = true;
  try {
    await auth().updateMFAPreference({ totp: 'DISABLED' });
    log('updateMFAPreference({ totp: \'DISABLED\' }) → done', 'ok');
    await showMfa();
    say($('#mfa-msg'), 'ok', 'The authenticator app is off.');
    focusLater($('#totp-start'));
  } catch (error) {
    fail($('#mfa-msg'), 'updateMFAPreference', error);
  } finally {
    button.disabled = false;
  }
}

async function onDeleteUser() {
  const name = state.account.shownName;
  if (!window.confirm(`Delete the account ${name} for good? It cannot be undone.`)) {
    log('deleteUser: not confirmed; nothing deleted');
    return;
  }
  const button = $('#delete-user');
  button.disabled = true;
  say($('#delete-msg'), 'pending', 'Deleting the account…');
  try {
    await own(() => auth().deleteUser());
    state.signedInVia.delete(state.poolKey);
    log(`deleteUser → ${name} deleted; signed out here`, 'ok');
    await renderSession();
    say($('#session-out-msg'), 'ok', `Account ${name} deleted.`,
      'The user is gone from the pool, and this browser’s session with it.');
    focusLater($('#session-h'));
  } catch (error) {
    fail($('#delete-msg'), 'deleteUser', error);
  } finally {
    button.disabled = false;
  }
}

// --- wiring -----------------------------------------------------------------------------------

function highlight(selector) {
  const card = $(selector);
  card.classList.remove('flash');
  void card.offsetWidth; // restart the animation
  card.classList.add('flash');
}

function revealButton(input) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'ghost reveal';
  button.setAttribute('aria-controls', input.id);
  button.setAttribute('aria-pressed', 'false');
  button.textContent = 'Show';
  return button;
}

function onReveal(event) {
  const button = event.target.closest('button.reveal');
  if (!button) return;
  const input = document.getElementById(button.getAttribute('aria-controls'));
  const show = input.type === 'password';
  input.type = show ? 'text' : 'password';
  button.setAttribute('aria-pressed', String(show));
  button.textContent = show ? 'Hide' : 'Show';
}

function onSample() {
  const tag = randomTag();
  const email = `ada-${tag}@example.com`;
  if (!pool().usernameIsEmail) $('#su-username').value = `ada-${tag}`;
  $('#su-email').value = email;
  const password = $('#su-password');
  password.value = randomPassword();
  password.type = 'text';
  const reveal = $('#signup-form .reveal');
  reveal.setAttribute('aria-pressed', 'true');
  reveal.textContent = 'Hide';
  say($('#signup-form'), 'info', 'Sample filled in; the password is shown so you can note it for sign-in.');
  focusLater($('#signup-form button[type=submit]'));
}

function banner(text) {
  const el = $('#banner');
  el.textContent = text;
  el.hidden = false;
}

async function boot() {
  document.addEventListener('click', onReveal);
  $('#signup-form').addEventListener('submit', onSignUp);
  $('#confirm-form').addEventListener('submit', onConfirm);
  $('#cf-resend').addEventListener('click', onResend);
  $('#cf-rig-code').addEventListener('click', onRigCode);
  $('#signin-form').addEventListener('submit', onSignIn);
  $('#si-admin').addEventListener('click', onAdminCreate);
  $('#challenge-form').addEventListener('submit', onChallenge);
  $('#challenge-cancel').addEventListener('click', onChallengeCancel);
  $('#signout').addEventListener('click', () => onSignOut(false));
  $('#signout-global').addEventListener('click', () => onSignOut(true));
  $('#refresh-now').addEventListener('click', onRefreshNow);
  $('#su-sample').addEventListener('click', onSample);
  $('#log-clear').addEventListener('click', () => { $('#log').replaceChildren(); });
  $('#hosted-ui').addEventListener('click', onHostedUi);
  $('#aws-creds').addEventListener('click', onAwsCredentials);
  $('#forgot').addEventListener('click', onForgot);
  $('#reset-form').addEventListener('submit', onReset);
  $('#rs-send').addEventListener('click', onResetSend);
  $('#rs-resend').addEventListener('click', onResetSend);
  $('#rs-rig-code').addEventListener('click', onResetRigCode);
  $('#attrs-reload').addEventListener('click', async () => {
    if (await showAttributes()) say($('#attrs-msg'), '', '');
  });
  $('#attrs-body').addEventListener('click', onAttributeAction);
  $('#attr-name').addEventListener('change', onAttributeChoice);
  $('#attr-form').addEventListener('submit', onAttributeSave);
  $('#verify-form').addEventListener('submit', onVerify);
  $('#verify-resend').addEventListener('click', onVerifyResend);
  $('#verify-rig-code').addEventListener('click', onVerifyRigCode);
  $('#password-form').addEventListener('submit', onPasswordChange);
  $('#totp-start').addEventListener('click', onTotpStart);
  $('#totp-off').addEventListener('click', onTotpOff);
  $('#totp-form').addEventListener('submit', onTotpVerify);
  $('#totp-cancel').addEventListener('click', () => { closeTotp(); log('authenticator set-up cancelled'); focusLater($('#totp-start')); });
  $('#delete-user').addEventListener('click', onDeleteUser);
  $$('input[name=pool]').forEach((radio) => radio.addEventListener('change', () => choosePool(radio.value)));

  let rig;
  try {
    const reply = await fetch('./rig.json', { cache: 'no-store' });
    if (!reply.ok) throw new Error(`HTTP ${reply.status}`);
    rig = await reply.json();
  } catch (error) {
    banner(`Could not read rig.json (${error.message}). Start the page with ./dev demo, which writes it next to this page.`);
    $('#who-text').textContent = 'No rig';
    return;
  }
  try {
    await init();
  } catch (error) {
    banner(`Could not load the WebAssembly module: ${errorText(error)}`);
    return;
  }
  state.pools = buildPools(rig);
  if (!(await registerHostedUi(rig))) delete state.pools.hostedUi;
  if (!state.pools.mfa) $('input[name=pool][value=mfa]').closest('label').hidden = true;
  try {
    // One instance per choice, made now: each takes up its stored session, and its events (also
    // those of another tab) reach the log even while another choice is on show.
    for (const key of Object.keys(state.pools)) instanceFor(key);
  } catch (error) {
    banner(`Could not create the CognitoAuth clients: ${errorText(error)}`);
    return;
  }
  state.rig = rig;
  $('#hosted-ui').disabled = !state.pools.hostedUi;
  $('#aws-creds').disabled = !rig.identity;
  $('#endpoint').textContent = rig.endpoint;
  $('#endpoint-note').hidden = false;
  $('#pool-picker').disabled = false;
  let picked = $('input[name=pool]:checked').value;
  try { picked = localStorage.getItem(CHOICE_KEY) || picked; } catch { /* storage blocked */ }
  // Back from the hosted UI: its instance completes the sign-in (handleRedirect) first.
  if (state.pools.hostedUi) {
    await instanceFor('hostedUi').handleRedirect().then(
      (out) => { if (out.isSignedIn && out.customState) log(`hosted UI sign-in done; custom state "${out.customState}"`, 'ok'); },
      (error) => log(`hosted UI ✗ ${errorText(error)}`, 'error'));
  }
  state.poolKey = await restoredPoolKey(picked in state.pools ? picked : 'mainPublic');
  $(`input[name=pool][value=${state.poolKey}]`).checked = true;
  applyPoolToForms();
  log(`ready · rig at ${rig.endpoint} (${rig.region}) · pool → ${pool().label}`);
  const user = await renderSession();
  if (user) log(`session restored from localStorage → ${user.username} (${pool().label})`, 'ok');
  document.body.dataset.ready = 'true';
}

/** The choice to show at start: the one last on show, unless only another one has a stored session. */
async function restoredPoolKey(picked) {
  const signedIn = (key) => instanceFor(key).getCurrentUser().then(() => true, () => false);
  if (await signedIn(picked)) return picked;
  for (const key of Object.keys(state.pools)) {
    if (key !== picked && await signedIn(key)) return key;
  }
  return picked;
}

boot();
