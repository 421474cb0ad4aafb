import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { addDays, todayInStockholm } from '@bosam/calendar';
import { Role, ROLES } from '@bosam/platform';
import { createTestApp, TestApp } from './support/app';
import { notificationBody, orgNumber, TEST_LANDLORD } from './support/factories';
import { DistrictFixture, newDistrict, newMeeting, newNextStep } from './support/meeting-factories';

/**
 * The safety net over every /api/v1 operation of the OpenAPI document: authentication, the role
 * table of API.md, district scoping, garbage input and the document itself. A route that is not in
 * ACCESS fails the first test, so nobody adds one without saying who may call it.
 */

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation = `${Uppercase<Method>} /api/v1/${string}`;

const SET_UP: Role[] = ['admin', 'coordinator'];
const CASE_READERS: Role[] = ['coordinator', 'unit_rep'];

/**
 * Who may call what (API.md, "Roles"): admin configures districts, units, landlords and reads no
 * case data; coordinator does everything in the district; unit_rep reads the district's cases,
 * agendas, minutes and next steps and records decisions and next steps for their own unit (and
 * outreach contacts: the units do the outreach); evaluator sees aggregates only; auditor reads the
 * audit log. The set-up register (district name, units, landlords) is no personal data and is
 * readable by the roles that need it to work.
 */
const ACCESS: Record<Operation, Role[]> = {
  'POST /api/v1/districts': ['admin'],
  'GET /api/v1/districts': ['admin', 'coordinator', 'unit_rep', 'evaluator', 'auditor'],
  'POST /api/v1/districts/{code}/units': SET_UP,
  'GET /api/v1/districts/{code}/units': ['admin', 'coordinator', 'unit_rep', 'evaluator'],
  'POST /api/v1/districts/{code}/units/{unit}/mandates': SET_UP,
  'GET /api/v1/districts/{code}/units/{unit}/mandates': ['admin', 'coordinator', 'unit_rep'],
  // The landlord register is shared by every district: only an admin sets the names the others see;
  // a coordinator asks for an addition or a rename with a landlord request.
  'POST /api/v1/landlords': ['admin'],
  'PATCH /api/v1/landlords/{orgNumber}': ['admin'],
  'GET /api/v1/landlords': ['admin', 'coordinator', 'unit_rep', 'evaluator'],
  'POST /api/v1/landlord-requests': ['coordinator'],
  'GET /api/v1/landlord-requests': ['admin', 'coordinator'],
  'POST /api/v1/landlord-requests/{id}/accept': ['admin'],
  'POST /api/v1/landlord-requests/{id}/reject': ['admin'],
  'GET /api/v1/audit': ['auditor'],
  'GET /api/v1/audit/verify': ['auditor'],
  'POST /api/v1/notifications': ['coordinator'],
  'POST /api/v1/notification-imports': ['coordinator'],
  'GET /api/v1/notification-imports/template.csv': ['admin', 'coordinator'],
  'GET /api/v1/notification-imports/{id}': ['coordinator'],
  'GET /api/v1/notification-imports/{id}/rejections': ['coordinator'],
  'GET /api/v1/cases': CASE_READERS,
  'GET /api/v1/cases/{id}': CASE_READERS,
  // Unit reps set their own unit (the service refuses others) and close where the district allows it (set below for A).
  'PUT /api/v1/cases/{id}/units': CASE_READERS,
  'POST /api/v1/cases/{id}/contacts': CASE_READERS,
  'POST /api/v1/cases/{id}/close': CASE_READERS,
  'POST /api/v1/cases/{id}/protected-identity': ['coordinator'],
  // Next steps between meetings: the coordinator, or a unit representative for their own unit.
  'POST /api/v1/cases/{id}/next-steps': CASE_READERS,
  'POST /api/v1/cases/{id}/reopen': ['coordinator'],
  'POST /api/v1/cases/{id}/merge': ['coordinator'],
  'POST /api/v1/cases/{id}/corrections': ['coordinator'],
  // Following a case between meetings: the units that meet the client record it too.
  'POST /api/v1/cases/{id}/balances': CASE_READERS,
  'POST /api/v1/cases/{id}/repayment-plans': CASE_READERS,
  'PATCH /api/v1/repayment-plans/{id}': CASE_READERS,
  'POST /api/v1/cases/{id}/disturbances': CASE_READERS,
  'POST /api/v1/cases/{id}/disturbances-ended': CASE_READERS,
  'GET /api/v1/notifications/{id}': CASE_READERS,
  'POST /api/v1/notifications/{id}/amendments': ['coordinator'],
  'PATCH /api/v1/districts/{code}/settings': SET_UP,
  'POST /api/v1/meetings': ['coordinator'],
  'GET /api/v1/meetings': CASE_READERS,
  'POST /api/v1/districts/{code}/meeting-series': ['coordinator'],
  'POST /api/v1/districts/{code}/meeting-series/{seriesId}/end': ['coordinator'],
  'PATCH /api/v1/meetings/{id}': ['coordinator'],
  'POST /api/v1/meetings/{id}/cancel': ['coordinator'],
  'GET /api/v1/meetings/{id}/agenda': CASE_READERS,
  'GET /api/v1/meetings/{id}/agenda.html': CASE_READERS,
  'GET /api/v1/meetings/{id}/attendance': CASE_READERS,
  'PUT /api/v1/meetings/{id}/attendance': ['coordinator'],
  'PUT /api/v1/meetings/{id}/attendance/{unit}': ['coordinator'],
  'POST /api/v1/meetings/{id}/start': ['coordinator'],
  'POST /api/v1/meetings/{id}/close': ['coordinator'],
  'POST /api/v1/meetings/{id}/decisions': CASE_READERS,
  // A pending decision: the coordinator, or the waiting unit's own representative (assistant head).
  'POST /api/v1/decisions/{id}/confirm': CASE_READERS,
  'GET /api/v1/meetings/{id}/minutes': CASE_READERS,
  'GET /api/v1/meetings/{id}/minutes.html': CASE_READERS,
  'GET /api/v1/next-steps': CASE_READERS,
  'PATCH /api/v1/next-steps/{id}': CASE_READERS,
  // Evaluators see aggregates and exports only; the coordinator plans the term and records its decisions.
  'PUT /api/v1/districts/{code}/terms/{term}/targets': ['coordinator'],
  'GET /api/v1/districts/{code}/terms/{term}/indicators': ['coordinator', 'evaluator'],
  'POST /api/v1/districts/{code}/terms/{term}/decisions': ['coordinator'],
  'PATCH /api/v1/evaluation-decisions/{id}': ['coordinator'],
  'POST /api/v1/evaluation-exports': ['coordinator', 'evaluator'],
  'GET /api/v1/evaluation-exports/{id}': ['coordinator', 'evaluator'],
  'GET /api/v1/evaluation-exports/{id}/file': ['coordinator', 'evaluator'],
  // The unit meeting the client documents consents and exchanges; liaison sessions and their landlord agenda are the coordinator's.
  'POST /api/v1/cases/{id}/consents': CASE_READERS,
  'POST /api/v1/consents/{id}/withdraw': CASE_READERS,
  'POST /api/v1/landlord-exchanges': CASE_READERS,
  'POST /api/v1/liaison-sessions': ['coordinator'],
  'GET /api/v1/liaison-sessions': CASE_READERS,
  'GET /api/v1/liaison-sessions/{id}/agenda': ['coordinator'],
  'GET /api/v1/liaison-sessions/{id}/agenda.html': ['coordinator'],
  'GET /api/v1/liaison-sessions/{id}': CASE_READERS,
  'PUT /api/v1/liaison-sessions/{id}/attendance': ['coordinator'],
  'POST /api/v1/liaison-sessions/{id}/cancel': ['coordinator'],
  'GET /api/v1/consents': CASE_READERS,
};

