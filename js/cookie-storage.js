// A session storage in cookies, for apps whose server reads the tokens (Amplify v6's
// CookieStorage options). A value longer than one cookie can hold is split into numbered chunks
// (`<key>.0`, `<key>.1`, … and `<key>.n` = their count) and joined back when read; removing a
// key removes every chunk. Names and values are URI-encoded.

const CHUNK = 3800; // characters of an encoded value per cookie: with the name, under 4096 bytes

function jar() {
  const cookies = new Map();
  for (const pair of document.cookie.split('; ')) {
    const at = pair.indexOf('=');
    if (at > 0) cookies.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return cookies;
}

export class CookieStorage {
  /** @param {{ domain?: string, path?: string, secure?: boolean, sameSite?: 'strict' | 'lax' | 'none', expires?: number }} [options] */
  constructor({ domain, path = '/', secure = true, sameSite = 'lax', expires = 365 } = {}) {
    this.attributes = `; path=${path}${domain ? `; domain=${domain}` : ''}`
      + `${secure ? '; secure' : ''}; samesite=${sameSite}`;
    this.expires = expires;
  }

  #write(name, value, days) {
    const when = new Date(Date.now() + days * 86_400_000).toUTCString();
    document.cookie = `${name}=${value}; expires=${when}${this.attributes}`;
  }

  getItem(key) {
    const name = encodeURIComponent(key);
    const cookies = jar();
    if (cookies.has(name)) return decodeURIComponent(cookies.get(name));
    const count = Number(cookies.get(`${name}.n`));
    if (!(count > 0)) return null;
    let value = '';
    for (let i = 0; i < count; i += 1) {
      const part = cookies.get(`${name}.${i}`);
      if (part === undefined) return null; // a chunk is missing: no value rather than half of one
      value += part;
    }
    try { return decodeURIComponent(value); } catch { return null; }
  }

  setItem(key, value) {
    this.removeItem(key);
    const name = encodeURIComponent(key);
    const encoded = encodeURIComponent(String(value));
    if (encoded.length <= CHUNK) {
      this.#write(name, encoded, this.expires);
      return;
    }
    let count = 0;
    for (let at = 0; at < encoded.length; at += CHUNK) {
      this.#write(`${name}.${count}`, encoded.slice(at, at + CHUNK), this.expires);
      count += 1;
    }
    this.#write(`${name}.n`, String(count), this.expires);
  }

  removeItem(key) {
    const name = encodeURIComponent(key);
    for (const cookie of jar().keys()) {
      if (cookie === name || (cookie.startsWith(`${name}.`) && /^(\d+|n)$/.test(cookie.slice(name.length + 1)))) {
        this.#write(cookie, '', -1);
      }
    }
  }
}
