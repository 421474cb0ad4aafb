import { Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import {
  CancelLiaisonSessionDto,
  CATEGORY_SV,
  CONSENT_REFUSAL_SV,
  ConsentsService,
  CreateExchangeDto,
  CreateLiaisonSessionDto,
  LiaisonAttendanceDto,
  LiaisonService,
} from '@bosam/landlords';
import { todayInStockholm } from '@bosam/calendar';
import { Allow, DomainError } from '@bosam/platform';
import { CreateDistrictDto, CreateLandlordDto, CreateMandateDto, CreateUnitDto, SetupService } from '@bosam/setup';
import { FormErrors, formErrors, swedishProblem, validateAs } from './forms';
import { sendPage } from './page';
import { ConsentedCase, LiaisonPage, LiaisonSessionPage, SessionForm } from './pages/liaison';
import { SetupForm, SetupPage } from './pages/setup';
import { redirect, sendHtml } from './render';
import { field, fields, WebRequest } from './request';
import { WebController } from './web-controller';

const SAVED: Record<string, string> = {
  stadsdel: 'Stadsdelen är sparad.',
  enhet: 'Enheten är sparad.',
  mandat: 'Mandatet är registrerat.',
  hyresvard: 'Hyresvärden är sparad.',
};

const SESSION_SAVED: Record<string, string> = {
  narvaro: 'Närvaron är sparad och mötet är hållet.',
  installt: 'Mötet är inställt.',
  utbyte: 'Utbytet är registrerat.',
};

/** Landlord liaison (sessions and the landlord's printable agenda) and the set-up. */
@WebController()
export class LandlordsSetupController {
  constructor(
    private readonly liaison: LiaisonService,
    private readonly consents: ConsentsService,
    private readonly setup: SetupService,
  ) {}

  @Get('samverkan')
  @Allow('coordinator')
  async sessions(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    refused?: { errors: Record<string, string>; values: Record<string, string> },
  ): Promise<void> {
    const [sessions, landlords] = await Promise.all([this.liaison.list(request.actor), this.setup.listLandlords()]);
    sendPage(
      request,
      reply,
      { title: 'Samverkan', current: '/samverkan', status: refused ? 400 : 200 },
      <LiaisonPage csrf={request.csrfToken} sessions={sessions} landlords={landlords} errors={refused?.errors} values={refused?.values} />,
    );
  }

  @Post('samverkan')
  @Allow('coordinator')
  async createSession(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const values = { on: field(request.body, 'on') };
    try {
      const dto = await validateAs(CreateLiaisonSessionDto, {
        district: request.actor.district,
        on: values.on,
        landlordOrgNumbers: await this.landlordNumbers(fields(request.body, 'landlord')),
      });
      await this.liaison.create(request.actor, dto);
      redirect(reply, '/samverkan');
    } catch (error) {
      const errors = formErrors(error) ?? (swedishProblem(error) ? { form: swedishProblem(error)! } : undefined);
      if (!errors) throw error;
      await this.sessions(request, reply, { errors, values });
    }
  }

  /** One session as a record (LiaisonService.detail, as GET /liaison-sessions/{id}), with the forms that record it. */
  @Get('samverkan/:id')
  @Allow('coordinator')
  async session(
    @Req() request: WebRequest,
    @Param('id') id: string,
    @Query('sparat') saved: unknown,
    @Res() reply: FastifyReply,
    refused?: SessionForm,
  ): Promise<void> {
    const session = await this.liaison.detail(request.actor, id);
    // The cases the exchange form offers: a consent valid today for one of the session's landlords.
    const invited = new Set(session.landlords.map((l) => l.orgNumber));
    const cases = new Map<string, ConsentedCase>();
    for (const consent of await this.consents.list(request.actor, { status: 'valid' })) {
      if (!invited.has(consent.landlord.orgNumber)) continue;
      const entry = cases.get(consent.caseId) ?? {
        caseId: consent.caseId,
        names: consent.tenantNames.join(', ') || 'Ärende',
        landlords: [],
      };
      if (!entry.landlords.includes(consent.landlord.name)) entry.landlords.push(consent.landlord.name);
      cases.set(consent.caseId, entry);
    }
    sendPage(
      request,
      reply,
      { title: `Möte med hyresvärdar ${session.on}`, current: '/samverkan', status: refused ? 400 : 200 },
      <LiaisonSessionPage
        csrf={request.csrfToken}
        session={session}
        today={todayInStockholm()}
        cases={[...cases.values()].sort((a, b) => a.names.localeCompare(b.names, 'sv'))}
        refused={refused}
        saved={typeof saved === 'string' ? SESSION_SAVED[saved] : undefined}
      />,
    );
  }

  /** A refused session form: its errors beside the fields, or the service's refusal in Swedish. */
  private async refuse(
    request: WebRequest,
    reply: FastifyReply,
    id: string,
    form: SessionForm['form'],
    values: SessionForm['values'],
    error: unknown,
  ): Promise<void> {
    let errors: FormErrors | undefined = formErrors(error);
    if (!errors && error instanceof DomainError && error.code === 'CONSENT_MISSING') {
      const missing = ((error.extra?.missing as string[] | undefined) ?? []).map((c) => CATEGORY_SV[c] ?? c);
      const why = CONSENT_REFUSAL_SV[String(error.extra?.reason)] ?? 'Samtycket täcker inte utbytet.';
      errors = { form: `Utbytet registrerades inte. ${why}${missing.length ? ` Saknas: ${missing.join(', ')}.` : ''}` };
      if (missing.length) errors.categories = `Samtycke saknas för: ${missing.join(', ')}.`;
    }
    if (!errors && error instanceof DomainError && error.code === 'CONFLICT')
      errors = { form: 'Det går inte: mötet är inställt eller har redan hållits.' };
    errors ??= swedishProblem(error) ? { form: swedishProblem(error)! } : undefined;
    if (!errors) throw error;
    if (errors.on) errors.form ??= errors.on;
    await this.session(request, id, undefined, reply, { form, errors, values });
  }

  /** Who came for each landlord; the session is then held (LiaisonService.recordAttendance, as PUT …/attendance). */
  @Post('samverkan/:id/narvaro')
  @Allow('coordinator')
  async sessionAttendance(@Req() request: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const attendees = fields(request.body, 'attendees');
    try {
      const landlords = await this.landlordNumbers(fields(request.body, 'landlord'));
      const dto = await validateAs(LiaisonAttendanceDto, {
        landlords: landlords.map((landlordOrgNumber, i) => ({
          landlordOrgNumber,
          attendees: (attendees[i] ?? '')
            .split(',')
            .map((a) => a.trim())
            .filter(Boolean),
        })),
      });
      await this.liaison.recordAttendance(request.actor, id, dto);
      redirect(reply, `/samverkan/${id}?sparat=narvaro`);
    } catch (error) {
      await this.refuse(request, reply, id, 'attendance', { attendees }, error);
    }
  }

  @Post('samverkan/:id/stall-in')
  @Allow('coordinator')
  async cancelSession(@Req() request: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const values = { reason: field(request.body, 'reason') };
    try {
      await this.liaison.cancel(request.actor, id, await validateAs(CancelLiaisonSessionDto, values));
      redirect(reply, `/samverkan/${id}?sparat=installt`);
    } catch (error) {
      await this.refuse(request, reply, id, 'cancel', values, error);
    }
  }

  /** What was shared with a landlord at the session: ConsentsService.recordExchange, which refuses what consent does not cover. */
  @Post('samverkan/:id/utbyte')
  @Allow('coordinator')
  async exchange(@Req() request: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const values = {
      caseId: field(request.body, 'caseId'),
      landlordOrgNumber: field(request.body, 'landlordOrgNumber'),
      direction: field(request.body, 'direction'),
      categories: fields(request.body, 'categories'),
      summary: field(request.body, 'summary'),
    };
    try {
      const landlordOrgNumber = await this.setup.landlordNumberFor(values.landlordOrgNumber);
      await this.consents.recordExchange(
        request.actor,
        await validateAs(CreateExchangeDto, { ...values, landlordOrgNumber, sessionId: id }),
      );
      redirect(reply, `/samverkan/${id}?sparat=utbyte#exchanges`);
    } catch (error) {
      await this.refuse(request, reply, id, 'exchange', values, error);
    }
  }

  /** The landlord's agenda, printable to hand over: the liaison context's own printed page. */
  @Get('samverkan/:id/dagordning')
  @Allow('coordinator')
  async landlordAgenda(
    @Req() request: WebRequest,
    @Param('id') id: string,
    @Query('hyresvard') landlord: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const number = typeof landlord === 'string' ? await this.setup.landlordNumberFor(landlord) : landlord;
    sendHtml(reply, await this.liaison.agendaHtml(request.actor, id, number));
  }

  /** The forms name landlords by their id in the register (a sole trader's number is shown masked only). */
  private landlordNumbers(choices: string[]): Promise<string[]> {
    return Promise.all(choices.map((choice) => this.setup.landlordNumberFor(choice)));
  }

  private async setupPage(
    request: WebRequest,
    reply: FastifyReply,
    code: string | undefined,
    refused?: SetupForm,
    saved?: string,
  ): Promise<void> {
    const { actor } = request;
    const districts = await this.setup.listDistricts(actor);
    const district = districts.find((d) => d.code === (code ?? (actor.role === 'admin' ? districts[0]?.code : actor.district)));
    const units = district
      ? await Promise.all(
          (await this.setup.listUnits(actor, district.code)).map(async (u) => ({
            ...u,
            mandates: await this.setup.listMandates(actor, district.code, u.code),
          })),
        )
      : [];
    const landlords = await this.setup.listLandlords();
    sendPage(
      request,
      reply,
      { title: 'Inställningar', current: '/installningar', status: refused ? 400 : 200 },
      <SetupPage actor={actor} csrf={request.csrfToken} data={{ districts, district, units, landlords }} refused={refused} saved={saved} />,
    );
  }

  @Get('installningar')
  @Allow('admin', 'coordinator')
  async setupView(@Req() request: WebRequest, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply): Promise<void> {
    await this.setupPage(
      request,
      reply,
      typeof query.stadsdel === 'string' ? query.stadsdel : undefined,
      undefined,
      typeof query.sparat === 'string' ? SAVED[query.sparat] : undefined,
    );
  }

  /** Runs one set-up change; a refused form is shown again with its errors. */
  private async change(
    request: WebRequest,
    reply: FastifyReply,
    code: string | undefined,
    form: SetupForm['form'],
    names: string[],
    work: (values: Record<string, string>) => Promise<string>,
    unit?: string,
  ): Promise<void> {
    const values = Object.fromEntries(names.map((n) => [n, field(request.body, n)]));
    try {
      const district = await work(values);
      redirect(
        reply,
        `/installningar?stadsdel=${encodeURIComponent(district)}&sparat=${form === 'district' ? 'stadsdel' : form === 'unit' ? 'enhet' : form === 'mandate' ? 'mandat' : 'hyresvard'}`,
      );
    } catch (error) {
      const errors = formErrors(error) ?? (swedishProblem(error) ? { form: swedishProblem(error)! } : undefined);
      if (!errors) throw error;
      await this.setupPage(request, reply, code, { form, unit, errors, values });
    }
  }

  @Post('installningar/stadsdelar')
  @Allow('admin')
  async createDistrict(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.change(
      request,
      reply,
      undefined,
      'district',
      ['code', 'name'],
      async (v) => (await this.setup.createDistrict(request.actor, await validateAs(CreateDistrictDto, v))).code,
    );
  }

  @Post('installningar/stadsdelar/:code/enheter')
  @Allow('admin', 'coordinator')
  async createUnit(@Req() request: WebRequest, @Param('code') code: string, @Res() reply: FastifyReply): Promise<void> {
    await this.change(
      request,
      reply,
      code,
      'unit',
      ['code', 'name'],
      async (v) => (await this.setup.createUnit(request.actor, code, await validateAs(CreateUnitDto, v))).district,
    );
  }

  @Post('installningar/stadsdelar/:code/enheter/:unit/mandat')
  @Allow('admin', 'coordinator')
  async createMandate(
    @Req() request: WebRequest,
    @Param('code') code: string,
    @Param('unit') unit: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.change(
      request,
      reply,
      code,
      'mandate',
      ['person', 'validFrom', 'validUntil'],
      async (v) => {
        await this.setup.createMandate(
          request.actor,
          code,
          unit,
          await validateAs(CreateMandateDto, { ...v, validUntil: v.validUntil || null }),
        );
        return code;
      },
      unit,
    );
  }

  @Post('installningar/hyresvardar')
  @Allow('admin', 'coordinator')
  async createLandlord(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.change(request, reply, undefined, 'landlord', ['orgNumber', 'name', 'municipal'], async (v) => {
      await this.setup.createLandlord(
        request.actor,
        await validateAs(CreateLandlordDto, { orgNumber: v.orgNumber, name: v.name, municipal: v.municipal === 'true' }),
      );
      return request.actor.role === 'admin' ? '' : request.actor.district;
    });
  }
}
