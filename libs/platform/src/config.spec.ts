import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, localAuthSecret } from './config';

describe('loadConfig', () => {
  it('has defaults for everything (embedded database, PostgreSQL queues, local auth)', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, authMode: 'local', databaseUrl: undefined, redisUrl: undefined, demo: undefined });
  });

  it.each([
    ['PORT', 'abc', /PORT.*whole number/],
    ['PORT', '70000', /PORT.*between/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL.*postgres/],
    ['DATABASE_URL', 'not a url', /DATABASE_URL.*not a valid URL/],
    ['REDIS_URL', 'http://x', /REDIS_URL.*redis/],
    ['AUTH_MODE', 'ldap', /AUTH_MODE.*local, oidc/],
    ['BOSAM_DEMO', 'yes', /BOSAM_DEMO/],
    ['AUTH_LOCAL_SECRET', 'short', /AUTH_LOCAL_SECRET.*32/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL/],
  ])('stops on a bad %s, naming it', (variable, value, message) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(message);
  });

  it('needs issuer and audience in OIDC mode', () => {
    expect(() => loadConfig({ AUTH_MODE: 'oidc' })).toThrow(/OIDC_ISSUER/);
    expect(() => loadConfig({ AUTH_MODE: 'oidc', OIDC_ISSUER: 'https://idp.example' })).toThrow(/OIDC_AUDIENCE/);
    expect(loadConfig({ AUTH_MODE: 'oidc', OIDC_ISSUER: 'https://idp.example', OIDC_AUDIENCE: 'bosam' }).authMode).toBe('oidc');
  });

  it('refuses a secret file shorter than 32 characters, like the variable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bosam-secret-'));
    writeFileSync(join(dir, 'auth-local-secret'), 'short-secret\n', { mode: 0o600 });
    expect(() => localAuthSecret(loadConfig({ BOSAM_DATA_DIR: dir }))).toThrow(/AUTH_LOCAL_SECRET.*32/);
    writeFileSync(join(dir, 'auth-local-secret'), 'x'.repeat(32), { mode: 0o600 });
    expect(localAuthSecret(loadConfig({ BOSAM_DATA_DIR: dir }))).toBe('x'.repeat(32));
  });
});
