import fc from 'fast-check';
import request from 'supertest';
import { addDays, todayInStockholm } from '@bosam/calendar';
import { isLikelyIdentityNumber } from '@bosam/identity';
import { Role } from '@bosam/platform';
import { createTestApp, TestApp } from './support/app';
import { notificationBody, orgNumber, TEST_LANDLORD, testPersonnummer } from './support/factories';
import { newDistrict, newMeeting, newNextStep } from './support/meeting-factories';

/**
 * Property: whatever passes through the HTTP layer, no operation of the OpenAPI document answers
 * 5xx, shows a stack, or repeats an identity number in an error. Driven by the document itself,
 * so an operation added tomorrow is fuzzed without a line here. Seeded (FUZZ_SEED) and bounded in
 * time (FUZZ_MS, default 40 s); a failure prints the seed and the shrunk request to replay.
 */

type Schema = Record<string, any>;
interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  spec: Schema;
}
interface FuzzRequest {
  /** `METHOD /path` (the operation itself stays out, so that a counterexample prints short). */
  op: string;
  role: Role;
  district: string;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  raw?: string;
}

const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const TIME_MS = Number(process.env.FUZZ_MS ?? 40_000);
const today = todayInStockholm();
const PNR = testPersonnummer(4242);

/** Text that has hurt before, or would: extremes of every format, and characters no field should hold. */
const HOSTILE_TEXT = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u202Eevil',
  'ok\u2066x',
  '\u200B\u200B',
  '\u2060',
  '\uFEFF',
  '\u3164',
  '\u00AD',
  '0000-01-01',
  '9999-12-31',
  '0000-VT',
  '9999-HT',
  '2026-02-30',
  '1970-01-01',
  '2026-HT',
  '-1',
  '1e-320',
  'NaN',
  'Infinity',
  '99999999999999999999',
  '2147483648',
  '-0',
  '1e400',
  '../../etc/passwd',
  '%00',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '{{7*7}}',
  'x'.repeat(5000),
  '😀',
  '\uD800',
  PNR,
  `${PNR.slice(2, 8)}-${PNR.slice(8)}`,
  'SKARP',
  'OTHER',
  'ACC',
  '00000000-0000-0000-0000-000000000000',
];
const HOSTILE_NUMBERS = [0, -1, 1, 1e-320, 5e-324, 1e308, -1e308, 2 ** 31, 2 ** 53 + 1, 1e20, 0.1, -0, 123456789012];
const DATES = ['0000-01-01', '0001-01-01', '9999-12-31', '9999-01-01', '1900-02-29', '2000-02-29', '2026-12-31', today, addDays(today, 1)];

const hostileString = fc.constantFrom(...HOSTILE_TEXT);
const anyJson = fc.jsonValue({ maxDepth: 3 });

function resolve(document: Schema, schema: Schema | undefined): Schema {
  if (!schema) return {};
  if (schema.$ref) return resolve(document, document.components.schemas[schema.$ref.split('/').pop()]);
  if (schema.allOf) return resolve(document, schema.allOf[0]);
  if (schema.oneOf || schema.anyOf) return resolve(document, (schema.oneOf ?? schema.anyOf)[0]);
  return schema;
}

/** Names that say what a string is, whatever the operation: so that generated bodies reach the deep code. */
function hinted(name: string, ids: string[]): fc.Arbitrary<unknown> | undefined {
  if (/^district$/.test(name)) return fc.constantFrom('ACC', 'ACC', 'OTHER');
  if (/Id$|^id$/.test(name)) return fc.constantFrom(...ids);
  if (/orgNumber/i.test(name)) return fc.constantFrom(TEST_LANDLORD.orgNumber, '556677-8899');
  if (/^units?$/.test(name)) return fc.constantFrom('EKB', 'VUX');
  if (/personnummer/i.test(name)) return fc.constantFrom(PNR, `${PNR.slice(2, 8)}-${PNR.slice(8)}`);
  if (/^term$/.test(name)) return fc.constantFrom('2026-HT', '2026-VT', '0000-VT', '9999-HT', '0001-VT');
  if (/^time$/.test(name)) return fc.constantFrom('09:00', '23:59', '24:00');
  return undefined;
}

