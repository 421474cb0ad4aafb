import { chmodSync, chownSync, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { letServerReach, writeInitPasswordFile } from './embedded-postgres';

const asRoot = userInfo().uid === 0;
const rootOnly = asRoot ? it : it.skip;
const NOBODY = { uid: 65534, gid: 65534 };
const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('the embedded PostgreSQL: files and folder permissions', () => {
  it('writes the initial password file readable by the server alone', () => {
    const folder = mkdtempSync(join(tmpdir(), 'bosam-pw-'));
    const file = writeInitPasswordFile(folder, 'secret', asRoot ? NOBODY : undefined);
    expect(modeOf(file)).toBe(0o600);
    if (asRoot) expect(statSync(file).uid).toBe(NOBODY.uid);
  });

  rootOnly('opens only the folders the server cannot pass through, and only their search bit for others', () => {
    const base = mkdtempSync(join(tmpdir(), 'bosam-reach-'));
    chmodSync(base, 0o755);
    const viaGroup = join(base, 'group');
    const closed = join(viaGroup, 'closed');
    const data = join(closed, 'data');
    mkdirSync(data, { recursive: true });
    chmodSync(viaGroup, 0o750);
    chownSync(viaGroup, 0, NOBODY.gid); // the server's group may pass: no change needed
    chmodSync(closed, 0o700);
    chmodSync(data, 0o700);
    const changed = letServerReach(data, NOBODY);
    expect(changed.sort()).toEqual([closed, data].sort());
    expect(modeOf(viaGroup)).toBe(0o750);
    expect(modeOf(closed)).toBe(0o701);
    expect(modeOf(data)).toBe(0o701);
    // Run again: nothing left to change.
    expect(letServerReach(data, NOBODY)).toEqual([]);
  });
});
