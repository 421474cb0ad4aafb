import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { todayInStockholm } from '@bosam/calendar';
import { PersonalData } from '@bosam/platform';
import { migrateTo, migrationNames } from '../apps/common/src';
import { loadDemo } from '../apps/cli/src/demo';
import { createTestApp, TestApp } from './support/app';
import { emptyTestDatabase } from './support/database';
import { postNotification, testPersonnummer } from './support/factories';
import { TEST_PERSONAL_DATA_KEYS } from './support/personal-data';

// Upgrades lose nothing. Every migration is applied to a database at the schema before it (an
// earlier release's), filled with the demo and generated data; every table keeps its rows and,
// in every column whose name and type stay, its content (row counts and checksums). Generic: new
// migrations are covered as they are added. A migration that changes existing data on purpose
// names what it changes here (table or table.column), with the reason.
const CHANGES_ON_PURPOSE: Record<string, string[]> = {
  // 'TableChange1800000000000': ['some_table.some_column'], // reason
  // Personal data at rest: protected identities' addresses move into address_sealed, content hashes become keyed
  // fingerprints, frozen agendas lose the masked identity numbers (identity numbers move to sealed columns).
  PersonalDataAtRest1796227000000: [
    'household_case.street',
    'household_case.postal_code',
    'household_case.city',
    'household_case.apartment',
    'notification.content_hash',
    'agenda_item.item',
  ],
  // A sole trader's personnummer as a landlord's number: the twelve digits become the landlord blind index (the
  // notice's sender key with it) and a sealed value; masked numbers leave the timeline, amendments and frozen agendas.
  SealedLandlordNumbers1796237000000: [
    'landlord.org_number',
    'landlord_request.org_number',
    'notification.landlord_org_number',
    'notification.sender_key',
    'repayment_plan.landlord_org_number',
    'case_disturbance.landlord_org_number',
    'case_event.data',
    'notification_amendment.changes',
    'agenda_item.item',
  ],
};

/**
 * Columns of an older schema that a later migration replaced by sealed values: filled, when copying
 * the app's data into that schema, by opening the sealed value (the migration seals them again).
 */
interface Opened {
  column: string;
  sealed: string;
  purpose: 'personnummer' | 'landlord';
  /** Columns that held the same value as `column` (a notice's sender key is its landlord's number). */
  same?: string[];
}
const landlordNumber = (column: string, sealed: string, same?: string[]): Opened => ({ column, sealed, purpose: 'landlord', same });
const OPENED: Record<string, Opened[]> = {
  case_tenant: [{ column: 'personnummer', sealed: 'personnummer_sealed', purpose: 'personnummer' }],
  protected_person: [{ column: 'personnummer', sealed: 'personnummer_sealed', purpose: 'personnummer' }],
  landlord: [landlordNumber('org_number', 'org_number_sealed')],
  landlord_request: [landlordNumber('org_number', 'org_number_sealed')],
  notification: [landlordNumber('landlord_org_number', 'landlord_org_number_sealed', ['sender_key'])],
  repayment_plan: [landlordNumber('landlord_org_number', 'landlord_org_number_sealed')],
  case_disturbance: [landlordNumber('landlord_org_number', 'landlord_org_number_sealed')],
};

