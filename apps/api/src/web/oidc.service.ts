import { Inject, Injectable } from '@nestjs/common';
import * as oidc from 'openid-client';
import { Actor, BOSAM_CONFIG, BosamConfig, DomainError, TokenVerifier } from '@bosam/platform';
import { PendingSignIn } from './session.service';

/**
 * Sign-in with AUTH_MODE=oidc: the authorization-code flow with PKCE (RFC 7636) against OIDC_ISSUER,
 * through openid-client. The issuer's ID token is checked by openid-client (signature, issuer, client,
 * nonce); the access token then goes through the API's own TokenVerifier, so a page's actor has exactly
 * the roles, district and unit the same person would have on the API.
 */
@Injectable()
export class OidcService {
  private configuration?: Promise<oidc.Configuration>;

  constructor(
    @Inject(BOSAM_CONFIG) private readonly config: BosamConfig,
    private readonly verifier: TokenVerifier,
  ) {}

  get enabled(): boolean {
    return this.config.authMode === 'oidc';
  }

  private discover(): Promise<oidc.Configuration> {
    this.configuration ??= (async () => {
      const issuer = new URL(this.config.oidcIssuer!);
      const auth = this.config.oidcClientSecret ? oidc.ClientSecretBasic(this.config.oidcClientSecret) : oidc.None();
      // A plain-http issuer is accepted only because the configuration names one (a local issuer in tests).
      const options = issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined;
      return oidc.discovery(issuer, this.config.oidcClientId!, undefined, auth, options);
    })().catch((error: unknown) => {
      this.configuration = undefined;
      throw error;
    });
    return this.configuration;
  }

  /** Where to send the browser, and what to keep until it comes back. */
  async begin(redirectUri: string, returnTo: string): Promise<{ url: string; pending: PendingSignIn }> {
    const configuration = await this.discover();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const pending: PendingSignIn = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier, returnTo };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: 'openid profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, pending };
  }

  /** The issuer's answer at the callback: the code exchanged (with the PKCE verifier) for the actor. */
  async finish(currentUrl: URL, pending: PendingSignIn): Promise<Actor> {
    const configuration = await this.discover();
    let accessToken: string;
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      accessToken = tokens.access_token;
    } catch {
      throw new DomainError('UNAUTHENTICATED', 'The sign-in at the issuer did not succeed.');
    }
    return this.verifier.verify(`Bearer ${accessToken}`);
  }
}
