// RFC 6238 TOTP for the tests (the SDK never computes one): HMAC-SHA-1 over the 30 s step and
// dynamic truncation (RFC 4226), the shared secret in base32 (RFC 4648) as Cognito hands it out.
// Used by the rig's proof (account.test.mjs), the browser tests and the demo walk.
import { createHmac } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32(text) {
  const out = [];
  let bits = 0;
  let value = 0;
  for (const c of text.replace(/=+$/, '').toUpperCase()) {
    const index = ALPHABET.indexOf(c);
    if (index < 0) throw new Error(`not base32: ${c}`);
    value = ((value << 5) | index) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function hotp(key, counter, digits = 6) {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits).padStart(digits, '0');
}

/** The 6-digit code of the base32 `secret` at `at` (ms since the epoch). */
export function totp(secret, at = Date.now()) {
  return hotp(base32(secret), Math.floor(at / 30_000));
}
