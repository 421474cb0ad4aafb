import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config';
import { blindIndex, fingerprint, loadKeyring, parseKeyring, PersonalData, seal, unseal } from './personal-data';

const key = (id: string, byte: number) => ({ id, secret: Buffer.alloc(32, byte) });
const PNR = '191212121212';

describe('personal data at rest', () => {
  it('seals with AES-256-GCM under a named key and opens again; a changed byte or another purpose fails', () => {
    const k = key('k1', 1);
    const sealed = seal(k, 'personnummer', PNR);
    expect(sealed.startsWith('k1:')).toBe(true);
    expect(sealed).not.toContain(PNR);
    expect(seal(k, 'personnummer', PNR)).not.toBe(sealed); // a fresh nonce each time
    expect(unseal({ keys: [k] }, 'personnummer', sealed)).toBe(PNR);
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    raw[raw.length - 1] ^= 1;
    expect(() => unseal({ keys: [k] }, 'personnummer', `k1:${raw.toString('base64url')}`)).toThrow();
    expect(() => unseal({ keys: [k] }, 'address', sealed)).toThrow();
    expect(() => unseal({ keys: [key('k2', 2)] }, 'personnummer', sealed)).toThrow(/not configured \(k1\)/);
  });

  it('indexes the canonical twelve digits with a keyed HMAC: the same under one key, different under another', () => {
    expect(blindIndex(key('a', 1), PNR).equals(blindIndex(key('b', 1), PNR))).toBe(true);
    expect(blindIndex(key('a', 1), PNR).equals(blindIndex(key('a', 2), PNR))).toBe(false);
    expect(blindIndex(key('a', 1), PNR)).toHaveLength(32);
    expect(() => blindIndex(key('a', 1), '121212-1212')).toThrow();
  });

  it('verifies a fingerprint under the key it names, and never under a key it does not know', () => {
    const old = key('old', 3);
    const current = key('new', 4);
    const stored = fingerprint(old, 'digest');
    expect(new PersonalData({ keys: [current, old] }).sameFingerprint(stored, 'digest')).toBe(true);
    expect(new PersonalData({ keys: [current, old] }).sameFingerprint(stored, 'other')).toBe(false);
    expect(new PersonalData({ keys: [current] }).sameFingerprint(stored, 'digest')).toBe(false);
  });

  it('reads PERSONAL_DATA_KEYS (current first) and refuses a malformed ring, naming the variable', () => {
    const ring = `k2:${Buffer.alloc(32, 2).toString('base64')},k1:${Buffer.alloc(32, 1).toString('base64')}`;
    expect(parseKeyring(ring, 'PERSONAL_DATA_KEYS').keys.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(loadConfig({ PERSONAL_DATA_KEYS: ring }).personalDataKeys).toBe(ring);
    for (const bad of [
      'k1',
      `k1:${Buffer.alloc(16).toString('base64')}`,
      `a b:${Buffer.alloc(32).toString('base64')}`,
      `${ring},${ring}`,
    ]) {
      expect(() => loadConfig({ PERSONAL_DATA_KEYS: bad })).toThrow(/PERSONAL_DATA_KEYS/);
    }
  });

  it('generates a key once into the data folder, readable by its owner only, when none is configured', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bosam-keys-'));
    const first = loadKeyring({ dataDir });
    const second = loadKeyring({ dataDir });
    expect(first.keys).toHaveLength(1);
    expect(second.keys[0].secret.equals(first.keys[0].secret)).toBe(true);
    const file = join(dataDir, 'personal-data-keys');
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^k\d{14}:/);
  });
});
