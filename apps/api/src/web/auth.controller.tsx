import { randomBytes } from 'node:crypto';
import { Controller, Get, Inject, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Allow, BOSAM_CONFIG, BosamConfig, Public, TokenVerifier } from '@bosam/platform';
import { DEMO_PEOPLE } from './demo-people';
import { OidcService } from './oidc.service';
import { LoginPage } from './pages/login';
import { redirect, renderPage, sendHtml } from './render';
import { field, safeReturnTo, WebRequest } from './request';
import { sameToken, SESSION_COOKIE, SessionService } from './session.service';
import { WebErrorFilter } from './web-error.filter';
import { SignInPage, WebGuard } from './web.guard';

// Before a session exists, the sign-in form is protected by a double-submit token: a random value in a
// SameSite=Strict cookie that must come back in the form.
const LOGIN_COOKIE = 'bosam_login';
const PENDING_COOKIE = 'bosam_oidc';
const SESSION_COOKIE_OPTIONS = { path: '/', httpOnly: true, sameSite: 'lax', secure: 'auto' } as const;

@ApiExcludeController()
@Public()
@UseGuards(WebGuard)
@UseFilters(WebErrorFilter)
@Controller()
export class AuthController {
  constructor(
    @Inject(BOSAM_CONFIG) private readonly config: BosamConfig,
    private readonly sessions: SessionService,
    private readonly verifier: TokenVerifier,
    private readonly oidc: OidcService,
    private readonly dataSource: DataSource,
  ) {}

  private async demoDistrict(): Promise<string | undefined> {
    if (this.config.authMode !== 'local') return undefined;
    const [row] = await this.dataSource.query('SELECT district_code FROM demo_district ORDER BY loaded_at LIMIT 1');
    return row?.district_code;
  }

  private async showLogin(
    reply: FastifyReply,
    next: string,
    extra: { error?: string; expired?: boolean; signedOut?: boolean } = {},
    status = 200,
  ) {
    const csrf = randomBytes(24).toString('base64url');
    void reply.setCookie(LOGIN_COOKIE, csrf, { path: '/login', httpOnly: true, sameSite: 'strict', secure: 'auto', maxAge: 3600 });
    sendHtml(
      reply,
      renderPage(<LoginPage mode={this.config.authMode} csrf={csrf} next={next} demoDistrict={await this.demoDistrict()} {...extra} />),
      status,
    );
  }

  @Get('login')
  @SignInPage()
  async loginPage(@Query() query: Record<string, unknown>, @Res() reply: FastifyReply): Promise<void> {
    await this.showLogin(reply, safeReturnTo(query.next), { expired: query.utgangen === '1', signedOut: query.utloggad === '1' });
  }

  private signIn(reply: FastifyReply, token: string, next: string): void {
    void reply.clearCookie(LOGIN_COOKIE, { path: '/login' });
    void reply.setCookie(SESSION_COOKIE, token, SESSION_COOKIE_OPTIONS);
    redirect(reply, next);
  }

  @Post('login')
  @SignInPage()
  async login(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const next = safeReturnTo(field(request.body, 'next'));
    if (!sameToken(field(request.body, '_csrf'), request.cookies[LOGIN_COOKIE])) {
      return this.showLogin(reply, next, { error: 'Sidan var för gammal. Försök igen.' }, 403);
    }
    if (this.config.authMode !== 'local') return this.showLogin(reply, next, { error: 'Logga in med kommunens inloggningstjänst.' }, 400);
    const token = field(request.body, 'token');
    try {
      const actor = await this.verifier.verify(`Bearer ${token}`);
      this.signIn(reply, await this.sessions.create(actor), next);
    } catch {
      await this.showLogin(
        reply,
        next,
        { error: 'Nyckeln gäller inte (fel, ofullständig eller för gammal). Skapa en ny med npm run token.' },
        401,
      );
    }
  }

  @Post('login/demo')
  @SignInPage()
  async loginDemo(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const next = safeReturnTo(field(request.body, 'next'));
    if (!sameToken(field(request.body, '_csrf'), request.cookies[LOGIN_COOKIE])) {
      return this.showLogin(reply, next, { error: 'Sidan var för gammal. Försök igen.' }, 403);
    }
    const district = await this.demoDistrict();
    const person = DEMO_PEOPLE.find((p) => p.key === field(request.body, 'person'));
    if (!district || !person) return this.showLogin(reply, next, { error: 'Demoinloggning finns bara när demostadsdelen är inläst.' }, 404);
    const { key: _key, about: _about, ...actor } = person;
    this.signIn(reply, await this.sessions.create({ ...actor, district }), next);
  }

  @Get('login/oidc')
  @SignInPage()
  async loginOidc(@Req() request: WebRequest, @Query('next') next: unknown, @Res() reply: FastifyReply): Promise<void> {
    if (!this.oidc.enabled) return redirect(reply, '/login');
    const { url, pending } = await this.oidc.begin(this.callbackUri(request), safeReturnTo(next));
    const token = await this.sessions.begin(pending);
    // Lax, not Strict: the browser comes back from the issuer by a top-level navigation from its site.
    void reply.setCookie(PENDING_COOKIE, token, { path: '/login', httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: 600 });
    void reply.status(303).header('location', url).send();
  }

  @Get('login/callback')
  @SignInPage()
  async callback(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const pending = await this.sessions.takePending(request.cookies[PENDING_COOKIE]);
    void reply.clearCookie(PENDING_COOKIE, { path: '/login' });
    if (!pending) return this.showLogin(reply, '/', { error: 'Inloggningen tog för lång tid eller startades inte här. Försök igen.' }, 400);
    try {
      const current = new URL(request.url, this.callbackUri(request));
      const actor = await this.oidc.finish(current, pending);
      this.signIn(reply, await this.sessions.create(actor), pending.returnTo);
    } catch {
      await this.showLogin(reply, '/', { error: 'Inloggningen misslyckades. Försök igen.' }, 401);
    }
  }

  private callbackUri(request: WebRequest): string {
    return `${request.protocol}://${request.headers.host}/login/callback`;
  }

  @Post('logout')
  @Allow('admin', 'coordinator', 'unit_rep', 'evaluator', 'auditor')
  async logout(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.sessions.destroy(request.cookies[SESSION_COOKIE]);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    redirect(reply, '/login?utloggad=1');
  }
}
