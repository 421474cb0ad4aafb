import { spawn } from 'node:child_process';
import { SignJWT } from 'jose';
import { signLocalToken } from '@bosam/platform';
import { createTestApp, TEST_SECRET, TestApp } from './support/app';
import { createTestDatabase } from './support/database';

const KEY = new TextEncoder().encode(TEST_SECRET);
const NOW = () => Math.floor(Date.now() / 1000);

/** A local token with exactly the claims given (no defaults for exp or iat). */
function localToken(claims: { exp?: number; iat?: number; role?: string; unit?: string; district?: string }): Promise<string> {
  let jwt = new SignJWT({ name: 'Test', role: claims.role ?? 'coordinator', district: claims.district ?? 'TOK', unit: claims.unit })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject('someone')
    .setIssuer('bosam-local')
    .setAudience('bosam');
  if (claims.iat !== undefined) jwt = jwt.setIssuedAt(claims.iat);
  if (claims.exp !== undefined) jwt = jwt.setExpirationTime(claims.exp);
  return jwt.sign(KEY);
}

/** Runs a CLI entry point from source; resolves with its exit code and output. */
function runCli(
  script: string,
  args: string[],
  env: Record<string, string>,
  until?: RegExp,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', script, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (until && until.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('tokens and secrets', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.auth('admin', 'TOK');
    await t.http().post('/api/v1/districts').set('Authorization', admin).send({ code: 'TOK', name: 'Tokendistriktet' }).expect(201);
    await t
      .http()
      .post('/api/v1/districts/TOK/units')
      .set('Authorization', admin)
      .send({ code: 'EKB', name: 'Ekonomiskt bistånd' })
      .expect(201);
    await t.http().post('/api/v1/districts').set('Authorization', admin).send({ code: 'TOK2', name: 'Annat' }).expect(201);
    await t
      .http()
      .post('/api/v1/districts/TOK2/units')
      .set('Authorization', await t.auth('admin', 'TOK2'))
      .send({ code: 'VUX', name: 'Vuxen' })
      .expect(201);
  });
  afterAll(() => t.close());

  const status = async (token: string) => (await t.http().get('/api/v1/cases?district=TOK').set('Authorization', `Bearer ${token}`)).status;

  it('accepts a token of an ordinary lifetime, and one issued a few seconds ahead of our clock', async () => {
    expect(await status(await localToken({ iat: NOW(), exp: NOW() + 3600 }))).toBe(200);
    expect(await status(await localToken({ iat: NOW() + 10, exp: NOW() + 3600 }))).toBe(200);
  });

  it.each([
    ['without exp', () => localToken({ iat: NOW() })],
    ['without exp or iat', () => localToken({})],
    ['living 13 hours', () => localToken({ iat: NOW(), exp: NOW() + 13 * 3600 })],
    ['living a year, without iat', () => localToken({ exp: NOW() + 365 * 86400 })],
    ['issued in the future', () => localToken({ iat: NOW() + 600, exp: NOW() + 3600 })],
  ])('refuses a token %s (401)', async (_what, make) => {
    const res = await t
      .http()
      .get('/api/v1/cases?district=TOK')
      .set('Authorization', `Bearer ${await make()}`);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a unit representative whose unit does not exist in the district, also one of another district', async () => {
    const valid = await localToken({ role: 'unit_rep', unit: 'EKB', iat: NOW(), exp: NOW() + 600 });
    expect(await status(valid)).toBe(200);
    for (const unit of ['NOPE', 'VUX']) {
      const res = await t
        .http()
        .get('/api/v1/cases?district=TOK')
        .set('Authorization', `Bearer ${await localToken({ role: 'unit_rep', unit, iat: NOW(), exp: NOW() + 600 })}`);
      expect(res.status).toBe(401);
      expect(res.body.detail).toMatch(/unit/);
    }
  });

  it('signs no token longer than the maximum', async () => {
    await expect(signLocalToken(t.config, { sub: 'x', role: 'coordinator', district: 'TOK' }, 13 * 3600)).rejects.toThrow(/lifetime/);
    await expect(signLocalToken(t.config, { sub: 'x', role: 'coordinator', district: 'TOK' }, 12 * 3600)).resolves.toEqual(
      expect.any(String),
    );
  });

  it('npm run token -- --ttl is capped at 12 hours', async () => {
    const env = { AUTH_LOCAL_SECRET: TEST_SECRET, LOG_LEVEL: 'silent' };
    const refused = await runCli('apps/cli/src/token.ts', ['--role', 'coordinator', '--district', 'TOK', '--ttl', '86400'], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/ttl/);
    const ok = await runCli('apps/cli/src/token.ts', ['--role', 'coordinator', '--district', 'TOK', '--ttl', '3600'], env);
    expect(ok.code).toBe(0);
    expect(await status(ok.stdout.trim())).toBe(200);
  }, 60000);
});

describe('npm start with DATABASE_URL', () => {
  it('prints no coordinator token, even with demo data', async () => {
    const database = await createTestDatabase();
    try {
      const result = await runCli(
        'apps/cli/src/start.ts',
        [],
        {
          DATABASE_URL: database.url,
          BOSAM_DEMO: '1',
          PORT: '0',
          AUTH_LOCAL_SECRET: TEST_SECRET,
          QUEUE_PREFIX: database.name,
          LOG_LEVEL: 'error',
          REDIS_URL: '',
        },
        /Press Ctrl-C to stop/,
      );
      expect(result.stdout).toMatch(/Bosam is running/);
      expect(result.stdout).not.toMatch(/token/i);
      expect(result.stdout).not.toMatch(/eyJ[A-Za-z0-9_-]+\./);
    } finally {
      await database.drop();
    }
  }, 120000);
});
