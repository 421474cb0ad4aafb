import { createHash } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, JWK, SignJWT } from 'jose';
import request from 'supertest';
import { todayInStockholm } from '@bosam/calendar';
import { createTestApp, TestApp } from './support/app';
import { newCase, newDistrict } from './support/meeting-factories';

/** The session cookie from a sign-in answer, as a Cookie header value. */
const sessionOf = (res: request.Response): string => {
  const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const cookie = set.find((c) => c.startsWith('bosam_session='));
  if (!cookie) throw new Error(`no session cookie (${res.status})`);
  return cookie.split(';')[0];
};
const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)![1];

// Sign-in, sessions (idle 30 minutes, absolute 12 hours), sign-out, CSRF and district scoping of the
// web interface, without a browser.
describe('web interface: sign-in, sessions, CSRF, districts', () => {
  let t: TestApp;
  let caseA: string;
  let caseB: string;
  let pnrA: string;

  beforeAll(async () => {
    t = await createTestApp();
    const a = await newDistrict(t, 'WEBA');
    const b = await newDistrict(t, 'WEBB');
    ({ caseId: caseA, personnummer: pnrA } = await newCase(t, a, { name: 'Anna Avesta' }));
    caseB = (await newCase(t, b, { name: 'Berit Borås' })).caseId;
  });
  afterAll(() => t.close());

  /** Signs in through the sign-in page with a token, as a person would. */
  async function signIn(role: Parameters<TestApp['token']>[0], district: string, unit?: string): Promise<{ cookie: string; csrf: string }> {
    const agent = t.http();
    const page = await agent.get('/login').expect(200);
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfOf(page.text), token: await t.token(role, district, unit), next: '/' })
      .expect(303);
    expect(res.headers.location).toBe('/');
    const cookie = sessionOf(res);
    expect(([] as string[]).concat(res.headers['set-cookie']).find((c) => c.startsWith('bosam_session='))).toMatch(/HttpOnly/i);
    expect(([] as string[]).concat(res.headers['set-cookie']).find((c) => c.startsWith('bosam_session='))).toMatch(/SameSite=Lax/i);
    const start = await t.http().get('/').set('Cookie', cookie);
    return { cookie, csrf: csrfOf(start.text) };
  }

  it('sends a visitor without a session to the sign-in page, and back where they were after it', async () => {
    const res = await t.http().get(`/arenden/${caseA}`).expect(303);
    expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(`/arenden/${caseA}`)}`);
    const page = await t.http().get('/login').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('Inloggningsnyckel');
    expect(page.text).toContain('lang="sv"');
    // No demo district here: no list of people to sign in as.
    expect(page.text).not.toContain('Demo: logga in som');
  });

  it('signs in with a token from npm run token, and refuses a wrong one or a form without its token', async () => {
    const { cookie } = await signIn('coordinator', 'WEBA');
    const start = await t.http().get('/').set('Cookie', cookie).expect(200);
    expect(start.text).toContain('Test coordinator');
    const agent = t.http();
    const page = await agent.get('/login');
    const wrong = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfOf(page.text), token: 'not.a.token' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('Nyckeln gäller inte');
    // The sign-in form itself is protected: without the cookie's token it is refused.
    const forged = await t
      .http()
      .post('/login')
      .type('form')
      .send({ _csrf: 'x', token: await t.token('coordinator', 'WEBA') });
    expect(forged.status).toBe(403);
    expect(forged.headers['set-cookie'] ?? []).not.toEqual(expect.arrayContaining([expect.stringMatching(/^bosam_session=/)]));
  });

  it('ends a session after 30 minutes without a request, and 12 hours after sign-in however busy', async () => {
    const idle = await signIn('coordinator', 'WEBA');
    await t.http().get('/').set('Cookie', idle.cookie).expect(200);
    await t.dataSource.query(`UPDATE web_session SET last_seen_at = now() - interval '31 minutes' WHERE actor->>'district' = 'WEBA'`);
    const expired = await t.http().get('/').set('Cookie', idle.cookie).expect(303);
    expect(expired.headers.location).toContain('utgangen=1');

    const busy = await signIn('coordinator', 'WEBA');
    await t.dataSource.query(`UPDATE web_session SET last_seen_at = now() - interval '29 minutes' WHERE actor->>'district' = 'WEBA'`);
    await t.http().get('/').set('Cookie', busy.cookie).expect(200); // the idle clock starts again
    await t.dataSource.query(`UPDATE web_session SET created_at = now() - interval '12 hours 1 minute' WHERE actor->>'district' = 'WEBA'`);
    await t.http().get('/').set('Cookie', busy.cookie).expect(303);
  });

  it('signs out: the session ends on the server, the same cookie opens nothing afterwards', async () => {
    const { cookie, csrf } = await signIn('coordinator', 'WEBA');
    const out = await t.http().post('/logout').set('Cookie', cookie).type('form').send({ _csrf: csrf }).expect(303);
    expect(out.headers.location).toBe('/login?utloggad=1');
    await t.http().get('/').set('Cookie', cookie).expect(303);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM web_session WHERE actor->>'sub' = 'coordinator-weba' AND last_seen_at > now() - interval '1 minute'`,
    );
    expect(n).toBe(0);
  });

  it('refuses a form without the session’s CSRF token, with another session’s, or from another site', async () => {
    const mine = await signIn('coordinator', 'WEBA');
    const other = await signIn('coordinator', 'WEBA');
    const contact = { on: '2026-01-01', channel: 'phone', outcome: 'reached' };
    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM case_contact');
    for (const body of [contact, { ...contact, _csrf: 'guess' }, { ...contact, _csrf: other.csrf }]) {
      const res = await t.http().post(`/arenden/${caseA}/kontakter`).set('Cookie', mine.cookie).type('form').send(body);
      expect(res.status).toBe(403);
      expect(res.text).toContain('Formuläret kunde inte tas emot');
    }
    const crossSite = await t
      .http()
      .post(`/arenden/${caseA}/kontakter`)
      .set('Cookie', mine.cookie)
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({ ...contact, _csrf: mine.csrf });
    expect(crossSite.status).toBe(403);
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM case_contact')).toEqual(before);
    // With its token, from this site, the same form is taken.
    const ok = await t
      .http()
      .post(`/arenden/${caseA}/kontakter`)
      .set('Cookie', mine.cookie)
      .type('form')
      .send({ ...contact, on: todayInStockholm(), _csrf: mine.csrf });
    expect([ok.status, ok.headers.location]).toEqual([303, `/arenden/${caseA}?sparat=kontakt#contacts`]);
  });

  it('shows another district’s case as not found, and refuses pages a role may not use', async () => {
    const a = await signIn('coordinator', 'WEBA');
    const own = await t.http().get(`/arenden/${caseA}`).set('Cookie', a.cookie).expect(200);
    expect(own.text).toContain('Anna Avesta');
    const foreign = await t.http().get(`/arenden/${caseB}`).set('Cookie', a.cookie).expect(404);
    expect(foreign.text).toContain('Sidan finns inte');
    expect(foreign.text).not.toContain('Berit');
    const post = await t
      .http()
      .post(`/arenden/${caseB}/kontakter`)
      .set('Cookie', a.cookie)
      .type('form')
      .send({ on: '2026-11-30', channel: 'phone', outcome: 'reached', _csrf: a.csrf });
    expect(post.status).toBe(404);
    const evaluator = await signIn('evaluator', 'WEBA');
    await t.http().get(`/arenden/${caseA}`).set('Cookie', evaluator.cookie).expect(403);
    const rep = await signIn('unit_rep', 'WEBA', 'EKB');
    await t.http().get('/utvardering').set('Cookie', rep.cookie).expect(403);
  });

  it('audits page reads as the API’s service does, naming who read which case', async () => {
    const a = await signIn('coordinator', 'WEBA');
    const res = await t.http().get(`/arenden/${caseA}`).set('Cookie', a.cookie).expect(200);
    const [entry] = await t.dataSource.query(
      `SELECT action, entity_type, actor_sub, correlation_id FROM audit_log WHERE $1 = ANY(case_ids) ORDER BY id DESC LIMIT 1`,
      [caseA],
    );
    expect(entry).toEqual({
      action: 'read',
      entity_type: 'household_case',
      actor_sub: 'coordinator-weba',
      correlation_id: res.headers['x-correlation-id'],
    });
  });

  it('searches by identity number only with a stated reason, which the audit records', async () => {
    const a = await signIn('coordinator', 'WEBA');
    const without = await t.http().post('/sok').set('Cookie', a.cookie).type('form').send({ q: pnrA, _csrf: a.csrf });
    expect(without.status).toBe(400);
    expect(without.text).toContain('Ange varför du söker.');
    const found = await t
      .http()
      .post('/sok')
      .set('Cookie', a.cookie)
      .type('form')
      .send({ q: pnrA, reason: 'Samtal från hyresvärden', _csrf: a.csrf });
    expect(found.status).toBe(200);
    expect(found.text).toContain('Anna Avesta');
    expect(found.text).not.toContain('Berit');
    const [entry] = await t.dataSource.query(
      `SELECT reason FROM audit_log WHERE actor_sub = 'coordinator-weba' AND $1 = ANY(case_ids) ORDER BY id DESC LIMIT 1`,
      [caseA],
    );
    expect(entry.reason).toContain('Samtal från hyresvärden');
  });

  it('shows a validation refusal in Swedish beside the field', async () => {
    const a = await signIn('coordinator', 'WEBA');
    const res = await t
      .http()
      .post(`/arenden/${caseA}/kontakter`)
      .set('Cookie', a.cookie)
      .type('form')
      .send({ on: '2026-13-45', channel: 'phone', outcome: 'reached', _csrf: a.csrf });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Ange ett datum som ÅÅÅÅ-MM-DD.');
  });
});

