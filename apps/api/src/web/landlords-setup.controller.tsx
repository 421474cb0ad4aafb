import { Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { CreateLiaisonSessionDto, LiaisonService } from '@bosam/landlords';
import { Allow } from '@bosam/platform';
import { CreateDistrictDto, CreateLandlordDto, CreateMandateDto, CreateUnitDto, SetupService } from '@bosam/setup';
import { formErrors, swedishProblem, validateAs } from './forms';
import { sendPage } from './page';
import { LiaisonPage } from './pages/liaison';
import { SetupForm, SetupPage } from './pages/setup';
import { redirect, sendHtml } from './render';
import { field, fields, WebRequest } from './request';
import { WebController } from './web-controller';

const SAVED: Record<string, string> = { stadsdel: 'Stadsdelen är sparad.', enhet: 'Enheten är sparad.', mandat: 'Mandatet är registrerat.', hyresvard: 'Hyresvärden är sparad.' };

/** Landlord liaison (sessions and the landlord's printable agenda) and the set-up. */
@WebController()
export class LandlordsSetupController {
  constructor(
    private readonly liaison: LiaisonService,
    private readonly setup: SetupService,
  ) {}

  @Get('samverkan')
  @Allow('coordinator')
  async sessions(@Req() request: WebRequest, @Res() reply: FastifyReply, refused?: { errors: Record<string, string>; values: Record<string, string> }): Promise<void> {
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
      const dto = await validateAs(CreateLiaisonSessionDto, { district: request.actor.district, on: values.on, landlordOrgNumbers: fields(request.body, 'landlord') });
      await this.liaison.create(request.actor, dto);
      redirect(reply, '/samverkan');
    } catch (error) {
      const errors = formErrors(error) ?? (swedishProblem(error) ? { form: swedishProblem(error)! } : undefined);
      if (!errors) throw error;
      await this.sessions(request, reply, { errors, values });
    }
  }

  /** The landlord's agenda, printable to hand over: the liaison context's own printed page. */
  @Get('samverkan/:id/dagordning')
  @Allow('coordinator')
  async landlordAgenda(@Req() request: WebRequest, @Param('id') id: string, @Query('hyresvard') landlord: unknown, @Res() reply: FastifyReply): Promise<void> {
    sendHtml(reply, await this.liaison.agendaHtml(request.actor, id, landlord));
  }

  private async setupPage(request: WebRequest, reply: FastifyReply, code: string | undefined, refused?: SetupForm, saved?: string): Promise<void> {
    const { actor } = request;
    const districts = await this.setup.listDistricts(actor);
    const district = districts.find((d) => d.code === (code ?? (actor.role === 'admin' ? districts[0]?.code : actor.district)));
    const units = district
      ? await Promise.all((await this.setup.listUnits(actor, district.code)).map(async (u) => ({ ...u, mandates: await this.setup.listMandates(actor, district.code, u.code) })))
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
    await this.setupPage(request, reply, typeof query.stadsdel === 'string' ? query.stadsdel : undefined, undefined, typeof query.sparat === 'string' ? SAVED[query.sparat] : undefined);
  }

  /** Runs one set-up change; a refused form is shown again with its errors. */
  private async change(request: WebRequest, reply: FastifyReply, code: string | undefined, form: SetupForm['form'], names: string[], work: (values: Record<string, string>) => Promise<string>, unit?: string): Promise<void> {
    const values = Object.fromEntries(names.map((n) => [n, field(request.body, n)]));
    try {
      const district = await work(values);
      redirect(reply, `/installningar?stadsdel=${encodeURIComponent(district)}&sparat=${form === 'district' ? 'stadsdel' : form === 'unit' ? 'enhet' : form === 'mandate' ? 'mandat' : 'hyresvard'}`);
    } catch (error) {
      const errors = formErrors(error) ?? (swedishProblem(error) ? { form: swedishProblem(error)! } : undefined);
      if (!errors) throw error;
      await this.setupPage(request, reply, code, { form, unit, errors, values });
    }
  }

  @Post('installningar/stadsdelar')
  @Allow('admin')
  async createDistrict(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.change(request, reply, undefined, 'district', ['code', 'name'], async (v) => (await this.setup.createDistrict(request.actor, await validateAs(CreateDistrictDto, v))).code);
  }

  @Post('installningar/stadsdelar/:code/enheter')
  @Allow('admin', 'coordinator')
  async createUnit(@Req() request: WebRequest, @Param('code') code: string, @Res() reply: FastifyReply): Promise<void> {
    await this.change(request, reply, code, 'unit', ['code', 'name'], async (v) => (await this.setup.createUnit(request.actor, code, await validateAs(CreateUnitDto, v))).district);
  }

  @Post('installningar/stadsdelar/:code/enheter/:unit/mandat')
  @Allow('admin', 'coordinator')
  async createMandate(@Req() request: WebRequest, @Param('code') code: string, @Param('unit') unit: string, @Res() reply: FastifyReply): Promise<void> {
    await this.change(
      request,
      reply,
      code,
      'mandate',
      ['person', 'validFrom', 'validUntil'],
      async (v) => {
        await this.setup.createMandate(request.actor, code, unit, await validateAs(CreateMandateDto, { ...v, validUntil: v.validUntil || null }));
        return code;
      },
      unit,
    );
  }

  @Post('installningar/hyresvardar')
  @Allow('admin', 'coordinator')
  async createLandlord(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.change(request, reply, undefined, 'landlord', ['orgNumber', 'name', 'municipal'], async (v) => {
      await this.setup.createLandlord(request.actor, await validateAs(CreateLandlordDto, { orgNumber: v.orgNumber, name: v.name, municipal: v.municipal === 'true' }));
      return request.actor.role === 'admin' ? '' : request.actor.district;
    });
  }
}