const A = 'ACC';
const B = 'OTB';
const today = todayInStockholm();

interface Seed {
  caseId: string;
  closeCaseId: string;
  mergeCaseId: string;
  planId: string;
  notificationId: string;
  meetingId: string;
  nextStepId: string;
  importId: string;
  exportId: string;
  consentId: string;
  sessionId: string;
  decisionId: string;
  seriesId: string;
  evaluationDecisionId: string;
  landlordRequestId: string;
}

let serial = 0;
const next = (): number => (serial += 1);

/** A valid body for each operation that takes one (fresh codes, so that repeats do not conflict). */
function validBody(op: Operation, seed: Seed, district = A): Record<string, unknown> | undefined {
  switch (op) {
    case 'POST /api/v1/districts':
      return { code: `D${next()}`, name: 'Nytt distrikt' };
    case 'POST /api/v1/districts/{code}/units':
      return { code: `U${next()}`, name: 'Ny enhet' };
    case 'POST /api/v1/districts/{code}/units/{unit}/mandates':
      return { person: 'Anna Andersson', validFrom: today, validUntil: null };
    case 'POST /api/v1/landlords':
      return { orgNumber: orgNumber(500_000 + next()), name: 'Bostäder AB', municipal: false };
    case 'PATCH /api/v1/landlords/{orgNumber}':
      return { name: TEST_LANDLORD.name };
    case 'POST /api/v1/landlord-requests':
      return { orgNumber: orgNumber(600_000 + next()), name: 'Nya Bostäder AB' };
    case 'POST /api/v1/notifications':
      return notificationBody({ district });
    case 'PUT /api/v1/cases/{id}/units':
      return { units: ['EKB'] };
    case 'POST /api/v1/cases/{id}/contacts':
      return { on: today, channel: 'phone', reached: true };
    case 'POST /api/v1/cases/{id}/close':
      return { on: today, outcome: 'moved' };
    case 'POST /api/v1/cases/{id}/protected-identity':
      return { protected: true, reason: 'Skyddade personuppgifter' };
    case 'POST /api/v1/cases/{id}/reopen':
      return { reason: 'Stängdes av misstag' };
    case 'POST /api/v1/cases/{id}/merge':
      return { intoCaseId: seed.caseId, reason: 'Samma hushåll' };
    case 'POST /api/v1/cases/{id}/corrections':
      return { reason: 'Fel antal barn', childrenInHousehold: next() % 10 };
    case 'POST /api/v1/cases/{id}/balances':
      return { on: today, arrearsSek: 1000, source: 'landlord' };
    case 'POST /api/v1/cases/{id}/repayment-plans':
      return { landlordOrgNumber: TEST_LANDLORD.orgNumber, monthlySek: 500, firstDueOn: today };
    case 'PATCH /api/v1/repayment-plans/{id}':
      return { status: 'kept', on: today };
    case 'POST /api/v1/cases/{id}/disturbances':
      return { on: today, landlordOrgNumber: TEST_LANDLORD.orgNumber, category: 'oljud nattetid' };
    case 'POST /api/v1/cases/{id}/disturbances-ended':
      return { on: today };
    case 'POST /api/v1/notifications/{id}/amendments':
      return { reason: 'Rättat antal månader', changes: { monthsInArrears: next() % 12 } };
    case 'PATCH /api/v1/districts/{code}/settings':
      return { unitRepsMayClose: true };
    case 'POST /api/v1/meetings':
      return { district, startsAt: '2030-01-10T09:00:00+01:00' };
    case 'POST /api/v1/districts/{code}/meeting-series':
      return { firstOn: '2030-02-01', time: '09:00', everyWeeks: 2, until: '2030-03-01' };
    case 'PUT /api/v1/meetings/{id}/attendance':
      return { units: [{ unit: 'EKB', person: 'Anna Andersson', role: 'assistant_head' }] };
    case 'PUT /api/v1/meetings/{id}/attendance/{unit}':
      return { person: 'Anna Andersson', role: 'assistant_head' };
    case 'PATCH /api/v1/meetings/{id}':
      return { chair: 'Maria Lind', noteTaker: 'Johan Berg' };
    case 'POST /api/v1/meetings/{id}/cancel':
      return { reason: 'Krockar med utbildningsdag' };
    case 'POST /api/v1/districts/{code}/meeting-series/{seriesId}/end':
      return { from: '2030-02-10' };
    case 'POST /api/v1/decisions/{id}/confirm':
      return { confirmed: true, by: 'Sara Ek' };
    case 'POST /api/v1/cases/{id}/next-steps':
      return { unit: 'EKB', action: 'Ring hyresgästen', dueOn: addDays(today, 7) };
    case 'POST /api/v1/meetings/{id}/decisions':
      return { caseId: seed.caseId, text: 'Kontakta hyresgästen', nextSteps: [{ unit: 'EKB', action: 'Ring', dueOn: addDays(today, 7) }] };
    case 'PATCH /api/v1/next-steps/{id}':
      return { status: 'done', doneOn: today };
    case 'PUT /api/v1/districts/{code}/terms/{term}/targets':
      return { targets: [{ indicator: 'casesOpened', comparator: '>=', value: 1 }] };
    case 'POST /api/v1/districts/{code}/terms/{term}/decisions':
      return { text: 'Hembesök inom 14 dagar', owner: 'Enhetschef EKB', dueOn: addDays(today, 60) };
    case 'POST /api/v1/evaluation-exports':
      return { district, term: '2026-HT', format: 'csv' };
    case 'POST /api/v1/cases/{id}/consents':
      return {
        landlordOrgNumber: TEST_LANDLORD.orgNumber,
        categories: ['arrears_status'],
        givenOn: today,
        validUntil: null,
        form: 'written',
        documentedBy: 'Anna Andersson',
      };
    case 'POST /api/v1/consents/{id}/withdraw':
      return { on: today };
    case 'POST /api/v1/landlord-exchanges':
      return {
        caseId: seed.caseId,
        landlordOrgNumber: TEST_LANDLORD.orgNumber,
        on: today,
        direction: 'to_landlord',
        categories: ['arrears_status'],
        summary: 'Kontakt etablerad',
      };
    case 'POST /api/v1/liaison-sessions':
      return { district, on: today, landlordOrgNumbers: [TEST_LANDLORD.orgNumber] };
    case 'PUT /api/v1/liaison-sessions/{id}/attendance':
      return { landlords: [{ landlordOrgNumber: TEST_LANDLORD.orgNumber, attendees: ['Karin Fastighetschef'] }] };
    case 'POST /api/v1/liaison-sessions/{id}/cancel':
      return { reason: 'Inställt' };
    case 'PATCH /api/v1/evaluation-decisions/{id}':
      return { status: 'done' };
    default:
      return undefined;
  }
}