/** A plausible value for a schema: examples, enums and formats, with the extremes that still pass format checks. */
function plausibleFor(document: Schema, raw: Schema | undefined, ids: string[], name = '', depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(document, raw);
  const hint = hinted(name, ids);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.type === 'array') {
    const items = resolve(document, schema.items);
    return fc.array(plausibleFor(document, items, ids, name.replace(/s$/, ''), depth + 1), { minLength: 1, maxLength: 2 });
  }
  if (hint && schema.type !== 'object' && !schema.properties) return hint;
  if (schema.type === 'string' && schema.format === 'date') return fc.constantFrom(...DATES);
  if (schema.type === 'string' && schema.format === 'uuid') return fc.constantFrom(...ids);
  if (schema.type === 'string' && schema.format === 'date-time')
    return fc.constantFrom('2030-01-10T09:00:00+01:00', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59+14:00');
  if (schema.type === 'string') return fc.constantFrom(schema.example ?? 'Anna Andersson', 'Anna Andersson', 'Ring hyresvärden');
  if (schema.type === 'integer')
    return fc.oneof(fc.constantFrom(schema.example ?? 1, 0, 1, 2, 2 ** 31, 1e15, 1e20), fc.integer({ min: 0, max: 50 }));
  if (schema.type === 'number') return fc.constantFrom(schema.example ?? 1, 0, 0.5, 1e-320, 1234.5, 1e12);
  if (schema.type === 'boolean') return fc.boolean();
  if (schema.properties && depth < 4) {
    const entries = Object.entries(schema.properties as Record<string, Schema>);
    return fc.record(Object.fromEntries(entries.map(([key, property]) => [key, plausibleFor(document, property, ids, key, depth + 1)])), {
      requiredKeys: (schema.required as string[] | undefined)?.filter((key) => schema.properties[key]) ?? entries.map(([key]) => key),
    });
  }
  return fc.constant(null);
}

/** One mutation at one place of a value: a hostile text, an extreme number, null, or JSON of another kind. */
function mutated(value: unknown): fc.Arbitrary<unknown> {
  const paths: Array<Array<string | number>> = [];
  const walk = (node: unknown, path: Array<string | number>) => {
    paths.push(path);
    if (Array.isArray(node)) node.forEach((item, i) => walk(item, [...path, i]));
    else if (node && typeof node === 'object') for (const [key, item] of Object.entries(node)) walk(item, [...path, key]);
  };
  walk(value, []);
  const replacement = fc.oneof(hostileString, fc.constantFrom<unknown>(...HOSTILE_NUMBERS, null, [], {}, true), anyJson);
  return fc.tuple(fc.constantFrom(...paths), replacement).map(([path, next]) => {
    if (path.length === 0) return next;
    const copy = structuredClone(value) as Record<string | number, unknown>;
    let node = copy;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
    node[path[path.length - 1]] = next;
    return copy;
  });
}

/** Mostly a plausible value, often with one mutation in it. */
function valueFor(document: Schema, raw: Schema | undefined, ids: string[], name = ''): fc.Arbitrary<unknown> {
  const plausible = plausibleFor(document, raw, ids, name);
  return fc.oneof({ arbitrary: plausible, weight: 2 }, { arbitrary: plausible.chain(mutated), weight: 3 });
}

