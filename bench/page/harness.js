// Loaded as a classic script before any SDK: wraps window.fetch so that every Cognito call
// (a request with an X-Amz-Target header) is either answered instantly by a stub (mode "stub")
// or passed to the real fetch with its time recorded (mode "real"). Other requests pass untouched.
// Every SDK calls the global fetch when it sends, so the same wrapper serves all three.
(() => {
  'use strict';
  const realFetch = window.fetch.bind(window);
  const B = (window.__bench = {
    mode: 'real',
    stub: null, // { challengeParameters, authenticationResult }
    run: null, // marks and captured values of the current sign-in
    unexpected: [], // stub mode: Cognito operations the stub did not expect
    operations: [], // every Cognito operation sent (both modes), in order
    fetchMs: 0, // real mode: time spent inside Cognito fetches (network + rig), per run
    fetchOps: {}, // the same per operation
    idle: [], // [start, end] of every requestIdleCallback callback that ran (any SDK's)
    sdk: null,
    // Each app's bundle (bench/run.mjs builds them): ours, the smallest sign-in app, imports
    // cognito-auth-wasm/core and lies in its own directory beside that entry's wasm.
    appUrl: (sdk) => (sdk === 'ours' ? '/apps/core/ours.js' : `/apps/${sdk}.js`),
  });

  // Wraps requestIdleCallback (ours computes the next sign-in's a and A = g^a in one) to record
  // when idle work ran, so that a run can say how much of it fell inside its timed part.
  const realRic = window.requestIdleCallback?.bind(window);
  if (realRic) {
    window.requestIdleCallback = (callback, options) => realRic((deadline) => {
      const start = performance.now();
      try { return callback(deadline); } finally { B.idle.push([start, performance.now()]); }
    }, options);
  }
  const idleMsBetween = (t0, t1) => B.idle.reduce((sum, [s, e]) => sum + Math.max(0, Math.min(e, t1) - Math.max(s, t0)), 0);

  // Before every timed sign-in, for every SDK alike (not timed): a short settle, then one idle
  // callback. Idle callbacks run in the order they were requested, so any the SDK requested
  // before (ours: the next sign-in's a and A, after construction and at each sign-in) have run
  // when this one does. Its timeout is above the SDK's (2 s), for the same reason.
  B.settle = async () => {
    await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => (realRic ? realRic(() => r(), { timeout: 5000 }) : setTimeout(r, 0)));
  };

  const json = (status, body) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'bench' },
    });

  window.fetch = async function benchFetch(input, init) {
    const t0 = performance.now();
    const req = new Request(input, init);
    const target = req.headers.get('x-amz-target');
    // `req` now holds the body: a Request passed in (the AWS SDK v3 passes one) cannot be sent again.
    if (!target) return realFetch(req);
    const op = target.split('.').pop();
    B.operations.push(op);
    if (B.mode === 'real') {
      try {
        const res = await realFetch(req);
        // Read the body inside the timed part, so "inside fetch" is network + server, whole.
        const body = await res.arrayBuffer();
        return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
      } finally {
        const dt = performance.now() - t0;
        B.fetchMs += dt;
        B.fetchOps[op] = (B.fetchOps[op] ?? 0) + dt;
      }
    }
    const run = B.run || (B.run = {});
    const body = JSON.parse(await req.text());
    if (op === 'InitiateAuth' && body.AuthFlow === 'USER_SRP_AUTH') {
      run.initiateAt = t0;
      run.srpA = body.AuthParameters?.SRP_A;
      const res = json(200, { ChallengeName: 'PASSWORD_VERIFIER', ChallengeParameters: B.stub.challengeParameters });
      run.initiateAnsweredAt = performance.now();
      return res;
    }
    if (op === 'RespondToAuthChallenge' && body.ChallengeName === 'PASSWORD_VERIFIER') {
      run.respondAt = t0;
      run.responses = body.ChallengeResponses;
      const res = json(200, { AuthenticationResult: B.stub.authenticationResult, ChallengeParameters: {} });
      run.respondAnsweredAt = performance.now();
      return res;
    }
    // Sign-out (not timed) revokes the refresh token: ours always, Amplify when the access token
    // carries origin_jti (the stub's do not).
    if (op === 'RevokeToken' && body.Token) return json(200, {});
    B.unexpected.push(op);
    return json(400, { __type: 'InvalidParameterException', message: `the benchmark stub does not answer ${op}` });
  };

  // The marks of one stubbed sign-in that ran from t0 to t1.
  const stubMarks = (t0, t1) => {
    const run = B.run;
    return {
      totalMs: t1 - t0,
      aMs: run.initiateAt - t0, // signIn called → InitiateAuth sent
      respondMs: run.respondAt - t0, // signIn called → RespondToAuthChallenge sent
      verifierMs: run.respondAt - run.initiateAnsweredAt,
      afterMs: t1 - run.respondAnsweredAt,
      stubMs: run.initiateAnsweredAt - run.initiateAt + (run.respondAnsweredAt - run.respondAt),
      idleMsInside: idleMsBetween(t0, t1),
      srpA: run.srpA,
      responses: run.responses,
    };
  };

  // One timed sign-in with the stub (after B.settle, not timed), then sign-out (not timed).
  B.stubbedSignIn = async (username, password) => {
    B.mode = 'stub';
    await B.settle();
    B.run = {};
    const t0 = performance.now();
    const out = await B.sdk.signIn(username, password);
    const t1 = performance.now();
    const marks = stubMarks(t0, t1);
    await B.sdk.signOut();
    if (!out?.isSignedIn) throw new Error(`${B.sdkName}: signIn did not finish: ${JSON.stringify(out)}`);
    return marks;
  };

  // A new visitor, on a page that has loaded only this harness: imports the app bundle (ours:
  // the glue, whose entry fetches, compiles and instantiates the wasm with a top-level await),
  // creates the client and signs in with the stub at once. Timed from before the import.
  B.coldSignIn = async (sdk, config, username, password) => {
    B.sdkName = sdk;
    B.mode = 'stub';
    B.run = {};
    const t0 = performance.now();
    B.app = await import(B.appUrl(sdk));
    const t1 = performance.now();
    B.sdk = await B.app.createClient(config);
    const t2 = performance.now();
    const out = await B.sdk.signIn(username, password);
    const t3 = performance.now();
    const marks = stubMarks(t2, t3);
    await B.sdk.signOut();
    if (!out?.isSignedIn) throw new Error(`${sdk}: signIn did not finish: ${JSON.stringify(out)}`);
    return { ...marks, totalMs: t3 - t0, importMs: t1 - t0, createMs: t2 - t1, signInMs: t3 - t2, idleMsInside: idleMsBetween(t0, t3) };
  };

  // One timed sign-in against the rig (real fetch, after B.settle, not timed), then the session
  // and sign-out (not timed). `operations`: every Cognito operation sent by all three.
  B.rigSignIn = async (username, password) => {
    B.mode = 'real';
    await B.settle();
    B.fetchMs = 0;
    B.fetchOps = {};
    B.operations = [];
    const t0 = performance.now();
    const out = await B.sdk.signIn(username, password);
    const t1 = performance.now();
    const fetchMs = B.fetchMs;
    const fetchOps = { ...B.fetchOps };
    const session = await B.sdk.fetchSession();
    await B.sdk.signOut();
    if (!out?.isSignedIn) throw new Error(`${B.sdkName}: signIn did not finish: ${JSON.stringify(out)}`);
    if (!session?.tokens?.accessToken) throw new Error(`${B.sdkName}: no tokens after signIn`);
    return { totalMs: t1 - t0, fetchMs, clientMs: t1 - t0 - fetchMs, fetchOps, operations: [...B.operations] };
  };

  // Download + compile + instantiate of the minimal app's wasm (cognito-auth-wasm/core), HTTP cache and module cache defeated by a
  // fresh URL each time (the server also sends no-store).
  B.wasmInit = async (run) => {
    const t0 = performance.now();
    const glue = await import(`/pkg/core/cognito_auth_wasm.js?run=${run}`);
    const t1 = performance.now();
    await glue.default({ module_or_path: `/pkg/core/cognito_auth_wasm_bg.wasm?run=${run}` });
    const t2 = performance.now();
    return { glueMs: t1 - t0, initMs: t2 - t1 };
  };
})();
