import { Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { MultipartFile, MultipartValue } from '@fastify/multipart';
import { todayInStockholm } from '@bosam/calendar';
import {
  CasesService,
  CloseCaseDto,
  CorrectCaseDto,
  CreateBalanceDto,
  CreateContactDto,
  CreateDisturbanceDto,
  CreateRepaymentPlanDto,
  DisturbancesEndedDto,
  FollowUpService,
  ListCasesQuery,
  MergeCaseDto,
  ReopenCaseDto,
  SetRepaymentPlanStatusDto,
} from '@bosam/cases';
import { parseLandlordNumber, scrubIdentityNumbers } from '@bosam/identity';
import { ImportsService, importTemplateCsv, UploadPart } from '@bosam/imports';
import { CreateNextStepDto, NextStepsService } from '@bosam/meetings';
import { CreateAmendmentDto, IntakeService, NotificationsService, NotificationView } from '@bosam/intake';
import { ConsentsService, CreateConsentDto, WithdrawConsentDto } from '@bosam/landlords';
import { Allow, DomainError, notFound } from '@bosam/platform';
import { SetupService } from '@bosam/setup';
import { FormErrors, formErrors, swedishProblem, validateAs } from './forms';
import { sendFragment, sendPage } from './page';
import { CasePage, CasePageProps, CasesPage } from './pages/case';
import { FailedForm, MERGE_LIST_LIMIT, MergeCandidate, MergePage, NoticePage, noticeFieldText } from './pages/case-actions';
import { ImportStatus, NoticesPage, NoticeValues } from './pages/notices';
import { SearchPage } from './pages/search';
import { redirect } from './render';
import { field, fields, isHtmx, WebRequest } from './request';
import { WebController } from './web-controller';

const SAVED: Record<string, string> = {
  underrattelse: 'Underrättelsen är sparad.',
  kontakt: 'Kontakten är sparad.',
  steg: 'Steget är sparat.',
  saldo: 'Skulden är registrerad.',
  plan: 'Avbetalningsplanen är sparad.',
  planstatus: 'Planens status är ändrad.',
  storning: 'Störningsanmälan är registrerad.',
  'storning-slut': 'Att störningarna upphört är registrerat.',
  rattelse: 'Rättelsen är sparad.',
  avsluta: 'Ärendet är avslutat.',
  oppna: 'Ärendet är öppnat igen.',
  samtycke: 'Samtycket är registrerat.',
  aterkalla: 'Samtycket är återkallat.',
  sammanslaget: 'Ärendena är sammanslagna. Det här är ärendet som finns kvar.',
};

/**
 * Why a state refusal (409) happened, in Swedish: the services' conflicts say it in English for the API.
 * The message is matched, never shown.
 */
const CONFLICTS: Array<[RegExp, string]> = [
  [/reopened within (\d+) days of closing \(until (\d{4}-\d{2}-\d{2})\)/, 'Ärendet kan bara öppnas igen inom 30 dagar från avslutet.'],
  [/another open case; merge/, 'Hushållet har ett annat öppet ärende. Slå ihop med det i stället.'],
  [/merged into another case/, 'Ärendet är sammanslaget med ett annat ärende; följ det ärendet.'],
  [/no ongoing disturbances/, 'Ärendet har inga pågående störningar.'],
  [/repayment plan cannot become/, 'Planen kan inte få den statusen nu.'],
  [/withdrawn already/, 'Samtycket är redan återkallat.'],
  [/Only an open case can be merged/, 'Bara ett öppet ärende kan slås ihop.'],
  [/The case is (closed|open)/, 'Ärendet är inte i ett läge som tillåter detta. Ladda om sidan.'],
];

/**
 * A refusal a form shows itself: field errors (400), or a state conflict beside the form (409). Anything
 * else (another district's record: 404; a role that may not: 403) goes to the error pages, as in the API.
 */
function refusal(error: unknown): { errors: FormErrors; status: number } | undefined {
  const errors = formErrors(error);
  if (errors) return { errors, status: 400 };
  if (!(error instanceof DomainError)) return undefined;
  if (error.code === 'OPEN_NEXT_STEPS') {
    const steps = Array.isArray(error.extra?.nextSteps) ? error.extra.nextSteps.length : 0;
    return {
      errors: {
        cancelOpenSteps: `Ärendet har ${steps > 0 ? `${steps} ` : ''}öppna nästa steg. Kryssa i att de ska avbrytas, eller gör klart stegen först.`,
      },
      status: 409,
    };
  }
  if (error.code === 'CONFLICT') {
    const known = CONFLICTS.find(([pattern]) => pattern.test(error.message));
    return { errors: { form: known ? known[1] : swedishProblem(error)! }, status: 409 };
  }
  return undefined;
}

// Fields that are choices (select, checkboxes): their value only marks an option as chosen, it is never printed.
const CHOICES = new Set(['landlordOrgNumber', 'intoCaseId', 'source', 'status', 'outcome', 'form', 'categories', 'cancelOpenSteps']);

/** What was typed, to show again beside the errors: never an identity number typed into a field (API.md: no error repeats one). */
const shownAgain = (values: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, CHOICES.has(k) ? v : scrubIdentityNumbers(v)]));

