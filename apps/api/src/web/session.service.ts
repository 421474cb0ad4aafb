import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor } from '@bosam/platform';

/** Idle timeout and absolute lifetime of a signed-in session. */
export const SESSION_IDLE_MINUTES = 30;
export const SESSION_ABSOLUTE_HOURS = 12;
/** A sign-in in progress (OIDC redirect) lasts this long. */
const PENDING_MINUTES = 10;

export const SESSION_COOKIE = 'bosam_session';

export interface WebSession {
  actor: Actor;
  csrfToken: string;
}

/** What a sign-in through the issuer must find again when it comes back. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}

const hash = (token: string): string => createHash('sha256').update(token).digest('hex');
const newToken = (): string => randomBytes(32).toString('base64url');

/** Constant-time comparison of two strings (CSRF tokens). */
export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Server-side sessions in PostgreSQL. The cookie holds a random token; the table holds its hash, the
 * actor (the same claims a bearer token gives) and the CSRF token of the session's forms. A session ends
 * after 30 minutes without a request, 12 hours after sign-in, or at sign-out.
 */
@Injectable()
export class SessionService {
  constructor(private readonly dataSource: DataSource) {}

  /** Starts a session for a signed-in actor; returns the cookie's token. Expired rows are swept here. */
  async create(actor: Actor): Promise<string> {
    const token = newToken();
    await this.dataSource.query(`INSERT INTO web_session (token_hash, actor, csrf_token) VALUES ($1, $2, $3)`, [
      hash(token),
      JSON.stringify(actor),
      newToken(),
    ]);
    await this.sweep();
    return token;
  }

  /** The live session of a cookie token, its idle clock restarted; undefined when there is none or it expired. */
  async resume(token: string | undefined): Promise<WebSession | undefined> {
    if (!token || token.length > 200) return undefined;
    // An UPDATE or DELETE … RETURNING answers [rows, count].
    const [[row]]: [Array<{ actor: Actor; csrf_token: string }>] = await this.dataSource.query(
      `UPDATE web_session SET last_seen_at = now()
        WHERE token_hash = $1 AND actor IS NOT NULL
          AND last_seen_at > now() - make_interval(mins => $2)
          AND created_at > now() - make_interval(hours => $3)
        RETURNING actor, csrf_token`,
      [hash(token), SESSION_IDLE_MINUTES, SESSION_ABSOLUTE_HOURS],
    );
    return row ? { actor: row.actor, csrfToken: row.csrf_token } : undefined;
  }

  async destroy(token: string | undefined): Promise<void> {
    if (!token || token.length > 200) return;
    await this.dataSource.query('DELETE FROM web_session WHERE token_hash = $1', [hash(token)]);
  }

  /** A sign-in through the issuer begins: its state is kept server-side under a token of its own. */
  async begin(pending: PendingSignIn): Promise<string> {
    const token = newToken();
    await this.dataSource.query(`INSERT INTO web_session (token_hash, pending, csrf_token) VALUES ($1, $2, $3)`, [
      hash(token),
      JSON.stringify(pending),
      newToken(),
    ]);
    return token;
  }

  /** Takes (and removes) a sign-in in progress; it can be used once. */
  async takePending(token: string | undefined): Promise<PendingSignIn | undefined> {
    if (!token || token.length > 200) return undefined;
    const [[row]]: [Array<{ pending: PendingSignIn }>] = await this.dataSource.query(
      `DELETE FROM web_session WHERE token_hash = $1 AND actor IS NULL AND created_at > now() - make_interval(mins => $2)
       RETURNING pending`,
      [hash(token), PENDING_MINUTES],
    );
    return row?.pending ?? undefined;
  }

  private async sweep(): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM web_session
        WHERE created_at < now() - make_interval(hours => $1)
           OR last_seen_at < now() - make_interval(mins => $2)`,
      [SESSION_ABSOLUTE_HOURS, SESSION_IDLE_MINUTES],
    );
  }
}
