// The demo page: plain DOM code around one CognitoAuth instance per pool/client choice. Each
// instance keeps its session in localStorage (the SDK's default), so a reload shows it again, and
// each one's events (`listen`) go to the event log as they happen.
// Secrets rule: passwords and token strings never reach the log or a message; tokens are shown as
// decoded claims, and a token string only ever truncated.

import init, { CognitoAuth } from './pkg/index.js';

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

const POOL_LABELS = {
  mainPublic: 'Main pool (public client)',
  mainSecret: 'Main pool (client with secret)',
  email: 'Email-as-username pool',
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
    case 'CodeMismatchException': return 'Check the code, or press “Show the code the rig sent”.';
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
  for (const id of ['#cf-username', '#si-username']) {
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
  const url = new URL('/rig/code', state.rig.endpoint);
  url.search = new URLSearchParams({ userPoolId: pool().config.userPoolId, username });
  const code = await busy(form, 'rig code', async () => {
    const reply = await fetch(url);
    const body = await reply.json().catch(() => ({}));
    if (!reply.ok) {
      throw Object.assign(new Error(body.message || `HTTP ${reply.status}`), { name: body.__type || 'RigError' });
    }
    return body.code;
  });
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
  $('#who').classList.toggle('in', signedIn);
  if (!signedIn) {
    clearInterval(state.timer);
    state.shown = '';
    $('#who-text').textContent = 'Signed out';
    return undefined;
  }
  const shown = `${key}/${user.username}`;
  if (shown !== state.shown) {
    // Another session than the one on show: its messages start afresh.
    say($('#session-msg'), '', '');
    say($('#session-out-msg'), '', '');
    state.shown = shown;
  }
  const info = state.pools[key];
  // In the email pool the username is the sub; the email is what the person typed.
  const shownName = (info.usernameIsEmail && session.tokens.idToken.payload.email) || user.username;
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
    await renderSession();
    const { count = 0 } = state.refreshes.get(key) || {};
    say($('#session-msg'), 'ok', `Tokens refreshed (${count} ${count === 1 ? 'refresh' : 'refreshes'} on this page).`);
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
