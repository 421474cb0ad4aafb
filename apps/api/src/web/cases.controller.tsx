import { Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { MultipartFile, MultipartValue } from '@fastify/multipart';
import { todayInStockholm } from '@bosam/calendar';
import { CasesService, CreateContactDto, ListCasesQuery } from '@bosam/cases';
import { ImportsService, importTemplateCsv, UploadPart } from '@bosam/imports';
import { CreateNextStepDto, NextStepsService } from '@bosam/meetings';
import { IntakeService } from '@bosam/intake';
import { Allow, DomainError } from '@bosam/platform';
import { SetupService } from '@bosam/setup';
import { formErrors, swedishProblem, validateAs } from './forms';
import { sendFragment, sendPage } from './page';
import { CasePage, CasePageProps, CasesPage } from './pages/case';
import { ImportStatus, NoticesPage, NoticeValues } from './pages/notices';
import { SearchPage } from './pages/search';
import { redirect } from './render';
import { field, isHtmx, WebRequest } from './request';
import { WebController } from './web-controller';

const SAVED: Record<string, string> = { underrattelse: 'Underrättelsen är sparad.', kontakt: 'Kontakten är sparad.', steg: 'Steget är sparat.' };

/** "12 345,50" → 12345.5; anything else stays as typed, for the validation to name it. */
function kronorOf(text: string): number | string | undefined {
  if (text === '') return undefined;
  const plain = text.replace(/[\s\u00a0]|kr$/gi, '').replace(',', '.');
  return /^\d+(\.\d{1,2})?$/.test(plain) ? Number(plain) : text;
}
const integerOf = (text: string): number | string | undefined => (text === '' ? undefined : /^\d+$/.test(text) ? Number(text) : text);

/** The notice form's fields as the JSON body of POST /notifications. */
function noticeBody(district: string, v: NoticeValues): Record<string, unknown> {
  const tenants = [0, 1]
    .map((i) => ({ personnummer: v[`tenants[${i}].personnummer`] ?? '', name: v[`tenants[${i}].name`] ?? '' }))
    .filter((t, i) => i === 0 || t.personnummer || t.name);
  const optional = (name: string) => (v[name] ? { [name]: v[name] } : {});
  return {
    district,
    source: v.source,
    externalReference: v.externalReference,
    ...optional('landlordOrgNumber'),
    receivedOn: v.receivedOn,
    ...optional('tenantServedOn'),
    ...optional('boardNotifiedOn'),
    ...optional('evictionOn'),
    ...(kronorOf(v.arrearsSek ?? '') !== undefined ? { arrearsSek: kronorOf(v.arrearsSek) } : {}),
    ...(integerOf(v.monthsInArrears ?? '') !== undefined ? { monthsInArrears: integerOf(v.monthsInArrears) } : {}),
    address: { street: v['address.street'], postalCode: v['address.postalCode'], city: v['address.city'], apartment: v['address.apartment'] || null },
    tenants,
    childrenInHousehold: integerOf(v.childrenInHousehold ?? '') ?? 0,
    protectedIdentity: v.protectedIdentity === 'true',
  };
}

const NOTICE_FIELDS = [
  'source', 'externalReference', 'landlordOrgNumber', 'receivedOn', 'tenantServedOn', 'boardNotifiedOn', 'evictionOn', 'arrearsSek', 'monthsInArrears',
  'address.street', 'address.postalCode', 'address.city', 'address.apartment', 'tenants[0].personnummer', 'tenants[0].name',
  'tenants[1].personnummer', 'tenants[1].name', 'childrenInHousehold', 'protectedIdentity',
];

type MultipartRequest = WebRequest & { isMultipart(): boolean; parts(): AsyncIterableIterator<MultipartFile | MultipartValue> };

/** Cases, their contacts, and notices: on paper (the form) or as a file. */
@WebController()
export class CasesPagesController {
  constructor(
    private readonly cases: CasesService,
    private readonly intake: IntakeService,
    private readonly imports: ImportsService,
    private readonly setup: SetupService,
    private readonly nextSteps: NextStepsService,
  ) {}

  @Get('arenden')
  @Allow('coordinator', 'unit_rep')
  async list(@Req() request: WebRequest, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply): Promise<void> {
    const status = query.status === 'closed' ? 'closed' : 'open';
    const offset = typeof query.fran === 'string' && /^\d{1,6}$/.test(query.fran) ? Number(query.fran) : 0;
    const list = await this.cases.list(request.actor, { status, limit: 100, offset });
    sendPage(request, reply, { title: 'Ärenden', current: '/arenden' }, <CasesPage list={list} status={status} />);
  }

  private async showCase(request: WebRequest, reply: FastifyReply, id: string, extra: Omit<CasePageProps, 'detail' | 'actor' | 'csrf' | 'units'> = {}, status = 200) {
    const [detail, units] = await Promise.all([this.cases.detail(request.actor, id), this.setup.listUnits(request.actor, request.actor.district)]);
    const title = detail.tenants.map((t) => t.name ?? '').join(' och ') || 'Ärende';
    sendPage(request, reply, { title, current: '/arenden', status }, <CasePage detail={detail} actor={request.actor} csrf={request.csrfToken} units={units} {...extra} />);
  }

  @Get('sok')
  @Allow('coordinator', 'unit_rep')
  search(@Req() request: WebRequest, @Res() reply: FastifyReply): void {
    sendPage(request, reply, { title: 'Sök', current: '/sok' }, <SearchPage csrf={request.csrfToken} values={{}} />);
  }

  /** The API's search (GET /cases?q= with X-Access-Reason): the same service, the reason from the form. */
  @Post('sok')
  @Allow('coordinator', 'unit_rep')
  async searchResult(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const values = { q: field(request.body, 'q'), reason: field(request.body, 'reason') };
    const page = (extra: { errors?: Record<string, string>; result?: Awaited<ReturnType<CasesService['list']>> }, status = 200) =>
      sendPage(request, reply, { title: 'Sök', current: '/sok', status }, <SearchPage csrf={request.csrfToken} values={values} {...extra} />);
    if (!values.reason) return page({ errors: { reason: 'Ange varför du söker.' } }, 400);
    try {
      const query = await validateAs(ListCasesQuery, { q: values.q, limit: 50 });
      page({ result: await this.cases.list(request.actor, query, todayInStockholm(), values.reason) });
    } catch (error) {
      const errors = formErrors(error);
      if (!errors) throw error;
      page({ errors: { q: errors.q ?? Object.values(errors)[0] } }, 400);
    }
  }

  @Get('arenden/:id')
  @Allow('coordinator', 'unit_rep')
  async show(@Req() request: WebRequest, @Param('id') id: string, @Query('sparat') saved: unknown, @Res() reply: FastifyReply): Promise<void> {
    await this.showCase(request, reply, id, { saved: typeof saved === 'string' ? SAVED[saved] : undefined });
  }

  @Post('arenden/:id/kontakter')
  @Allow('coordinator', 'unit_rep')
  async addContact(@Req() request: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const names = ['on', 'channel', 'outcome', 'madeBy', 'note'] as const;
    const values: Record<string, string> = Object.fromEntries(names.map((n) => [n, field(request.body, n)]));
    try {
      const given = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
      const dto = await validateAs(CreateContactDto, given);
      await this.cases.addContact(request.actor, id, dto);
      redirect(reply, `/arenden/${id}?sparat=kontakt#contacts`);
    } catch (error) {
      const errors = formErrors(error);
      if (!errors) throw error;
      await this.showCase(request, reply, id, { contactErrors: errors, contactValues: values }, 400);
    }
  }

  /** A next step on the case between meetings: NextStepsService.create, as POST /cases/{id}/next-steps. */
  @Post('arenden/:id/nasta-steg')
  @Allow('coordinator', 'unit_rep')
  async addStep(@Req() request: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const values = { unit: field(request.body, 'unit'), action: field(request.body, 'action'), dueOn: field(request.body, 'dueOn'), responsible: field(request.body, 'responsible') };
    try {
      const dto = await validateAs(CreateNextStepDto, { unit: values.unit, action: values.action, dueOn: values.dueOn, ...(values.responsible ? { responsible: values.responsible } : {}) });
      await this.nextSteps.create(request.actor, id, dto);
      redirect(reply, `/arenden/${id}?sparat=steg#steps`);
    } catch (error) {
      const errors = formErrors(error) ?? (swedishProblem(error) ? { form: swedishProblem(error)! } : undefined);
      if (!errors) throw error;
      await this.showCase(request, reply, id, { stepErrors: errors, stepValues: values }, 400);
    }
  }

  private async noticesPage(request: WebRequest, reply: FastifyReply, values: NoticeValues = { receivedOn: todayInStockholm(), childrenInHousehold: '0' }, errors?: Record<string, string>, status = 200) {
    const landlords = await this.setup.listLandlords();
    sendPage(request, reply, { title: 'Underrättelser', current: '/underrattelser/ny', status }, <NoticesPage csrf={request.csrfToken} values={values} errors={errors} landlords={landlords} />);
  }

  @Get('underrattelser/ny')
  @Allow('coordinator')
  async newNotice(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.noticesPage(request, reply);
  }

  /** A notice from the form: the very path of POST /notifications (IntakeService validates and stores). */
  @Post('underrattelser')
  @Allow('coordinator')
  async receive(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const values = Object.fromEntries(NOTICE_FIELDS.map((name) => [name, field(request.body, name)]));
    try {
      const { receipt } = await this.intake.receive(request.actor, noticeBody(request.actor.district, values));
      redirect(reply, `/arenden/${receipt.caseId}?sparat=underrattelse`);
    } catch (error) {
      const errors = formErrors(error);
      const problem = errors ? undefined : swedishProblem(error);
      if (!errors && !problem) throw error;
      await this.noticesPage(request, reply, values, errors ?? { form: problem! }, errors ? 400 : 409);
    }
  }

  @Get('underrattelser/mall.csv')
  @Allow('coordinator')
  template(@Res() reply: FastifyReply): void {
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="underrattelser-mall.csv"').send(importTemplateCsv());
  }

  /** A file upload: ImportsService.upload, as POST /notification-imports; the district is the caller's. */
  @Post('underrattelser/fil')
  @Allow('coordinator')
  async upload(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const multipart = request as MultipartRequest;
    if (typeof multipart.isMultipart !== 'function' || !multipart.isMultipart()) throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Send a file.');
    const district = request.actor.district;
    async function* parts(): AsyncGenerator<UploadPart> {
      yield { kind: 'field', name: 'district', value: district };
      for await (const part of multipart.parts()) {
        if (part.type === 'field') {
          if (part.fieldname === 'mode' || part.fieldname === 'dryRun') yield { kind: 'field', name: part.fieldname, value: String(part.value) };
        } else {
          const file = part.file as MultipartFile['file'] & { truncated: boolean };
          yield { kind: 'file', name: part.fieldname, filename: part.filename, stream: file, truncated: () => file.truncated };
        }
      }
    }
    try {
      const { id } = await this.imports.upload(request.actor, parts());
      if (!isHtmx(request)) return redirect(reply, `/underrattelser/inlasningar/${id}`);
      sendFragment(reply, <ImportStatus imp={await this.imports.get(request.actor, id)} />);
    } catch (error) {
      const errors = formErrors(error);
      const code = (error as { code?: string }).code;
      const message = errors
        ? `Filen avvisades: ${Object.entries(errors).map(([k, v]) => `${k}: ${v}`).join('; ')}`
        : code === 'MALFORMED_FILE'
          ? 'Filen är inte en CSV-fil.'
          : code === 'PAYLOAD_TOO_LARGE' || code === 'FST_REQ_FILE_TOO_LARGE'
            ? 'Filen är för stor.'
            : undefined;
      if (!message) throw error;
      if (!isHtmx(request)) throw error;
      sendFragment(reply, <ImportStatus error={message} />, 400);
    }
  }

  @Get('underrattelser/inlasningar/:id')
  @Allow('coordinator')
  async importStatus(@Req() request: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const imp = await this.imports.get(request.actor, id);
    if (isHtmx(request)) return sendFragment(reply, <ImportStatus imp={imp} />);
    sendPage(
      request,
      reply,
      { title: 'Filinläsning', current: '/underrattelser/ny' },
      <>
        <h1>Filinläsning</h1>
        <ImportStatus imp={imp} />
      </>,
    );
  }
}