/** The id a path's {id} stands for, in district A. */
function idFor(op: Operation, seed: Seed): string {
  if (op.includes('/cases/'))
    return op.endsWith('/close') || op.endsWith('/reopen') ? seed.closeCaseId : op.endsWith('/merge') ? seed.mergeCaseId : seed.caseId;
  if (op.includes('/repayment-plans/')) return seed.planId;
  if (op.includes('/notifications/')) return seed.notificationId;
  if (op.includes('/meetings/')) return seed.meetingId;
  if (op.includes('/evaluation-decisions/')) return seed.evaluationDecisionId;
  if (op.includes('/decisions/')) return seed.decisionId;
  if (op.includes('/next-steps/')) return seed.nextStepId;
  if (op.includes('/notification-imports/')) return seed.importId;
  if (op.includes('/evaluation-exports/')) return seed.exportId;
  if (op.includes('/consents/')) return seed.consentId;
  if (op.includes('/liaison-sessions/')) return seed.sessionId;
  if (op.includes('/landlord-requests/')) return seed.landlordRequestId;
  throw new Error(`no id for ${op}`);
}

const CSV = Buffer.from(
  '\uFEFFsource;externalReference;landlordOrgNumber;receivedOn;street;postalCode;city;childrenInHousehold;personnummer1;name1\r\n' +
    `landlord_arrears;IMP-1;${TEST_LANDLORD.orgNumber};${today};Gatan 1;123 45;Stockholm;0;19121212-1212;Test Testsson\r\n`,
);

const isProblem = (res: request.Response): boolean =>
  /^application\/problem\+json/.test(String(res.headers['content-type'])) &&
  typeof res.body?.code === 'string' &&
  typeof res.body?.status === 'number' &&
  res.body.status === res.status;

