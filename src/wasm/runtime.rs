//! The browser's side of every operation: one JS loop runs each core operation's requests
//! through `fetch`, and idle callbacks run work that can be done ahead.
//!
//! The core decides and parses (`xxx_request()` / `xxx_reply()` in [`crate::user_pool`]); the
//! few lines of JS below do the I/O. One loop for every method keeps per-method async state
//! machines and promise plumbing out of the wasm (see BENCHMARKS.md).

use wasm_bindgen::prelude::*;

use crate::error::{Error, Result};
use crate::platform::{Clock, HttpRequest, HttpResponse};
use crate::secret::Wipe;
use crate::user_pool::Next;

use crate::json::Body;
use crate::text::split;

#[wasm_bindgen(inline_js = r#"
const flights = new Map();
function handovers(mode, act) {
  return new Promise((done, fail) => {
    const open = indexedDB.open('cognito-auth-wasm', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('handover');
    open.onerror = () => fail(open.error);
    open.onsuccess = () => {
      const db = open.result, tx = db.transaction('handover', mode), req = act(tx.objectStore('handover'));
      tx.oncomplete = () => { db.close(); done(req.result); };
      tx.onerror = tx.onabort = () => { db.close(); fail(tx.error); };
    };
  });
}
export function exclusive(key, lock, call) {
  if (flights.has(key)) { call.free(); return flights.get(key); }
  const run = async () => {
    let record = '';
    if (lock) try { record = (await handovers('readonly', (s) => s.get(lock))) || ''; } catch (e) { /* no IndexedDB */ }
    let next;
    try { next = call.step(1, record, ''); } catch (e) { call.free(); throw e; }
    const out = await drive(call, next);
    if (out.handover) try { await handovers('readwrite', (s) => s.put(out.handover, lock)); } catch (e) { /* no IndexedDB */ }
    return out.result;
  };
  const locks = lock && globalThis.navigator && navigator.locks;
  const flight = (locks ? locks.request(lock, run) : run()).finally(() => flights.delete(key));
  flights.set(key, flight);
  return flight;
}
// Steps `call` once, then frees it: a Rust callback run by the browser.
const once = (call) => () => { try { call.step(1, '', ''); } finally { call.free(); } };
export function after(promise, call) {
  return promise.finally(once(call));
}
let forgetting = Promise.resolve();
export function forget_handover(lock) {
  forgetting = handovers('readwrite', (s) => s.delete(lock)).catch(() => {});
}
export function navigate(url) {
  forgetting.then(() => location.assign(url));
}
export async function drive(call, next) {
  try {
    for (;;) {
      const request = JSON.parse(next);
      if (request.done) return request.value;
      if (request.delay) await new Promise((done) => setTimeout(done, request.delay));
      let status = 0, body, meta = '';
      try {
        const res = await fetch(request.url, {
          method: request.method, headers: request.headers, body: request.body, credentials: 'omit',
          signal: AbortSignal.timeout(request.timeout),
        });
        body = await res.text();
        status = res.status;
        meta = ['x-amzn-requestid', 'x-amzn-errortype', 'date'].map((n) => res.headers.get(n) || '').join('\n');
      } catch (e) {
        body = String((e && e.message) || e);
      }
      next = call.step(status, body, meta);
    }
  } finally {
    call.free();
  }
}
export function later(ms, call) {
  setTimeout(once(call), ms);
}
export function idle(call) {
  const run = once(call);
  if (typeof requestIdleCallback == 'function') requestIdleCallback(run, { timeout: 2000 });
  else setTimeout(run, 0);
}
"#)]
extern "C" {
    fn drive(call: Call, request: &str) -> js_sys::Promise;
    fn exclusive(key: &str, lock: &str, call: Call) -> js_sys::Promise;
    /// `promise`, once `call` has been stepped after it settled.
    pub fn after(promise: js_sys::Promise, call: Call) -> js_sys::Promise;
    /// Removes the hand-over record under `lock` (a sign-out), in the background.
    pub fn forget_handover(lock: &str);
    /// `location.assign(url)`, once a hand-over record being removed is gone (a page that
    /// leaves could cut the removal short).
    pub fn navigate(url: &str);
    fn idle(call: Call);
    fn later(ms: f64, call: Call);
}

/// What reads each reply of an operation and says what comes next; the result as JSON.
pub type Step = Box<dyn FnMut(Result<HttpResponse>) -> Result<Next<Body>>>;

/// One operation in flight, driven by the JS loop; also a Rust callback that JS steps (idle
/// work, storage events).
#[wasm_bindgen(skip_typescript)]
pub struct Call(Step);

impl Call {
    pub fn new(step: Step) -> Self {
        Self(step)
    }
}

#[wasm_bindgen]
impl Call {
    /// Reads one reply (`status` 0: the request failed, `body` says why) and returns the next
    /// request, or `{ done: true, value }`, as JSON. `meta` is the reply's `x-amzn-requestid`,
    /// `x-amzn-errortype` and `date` headers joined by line feeds, empty where absent (one
    /// string crosses the boundary more cheaply than three optional ones).
    /// The result crosses as a JS string made from a borrow, and the Rust copy (request bodies
    /// with passwords, results with tokens) is wiped before it is freed.
    pub fn step(
        &mut self,
        status: u16,
        body: String,
        meta: String,
    ) -> Result<js_sys::JsString, JsValue> {
        let reply = if status == 0 {
            Err(Error::Network(body))
        } else {
            let mut headers = Vec::new();
            let names = ["x-amzn-requestid", "x-amzn-errortype", "date"];
            for (name, value) in names.into_iter().zip(split(&meta, b'\n')) {
                if !value.is_empty() {
                    headers.push((name.to_owned(), value.to_owned()));
                }
            }
            Ok(HttpResponse {
                status,
                headers,
                body,
            })
        };
        let json = match (self.0)(reply)? {
            Next::Send(request) => request_json(&request, 0),
            Next::SendAfter(delay, request) => request_json(&request, delay),
            Next::Done(value) => Body::new()
                .bool("done", true)
                .object("value", value)
                .build(),
        };
        Ok(handed_over(json))
    }
}

/// `json` as a JS string; the wasm's copy is wiped.
fn handed_over(mut json: String) -> js_sys::JsString {
    let js = js_sys::JsString::from(json.as_str());
    json.wipe();
    js
}

fn request_json(request: &HttpRequest, delay: u64) -> String {
    let headers = request
        .headers
        .iter()
        .fold(Body::new(), |o, (k, v)| o.str(k, v));
    let mut body = Body::new()
        .str("method", request.method)
        .str("url", &request.url)
        .object("headers", headers)
        .opt_str("body", (request.method != "GET").then_some(&request.body))
        .num("timeout", request.timeout_ms);
    if delay > 0 {
        body = body.num("delay", delay);
    }
    body.build()
}

/// Runs an operation: sends `first`, then hands each reply to `step` until it is done. An error
/// before the first request rejects the promise, as one after it would.
pub fn run(first: Result<HttpRequest>, step: Step) -> js_sys::Promise {
    match first {
        Ok(request) => {
            let mut json = request_json(&request, 0);
            let promise = drive(Call(step), &json);
            json.wipe();
            promise
        }
        Err(e) => js_sys::Promise::reject(&e.into()),
    }
}

/// Runs work that callers share and other tabs must not do at the same time (a refresh that may
/// rotate the refresh token). While one of the same `key` is under way in this page, callers
/// share its promise; across tabs it runs under the Web Lock `lock`, where there are Web Locks
/// (no lock for an empty `lock`). Its first step gets the record the last holder left
/// (IndexedDB, current across tabs; empty where there is none or no lock) with status 1, and
/// says what to send. It ends with `{ result, handover? }`: `handover` is stored under `lock`
/// before the lock passes on.
pub fn run_exclusive(key: &str, lock: &str, step: Step) -> js_sys::Promise {
    exclusive(key, lock, Call(step))
}

/// A promise of a result that needs no I/O.
pub fn settled(result: Result<JsValue>) -> js_sys::Promise {
    match result {
        Ok(v) => js_sys::Promise::resolve(&v),
        Err(e) => js_sys::Promise::reject(&e.into()),
    }
}

/// Runs `work` in an idle moment (`requestIdleCallback`, or a timeout where there is none), never
/// in the caller's turn: the page's start-up is not held up. The work rides in a [`Call`] that
/// is stepped once (one exported class fewer in the glue).
pub fn when_idle(work: impl FnOnce() + 'static) {
    idle(once(work));
}

/// Runs `work` once, `ms` milliseconds from now (`setTimeout`).
pub fn after_ms(ms: u64, work: impl FnOnce() + 'static) {
    later(ms as f64, once(work));
}

/// `work` as a [`Call`] that JS steps once (what it is stepped with does not matter).
pub fn once(work: impl FnOnce() + 'static) -> Call {
    let mut work = Some(work);
    Call(Box::new(move |_| {
        if let Some(work) = work.take() {
            work();
        }
        Ok(Next::Done(Body::new()))
    }))
}

/// `Date.now()`.
#[derive(Debug, Default, Clone, Copy)]
pub struct BrowserClock;

impl Clock for BrowserClock {
    fn now_ms(&self) -> u64 {
        // Date.now() is a non-negative integer number of milliseconds.
        js_sys::Date::now().max(0.0) as u64
    }
}