// AUTH_MODE=oidc: the authorization-code flow with PKCE against an issuer on this machine.
describe('web interface: sign-in with OIDC (authorization code and PKCE)', () => {
  let t: TestApp;
  let server: Server;
  let issuer: string;
  let base: string;
  const http = () => request.agent(base);
  const codes = new Map<string, { challenge: string; nonce: string; redirectUri: string }>();

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const sign = (claims: Record<string, unknown>, audience: string) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setSubject('kim')
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
    server = createServer((req, res) => {
      const url = new URL(req.url!, issuer);
      const json = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (url.pathname === '/.well-known/openid-configuration') {
        return json(200, {
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/jwks`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
          code_challenge_methods_supported: ['S256'],
          token_endpoint_auth_methods_supported: ['none'],
        });
      }
      if (url.pathname === '/jwks') return json(200, { keys: [jwk] });
      if (url.pathname === '/token' && req.method === 'POST') {
        let body = '';
        req.on('data', (chunk) => (body += chunk));
        req.on('end', () => {
          const form = new URLSearchParams(body);
          const grant = codes.get(form.get('code') ?? '');
          const verifier = form.get('code_verifier') ?? '';
          // PKCE: the verifier must hash to the challenge the authorization request carried.
          if (
            !grant ||
            createHash('sha256').update(verifier).digest('base64url') !== grant.challenge ||
            form.get('redirect_uri') !== grant.redirectUri
          ) {
            return json(400, { error: 'invalid_grant' });
          }
          codes.delete(form.get('code')!);
          void Promise.all([
            sign({ nonce: grant.nonce, name: 'Kim Samordnare' }, 'bosam-web'),
            sign({ name: 'Kim Samordnare', role: 'coordinator', district: 'OIDC' }, 'bosam-api'),
          ]).then(([idToken, accessToken]) =>
            json(200, { id_token: idToken, access_token: accessToken, token_type: 'Bearer', expires_in: 300 }),
          );
        });
        return undefined;
      }
      return json(404, {});
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await createTestApp({ env: { AUTH_MODE: 'oidc', OIDC_ISSUER: issuer, OIDC_AUDIENCE: 'bosam-api', OIDC_CLIENT_ID: 'bosam-web' } });
    await t.dataSource.query(`INSERT INTO district (code, name) VALUES ('OIDC', 'Oidc')`);
    // Listening on one port: the redirect URI sent to the issuer must be the same at the callback.
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => server.close(resolve));
  });

  /** The issuer's side of the redirect: the person signs in there, and is sent back with a code. */
  function authorize(location: string): string {
    const url = new URL(location);
    expect(`${url.origin}${url.pathname}`).toBe(`${issuer}/authorize`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('response_type')).toBe('code');
    const code = `code-${codes.size}-${Date.now()}`;
    codes.set(code, {
      challenge: url.searchParams.get('code_challenge')!,
      nonce: url.searchParams.get('nonce')!,
      redirectUri: url.searchParams.get('redirect_uri')!,
    });
    return `/login/callback?code=${code}&state=${encodeURIComponent(url.searchParams.get('state')!)}`;
  }

  it('signs in through the issuer and back, with the roles of the access token', async () => {
    const page = await http().get('/login').expect(200);
    expect(page.text).toContain('kommunens inloggningstjänst');
    expect(page.text).not.toContain('Inloggningsnyckel');
    const agent = http();
    const begin = await agent.get('/login/oidc?next=/moten').expect(303);
    const back = await agent.get(authorize(begin.headers.location)).expect(303);
    expect(back.headers.location).toBe('/moten');
    const cookie = sessionOf(back);
    const meetings = await http().get('/moten').set('Cookie', cookie).expect(200);
    expect(meetings.text).toContain('Kim Samordnare');
    // Local tokens are no sign-in here.
    await http()
      .post('/login')
      .type('form')
      .send({ token: await t.token('coordinator', 'OIDC') })
      .expect(403);
  });

  it('refuses a callback with another state, or one that was not started in this browser', async () => {
    const agent = http();
    const begin = await agent.get('/login/oidc').expect(303);
    const callback = authorize(begin.headers.location).replace(/state=[^&]+/, 'state=forged');
    const res = await agent.get(callback);
    expect(res.status).toBe(401);
    expect(res.headers['set-cookie'] ?? []).not.toEqual(expect.arrayContaining([expect.stringMatching(/^bosam_session=/)]));
    const stranger = await http().get(authorize((await http().get('/login/oidc')).headers.location));
    expect(stranger.status).toBe(400);
  });
});
