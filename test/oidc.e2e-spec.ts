import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, JWK, SignJWT } from 'jose';
import { createTestApp, TestApp } from './support/app';

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

// AUTH_MODE=oidc against an identity provider on this machine: discovery document and JWKS.
describe('authentication in OIDC mode', () => {
  let t: TestApp;
  let server: Server;
  let issuer: string;
  let privateKey: SigningKey;
  let otherKey: SigningKey;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = pair.privateKey;
    otherKey = (await generateKeyPair('RS256')).privateKey;
    const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      if (request.url === '/.well-known/openid-configuration') response.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
      else if (request.url === '/jwks') response.end(JSON.stringify({ keys: [jwk] }));
      else response.writeHead(404).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await createTestApp({ env: { AUTH_MODE: 'oidc', OIDC_ISSUER: issuer, OIDC_AUDIENCE: 'bosam-api' } });
    await t.dataSource.query(`INSERT INTO district (code, name) VALUES ('TEST', 'Test')`);
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => server.close(resolve));
  });

  const token = (key: SigningKey, claims: { iss?: string; aud?: string; exp?: string } = {}) =>
    new SignJWT({ name: 'Kim Samordnare', role: 'coordinator', district: 'TEST' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject('kim')
      .setIssuer(claims.iss ?? issuer)
      .setAudience(claims.aud ?? 'bosam-api')
      .setExpirationTime(claims.exp ?? '5m')
      .sign(key);

  it("accepts a token signed with the issuer's key", async () => {
    const res = await t
      .http()
      .get('/api/v1/districts')
      .set('Authorization', `Bearer ${await token(privateKey)}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([{ code: 'TEST', name: 'Test', unitRepsMayClose: false }]);
  });

  it.each([
    ['another key', () => token(otherKey)],
    ['another issuer', () => token(privateKey, { iss: 'https://elsewhere.example' })],
    ['another audience', () => token(privateKey, { aud: 'someone-else' })],
  ])('refuses a token with %s', async (_, make) => {
    const res = await t
      .http()
      .get('/api/v1/districts')
      .set('Authorization', `Bearer ${await make()}`);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it.each([
    [
      'no expiry',
      () =>
        new SignJWT({ name: 'Kim Samordnare', role: 'coordinator', district: 'TEST' })
          .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
          .setSubject('kim')
          .setIssuer(issuer)
          .setAudience('bosam-api')
          .setIssuedAt()
          .sign(privateKey),
    ],
    ['a lifetime of 13 hours', () => token(privateKey, { exp: '13h' })],
    [
      'an issue time in the future',
      () =>
        new SignJWT({ name: 'Kim Samordnare', role: 'coordinator', district: 'TEST' })
          .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
          .setSubject('kim')
          .setIssuer(issuer)
          .setAudience('bosam-api')
          .setIssuedAt(Math.floor(Date.now() / 1000) + 3600)
          .setExpirationTime('2h')
          .sign(privateKey),
    ],
  ])('refuses a token with %s, as in local mode', async (_, make) => {
    const res = await t
      .http()
      .get('/api/v1/districts')
      .set('Authorization', `Bearer ${await make()}`);
    expect(res.status).toBe(401);
  });

  it('refuses a local HS256 token', async () => {
    const res = await t
      .http()
      .get('/api/v1/districts')
      .set('Authorization', await t.auth('coordinator', 'TEST'));
    expect(res.status).toBe(401);
  });
});