interface TableShape {
  columns: Map<string, string>; // name → type
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function shapes(client: Client): Promise<Map<string, TableShape>> {
  const rows: Array<{ table: string; column: string; type: string }> = (
    await client.query(
      `SELECT c.relname AS "table", a.attname AS "column", format_type(a.atttypid, a.atttypmod) AS type
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> 'schema_migrations'
        ORDER BY 1, a.attnum`,
    )
  ).rows;
  const out = new Map<string, TableShape>();
  for (const row of rows) {
    if (!out.has(row.table)) out.set(row.table, { columns: new Map() });
    out.get(row.table)!.columns.set(row.column, row.type);
  }
  return out;
}

interface Print {
  rows: number;
  /** Checksum of whole rows, and of each column on its own (for a migration that drops or retypes some). */
  sum: string;
  columns: Record<string, string>;
}

/** Row count and order-independent checksums of the given columns. */
async function fingerprint(client: Client, table: string, columns: string[]): Promise<Print> {
  const agg = (expr: string) => `coalesce(md5(string_agg(md5(${expr}), '' ORDER BY md5(${expr}))), '')`;
  const row = columns.length ? `ROW(${columns.map(quote).join(', ')})::text` : `''`;
  const perColumn = columns.map((c, i) => `${agg(`coalesce(${quote(c)}::text, '<null>')`)} AS c${i}`);
  const [result] = (
    await client.query(`SELECT count(*)::int AS rows, ${agg(row)} AS sum${perColumn.map((p) => `, ${p}`).join('')} FROM ${quote(table)}`)
  ).rows;
  return { rows: result.rows, sum: result.sum, columns: Object.fromEntries(columns.map((c, i) => [c, result[`c${i}`]])) };
}

/** Copies the data set's rows into every table of `target` that is still empty, in the columns both have. */
async function copyInto(sourceUrl: string, targetUrl: string, keys: PersonalData): Promise<void> {
  await withClient(sourceUrl, async (source) =>
    withClient(targetUrl, async (target) => {
      const from = await shapes(source);
      const to = await shapes(target);
      await target.query('BEGIN');
      await target.query('SET LOCAL session_replication_role = replica');
      for (const [table, shape] of to) {
        const have = from.get(table);
        if (!have) continue;
        if ((await target.query(`SELECT EXISTS (SELECT 1 FROM ${quote(table)}) AS filled`)).rows[0].filled) continue;
        const columns = [...shape.columns.keys()].filter((c) => have.columns.has(c));
        const list = columns.map(quote).join(', ');
        const opened = (OPENED[table] ?? []).filter(
          (o) => shape.columns.has(o.column) && !shape.columns.has(o.sealed) && have.columns.has(o.sealed),
        );
        if (opened.length > 0) {
          // As text (but JSON as JSON), so that dates and arrays arrive as written.
          const select = columns.map((c) => (/^jsonb?$/.test(have.columns.get(c)!) ? quote(c) : `${quote(c)}::text AS ${quote(c)}`));
          const rows: Array<Record<string, unknown>> = (
            await source.query(
              `SELECT ${[...select, ...opened.map((o, i) => `${quote(o.sealed)} AS "sealed${i}"`)].join(', ')} FROM ${quote(table)}`,
            )
          ).rows;
          const filled = rows.map((row) => {
            const out: Record<string, unknown> = { ...row };
            opened.forEach((o, i) => {
              const sealed = row[`sealed${i}`] as string | null;
              delete out[`sealed${i}`];
              if (sealed === null) return;
              const plain = keys.open(o.purpose, sealed);
              for (const c of o.same ?? []) if (out[c] === out[o.column]) out[c] = plain;
              out[o.column] = plain;
            });
            return out;
          });
          const all = [...new Set([...columns, ...opened.map((o) => o.column)])].map(quote).join(', ');
          await target.query(`INSERT INTO ${quote(table)} (${all}) SELECT ${all} FROM json_populate_recordset(NULL::${quote(table)}, $1)`, [
            JSON.stringify(filled),
          ]);
          continue;
        }
        await pipeline(
          source.query(copyTo(`COPY (SELECT ${list} FROM ${quote(table)}) TO STDOUT`)),
          target.query(copyFrom(`COPY ${quote(table)} (${list}) FROM STDIN`)),
        );
      }
      await target.query('COMMIT');
    }),
  );
}

describe('upgrades lose nothing', () => {
  let t: TestApp;
  const names = migrationNames();

  beforeAll(async () => {
    // The data: the demo district and generated notifications, through the app itself.
    t = await createTestApp();
    await loadDemo(t.app, todayInStockholm());
    for (let i = 0; i < 40; i += 1) {
      const res = await postNotification(t, { district: 'SKARP', landlordOrgNumber: '556035-9555' });
      expect(res.status).toBe(201);
    }
    // A sole trader as a landlord (enskild firma), registered and named in notices: sealed by a later migration.
    const soleTrader = testPersonnummer(9601);
    await t
      .http()
      .post('/api/v1/landlords')
      .set('Authorization', await t.auth('admin', 'SKARP'))
      .send({ orgNumber: soleTrader, name: 'Enskild Hyresvärd' })
      .expect(201);
    for (let i = 0; i < 3; i += 1)
      expect((await postNotification(t, { district: 'SKARP', landlordOrgNumber: soleTrader })).status).toBe(201);
  }, 180000);
  afterAll(() => t.close());

  // One database walks up the list: at each schema it is filled (every table still empty gets the
  // data set's rows, in the columns it has), fingerprinted, and the next migration is applied; so
  // every migration is applied once, to a database filled as the release before it would be.
  it(`applies each of the ${names.length} migrations to a filled database without losing anything`, async () => {
    const db = await emptyTestDatabase('upgrade');
    const problems: string[] = [];
    // A migration that seals existing rows reads the key as the application would: the test's.
    const savedKeys = process.env.PERSONAL_DATA_KEYS;
    process.env.PERSONAL_DATA_KEYS = TEST_PERSONAL_DATA_KEYS;
    try {
      let before = new Map<string, { shape: TableShape; print: Print }>();
      for (let count = 1; count <= names.length; count += 1) {
        const applied = await migrateTo(db.url, count);
        expect(applied).toEqual([names[count - 1]]);
        const onPurpose = new Set(CHANGES_ON_PURPOSE[names[count - 1]] ?? []);
        await withClient(db.url, async (client) => {
          const now = await shapes(client);
          for (const [table, { shape, print }] of before) {
            if (onPurpose.has(table)) continue;
            const after = now.get(table);
            if (!after) {
              if (print.rows > 0) problems.push(`${names[count - 1]}: dropped ${table} with its rows`);
              continue;
            }
            const kept = [...shape.columns]
              .filter(([column, type]) => after.columns.get(column) === type && !onPurpose.has(`${table}.${column}`))
              .map(([c]) => c);
            const is = await fingerprint(client, table, kept);
            if (print.rows !== is.rows) problems.push(`${names[count - 1]}: ${table} had ${print.rows} rows, now ${is.rows}`);
            else if (kept.length === shape.columns.size ? print.sum !== is.sum : kept.some((c) => print.columns[c] !== is.columns[c])) {
              problems.push(
                `${names[count - 1]}: ${table}: content of (${kept.filter((c) => print.columns[c] !== is.columns[c]).join(', ')}) changed`,
              );
            }
          }
        });
        if (count === names.length) break;
        await copyInto(t.config.databaseUrl!, db.url, t.app.get(PersonalData));
        before = await withClient(db.url, async (client) => {
          const out = new Map<string, { shape: TableShape; print: Print }>();
          for (const [table, shape] of await shapes(client))
            out.set(table, { shape, print: await fingerprint(client, table, [...shape.columns.keys()]) });
          return out;
        });
      }
      expect(problems).toEqual([]);
      const [{ n }] = await withClient(db.url, async (client) => (await client.query('SELECT count(*)::int AS n FROM notification')).rows);
      expect(n).toBeGreaterThan(40);
      // The sole trader went through the schemas before the sealing in the clear, and came out sealed.
      const traders = await withClient(
        db.url,
        async (client) => (await client.query(`SELECT org_number, org_number_sealed FROM landlord WHERE name = 'Enskild Hyresvärd'`)).rows,
      );
      expect(traders).toEqual([{ org_number: expect.stringMatching(/^p:/), org_number_sealed: expect.stringMatching(/^test1:/) }]);
    } finally {
      if (savedKeys === undefined) delete process.env.PERSONAL_DATA_KEYS;
      else process.env.PERSONAL_DATA_KEYS = savedKeys;
      await db.drop();
    }
  }, 300000);
});
