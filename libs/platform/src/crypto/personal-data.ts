import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { landlordNumberDisplay } from '@bosam/identity';
import { BOSAM_CONFIG, BosamConfig, ConfigError } from '../config';

/**
 * Personal data at rest: identity numbers (and protected persons' addresses) are sealed with
 * AES-256-GCM under a key kept outside the database; each sealed value names its key, so keys can
 * rotate. Matching and search go through a keyed blind index (HMAC-SHA256 of the canonical twelve
 * digits), and a notice's idempotency fingerprint is keyed too, so nothing in the database can be
 * turned back into an identity number by trying every date and birth number.
 */

/** One data key: an id (stored with every value it seals) and 32 secret bytes. */
export interface DataKey {
  id: string;
  secret: Buffer;
}

/** The configured keys, the current one first: it seals and indexes; the others only open and verify. */
export interface Keyring {
  keys: DataKey[];
}

/** What a sealed value is for; bound to the ciphertext, so a value cannot be moved to another column. */
export type SealPurpose = 'personnummer' | 'address' | 'file' | 'landlord';

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
export const PERSONAL_DATA_KEYS_FILE = 'personal-data-keys';

/** `id:base64` entries separated by commas or line breaks; every key 32 bytes. */
export function parseKeyring(text: string, source: string): Keyring {
  const entries = text
    .split(/[,\n]/)
    .map((e) => e.trim())
    .filter((e) => e !== '' && !e.startsWith('#'));
  if (entries.length === 0) throw new ConfigError(source, 'holds no key');
  const keys = entries.map((entry) => {
    const at = entry.indexOf(':');
    const id = at > 0 ? entry.slice(0, at) : '';
    if (!KEY_ID.test(id)) throw new ConfigError(source, 'each key must be written as id:base64 (id: 1–32 letters, digits, - or _)');
    const secret = Buffer.from(entry.slice(at + 1), 'base64');
    if (secret.length !== 32) throw new ConfigError(source, `key ${id} must be 32 bytes in base64`);
    return { id, secret };
  });
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new ConfigError(source, 'names a key id twice');
  return { keys };
}

export const formatKeyring = (ring: Keyring): string => ring.keys.map((k) => `${k.id}:${k.secret.toString('base64')}`).join('\n') + '\n';

/** A new key with an id from the time it was made (ids only need to be unique within the ring). */
export function newDataKey(now = new Date()): DataKey {
  return { id: `k${now.toISOString().replace(/[-:T]/g, '').slice(0, 14)}`, secret: randomBytes(32) };
}

/** Writes the key file atomically, readable by its owner only. */
export function writeKeyringFile(dataDir: string, ring: Keyring): void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, PERSONAL_DATA_KEYS_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, formatKeyring(ring), { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}

/**
 * PERSONAL_DATA_KEYS, or the key file in the data folder, generated once (like AUTH_LOCAL_SECRET):
 * `npm start` needs no set-up, and the keys survive restarts.
 */
