import { createRemoteJWKSet, jwtVerify, JWTPayload, SignJWT } from 'jose';
import { isCode } from '../codes';
import { BosamConfig, localAuthSecret } from '../config';
import { DomainError } from '../errors';
import { Actor, Role, ROLES } from './actor';

const ISSUER = 'bosam-local';
const AUDIENCE = 'bosam';

/** The longest a token may live (from `iat`, or from now without one): a working day. */
export const MAX_TOKEN_LIFETIME_SECONDS = 12 * 3600;
/** How far apart the issuer's clock and ours may be. */
const CLOCK_SKEW_SECONDS = 60;

export async function signLocalToken(
  config: BosamConfig,
  claims: { sub: string; name?: string; role: Role; district: string; unit?: string },
  ttlSeconds = MAX_TOKEN_LIFETIME_SECONDS,
): Promise<string> {
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_TOKEN_LIFETIME_SECONDS) {
    throw new Error(`The lifetime must be a whole number of seconds from 1 to ${MAX_TOKEN_LIFETIME_SECONDS}.`);
  }
  const key = new TextEncoder().encode(localAuthSecret(config));
  return new SignJWT({ name: claims.name ?? claims.sub, role: claims.role, district: claims.district, unit: claims.unit })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key);
}

const unauthenticated = (detail: string): DomainError => new DomainError('UNAUTHENTICATED', detail);

/** A token must expire, within the maximum lifetime, and may not be issued in the future (ASVS 9.2.1, 9.2.3). */
function checkLifetime(payload: JWTPayload, now = Math.floor(Date.now() / 1000)): void {
  if (typeof payload.exp !== 'number') throw unauthenticated('The token has no expiry (exp).');
  if (payload.iat !== undefined && (typeof payload.iat !== 'number' || payload.iat > now + CLOCK_SKEW_SECONDS)) {
    throw unauthenticated('The token is issued in the future (iat).');
  }
  const from = typeof payload.iat === 'number' ? Math.min(payload.iat, now) : now;
  if (payload.exp - from > MAX_TOKEN_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS) {
    throw unauthenticated(`The token lives longer than ${MAX_TOKEN_LIFETIME_SECONDS / 3600} hours.`);
  }
}

function toActor(payload: JWTPayload): Actor {
  const { sub, name, role, district, unit } = payload as JWTPayload & Record<string, unknown>;
  if (typeof sub !== 'string' || sub === '') throw unauthenticated('The token has no subject.');
  if (typeof role !== 'string' || !ROLES.includes(role as Role)) throw unauthenticated('The token has no valid role.');
  if (!isCode(district)) {
    throw unauthenticated('The token has no valid district.');
  }
  if (role === 'unit_rep' && (typeof unit !== 'string' || unit === '')) {
    throw unauthenticated('A unit_rep token must name its unit.');
  }
  return {
    sub,
    name: typeof name === 'string' ? name : sub,
    role: role as Role,
    district,
    unit: typeof unit === 'string' ? unit : undefined,
  };
}

/** The most verified tokens kept (a few hundred bytes each). */
const VERIFIED_TOKENS = 10_000;

/** Verifies bearer tokens: HS256 with the local secret, or the OIDC issuer's keys. */
export class TokenVerifier {
  private readonly verifyKey: Parameters<typeof jwtVerify>[1];
  private readonly options: { issuer: string; audience: string; algorithms: string[] };
  /**
   * Tokens verified lately, keyed by the whole token, with their actor, most recently used last:
   * a client sends the same token with every request, and verifying it (signature, claims) again is
   * most of what an authenticated request costs. An entry is used only until the token's own expiry.
   */
  private readonly verified = new Map<string, { actor: Actor; exp: number }>();

  constructor(config: BosamConfig) {
    if (config.authMode === 'oidc') {
      // The issuer's keys, found through its discovery document (OpenID Connect Discovery 1.0).
      const issuer = config.oidcIssuer!.replace(/\/$/, '');
      let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
      this.verifyKey = (async (header: never, token: never) => {
        if (!jwks) {
          const discovery = await fetch(`${issuer}/.well-known/openid-configuration`);
          if (!discovery.ok) throw new Error('OIDC discovery failed');
          const { jwks_uri: jwksUri } = (await discovery.json()) as { jwks_uri: string };
          jwks = createRemoteJWKSet(new URL(jwksUri));
        }
        return jwks(header, token);
      }) as never;
      this.options = { issuer: config.oidcIssuer!, audience: config.oidcAudience!, algorithms: ['RS256', 'ES256', 'PS256', 'EdDSA'] };
    } else {
      this.verifyKey = new TextEncoder().encode(localAuthSecret(config));
      this.options = { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] };
    }
  }

  async verify(authorization: string | undefined): Promise<Actor> {
    if (!authorization) throw unauthenticated('An Authorization: Bearer token is required.');
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/.exec(authorization.trim());
    if (!match) throw unauthenticated('The Authorization header is not a bearer token.');
    const token = match[1];
    const known = this.verified.get(token);
    if (known) {
      this.verified.delete(token);
      // Until its expiry the same token (signature included) verifies the same way: its actor is kept.
      if (known.exp > Math.floor(Date.now() / 1000)) {
        this.verified.set(token, known);
        return { ...known.actor };
      }
    }
    try {
      const { payload } = await jwtVerify(token, this.verifyKey as never, { ...this.options, requiredClaims: ['exp'] });
      checkLifetime(payload);
      const actor = toActor(payload);
      if (this.verified.size >= VERIFIED_TOKENS) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, { actor, exp: payload.exp! });
      return { ...actor };
    } catch (error) {
      if (error instanceof DomainError) throw error;
      const code = (error as { code?: string }).code;
      if (code === 'ERR_JWT_EXPIRED') throw unauthenticated('The token has expired.');
      if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && (error as { claim?: string }).claim === 'exp') {
        throw unauthenticated('The token has no expiry (exp).');
      }
      throw unauthenticated('The token is not valid.');
    }
  }
}
