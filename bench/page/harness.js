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
    unexpected: [], // Cognito operations the stub did not expect
    fetchMs: 0, // real mode: time spent inside Cognito fetches (network + rig), per run
    fetchOps: {}, // the same per operation
    sdk: null,
  });

  const json = (status, body) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'bench' },
    });

  window.fetch = async function benchFetch(input, init) {
    const t0 = performance.now();
    const req = new Request(input, init);
    const target = req.headers.get('x-amz-target');
    if (!target) return realFetch(input, init);
    const op = target.split('.').pop();
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
    B.unexpected.push(op);
    return json(400, { __type: 'InvalidParameterException', message: `the benchmark stub does not answer ${op}` });
  };

  // One timed sign-in with the stub, then sign-out (not timed).
  B.stubbedSignIn = async (username, password) => {
    B.mode = 'stub';
    B.run = {};
    const t0 = performance.now();
    const out = await B.sdk.signIn(username, password);
    const t1 = performance.now();
    const run = B.run;
    await B.sdk.signOut();
    if (!out?.isSignedIn) throw new Error(`${B.sdkName}: signIn did not finish: ${JSON.stringify(out)}`);
    return {
      totalMs: t1 - t0,
      aMs: run.initiateAt - t0,
      verifierMs: run.respondAt - run.initiateAnsweredAt,
      afterMs: t1 - run.respondAnsweredAt,
      stubMs: run.initiateAnsweredAt - run.initiateAt + (run.respondAnsweredAt - run.respondAt),
      srpA: run.srpA,
      responses: run.responses,
    };
  };

  // One timed sign-in against the rig (real fetch), then sign-out (not timed).
  B.rigSignIn = async (username, password) => {
    B.mode = 'real';
    B.fetchMs = 0;
    B.fetchOps = {};
    const t0 = performance.now();
    const out = await B.sdk.signIn(username, password);
    const t1 = performance.now();
    const fetchMs = B.fetchMs;
    const fetchOps = { ...B.fetchOps };
    const session = await B.sdk.fetchSession();
    await B.sdk.signOut();
    if (!out?.isSignedIn) throw new Error(`${B.sdkName}: signIn did not finish: ${JSON.stringify(out)}`);
    if (!session?.tokens?.accessToken) throw new Error(`${B.sdkName}: no tokens after signIn`);
    return { totalMs: t1 - t0, fetchMs, clientMs: t1 - t0 - fetchMs, fetchOps };
  };

  // Download + compile + instantiate of the wasm, HTTP cache and module cache defeated by a
  // fresh URL each time (the server also sends no-store).
  B.wasmInit = async (run) => {
    const t0 = performance.now();
    const glue = await import(`/pkg/cognito_auth_wasm.js?run=${run}`);
    const t1 = performance.now();
    await glue.default({ module_or_path: `/pkg/cognito_auth_wasm_bg.wasm?run=${run}` });
    const t2 = performance.now();
    return { glueMs: t1 - t0, initMs: t2 - t1 };
  };
})();