/** Form fields by name; an empty field is left out, as an omitted JSON property. */
const given = (values: Record<string, string>, names: string[]): Record<string, unknown> =>
  Object.fromEntries(names.filter((n) => values[n] !== '' && values[n] !== undefined).map((n) => [n, values[n]]));

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
    address: {
      street: v['address.street'],
      postalCode: v['address.postalCode'],
      city: v['address.city'],
      apartment: v['address.apartment'] || null,
    },
    tenants,
    childrenInHousehold: integerOf(v.childrenInHousehold ?? '') ?? 0,
    protectedIdentity: v.protectedIdentity === 'true',
  };
}

const NOTICE_FIELDS = [
  'source',
  'externalReference',
  'landlordOrgNumber',
  'receivedOn',
  'tenantServedOn',
  'boardNotifiedOn',
  'evictionOn',
  'arrearsSek',
  'monthsInArrears',
  'address.street',
  'address.postalCode',
  'address.city',
  'address.apartment',
  'tenants[0].personnummer',
  'tenants[0].name',
  'tenants[1].personnummer',
  'tenants[1].name',
  'childrenInHousehold',
  'protectedIdentity',
];

const AMENDABLE = ['receivedOn', 'tenantServedOn', 'boardNotifiedOn', 'evictionOn', 'arrearsSek', 'monthsInArrears', 'childrenInHousehold'];

/** A notice field as the amendment sends it: emptied, a date or amount that may be unknown becomes null; the rest is validated as typed. */
function amendedValue(name: string, typed: string): unknown {
  switch (name) {
    case 'arrearsSek':
      return typed === '' ? null : kronorOf(typed);
    case 'monthsInArrears':
      return typed === '' ? null : integerOf(typed);
    case 'childrenInHousehold':
      return integerOf(typed) ?? typed;
    case 'receivedOn':
      return typed;
    default:
      return typed === '' ? null : typed;
  }
}

/** The named fields of a posted form, each a trimmed string. */
const valuesOf = (request: WebRequest, names: string[]): Record<string, string> =>
  Object.fromEntries(names.map((n) => [n, field(request.body, n)]));

type MultipartRequest = WebRequest & { isMultipart(): boolean; parts(): AsyncIterableIterator<MultipartFile | MultipartValue> };