export function loadKeyring(config: Pick<BosamConfig, 'dataDir' | 'personalDataKeys'>): Keyring {
  if (config.personalDataKeys) return parseKeyring(config.personalDataKeys, 'PERSONAL_DATA_KEYS');
  const file = join(config.dataDir, PERSONAL_DATA_KEYS_FILE);
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    try {
      writeFileSync(file, formatKeyring({ keys: [newDataKey()] }), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process (the API and the worker start together) wrote it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return parseKeyring(readFileSync(file, 'utf8'), file);
}

const derived = new WeakMap<DataKey, { seal: Buffer; index: Buffer; landlordIndex: Buffer; fingerprint: Buffer }>();
function subkeys(key: DataKey) {
  let keys = derived.get(key);
  if (!keys) {
    const derive = (info: string) => Buffer.from(hkdfSync('sha256', key.secret, Buffer.alloc(0), info, 32));
    keys = {
      seal: derive('bosam personal data seal'),
      index: derive('bosam blind index'),
      // A key of its own: a sole trader's index as a landlord cannot be joined with their index as a tenant.
      landlordIndex: derive('bosam landlord index'),
      fingerprint: derive('bosam notice fingerprint'),
    };
    derived.set(key, keys);
  }
  return keys;
}

/** The blind index of a canonical twelve-digit identity number under one key: HMAC-SHA256. */
export function blindIndex(key: DataKey, canonical: string): Buffer {
  if (!/^\d{12}$/.test(canonical)) throw new Error('blindIndex expects a canonical twelve-digit identity number');
  return createHmac('sha256', subkeys(key).index).update(canonical).digest();
}

/**
 * How a landlord's number is stored and joined on: an organisationsnummer (ten digits, public) as it
 * is; a sole trader's personnummer (twelve digits) as `p:` and its blind index (HMAC-SHA256 under a
 * landlord index key, base64url), so the same column joins companies and sole traders alike.
 */
export function landlordKey(key: DataKey, canonical: string): string {
  if (!/^\d{12}$/.test(canonical)) return canonical;
  return `p:${createHmac('sha256', subkeys(key).landlordIndex).update(canonical).digest('base64url')}`;
}

/** `keyId:base64url(iv ‖ tag ‖ ciphertext)`, AES-256-GCM with the purpose as associated data. */
export function seal(key: DataKey, purpose: SealPurpose, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', subkeys(key).seal, iv);
  cipher.setAAD(Buffer.from(purpose));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${key.id}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

export const sealedKeyId = (sealed: string): string => sealed.slice(0, sealed.indexOf(':'));

export function unseal(ring: Keyring, purpose: SealPurpose, sealed: string): string {
  const at = sealed.indexOf(':');
  const key = ring.keys.find((k) => k.id === sealed.slice(0, at));
  if (at <= 0 || !key) throw new Error(`personal data sealed with a key that is not configured (${at > 0 ? sealed.slice(0, at) : '?'})`);
  const raw = Buffer.from(sealed.slice(at + 1), 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', subkeys(key).seal, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(purpose));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

/** Binary sealing (an uploaded file's chunks): key id length, key id, nonce, tag, ciphertext. */
export function sealBytes(key: DataKey, purpose: SealPurpose, data: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', subkeys(key).seal, iv);
  cipher.setAAD(Buffer.from(purpose));
  const body = Buffer.concat([cipher.update(data), cipher.final()]);
  const id = Buffer.from(key.id);
  return Buffer.concat([Buffer.from([id.length]), id, iv, cipher.getAuthTag(), body]);
}

export function unsealBytes(ring: Keyring, purpose: SealPurpose, sealed: Buffer): Buffer {
  const id = sealed.subarray(1, 1 + sealed[0]).toString();
  const key = ring.keys.find((k) => k.id === id);
  if (!key) throw new Error(`personal data sealed with a key that is not configured (${id})`);
  const at = 1 + sealed[0];
  const decipher = createDecipheriv('aes-256-gcm', subkeys(key).seal, sealed.subarray(at, at + 12));
  decipher.setAAD(Buffer.from(purpose));
  decipher.setAuthTag(sealed.subarray(at + 12, at + 28));
  return Buffer.concat([decipher.update(sealed.subarray(at + 28)), decipher.final()]);
}

/** `keyId:hex` HMAC of a content digest: the notice's idempotency fingerprint. */
export function fingerprint(key: DataKey, digest: string): string {
  return `${key.id}:${createHmac('sha256', subkeys(key).fingerprint).update(digest).digest('hex')}`;
}

/** Nest injection token of the keyring. */
export const PERSONAL_DATA_KEYRING = Symbol('PERSONAL_DATA_KEYRING');

/** The keyring as a service: what the contexts use to seal, open, index and fingerprint. */
@Injectable()
export class PersonalData {
  constructor(@Inject(PERSONAL_DATA_KEYRING) readonly ring: Keyring) {}

  static fromConfig(config: BosamConfig): PersonalData {
    return new PersonalData(loadKeyring(config));
  }

  get current(): DataKey {
    return this.ring.keys[0];
  }

  /** The blind index used for matching and search (the current key: stored values are re-keyed on rotation). */
  index(canonical: string): Buffer {
    return blindIndex(this.current, canonical);
  }

  seal(purpose: SealPurpose, plaintext: string): string {
    return seal(this.current, purpose, plaintext);
  }

  /** A landlord's number as stored and matched (see landlordKey): a sole trader's through the blind index. */
  landlordKey(canonical: string): string {
    return landlordKey(this.current, canonical);
  }

  /** A sole trader's personnummer sealed, to be stored beside its key; null for an organisationsnummer. */
  sealLandlord(canonical: string | null): string | null {
    return canonical !== null && /^\d{12}$/.test(canonical) ? this.seal('landlord', canonical) : null;
  }

  /** The canonical landlord number of a stored key and its sealed value (a sole trader's personnummer opened). */
  landlordNumber(stored: string, sealed: string | null): string {
    return sealed ? this.open('landlord', sealed) : stored;
  }

  /** How a stored landlord number is shown: an organisationsnummer in full, a sole trader's personnummer masked. */
  landlordShown(stored: string, sealed: string | null): string {
    return landlordNumberDisplay(this.landlordNumber(stored, sealed));
  }

  open(purpose: SealPurpose, sealed: string): string {
    return unseal(this.ring, purpose, sealed);
  }

  sealBytes(purpose: SealPurpose, data: Buffer): Buffer {
    return sealBytes(this.current, purpose, data);
  }

  openBytes(purpose: SealPurpose, sealed: Buffer): Buffer {
    return unsealBytes(this.ring, purpose, sealed);
  }

  /** The fingerprint of a notice's content digest under the current key. */
  fingerprint(digest: string): string {
    return fingerprint(this.current, digest);
  }

  /** Whether a stored fingerprint is of this digest (under the key it names; an unknown key never matches). */
  sameFingerprint(stored: string, digest: string): boolean {
    const key = this.ring.keys.find((k) => k.id === sealedKeyId(stored));
    if (!key) return false;
    const a = Buffer.from(stored);
    const b = Buffer.from(fingerprint(key, digest));
    return a.length === b.length && timingSafeEqual(a, b);
  }
}

/** SHA-256 of a text, hex: the digest a fingerprint is made of. */
export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');
