import { loadConfig } from '../config';
import { DomainError } from '../errors';
import { signLocalToken, TokenVerifier } from './tokens';

// Verified tokens are remembered by the whole token and only until their own expiry.

const config = loadConfig({ AUTH_LOCAL_SECRET: 'spec-secret-spec-secret-spec-secret-0123456789' });
const claims = { sub: 'anna', role: 'coordinator' as const, district: 'SKARP' };

describe('TokenVerifier', () => {
  afterEach(() => jest.useRealTimers());

  it('answers a token it verified before with the same actor, each time a copy of its own', async () => {
    const verifier = new TokenVerifier(config);
    const token = await signLocalToken(config, claims);
    const first = await verifier.verify(`Bearer ${token}`);
    const second = await verifier.verify(`Bearer ${token}`);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    second.district = 'OTHER';
    expect((await verifier.verify(`Bearer ${token}`)).district).toBe('SKARP');
  });

  it('refuses a remembered token once it has expired', async () => {
    const verifier = new TokenVerifier(config);
    const token = await signLocalToken(config, claims, 60);
    await verifier.verify(`Bearer ${token}`);
    jest.useFakeTimers({ now: Date.now() + 61_000, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    await expect(verifier.verify(`Bearer ${token}`)).rejects.toThrow(new DomainError('UNAUTHENTICATED', 'The token has expired.'));
  });

  it('does not take a token with another signature for a remembered one', async () => {
    const verifier = new TokenVerifier(config);
    const token = await signLocalToken(config, claims);
    await verifier.verify(`Bearer ${token}`);
    const [header, payload, signature] = token.split('.');
    const forged = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    await expect(verifier.verify(`Bearer ${forged}`)).rejects.toThrow('The token is not valid.');
  });
});