/** Cases, their contacts, and notices: on paper (the form) or as a file. */
@WebController()
export class CasesPagesController {
  constructor(
    private readonly cases: CasesService,
    private readonly followUp: FollowUpService,
    private readonly notifications: NotificationsService,
    private readonly consents: ConsentsService,
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

  private async showCase(
    request: WebRequest,
    reply: FastifyReply,
    id: string,
    extra: Omit<CasePageProps, 'detail' | 'actor' | 'csrf' | 'units' | 'landlords' | 'mayClose'> = {},
    status = 200,
  ) {
    const [detail, units, landlords, mayClose] = await Promise.all([
      this.cases.detail(request.actor, id),
      this.setup.listUnits(request.actor, request.actor.district),
      this.setup.listLandlords(),
      this.cases.assertMayClose(request.actor).then(
        () => true,
        () => false,
      ),
    ]);
    const title = detail.tenants.map((t) => t.name ?? '').join(' och ') || 'Ärende';
    sendPage(
      request,
      reply,
      { title, current: '/arenden', status },
      <CasePage
        detail={detail}
        actor={request.actor}
        csrf={request.csrfToken}
        units={units}
        landlords={landlords}
        mayClose={mayClose}
        {...extra}
      />,
    );
  }

  /**
   * One write action of the case page: the form's fields, the same DTO and service as the API's operation,
   * then back to the case (303) with what was done; refused, the case page again with the form open, its
   * Swedish errors beside the fields and what was typed (identity numbers scrubbed).
   */
  private async act(
    request: WebRequest,
    reply: FastifyReply,
    id: string,
    form: string,
    values: Record<string, string>,
    run: () => Promise<string | void>,
    saved = form,
    renameErrors: Record<string, string> = {},
  ): Promise<void> {
    try {
      const to = (await run()) ?? id;
      redirect(reply, `/arenden/${to}?sparat=${saved}#act-${form.replace(/-[0-9a-f-]{36}$/, '')}`);
    } catch (error) {
      const refused = refusal(error);
      if (!refused) throw error;
      const errors = Object.fromEntries(Object.entries(refused.errors).map(([k, v]) => [renameErrors[k] ?? k, v]));
      const failed: FailedForm = { form, values: shownAgain(values), errors };
      await this.showCase(request, reply, id, { failed }, refused.status);
    }
  }

  @Post('arenden/:id/saldo')
  @Allow('coordinator', 'unit_rep')
  async addBalance(@Req() request: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const values = valuesOf(request, ['on', 'arrearsSek', 'source']);
    await this.act(request, reply, id, 'saldo', values, async () => {
      const dto = await validateAs(CreateBalanceDto, { ...given(values, ['on', 'source']), arrearsSek: kronorOf(values.arrearsSek) });
      await this.followUp.recordBalance(request.actor, id, dto);
    });
  }

  @Post('arenden/:id/avbetalningsplaner')
  @Allow('coordinator', 'unit_rep')
  async addPlan(@Req() request: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const values = valuesOf(request, ['landlordOrgNumber', 'monthlySek', 'firstDueOn', 'agreedOn']);
    await this.act(request, reply, id, 'plan', values, async () => {
      const chosen = { ...values, landlordOrgNumber: await this.setup.landlordNumberFor(values.landlordOrgNumber) };
      const dto = await validateAs(CreateRepaymentPlanDto, {
        ...given(chosen, ['landlordOrgNumber', 'firstDueOn', 'agreedOn']),
        monthlySek: kronorOf(values.monthlySek),
      });
      await this.followUp.addRepaymentPlan(request.actor, id, dto);
    });
  }

  @Post('arenden/:id/avbetalningsplaner/:planId/status')
  @Allow('coordinator', 'unit_rep')
  async setPlanStatus(
    @Req() request: WebRequest,
    @Param('id') id: string,
    @Param('planId') planId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const values = valuesOf(request, ['status', 'on']);
    await this.act(
      request,
      reply,
      id,
      `plan-${planId}`,
      values,
      async () => {
        const dto = await validateAs(SetRepaymentPlanStatusDto, given(values, ['status', 'on']));
        return (await this.followUp.setRepaymentPlanStatus(request.actor, planId, dto)).caseId;
      },
      'planstatus',
    );
  }

  @Post('arenden/:id/storningar')
  @Allow('coordinator', 'unit_rep')
  async addDisturbance(@Req() request: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const values = valuesOf(request, ['on', 'landlordOrgNumber', 'category']);
    await this.act(request, reply, id, 'storning', values, async () => {
      const chosen = { ...values, landlordOrgNumber: await this.setup.landlordNumberFor(values.landlordOrgNumber) };
      const dto = await validateAs(CreateDisturbanceDto, given(chosen, ['on', 'landlordOrgNumber', 'category']));
      await this.followUp.reportDisturbance(request.actor, id, dto);
    });
  }

  @Post('arenden/:id/storningar-upphorda')
  @Allow('coordinator', 'unit_rep')
  async endDisturbances(@Req() request: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const values = valuesOf(request, ['on']);
    await this.act(request, reply, id, 'storning-slut', values, async () => {
      const dto = await validateAs(DisturbancesEndedDto, given(values, ['on']));
      await this.followUp.endDisturbances(request.actor, id, dto);
    });
  }

  /** POST /cases/{id}/corrections: only what differs from the case is sent, as the API expects. */
  @Post('arenden/:id/rattelse')
  @Allow('coordinator')
  async correct(@Req() request: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const values = valuesOf(request, [
      'address.street',
      'address.apartment',
      'address.postalCode',
      'address.city',
      'childrenInHousehold',
      'reason',
    ]);
    await this.act(request, reply, id, 'rattelse', values, async () => {
      const current = await this.cases.detail(request.actor, id);
      const address = {
        street: values['address.street'],
        postalCode: values['address.postalCode'],
        city: values['address.city'],
        apartment: values['address.apartment'] || null,
      };
      const before = current.address;
      const addressChanged =
        address.street !== (before.street ?? '') ||
        address.postalCode.replace(/\s/g, '') !== (before.postalCode ?? '').replace(/\s/g, '') ||
        address.city !== (before.city ?? '') ||
        (address.apartment ?? null) !== (before.apartment ?? null);
      const children = integerOf(values.childrenInHousehold);
      const dto = await validateAs(CorrectCaseDto, {
        reason: values.reason,
        ...(addressChanged ? { address } : {}),
        ...(children !== undefined && children !== current.household.childrenInHousehold ? { childrenInHousehold: children } : {}),
      });
      await this.cases.correct(request.actor, id, dto);
    });
  }

  @Post('arenden/:id/avsluta')
  @Allow('coordinator', 'unit_rep')
  async close(@Req() request: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const values = valuesOf(request, ['on', 'outcome', 'cancelOpenSteps']);
    await this.act(request, reply, id, 'avsluta', values, async () => {
      const dto = await validateAs(CloseCaseDto, {
        ...given(values, ['on', 'outcome']),
        ...(values.cancelOpenSteps === 'true' ? { cancelOpenSteps: true } : {}),
      });
      await this.cases.close(request.actor, id, dto);
    });
  }

  @Post('arenden/:id/oppna-igen')
  @Allow('coordinator')
  async reopen(@Req() request: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const values = valuesOf(request, ['reason']);
    await this.act(request, reply, id, 'oppna', values, async () => {
      const dto = await validateAs(ReopenCaseDto, given(values, ['reason']));
      await this.cases.reopen(request.actor, id, dto);
    });
  }

  /** One consent per landlord ticked (the API's consent names one landlord); stored together or not at all. */
  @Post('arenden/:id/samtycken')
  @Allow('coordinator', 'unit_rep')
  async addConsent(@Req() request: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const landlords = fields(request.body, 'landlordOrgNumber').filter(Boolean);
    const categories = fields(request.body, 'categories').filter(Boolean);
    const values = {
      ...valuesOf(request, ['givenOn', 'validUntil', 'form', 'documentedBy']),
      landlordOrgNumber: landlords.join(','),
      categories: categories.join(','),
    };
    await this.act(
      request,
      reply,
      id,
      'samtycke',
      values,
      async () => {
        const base = { ...given(values, ['givenOn', 'validUntil', 'form', 'documentedBy']), categories };
        if (landlords.length === 0) {
          // No landlord ticked: said beside the landlords, with whatever else is wrong in the form.
          const others = await validateAs(CreateConsentDto, { ...base, landlordOrgNumber: '' }).then(
            () => [],
            (e: unknown) => (e instanceof DomainError ? (e.errors ?? []).filter((f) => f.field !== 'landlordOrgNumber') : []),
          );
          throw new DomainError('VALIDATION_FAILED', 'no landlord', [
            { field: 'landlordOrgNumber', message: 'must name at least one landlord' },
            ...others,
          ]);
        }
        const dtos = await Promise.all(
          landlords.map(async (choice) =>
            validateAs(CreateConsentDto, { ...base, landlordOrgNumber: await this.setup.landlordNumberFor(choice) }),
          ),
        );
        await this.consents.createEach(request.actor, id, dtos);
      },
      'samtycke',
      // The consent's field `form` (written or oral) is not the form-level message.
      { form: 'form_' },
    );
  }

  @Post('arenden/:id/samtycken/:consentId/aterkalla')
  @Allow('coordinator', 'unit_rep')
  async withdrawConsent(
    @Req() request: WebRequest,
    @Param('id') id: string,
    @Param('consentId') consentId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const values = valuesOf(request, ['on']);
    await this.act(
      request,
      reply,
      id,
      `aterkalla-${consentId}`,
      values,
      async () => {
        const dto = await validateAs(WithdrawConsentDto, given(values, ['on']));
        return (await this.consents.withdraw(request.actor, consentId, dto)).caseId;
      },
      'aterkalla',
    );
  }

  /**
   * The cases to merge into: those in the same apartment always, then the district's open cases (the first
   * MERGE_LIST_LIMIT), or, after a search by name or identity number (with its reason, audited), the hits.
   */
  private async mergePage(
    request: WebRequest,
    reply: FastifyReply,
    id: string,
    extra: { values?: Record<string, string>; errors?: FormErrors; search?: { q: string; reason: string } } = {},
    status = 200,
  ) {
    const detail = await this.cases.detail(request.actor, id);
    let candidates: MergeCandidate[] = [];
    let complete = true;
    if (detail.status === 'open') {
      const listed = extra.search
        ? await this.cases.list(
            request.actor,
            { status: 'open', q: extra.search.q, limit: MERGE_LIST_LIMIT },
            todayInStockholm(),
            extra.search.reason,
          )
        : await this.cases.list(request.actor, { status: 'open', limit: MERGE_LIST_LIMIT });
      complete = listed.total <= listed.items.length;
      const seen = new Set(listed.items.map((c) => c.id));
      const shared = await Promise.all(
        detail.sharedApartmentWith.filter((other) => !seen.has(other)).map((other) => this.cases.detail(request.actor, other)),
      );
      candidates = [...shared, ...listed.items];
    }
    sendPage(
      request,
      reply,
      { title: 'Slå ihop ärenden', current: '/arenden', status },
      <MergePage
        detail={detail}
        candidates={candidates}
        complete={complete}
        csrf={request.csrfToken}
        values={extra.values}
        errors={extra.errors}
        search={extra.search}
      />,
    );
  }

  /** Narrows the merge page's list by a search for a person: the same search as /sok, with its reason. */
  @Post('arenden/:id/sla-ihop/sok')
  @Allow('coordinator')
  async mergeSearch(@Req() request: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const search = { q: field(request.body, 'q'), reason: field(request.body, 'searchReason') };
    if (!search.reason)
      return this.mergePage(
        request,
        reply,
        id,
        { search: undefined, errors: { searchReason: 'Ange varför du söker.' }, values: { q: search.q } },
        400,
      );
    try {
      await validateAs(ListCasesQuery, { q: search.q });
      await this.mergePage(request, reply, id, { search, values: { q: search.q, searchReason: search.reason } });
    } catch (error) {
      const errors = formErrors(error);
      if (!errors) throw error;
      await this.mergePage(
        request,
        reply,
        id,
        { errors: { q: errors.q ?? Object.values(errors)[0] }, values: { q: search.q, searchReason: search.reason } },
        400,
      );
    }
  }

  @Get('arenden/:id/sla-ihop')
  @Allow('coordinator')
  async mergeForm(@Req() request: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    await this.mergePage(request, reply, id);
  }

  /** POST /cases/{id}/merge; afterwards the case that remains is shown. */
  @Post('arenden/:id/sla-ihop')
  @Allow('coordinator')
  async merge(@Req() request: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const values = valuesOf(request, ['intoCaseId', 'reason']);
    try {
      if (!values.intoCaseId)
        throw new DomainError('VALIDATION_FAILED', 'no case', [{ field: 'intoCaseId', message: 'must be one of the cases' }]);
      const dto = await validateAs(MergeCaseDto, given(values, ['intoCaseId', 'reason']));
      const merged = await this.cases.merge(request.actor, id, dto);
      redirect(reply, `/arenden/${merged.mergedIntoCaseId}?sparat=sammanslaget`);
    } catch (error) {
      const refused = refusal(error);
      if (!refused) throw error;
      await this.mergePage(request, reply, id, { values: shownAgain(values), errors: refused.errors }, refused.status);
    }
  }

  /** GET /notifications/{id} (audited), as a page of its case: another case's notice is not found here. */
  private async noticePage(
    request: WebRequest,
    reply: FastifyReply,
    id: string,
    noticeId: string,
    extra: { values?: Record<string, string>; errors?: FormErrors; saved?: boolean } = {},
    status = 200,
  ) {
    const notice = await this.notifications.get(request.actor, noticeId);
    if (notice.caseId !== id) throw notFound('notification');
    const [detail, landlords] = await Promise.all([this.cases.requireCase(request.actor, id), this.setup.listLandlords()]);
    const mayAmend = request.actor.role === 'coordinator' && detail.status === 'open';
    sendPage(
      request,
      reply,
      { title: `Underrättelse ${notice.externalReference}`, current: '/arenden', status },
      <NoticePage caseId={id} notice={notice} csrf={request.csrfToken} landlords={landlords} mayAmend={mayAmend} {...extra} />,
    );
  }

  @Get('arenden/:id/underrattelser/:noticeId')
  @Allow('coordinator', 'unit_rep')
  async notice(
    @Req() request: WebRequest,
    @Param('id') id: string,
    @Param('noticeId') noticeId: string,
    @Query('sparat') saved: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.noticePage(request, reply, id, noticeId, { saved: saved === 'rattelse' });
  }

  /** POST /notifications/{id}/amendments with the fields that differ from the notice as it stands. */
  @Post('arenden/:id/underrattelser/:noticeId')
  @Allow('coordinator')
  async amend(
    @Req() request: WebRequest,
    @Param('id') id: string,
    @Param('noticeId') noticeId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const names = ['landlordOrgNumber', ...AMENDABLE, 'reason'];
    const values = valuesOf(request, names);
    try {
      const notice = await this.notifications.get(request.actor, noticeId);
      if (notice.caseId !== id) throw notFound('notification');
      const changes: Record<string, unknown> = {};
      // The form names the landlord by its id in the register; the notice shows its number (a sole trader's masked).
      const landlordAfter = values.landlordOrgNumber ? await this.setup.landlordNumberFor(values.landlordOrgNumber) : '';
      const parsedAfter = parseLandlordNumber(landlordAfter);
      const shownAfter = parsedAfter.ok ? parsedAfter.display : landlordAfter;
      if (shownAfter !== (notice.landlord?.orgNumber ?? '')) changes.landlordOrgNumber = landlordAfter || null;
      for (const name of AMENDABLE) {
        if (values[name] === noticeFieldText(notice, name as keyof NotificationView)) continue;
        changes[name] = amendedValue(name, values[name]);
      }
      const dto = await validateAs(CreateAmendmentDto, { reason: values.reason, changes });
      await this.notifications.amend(request.actor, noticeId, dto);
      redirect(reply, `/arenden/${id}/underrattelser/${noticeId}?sparat=rattelse`);
    } catch (error) {
      const refused = refusal(error);
      if (!refused) throw error;
      const errors = Object.fromEntries(
        Object.entries(refused.errors).map(([k, v]) => [k === 'changes' ? 'form' : k.replace(/^changes\./, ''), v]),
      );
      await this.noticePage(request, reply, id, noticeId, { values: shownAgain(values), errors }, refused.status);
    }
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
      sendPage(
        request,
        reply,
        { title: 'Sök', current: '/sok', status },
        <SearchPage csrf={request.csrfToken} values={values} {...extra} />,
      );
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
  async show(
    @Req() request: WebRequest,
    @Param('id') id: string,
    @Query('sparat') saved: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
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
    const values = {
      unit: field(request.body, 'unit'),
      action: field(request.body, 'action'),
      dueOn: field(request.body, 'dueOn'),
      responsible: field(request.body, 'responsible'),
    };
    try {
      const dto = await validateAs(CreateNextStepDto, {
        unit: values.unit,
        action: values.action,
        dueOn: values.dueOn,
        ...(values.responsible ? { responsible: values.responsible } : {}),
      });
      await this.nextSteps.create(request.actor, id, dto);
      redirect(reply, `/arenden/${id}?sparat=steg#steps`);
    } catch (error) {
      const errors = formErrors(error) ?? (swedishProblem(error) ? { form: swedishProblem(error)! } : undefined);
      if (!errors) throw error;
      await this.showCase(request, reply, id, { stepErrors: errors, stepValues: values }, 400);
    }
  }

  private async noticesPage(
    request: WebRequest,
    reply: FastifyReply,
    values: NoticeValues = { receivedOn: todayInStockholm(), childrenInHousehold: '0' },
    errors?: Record<string, string>,
    status = 200,
  ) {
    const landlords = await this.setup.listLandlords();
    sendPage(
      request,
      reply,
      { title: 'Underrättelser', current: '/underrattelser/ny', status },
      <NoticesPage csrf={request.csrfToken} values={values} errors={errors} landlords={landlords} />,
    );
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
      const chosen = values.landlordOrgNumber
        ? { ...values, landlordOrgNumber: await this.setup.landlordNumberFor(values.landlordOrgNumber) }
        : values;
      const { receipt } = await this.intake.receive(request.actor, noticeBody(request.actor.district, chosen));
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
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="underrattelser-mall.csv"')
      .send(importTemplateCsv());
  }

  /** A file upload: ImportsService.upload, as POST /notification-imports; the district is the caller's. */
  @Post('underrattelser/fil')
  @Allow('coordinator')
  async upload(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const multipart = request as MultipartRequest;
    if (typeof multipart.isMultipart !== 'function' || !multipart.isMultipart())
      throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Send a file.');
    const district = request.actor.district;
    async function* parts(): AsyncGenerator<UploadPart> {
      yield { kind: 'field', name: 'district', value: district };
      for await (const part of multipart.parts()) {
        if (part.type === 'field') {
          if (part.fieldname === 'mode' || part.fieldname === 'dryRun')
            yield { kind: 'field', name: part.fieldname, value: String(part.value) };
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
        ? `Filen avvisades: ${Object.entries(errors)
            .map(([k, v]) => `${k}: ${v}`)
            .join('; ')}`
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
