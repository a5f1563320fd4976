/** Options of the cookies (Amplify v6's CookieStorage options). */
export interface CookieStorageOptions {
  /** The cookies' domain; the page's host when absent. */
  domain?: string;
  /** Default `/`. */
  path?: string;
  /** Default `true`. */
  secure?: boolean;
  /** Default `'lax'`. */
  sameSite?: 'strict' | 'lax' | 'none';
  /** Days until the cookies expire; default 365. */
  expires?: number;
}

/**
 * A session storage in cookies: pass `storage: new CookieStorage()` to `new CognitoAuth`. A
 * value longer than one cookie holds is split into chunks and joined back; removing a key
 * removes every chunk.
 */
export declare class CookieStorage {
  constructor(options?: CookieStorageOptions);
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}