describe('access: every operation, every role, every district', () => {
  let t: TestApp;
  let a: DistrictFixture;
  let b: DistrictFixture;
  let seed: Seed;
  let otherMeetingId: string;
  let otherCaseId: string;
  let operations: Array<{ op: Operation; method: Method; path: string; spec: Record<string, any> }>;
  let document: Record<string, any>;

  /** Sends one operation; `params` fill the path template, `body` is sent as JSON (or the file, for an import). */
  async function send(
    op: Operation,
    auth: string | undefined,
    options: { params?: Record<string, string>; body?: unknown; query?: string; district?: string } = {},
  ): Promise<request.Response> {
    const [verb, template] = op.split(' ') as [string, string];
    const params = {
      code: A,
      unit: 'EKB',
      term: '2026-HT',
      seriesId: seed.seriesId,
      orgNumber: TEST_LANDLORD.orgNumber,
      ...(template.includes('{id}') ? { id: idFor(op, seed) } : {}),
      ...options.params,
    };
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name as keyof typeof params]!));
    let req = t.http()[verb.toLowerCase() as Method](`${path}${options.query ? `?${options.query}` : ''}`);
    if (auth) req = req.set('Authorization', auth);
    if (op === 'POST /api/v1/notification-imports' && options.body === undefined) {
      return req
        .field('district', options.district ?? A)
        .field('dryRun', 'true')
        .attach('file', CSV, 'underrattelser.csv');
    }
    const body = options.body !== undefined ? options.body : validBody(op, seed, options.district);
    return body === undefined ? req : req.send(body as object);
  }

  beforeAll(async () => {
    t = await createTestApp();
    a = await newDistrict(t, A, ['EKB', 'VUX']);
    b = await newDistrict(t, B, ['EKB', 'VUX']);
    const admin = await t.auth('admin', A);
    await t.http().post('/api/v1/landlords').set('Authorization', admin).send(TEST_LANDLORD).expect(201);
    // District A's records, made the way users make them: notices through the API, a meeting, a file import.
    const first = await t
      .http()
      .post('/api/v1/notifications')
      .set('Authorization', a.coordinator)
      .send(notificationBody({ district: A }))
      .expect(201);
    const second = await t
      .http()
      .post('/api/v1/notifications')
      .set('Authorization', a.coordinator)
      .send(notificationBody({ district: A }))
      .expect(201);
    const meetingId = await newMeeting(t, a, '2030-01-03T09:00:00+01:00');
    const nextStepId = await newNextStep(t, a, first.body.caseId, { unit: 'EKB', dueOn: addDays(today, 14) });
    const consent = await t
      .http()
      .post(`/api/v1/cases/${first.body.caseId}/consents`)
      .set('Authorization', a.coordinator)
      .send({
        landlordOrgNumber: TEST_LANDLORD.orgNumber,
        categories: ['arrears_status'],
        givenOn: today,
        form: 'oral',
        documentedBy: 'Anna Andersson',
      })
      .expect(201);
    const session = await t
      .http()
      .post('/api/v1/liaison-sessions')
      .set('Authorization', a.coordinator)
      .send({ district: A, on: today, landlordOrgNumbers: [TEST_LANDLORD.orgNumber] })
      .expect(201);
    const landlordRequest = await t
      .http()
      .post('/api/v1/landlord-requests')
      .set('Authorization', a.coordinator)
      .send({ orgNumber: orgNumber(700_001), name: 'Begärda Bostäder AB' })
      .expect(201);
    const series = await t
      .http()
      .post(`/api/v1/districts/${A}/meeting-series`)
      .set('Authorization', a.coordinator)
      .send({ firstOn: '2030-02-01', time: '09:00', everyWeeks: 2, until: '2030-03-01' })
      .expect(201);
    // A decision waiting for EKB's confirmation (nobody recorded as present), on a running meeting.
    const running = await newMeeting(t, a, '2030-01-04T09:00:00+01:00');
    await t.http().post(`/api/v1/meetings/${running}/start`).set('Authorization', a.coordinator).expect(200);
    const decision = await t
      .http()
      .post(`/api/v1/meetings/${running}/decisions`)
      .set('Authorization', a.coordinator)
      .send({ caseId: first.body.caseId, text: 'Hembesök', nextSteps: [{ unit: 'EKB', action: 'Hembesök', dueOn: addDays(today, 7) }] })
      .expect(201);
    const third = await t
      .http()
      .post('/api/v1/notifications')
      .set('Authorization', a.coordinator)
      .send(notificationBody({ district: A }))
      .expect(201);
    const plan = await t
      .http()
      .post(`/api/v1/cases/${first.body.caseId}/repayment-plans`)
      .set('Authorization', a.coordinator)
      .send({ landlordOrgNumber: TEST_LANDLORD.orgNumber, monthlySek: 500, firstDueOn: today })
      .expect(201);
    // District A lets unit representatives close cases (the district setting).
    await t.http().patch(`/api/v1/districts/${A}/settings`).set('Authorization', admin).send({ unitRepsMayClose: true }).expect(200);
    const evaluationDecision = await t
      .http()
      .post(`/api/v1/districts/${A}/terms/2026-HT/decisions`)
      .set('Authorization', a.coordinator)
      .send({ text: 'Hembesök inom 14 dagar', owner: 'Enhetschef EKB', dueOn: addDays(today, 60) })
      .expect(201);
    seed = {
      caseId: first.body.caseId,
      closeCaseId: second.body.caseId,
      mergeCaseId: third.body.caseId,
      planId: plan.body.id,
      notificationId: first.body.id,
      meetingId,
      nextStepId,
      importId: '',
      exportId: '',
      consentId: consent.body.id,
      sessionId: session.body.id,
      decisionId: decision.body.id,
      seriesId: series.body.seriesId,
      evaluationDecisionId: evaluationDecision.body.id,
      landlordRequestId: landlordRequest.body.id,
    };
    const upload = await send('POST /api/v1/notification-imports', a.coordinator);
    expect(upload.status).toBe(202);
    seed.importId = upload.body.id;
    const evaluationExport = await send('POST /api/v1/evaluation-exports', a.coordinator);
    expect(evaluationExport.status).toBe(202);
    seed.exportId = evaluationExport.body.id;
    otherMeetingId = await newMeeting(t, b, '2030-01-03T09:00:00+01:00');
    otherCaseId = (
      await t
        .http()
        .post('/api/v1/notifications')
        .set('Authorization', b.coordinator)
        .send(notificationBody({ district: B }))
        .expect(201)
    ).body.caseId;
    await t.http().post(`/api/v1/meetings/${otherMeetingId}/start`).set('Authorization', b.coordinator).expect(200);

    document = (await t.http().get('/api/docs-json').expect(200)).body;
    operations = Object.entries(document.paths as Record<string, Record<string, any>>)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, item]) =>
        (['get', 'post', 'put', 'patch', 'delete'] as Method[])
          .filter((method) => item[method])
          .map((method) => ({ op: `${method.toUpperCase()} ${path}` as Operation, method, path, spec: item[method] })),
      );
  });
  afterAll(() => t.close());

  it('has an expected-access row for every operation in the OpenAPI document, and no stale rows', () => {
    expect(operations.map((o) => o.op).sort()).toEqual(Object.keys(ACCESS).sort());
  });

  describe('OpenAPI completeness', () => {
    const resolve = (schema: Record<string, any> | undefined): Record<string, any> | undefined =>
      schema?.$ref ? document.components.schemas[schema.$ref.split('/').pop()] : schema;

    it('documents a success response with a schema (or a content type) for every operation', () => {
      const missing = operations.filter(({ spec }) => {
        const success = Object.entries(spec.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
        return !success.some(([, response]) => {
          const content = (response as { content?: Record<string, { schema?: unknown }> }).content ?? {};
          return Object.entries(content).some(([type, media]) =>
            type === 'application/json' ? !!media.schema : !!media.schema || type !== '',
          );
        });
      });
      expect(missing.map((o) => o.op)).toEqual([]);
    });

    it('documents the request body of every operation that reads one, and every path parameter', () => {
      const bodyless = new Set<Operation>([
        'POST /api/v1/meetings/{id}/start',
        'POST /api/v1/meetings/{id}/close',
        'POST /api/v1/landlord-requests/{id}/accept',
        'POST /api/v1/landlord-requests/{id}/reject',
      ]);
      const withoutBody = operations.filter(({ op, method, spec }) => method !== 'get' && !bodyless.has(op) && !spec.requestBody);
      expect(withoutBody.map((o) => o.op)).toEqual([]);
      for (const { op, path, spec } of operations) {
        const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        const documented = (spec.parameters ?? []).filter((p: { in: string }) => p.in === 'path').map((p: { name: string }) => p.name);
        expect({ op, params: documented.sort() }).toEqual({ op, params: names.sort() });
      }
    });

    it('types every property of every schema (an untyped one usually means two classes of the same name)', () => {
      const untyped: string[] = [];
      for (const [name, schema] of Object.entries(document.components.schemas as Record<string, Record<string, any>>)) {
        for (const [property, value] of Object.entries((schema.properties ?? {}) as Record<string, Record<string, any>>)) {
          const typed =
            value.$ref ||
            value.allOf ||
            value.enum ||
            (value.type && value.type !== 'object') ||
            value.properties ||
            value.additionalProperties;
          if (!typed) untyped.push(`${name}.${property}`);
        }
      }
      expect(untyped).toEqual([]);
    });

    it('gives every response object schema its properties', () => {
      const empty: string[] = [];
      for (const { op, spec } of operations) {
        for (const [status, response] of Object.entries(spec.responses as Record<string, any>)) {
          if (!/^2/.test(status)) continue;
          let schema = resolve(response.content?.['application/json']?.schema);
          if (schema?.type === 'array') schema = resolve(schema.items);
          if (schema && schema.type === 'object' && !schema.properties) empty.push(`${op} ${status}`);
        }
      }
      expect(empty).toEqual([]);
    });
  });

  describe('without a token', () => {
    it('answers 401 problem+json on every operation', async () => {
      const wrong: string[] = [];
      for (const { op } of operations) {
        const res = await send(op, undefined);
        if (res.status !== 401 || !isProblem(res) || res.body.code !== 'UNAUTHENTICATED') wrong.push(`${op} → ${res.status}`);
      }
      expect(wrong).toEqual([]);
    });
  });

  describe('roles', () => {
    it.each(ROLES)('%s: 403 where the table says no, never 5xx, problem+json on every 4xx', async (role) => {
      const auth = await t.auth(role, A);
      const wrong: string[] = [];
      for (const { op } of operations) {
        const res = await send(op, auth);
        const allowed = ACCESS[op]?.includes(role) ?? false;
        const forbidden = res.status === 403 && res.body?.code === 'FORBIDDEN';
        if (res.status >= 500) wrong.push(`${op} → ${res.status} ${res.body?.code}`);
        else if (res.status >= 400 && !isProblem(res)) wrong.push(`${op} → ${res.status} without problem+json`);
        else if (allowed && forbidden) wrong.push(`${op} → 403 but the table allows ${role}`);
        else if (!allowed && !forbidden) wrong.push(`${op} → ${res.status} but the table forbids ${role}`);
      }
      expect(wrong).toEqual([]);
    });

    it('lets a unit rep decide and complete next steps for their own unit only', async () => {
      const rep = await t.auth('unit_rep', A, 'EKB');
      const started = await t
        .http()
        .post('/api/v1/meetings')
        .set('Authorization', a.coordinator)
        .send({ district: A, startsAt: '2030-05-02T09:00:00+02:00' })
        .expect(201);
      await t.http().post(`/api/v1/meetings/${started.body.id}/start`).set('Authorization', a.coordinator).expect(200);
      const decide = (steps: unknown[]) =>
        t
          .http()
          .post(`/api/v1/meetings/${started.body.id}/decisions`)
          .set('Authorization', rep)
          .send({ caseId: seed.caseId, text: 'Beslut', nextSteps: steps });
      expect((await decide([{ unit: 'VUX', action: 'Ring', dueOn: addDays(today, 3) }])).status).toBe(403);
      const own = await decide([{ unit: 'EKB', action: 'Ring', dueOn: addDays(today, 3) }]).expect(201);
      const vuxStep = await newNextStep(t, a, seed.caseId, { unit: 'VUX', dueOn: addDays(today, 3) });
      const patch = (id: string) =>
        t.http().patch(`/api/v1/next-steps/${id}`).set('Authorization', rep).send({ status: 'done', doneOn: today });
      expect((await patch(vuxStep)).status).toBe(403);
      await patch(own.body.nextSteps[0].id).expect(200);
    });
  });

  describe('another district', () => {
    /** The operations that name a district (path, query or body) or an id of one of its records. */
    const CROSS: Array<{ op: Operation; query?: string; body?: (s: Seed) => unknown; params?: (s: Seed) => Record<string, string> }> = [
      { op: 'POST /api/v1/districts/{code}/units' },
      { op: 'GET /api/v1/districts/{code}/units' },
      { op: 'POST /api/v1/districts/{code}/units/{unit}/mandates' },
      { op: 'GET /api/v1/districts/{code}/units/{unit}/mandates' },
      { op: 'POST /api/v1/notifications' },
      { op: 'POST /api/v1/notification-imports' },
      { op: 'GET /api/v1/notification-imports/{id}' },
      { op: 'GET /api/v1/notification-imports/{id}/rejections' },
      { op: 'GET /api/v1/cases', query: `district=${A}` },
      { op: 'GET /api/v1/cases/{id}' },
      { op: 'PUT /api/v1/cases/{id}/units' },
      { op: 'POST /api/v1/cases/{id}/contacts' },
      { op: 'POST /api/v1/cases/{id}/close' },
      { op: 'POST /api/v1/cases/{id}/next-steps' },
      { op: 'POST /api/v1/cases/{id}/reopen' },
      { op: 'POST /api/v1/cases/{id}/merge' },
      { op: 'POST /api/v1/cases/{id}/corrections' },
      { op: 'POST /api/v1/cases/{id}/balances' },
      { op: 'POST /api/v1/cases/{id}/repayment-plans' },
      { op: 'PATCH /api/v1/repayment-plans/{id}' },
      { op: 'POST /api/v1/cases/{id}/disturbances' },
      { op: 'POST /api/v1/cases/{id}/disturbances-ended' },
      { op: 'GET /api/v1/notifications/{id}' },
      { op: 'POST /api/v1/notifications/{id}/amendments' },
      { op: 'PATCH /api/v1/districts/{code}/settings' },
      // District B's own case, merged into district A's: the target does not exist for B.
      {
        op: 'POST /api/v1/cases/{id}/merge',
        params: () => ({ id: otherCaseId }),
        body: (s) => ({ intoCaseId: s.caseId, reason: 'Samma hushåll' }),
      },
      { op: 'POST /api/v1/meetings' },
      { op: 'GET /api/v1/meetings', query: `district=${A}` },
      { op: 'POST /api/v1/districts/{code}/meeting-series' },
      { op: 'POST /api/v1/districts/{code}/meeting-series/{seriesId}/end' },
      { op: 'PATCH /api/v1/meetings/{id}' },
      { op: 'POST /api/v1/meetings/{id}/cancel' },
      { op: 'PUT /api/v1/meetings/{id}/attendance/{unit}' },
      { op: 'POST /api/v1/decisions/{id}/confirm' },
      { op: 'GET /api/v1/meetings/{id}/agenda' },
      { op: 'GET /api/v1/meetings/{id}/agenda.html' },
      { op: 'GET /api/v1/meetings/{id}/attendance' },
      { op: 'PUT /api/v1/meetings/{id}/attendance' },
      { op: 'POST /api/v1/meetings/{id}/start' },
      { op: 'POST /api/v1/meetings/{id}/close' },
      { op: 'POST /api/v1/meetings/{id}/decisions' },
      // District B's own running meeting, with district A's case: the case does not exist for B.
      {
        op: 'POST /api/v1/meetings/{id}/decisions',
        params: () => ({ id: otherMeetingId }),
        body: (s) => ({ caseId: s.caseId, text: 'Beslut', nextSteps: [{ unit: 'EKB', action: 'Ring', dueOn: addDays(today, 7) }] }),
      },
      { op: 'GET /api/v1/meetings/{id}/minutes' },
      { op: 'GET /api/v1/meetings/{id}/minutes.html' },
      { op: 'GET /api/v1/next-steps', query: `district=${A}` },
      { op: 'PATCH /api/v1/next-steps/{id}' },
      { op: 'PUT /api/v1/districts/{code}/terms/{term}/targets' },
      { op: 'GET /api/v1/districts/{code}/terms/{term}/indicators' },
      { op: 'POST /api/v1/districts/{code}/terms/{term}/decisions' },
      { op: 'POST /api/v1/evaluation-exports' },
      { op: 'GET /api/v1/evaluation-exports/{id}' },
      { op: 'GET /api/v1/evaluation-exports/{id}/file' },
      { op: 'POST /api/v1/cases/{id}/consents' },
      { op: 'POST /api/v1/consents/{id}/withdraw' },
      { op: 'POST /api/v1/landlord-exchanges' },
      { op: 'POST /api/v1/liaison-sessions' },
      { op: 'GET /api/v1/liaison-sessions', query: `district=${A}` },
      { op: 'GET /api/v1/liaison-sessions/{id}/agenda', query: `landlord=${TEST_LANDLORD.orgNumber}` },
      { op: 'GET /api/v1/liaison-sessions/{id}/agenda.html', query: `landlord=${TEST_LANDLORD.orgNumber}` },
      { op: 'GET /api/v1/liaison-sessions/{id}' },
      { op: 'PUT /api/v1/liaison-sessions/{id}/attendance' },
      { op: 'POST /api/v1/liaison-sessions/{id}/cancel' },
      { op: 'GET /api/v1/consents', query: `district=${A}` },
      { op: 'PATCH /api/v1/evaluation-decisions/{id}' },
    ];

    it('answers 404 to every role of district B that may call the route, before anything happens', async () => {
      const timeline = () =>
        t.dataSource.query('SELECT count(*)::int AS n FROM case_event WHERE case_id = ANY($1)', [[seed.caseId, seed.closeCaseId]]);
      const eventsBefore = await timeline();
      const before = await t.dataSource.query(
        `SELECT (SELECT count(*) FROM unit) AS units, (SELECT count(*) FROM notification) AS notices, (SELECT count(*) FROM meeting) AS meetings,
                (SELECT count(*) FROM case_contact) AS contacts, (SELECT count(*) FROM meeting_decision) AS decisions,
                (SELECT count(*) FROM unit_mandate) AS mandates, (SELECT count(*) FROM notification_import) AS imports,
                (SELECT count(*) FROM consent WHERE withdrawn_on IS NULL) AS consents, (SELECT count(*) FROM landlord_exchange) AS exchanges,
                (SELECT count(*) FROM liaison_session) AS sessions`,
      );
      const wrong: string[] = [];
      for (const { op, query, body, params } of CROSS) {
        // Admins configure every district by design (API.md): they are not scoped.
        for (const role of ACCESS[op].filter((r) => r !== 'admin')) {
          const res = await send(op, await t.auth(role, B), { query, district: A, body: body?.(seed), params: params?.(seed) });
          if (res.status !== 404 || !isProblem(res) || res.body.code !== 'NOT_FOUND') wrong.push(`${role} ${op} → ${res.status}`);
        }
      }
      expect(wrong).toEqual([]);
      const after = await t.dataSource.query(
        `SELECT (SELECT count(*) FROM unit) AS units, (SELECT count(*) FROM notification) AS notices, (SELECT count(*) FROM meeting) AS meetings,
                (SELECT count(*) FROM case_contact) AS contacts, (SELECT count(*) FROM meeting_decision) AS decisions,
                (SELECT count(*) FROM unit_mandate) AS mandates, (SELECT count(*) FROM notification_import) AS imports,
                (SELECT count(*) FROM consent WHERE withdrawn_on IS NULL) AS consents, (SELECT count(*) FROM landlord_exchange) AS exchanges,
                (SELECT count(*) FROM liaison_session) AS sessions`,
      );
      expect(after).toEqual(before);
      // Nothing district B sent reached district A's cases.
      expect(await timeline()).toEqual(eventsBefore);
    });

    it('cannot tell a record of another district from one that does not exist', async () => {
      const coordinator = await t.auth('coordinator', B);
      const theirs = await t.http().get(`/api/v1/cases/${seed.caseId}`).set('Authorization', coordinator).expect(404);
      const none = await t.http().get(`/api/v1/cases/${randomUUID()}`).set('Authorization', coordinator).expect(404);
      expect({ ...theirs.body, correlationId: undefined }).toEqual({ ...none.body, correlationId: undefined });
    });

    it("shows an auditor of district B nothing of district A's case", async () => {
      const res = await t
        .http()
        .get(`/api/v1/audit?caseId=${seed.caseId}`)
        .set('Authorization', await t.auth('auditor', B))
        .expect(200);
      expect(res.body).toEqual([]);
      const own = await t
        .http()
        .get(`/api/v1/audit?caseId=${seed.caseId}`)
        .set('Authorization', await t.auth('auditor', A))
        .expect(200);
      expect(own.body.length).toBeGreaterThan(0);
    });

    it('lists only the caller’s own district, cases, meetings and next steps without a filter', async () => {
      const coordinator = await t.auth('coordinator', B);
      const get = async (path: string) => (await t.http().get(`/api/v1${path}`).set('Authorization', coordinator).expect(200)).body;
      expect((await get('/districts')).map((d: { code: string }) => d.code)).toEqual([B]);
      expect((await get('/cases')).items.map((c: { id: string }) => c.id)).not.toEqual(expect.arrayContaining([seed.caseId]));
      expect((await get('/meetings')).map((m: { district: string }) => m.district)).toEqual([B]);
      expect((await get('/next-steps')).map((s: { caseId: string }) => s.caseId)).not.toContain(seed.caseId);
    });
  });

  describe('garbage input', () => {
    const HUGE = 'x'.repeat(20_000);

    /** Wrong values for a property of the given schema type: never valid, whatever the field. */
    function wrongValues(schema: Record<string, any>): unknown[] {
      const type = schema.type ?? (schema.$ref || schema.allOf ? 'object' : schema.enum ? 'string' : undefined);
      switch (type) {
        case 'string':
          return [12345, {}, [], true, [HUGE], HUGE];
        case 'number':
        case 'integer':
          return ['abc', {}, [], true, HUGE, 1e308];
        case 'boolean':
          return ['maybe', 12345, {}, []];
        case 'array':
          return [{}, 'x', 12345, [[]], [HUGE], [42], Array.from({ length: 5000 }, () => ({}))];
        case 'object':
          return ['x', 12345, [], true, [{}]];
        default:
          return [{ nested: HUGE }];
      }
    }

    const resolve = (schema: Record<string, any>): Record<string, any> =>
      schema.$ref ? document.components.schemas[schema.$ref.split('/').pop()] : schema.allOf ? resolve(schema.allOf[0]) : schema;

    // Several hundred requests: seconds on an idle machine, more on a loaded one.
    it('answers 400 problem+json naming a field to wrong types, unknown fields, huge strings and arrays, on every JSON body', async () => {
      const coordinator = await t.auth('coordinator', A);
      const admin = await t.auth('admin', A);
      const wrong: string[] = [];
      let tried = 0;
      for (const { op, spec } of operations) {
        const schema = spec.requestBody?.content?.['application/json']?.schema;
        if (!schema) continue;
        const auth = ACCESS[op].includes('coordinator') ? coordinator : admin;
        const valid = validBody(op, seed)!;
        const bodies: Array<[string, unknown]> = [
          ['array body', [valid]],
          ['string body', 'hello'],
          ['unknown field', { ...valid, isAdmin: true }],
          ['empty object', {}],
        ];
        const properties = (resolve(schema).properties ?? {}) as Record<string, Record<string, any>>;
        expect(Object.keys(properties).length).toBeGreaterThan(0);
        for (const [name, property] of Object.entries(properties)) {
          for (const value of wrongValues(property))
            bodies.push([`${name}=${JSON.stringify(value).slice(0, 30)}`, { ...valid, [name]: value }]);
          // One level down: every property of a nested object (or of each array item) gets the wrong values too.
          const nested =
            property.type === 'array' ? property.items && resolve(property.items) : property.$ref ? resolve(property) : undefined;
          for (const [inner, innerSchema] of Object.entries((nested?.properties ?? {}) as Record<string, Record<string, any>>)) {
            const base = property.type === 'array' ? (valid[name] as unknown[])?.[0] : valid[name];
            if (typeof base !== 'object' || base === null) continue;
            for (const value of wrongValues(innerSchema)) {
              const changed = { ...(base as object), [inner]: value };
              bodies.push([
                `${name}.${inner}=${JSON.stringify(value).slice(0, 30)}`,
                { ...valid, [name]: property.type === 'array' ? [changed] : changed },
              ]);
            }
          }
        }
        for (const [what, body] of bodies) {
          tried += 1;
          const res = await send(op, auth, { body });
          const named = what.includes('body') || (Array.isArray(res.body?.errors) && res.body.errors.length > 0);
          if (res.status !== 400 || !isProblem(res) || !named) wrong.push(`${op} (${what}) → ${res.status} ${res.body?.code ?? ''}`);
        }
      }
      expect(tried).toBeGreaterThan(300);
      expect(wrong).toEqual([]);
    }, 240000);

    it('answers 400 to malformed or poisoned JSON, text or form bodies, 415 to other media types and 413 to a body over the limit, as problems', async () => {
      const coordinator = await t.auth('coordinator', A);
      const malformed = await t
        .http()
        .post('/api/v1/notifications')
        .set('Authorization', coordinator)
        .set('Content-Type', 'application/json')
        .send('{"district": ');
      expect([malformed.status, malformed.body.code, isProblem(malformed)]).toEqual([400, 'MALFORMED_JSON', true]);
      const poisoned = await t
        .http()
        .post('/api/v1/notifications')
        .set('Authorization', coordinator)
        .set('Content-Type', 'application/json')
        .send('{"district": "ACC", "__proto__": {"isAdmin": true}, "constructor": {"prototype": {"x": 1}}}');
      expect([poisoned.status, isProblem(poisoned)]).toEqual([400, true]);
      // Text and form bodies reach validation as what they are (and fail it); other media types are refused.
      for (const [type, status] of [
        ['text/plain', 400],
        ['application/x-www-form-urlencoded', 400],
        ['application/xml', 415],
      ] as const) {
        const res = await t
          .http()
          .post(`/api/v1/cases/${seed.caseId}/contacts`)
          .set('Authorization', coordinator)
          .set('Content-Type', type)
          .send('on=2026-01-01');
        expect([type, res.status, isProblem(res)]).toEqual([type, status, true]);
      }
      const big = await t
        .http()
        .post('/api/v1/notifications')
        .set('Authorization', coordinator)
        .send({ ...notificationBody({ district: A }), name: 'x'.repeat(2 * 1024 * 1024) });
      expect([big.status, big.body.code, isProblem(big)]).toEqual([413, 'PAYLOAD_TOO_LARGE', true]);
    });

    it('answers 404 to ids that are not uuids, or uuids of nothing, on every route with an id', async () => {
      const coordinator = await t.auth('coordinator', A);
      const admin = await t.auth('admin', A);
      const wrong: string[] = [];
      const bad = ['not-a-uuid', '123', "1' OR '1'='1", '00000000-0000-0000-0000-00000000000g', randomUUID(), `${randomUUID()}x`];
      for (const { op } of operations.filter((o) => o.path.includes('{id}'))) {
        for (const id of bad) {
          const res = await send(op, ACCESS[op].includes('coordinator') ? coordinator : admin, { params: { id } });
          if (res.status !== 404 || !isProblem(res)) wrong.push(`${op} (${id}) → ${res.status}`);
        }
      }
      // A malformed URL and a path parameter over the router's limit are problems too, and never echo the URL.
      for (const path of [`/api/v1/cases/%E0%A4%A`, `/api/v1/cases/${'1'.repeat(500)}`, `/api/v1/meetings/${'9'.repeat(150)}/agenda`]) {
        const res = await t.http().get(path).set('Authorization', coordinator);
        if (![400, 404].includes(res.status) || !isProblem(res) || res.text.includes('1111111111') || res.text.includes('9999999999')) {
          wrong.push(`GET ${path.slice(0, 40)} → ${res.status}`);
        }
      }
      for (const { op } of operations.filter((o) => o.path.includes('{code}'))) {
        for (const code of ['nope', 'X'.repeat(300), '%00', 'ACC;DROP']) {
          const res = await send(op, coordinator, { params: { code } });
          if (res.status !== 404 || !isProblem(res)) wrong.push(`${op} (${code}) → ${res.status}`);
        }
      }
      expect(wrong).toEqual([]);
    });

    it('answers 400 (or 404 for another district) to bad query parameters, never 5xx', async () => {
      const coordinator = await t.auth('coordinator', A);
      const auditor = await t.auth('auditor', A);
      const wrong: string[] = [];
      for (const { op, spec } of operations.filter((o) => o.method === 'get')) {
        const auth = ACCESS[op].includes('coordinator') ? coordinator : auditor;
        for (const param of (spec.parameters ?? []).filter((p: { in: string }) => p.in === 'query') as Array<{ name: string }>) {
          for (const value of [
            `${param.name}=${'x'.repeat(5000)}`,
            `${param.name}=a&${param.name}=b`,
            `${param.name}[x]=1`,
            `${param.name}=%27%3B--`,
          ]) {
            const res = await send(op, auth, { query: value });
            if (![400, 404].includes(res.status) || !isProblem(res)) wrong.push(`${op}?${value.slice(0, 40)} → ${res.status}`);
          }
        }
      }
      expect(wrong).toEqual([]);
    });

    it('answers the import upload with 400 or 415 problems to a body that is not a proper file', async () => {
      const coordinator = await t.auth('coordinator', A);
      const post = () => t.http().post('/api/v1/notification-imports').set('Authorization', coordinator);
      const answers = [
        await post().send({ district: A, file: 'abc' }),
        await post().send([1, 2, 3]),
        await post().field('district', A).field('isAdmin', 'true').attach('file', CSV, 'a.csv'),
        await post().field('district', A).field('mode', 'x'.repeat(5000)).attach('file', CSV, 'a.csv'),
        await post().field('district', A).field('dryRun', 'perhaps').attach('file', CSV, 'a.csv'),
        await post()
          .field('district', A)
          .attach('file', Buffer.from([0, 1, 2, 3, 255, 254, 0, 0]), 'a.csv'),
        await post().field('district', A).attach('other', CSV, 'a.csv'),
        await post().field('district', A),
      ];
      expect(answers.map((r) => [r.status >= 400 && r.status < 500 && r.status !== 404, isProblem(r)])).toEqual(
        answers.map(() => [true, true]),
      );
    });
  });
});