const STACK = /\bat [\w$.<>]+ \(|node_modules|\.ts:\d+|QueryFailedError|TypeError|ReferenceError/;

describe('fuzz: every operation of the OpenAPI document, generated and mutated input', () => {
  let t: TestApp;
  let operations: Operation[];
  let document: Schema;
  let ids: string[];
  let baseUrl: string;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    t = await createTestApp();
    const a = await newDistrict(t, 'ACC', ['EKB', 'VUX']);
    await newDistrict(t, 'OTHER', ['EKB']);
    await t
      .http()
      .post('/api/v1/landlords')
      .set('Authorization', await t.auth('admin', 'ACC'))
      .send(TEST_LANDLORD)
      .expect(201);
    const first = await t
      .http()
      .post('/api/v1/notifications')
      .set('Authorization', a.coordinator)
      .send(notificationBody({ district: 'ACC' }))
      .expect(201);
    const other = await t
      .http()
      .post('/api/v1/notifications')
      .set('Authorization', await t.auth('coordinator', 'OTHER'))
      .send(notificationBody({ district: 'OTHER' }))
      .expect(201);
    const meetingId = await newMeeting(t, a, '2030-01-03T09:00:00+01:00');
    const stepId = await newNextStep(t, a, first.body.caseId, { unit: 'EKB', dueOn: addDays(today, 14) });
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
      .send({ district: 'ACC', on: today, landlordOrgNumbers: [TEST_LANDLORD.orgNumber] })
      .expect(201);
    const exportRes = await t
      .http()
      .post('/api/v1/evaluation-exports')
      .set('Authorization', a.coordinator)
      .send({ district: 'ACC', term: '2026-HT', format: 'csv' })
      .expect(202);
    const landlordRequest = await t
      .http()
      .post('/api/v1/landlord-requests')
      .set('Authorization', a.coordinator)
      .send({ orgNumber: orgNumber(777), name: 'Begärd AB' });
    ids = [
      first.body.caseId,
      other.body.caseId,
      meetingId,
      stepId,
      consent.body.id,
      session.body.id,
      exportRes.body.id,
      landlordRequest.body?.id,
    ].filter((id): id is string => typeof id === 'string');

    // One listening server for all requests (the client would otherwise open one per request).
    await t.app.listen(0, '127.0.0.1');
    baseUrl = await t.app.getUrl();
    document = (await t.http().get('/api/docs-json').expect(200)).body;
    operations = Object.entries(document.paths as Record<string, Record<string, Schema>>)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, item]) =>
        (['get', 'post', 'put', 'patch', 'delete'] as const)
          .filter((method) => item[method])
          .map((method) => ({ method, path, spec: item[method] })),
      );
    expect(operations.length).toBeGreaterThan(30);
  });
  afterAll(() => t.close());

  async function tokenFor(role: Role, district: string): Promise<string> {
    const key = `${role}:${district}`;
    if (!tokens.has(key)) tokens.set(key, await t.token(role, district, role === 'unit_rep' ? 'EKB' : undefined));
    return tokens.get(key)!;
  }

  function requestFor(op: Operation): fc.Arbitrary<FuzzRequest> {
    const parameters = (op.spec.parameters ?? []) as Schema[];
    const pathParams = parameters.filter((p) => p.in === 'path');
    const queryParams = parameters.filter((p) => p.in === 'query');
    const pathValue = (name: string): fc.Arbitrary<string> =>
      fc.oneof(
        {
          arbitrary:
            name === 'code'
              ? fc.constantFrom('ACC', 'ACC', 'OTHER')
              : ((hinted(name, ids) as fc.Arbitrary<string>) ?? fc.constantFrom(...ids)),
          weight: 8,
        },
        { arbitrary: hostileString, weight: 1 },
        { arbitrary: fc.uuid(), weight: 1 },
      );
    const body = op.spec.requestBody?.content?.['application/json']?.schema;
    return fc.record({
      op: fc.constant(`${op.method.toUpperCase()} ${op.path}`),
      role: fc.constantFrom<Role>('coordinator', 'coordinator', 'coordinator', 'coordinator', 'admin', 'unit_rep', 'evaluator', 'auditor'),
      district: fc.constantFrom('ACC', 'ACC', 'ACC', 'OTHER'),
      params: fc.record(Object.fromEntries(pathParams.map((p) => [p.name as string, pathValue(p.name)]))) as fc.Arbitrary<
        Record<string, string>
      >,
      query: fc.record(Object.fromEntries(queryParams.map((p) => [p.name as string, valueFor(document, p.schema, ids, p.name)])), {
        requiredKeys: [],
      }),
      body: body ? valueFor(document, body, ids) : fc.constant(undefined),
      // Now and then a body no generator would write: thousands deep, an escaped NUL, poisoned, out of range, broken.
      raw: fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 19 },
        {
          arbitrary: fc.constantFrom(
            `${'['.repeat(5000)}${']'.repeat(5000)}`,
            '{"a":"\\u0000"}',
            '{"__proto__":{"x":1}}',
            '{"n":1e-320}',
            '{"n":1e400}',
            '{',
          ),
          weight: 1,
        },
      ),
    });
  }

  // A lone surrogate cannot be put in a URL; a client would send the replacement character.
  const encode = (value: string): string =>
    encodeURIComponent(value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));

  async function send(r: FuzzRequest): Promise<request.Response> {
    const [verb, template] = r.op.split(' ') as [string, string];
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encode(r.params[name] ?? 'x'));
    const query = Object.entries(r.query)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${encode(k)}=${encode(typeof v === 'string' ? v : JSON.stringify(v))}`)
      .join('&');
    let req = request(baseUrl)
      [verb.toLowerCase() as Operation['method']](`${path}${query ? `?${query}` : ''}`)
      .set('Authorization', `Bearer ${await tokenFor(r.role, r.district)}`)
      .timeout(20_000);
    if (r.raw !== undefined) return req.set('Content-Type', 'application/json').send(r.raw);
    // Scalars too, as JSON text (the client library only serialises objects and arrays itself).
    if (r.body !== undefined) req = req.set('Content-Type', 'application/json').send(JSON.stringify(r.body));
    return req;
  }

  it(
    'never answers 5xx, never shows a stack, never repeats an identity number in an error',
    async () => {
      let sent = 0;
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...operations).chain(requestFor), async (r) => {
          sent += 1;
          const began = Date.now();
          const res = await send(r);
          if (process.env.FUZZ_DEBUG && Date.now() - began > 100)
            process.stdout.write(`slow ${Date.now() - began} ms ${r.op} ${res.status} ${r.raw ? 'raw' : ''}\n`);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (process.env.FUZZ_DEBUG === '2' && res.status === 400 && !r.op.startsWith('GET'))
            process.stdout.write(`${r.op} ${JSON.stringify(r.body)?.slice(0, 200)} -> ${res.text.slice(0, 200)}\n`);
          const text = res.text ?? '';
          const where = `${r.op} → ${res.status} ${text.slice(0, 300)}`;
          if (res.status >= 500) throw new Error(where);
          if (STACK.test(text)) throw new Error(`stack in ${where}`);
          if (res.status >= 400) {
            // Ids are uuids, whose last group may be twelve digits: those are not identity numbers.
            if (isLikelyIdentityNumber(text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ''))) {
              throw new Error(`identity number in ${where}`);
            }
          }
        }),
        { seed: SEED, numRuns: 100_000, interruptAfterTimeLimit: TIME_MS, markInterruptAsFailure: false, endOnFailure: true },
      );
      if (process.env.FUZZ_REPORT)
        process.stdout.write(`fuzz: ${sent} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}\n`);
      // Enough requests to mean something, and not all turned away at the door.
      expect(sent).toBeGreaterThan(300);
      const reached = [...statuses.entries()]
        .filter(([status]) => status < 300 || status === 409 || status === 422)
        .reduce((sum, [, n]) => sum + n, 0);
      expect(reached).toBeGreaterThan(10);
    },
    TIME_MS + 60_000,
  );
});
