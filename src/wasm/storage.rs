//! Where the session is kept (`storage` in the config): `localStorage` (the default),
//! `sessionStorage`, `'memory'`, or any object with `getItem`, `setItem` and `removeItem` (such
//! as the package's `CookieStorage`) whose methods may answer with promises (Amplify's
//! `KeyValueStorageInterface`); and the storage events that tell of other tabs.

use wasm_bindgen::prelude::*;

use super::runtime::Call;

#[wasm_bindgen(inline_js = r#"
function memory() {
  const m = new Map();
  return {
    getItem: (k) => (m.has(k) ? m.get(k) : null),
    setItem: (k, v) => { m.set(k, String(v)); },
    removeItem: (k) => { m.delete(k); },
  };
}
export function open(config) {
  const option = config && config.storage;
  try {
    if (option == null || option === 'localStorage') return globalThis.localStorage || memory();
    if (option === 'sessionStorage') return globalThis.sessionStorage || memory();
  } catch (e) {
    return memory(); // storage blocked (e.g. third-party iframes): keep the session in memory
  }
  if (option === 'memory') return memory();
  if (option && ['getItem', 'setItem', 'removeItem'].every((m) => typeof option[m] == 'function')) return option;
  return null;
}
export function get(store, key) {
  try {
    const v = store.getItem(key);
    if (v && typeof v.then == 'function') { v.then(null, () => {}); return '\u0000'; }
    return typeof v == 'string' ? v : undefined;
  } catch (e) {
    return undefined;
  }
}
const loading = new WeakMap();
export function mirror(store) {
  const m = new Map();
  const quiet = (p) => { Promise.resolve(p).catch(() => {}); };
  const read = async (k) => { try { const v = await store.getItem(k); if (typeof v == 'string') m.set(k, v); } catch (e) { /* unreadable: absent */ } };
  return {
    getItem: (k) => (m.has(k) ? m.get(k) : null),
    setItem: (k, v) => { m.set(k, v); try { quiet(store.setItem(k, v)); } catch (e) { /* blocked */ } },
    removeItem: (k) => { m.delete(k); try { quiet(store.removeItem(k)); } catch (e) { /* blocked */ } },
    fill(keys, prefix, fields, call) {
      const [last, ...more] = keys.split(' ');
      loading.set(this, (async () => {
        await Promise.all([last, ...more].map(read));
        const user = m.get(last);
        if (user) await Promise.all(fields.split(' ').map((f) => read(prefix + user + '.' + f)));
        try { call.step(1, '', ''); } finally { call.free(); loading.delete(this); }
      })());
    },
  };
}
export function fill(view, keys, prefix, fields, call) {
  view.fill(keys, prefix, fields, call);
}
export function ready(store, redirect) {
  return Promise.all([loading.get(store), redirect && redirect.catch(() => {})]).then(() => {});
}
export function set(store, key, value) {
  try { store.setItem(key, value); } catch (e) { /* full or blocked: the session lives on in memory */ }
}
export function remove(store, key) {
  try { store.removeItem(key); } catch (e) { /* blocked */ }
}
export function watch(store, call) {
  if (typeof addEventListener == 'function' && store === globalThis.localStorage) {
    addEventListener('storage', (e) => {
      if (e.storageArea === store) try { call.step(1, e.key || '', ''); } catch (err) { queueMicrotask(() => { throw err; }); }
    });
  } else {
    call.free();
  }
}
"#)]
extern "C" {
    /// The storage object for `config.storage`, or `null` for an unusable option.
    pub fn open(config: &JsValue) -> JsValue;
    /// A stored string; `"\0"` when the storage answers with a promise.
    pub fn get(store: &JsValue, key: &str) -> Option<String>;
    /// A synchronous view of a storage that answers with promises: writes go to both, reads
    /// come from memory.
    pub fn mirror(store: &JsValue) -> JsValue;
    /// Reads `keys` (space-separated; the first is `LastAuthUser`) into a mirror and, when the
    /// first names a user, each of `fields` (space-separated) of `prefix` + user; then steps
    /// `call`.
    pub fn fill(mirror: &JsValue, keys: &str, prefix: &str, fields: &str, call: Call);
    /// Settles after a mirror's first read and `redirect` (a redirect sign-in's completion).
    pub fn ready(store: &JsValue, redirect: Option<js_sys::Promise>) -> js_sys::Promise;
    pub fn set(store: &JsValue, key: &str, value: &str);
    pub fn remove(store: &JsValue, key: &str);
    /// Steps `call` with status 1 and the changed key for every change another tab makes to
    /// `store` (localStorage only: the other storages raise no such events).
    pub fn watch(store: &JsValue, call: Call);
}

/// What `get` answers for a storage whose `getItem` returns a promise.
pub const ASYNC: &str = "\0";
