import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, OnModuleDestroy, Optional } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../auth/actor';
import { BOSAM_CONFIG, BosamConfig } from '../config';
import { currentRequest } from '../logging';
import { AuditAction } from './audit-entry.entity';
import { AuditCheckpoints, Checkpoint, ChainHead, LEGACY_CHAIN } from './checkpoints';

export interface AuditEvent {
  action: AuditAction;
  entityType: string;
  entityIds?: string[];
  caseIds?: string[];
  reason?: string;
}

/** A system actor for jobs that read or change personal data on their own (retention, overdue). */
export const SYSTEM_ACTOR: Actor = { sub: 'system', name: 'Bosam', role: 'admin', district: '*' };

const GENESIS = '0'.repeat(64);
// The sealer of a chain takes this lock (with the chain's hash as second key), so a chain has one
// sealer at a time and no forks. Requests never take it: they append pending entries.
const AUDIT_LOCK_CLASS = 727_001;
/** Entries sealed per transaction. */
const SEAL_BATCH = 1000;
/** How often each process looks for pending entries to seal. */
const SEAL_INTERVAL_MS = 250;
/** The chain of entries that belong to no district (the system, unauthenticated requests). */
export const NO_DISTRICT_CHAIN = '*';

interface HashedFields {
  at: string;
  actorSub: string;
  actorRole: string;
  districtCode: string | null;
  action: string;
  entityType: string;
  entityIds: string[];
  caseIds: string[];
  route: string | null;
  reason: string | null;
  correlationId: string | null;
}

/** An entry's content in hashed order; both chain formats hash it, so they cannot drift apart. */
const hashedContent = (f: HashedFields): unknown[] => [
  f.at,
  f.actorSub,
  f.actorRole,
  f.districtCode,
  f.action,
  f.entityType,
  f.entityIds,
  f.caseIds,
  f.route,
  f.reason,
  f.correlationId,
];

const sha256Chain = (prevHash: string, content: unknown[]): string =>
  createHash('sha256').update(prevHash).update(JSON.stringify(content)).digest('hex');

/** The hash of an entry written before chains were split per district (one chain for the whole log). */
export function auditHash(prevHash: string, fields: HashedFields): string {
  return sha256Chain(prevHash, hashedContent(fields));
}

interface ChainedFields extends HashedFields {
  chain: string;
  seq: number;
  clientAddress: string | null;
}

/** The hash of a chained entry: its content, its chain and place in it, and the previous entry's hash. */
export function chainedAuditHash(prevHash: string, fields: ChainedFields): string {
  return sha256Chain(prevHash, ['v2', fields.chain, fields.seq, ...hashedContent(fields), fields.clientAddress]);
}

export interface ChainVerification {
  chain: string;
  entries: number;
  valid: boolean;
  firstBrokenAt: number | null;
}

export interface CheckpointComparison {
  at: string;
  /** The log still holds every entry the checkpoint saw, unchanged. */
  matches: boolean;
  problems: string[];
}

export interface AuditVerification {
  valid: boolean;
  /** Sealed entries (in every chain). */
  entries: number;
  /** Entries appended but not sealed yet (committed after this verification sealed, or still in their transaction). */
  pending: number;
  firstBrokenAt: number | null;
  chains: ChainVerification[];
  /** The last signed checkpoint (kept outside the database) compared with the log; null when there is none yet. */
  checkpoint: CheckpointComparison | null;
}

export interface SecurityEvent {
  /** The authenticated caller, when there is one. */
  actor?: Actor;
  /** For a failed authentication: the subject the token claimed (unverified). */
  claimedSubject?: string;
  status: number;
  code: string;
  /** `METHOD /route/pattern`. */
  route: string;
  clientAddress?: string;
  /** What was asked for: ids of another district's records, or a district code. */
  entityIds?: string[];
  correlationId?: string;
}

const rowFields = (row: Record<string, unknown>): HashedFields => ({
  at: new Date(row.at as string).toISOString(),
  actorSub: row.actor_sub as string,
  actorRole: row.actor_role as string,
  districtCode: row.district_code as string | null,
  action: row.action as string,
  entityType: row.entity_type as string,
  entityIds: row.entity_ids as string[],
  caseIds: row.case_ids as string[],
  route: row.route as string | null,
  reason: row.reason as string | null,
  correlationId: row.correlation_id as string | null,
});

const ROW_COLUMNS = `id, at, actor_sub, actor_role, district_code, action, entity_type, entity_ids, case_ids, route, reason,
  correlation_id, client_address, chain, seq, prev_hash, hash`;

@Injectable()
export class AuditService implements OnModuleDestroy {
  private readonly logger = new Logger('audit');
  private readonly skipReads: boolean;
  private sealTimer?: NodeJS.Timeout;
  private sealing?: Promise<unknown>;
  private stopped = false;
  private sealFailing = false;

  constructor(
    private readonly dataSource: DataSource,
    @Optional() @Inject(BOSAM_CONFIG) config?: BosamConfig,
    @Optional() private readonly checkpoints?: AuditCheckpoints,
  ) {
    this.skipReads = config?.benchSkipAudit ?? false;
  }

  /**
   * Every process seals in the background (API, worker, or both in one), so an API-only
   * deployment does too. Called once the application has started (a start that fails leaves no timer).
   */
  startSealing(): void {
    if (this.sealTimer) return;
    this.stopped = false;
    this.scheduleSeal();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.sealTimer);
    await this.sealing;
  }

  private scheduleSeal(): void {
    if (this.stopped) return;
    this.sealTimer = setTimeout(() => {
      this.sealing = this.seal()
        .then(() => {
          this.sealFailing = false;
        })
        .catch((error: Error) => {
          // Pending entries are safe in the table; the next round (here or in another process) seals them.
          if (!this.sealFailing) this.logger.warn(`audit sealing failed, retrying: ${error.message}`);
          this.sealFailing = true;
        })
        .finally(() => {
          this.sealing = undefined;
          this.scheduleSeal();
        });
    }, SEAL_INTERVAL_MS);
    this.sealTimer.unref();
  }

  /**
   * Records who read or changed which records. Pass the transaction's manager when the
   * change is written in one, so the entry commits (or rolls back) with it. The entry is
   * appended pending, without waiting for its chain; the sealer gives it its place.
   */
  async record(actor: Actor, events: AuditEvent | AuditEvent[], manager?: EntityManager): Promise<void> {
    let list = Array.isArray(events) ? events : [events];
    // Benchmarks only (config refuses it elsewhere): the baseline of audit_overhead.
    if (this.skipReads) list = list.filter((event) => event.action !== 'read');
    if (list.length === 0) return;
    const districtCode = actor.district === '*' ? null : actor.district;
    const request = currentRequest();
    await this.append(
      districtCode ?? NO_DISTRICT_CHAIN,
      list.map((event) => ({
        actorSub: actor.sub,
        actorRole: actor.role,
        districtCode,
        action: event.action,
        entityType: event.entityType,
        entityIds: event.entityIds ?? [],
        caseIds: event.caseIds ?? [],
        // Through which route: only the request (or job) being served names it, one way for every entry.
        // Why: from the event, else from the request.
        route: request?.route ?? null,
        reason: event.reason ?? request?.reason ?? null,
        correlationId: request?.correlationId ?? null,
        clientAddress: request?.clientAddress ?? null,
      })),
      manager,
    );
  }

  /**
   * A refused request (401, 403, or a 404 for another district's record): who, what and from
   * where, in the caller's district's chain (unauthenticated ones in the chain of no district).
   */
  async recordSecurityEvent(event: SecurityEvent): Promise<void> {
    const districtCode = event.actor && event.actor.district !== '*' ? event.actor.district : null;
    const actorSub = event.actor?.sub ?? (event.claimedSubject ? `unverified:${event.claimedSubject}` : 'anonymous');
    await this.append(districtCode ?? NO_DISTRICT_CHAIN, [
      {
        actorSub,
        actorRole: event.actor?.role ?? 'none',
        districtCode,
        action: 'deny',
        entityType: 'security_event',
        entityIds: event.entityIds ?? [],
        caseIds: [],
        route: event.route,
        reason: `${event.status} ${event.code}`,
        correlationId: event.correlationId ?? null,
        clientAddress: event.clientAddress ?? null,
      },
    ]);
  }

  private async append(chain: string, entries: Array<Omit<ChainedFields, 'chain' | 'seq' | 'at'>>, manager?: EntityManager): Promise<void> {
    // Taken here (not by the database) so the hash covers exactly what is stored: when it was recorded.
    const at = new Date().toISOString();
    const params: unknown[] = [];
    const values: string[] = [];
    for (const entry of entries) {
      const row = [
        at,
        entry.actorSub,
        entry.actorRole,
        entry.districtCode,
        entry.action,
        entry.entityType,
        entry.entityIds,
        entry.caseIds,
        entry.route,
        entry.reason,
        entry.correlationId,
        entry.clientAddress,
        chain,
      ];
      const first = params.length;
      params.push(...row);
      values.push(`(${row.map((_, i) => `$${first + i + 1}`).join(', ')})`);
    }
    // One statement, no lock: in the caller's transaction when there is one, else on its own.
    await (manager ?? this.dataSource.manager).query(
      `INSERT INTO audit_log (at, actor_sub, actor_role, district_code, action, entity_type, entity_ids, case_ids,
         route, reason, correlation_id, client_address, chain) VALUES ${values.join(', ')}`,
      params,
    );
  }

  /**
   * Seals pending entries into their chains: under each chain's lock, the committed pending
   * entries in insertion order get the next places and their hashes, in batches. Pending means
   * `hash IS NULL`, not "after the last sealed id": an entry whose transaction commits late (after
   * later ones were sealed) is simply sealed in a later round, so none is ever skipped; and the
   * update only takes rows still pending, so none is sealed twice. `wait` waits for a chain
   * another process is sealing (verification); otherwise that chain is left to it.
   */
  async seal(options: { wait?: boolean } = {}): Promise<number> {
    const chains: Array<{ chain: string }> = await this.dataSource.query(
      'SELECT DISTINCT chain FROM audit_log WHERE hash IS NULL AND chain IS NOT NULL',
    );
    let sealed = 0;
    for (const { chain } of chains) {
      for (;;) {
        const n = await this.sealBatch(chain, options.wait ?? false);
        if (n === null) break;
        sealed += n;
        if (n < SEAL_BATCH) break;
      }
    }
    return sealed;
  }

  /** One batch of one chain; null when another process holds the chain and `wait` is false. */
  private sealBatch(chain: string, wait: boolean): Promise<number | null> {
    return this.dataSource.transaction(async (m) => {
      if (wait) await m.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [AUDIT_LOCK_CLASS, chain]);
      else {
        const [{ locked }] = await m.query('SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS locked', [AUDIT_LOCK_CLASS, chain]);
        if (!locked) return null;
      }
      // Read after the lock (read committed: a fresh snapshot per statement), so the previous
      // sealer's work and every entry committed by now are seen.
      const [last] = await m.query('SELECT seq, hash FROM audit_log WHERE chain = $1 AND seq IS NOT NULL ORDER BY seq DESC LIMIT 1', [
        chain,
      ]);
      const rows: Array<Record<string, unknown>> = await m.query(
        `SELECT ${ROW_COLUMNS} FROM audit_log WHERE chain = $1 AND hash IS NULL ORDER BY id LIMIT ${SEAL_BATCH}`,
        [chain],
      );
      if (rows.length === 0) return 0;
      let prevHash: string = last?.hash ?? GENESIS;
      let seq = last ? Number(last.seq) : 0;
      const ids: string[] = [];
      const seqs: number[] = [];
      const prevHashes: string[] = [];
      const hashes: string[] = [];
      for (const row of rows) {
        seq += 1;
        // Hashed from the stored row, exactly as verification reads it back.
        const hash = chainedAuditHash(prevHash, { ...rowFields(row), chain, seq, clientAddress: row.client_address as string | null });
        ids.push(String(row.id));
        seqs.push(seq);
        prevHashes.push(prevHash);
        hashes.push(hash);
        prevHash = hash;
      }
      const result = await m.query(
        `UPDATE audit_log a SET seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
           FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS v(id, seq, prev_hash, hash)
          WHERE a.id = v.id AND a.chain = $5 AND a.hash IS NULL`,
        [ids, seqs, prevHashes, hashes, chain],
      );
      const updated = Array.isArray(result) && typeof result[1] === 'number' ? result[1] : rows.length;
      // Cannot happen under the lock; if it did, nothing of this batch is kept.
      if (updated !== rows.length) throw new Error(`audit chain ${chain}: ${rows.length - updated} entries were sealed meanwhile`);
      return rows.length;
    });
  }

  /** Entries appended and not sealed yet. */
  async pending(): Promise<number> {
    const [row] = await this.dataSource.query('SELECT count(*)::bigint AS n FROM audit_log WHERE hash IS NULL');
    return Number(row.n);
  }

  private ownedTables?: Promise<string>;

  /**
   * Of these ids, those of records in another district than `district`: a 404 for them was a
   * refused access, not a typo. Any table with a uuid `id` and a `district_code`, or a `case_id`
   * (through its case), counts, so new tables are covered without a list to keep.
   */
  async ofOtherDistricts(ids: string[], district: string): Promise<string[]> {
    if (ids.length === 0) return [];
    this.ownedTables ??= this.dataSource
      .query(
        `SELECT t.table_name, bool_or(c.column_name = 'district_code') AS has_district
           FROM information_schema.columns t
           JOIN information_schema.columns c ON c.table_schema = t.table_schema AND c.table_name = t.table_name
                 AND (c.column_name = 'district_code' OR (c.column_name = 'case_id' AND c.data_type = 'uuid'))
          WHERE t.table_schema = 'public' AND t.column_name = 'id' AND t.data_type = 'uuid'
          GROUP BY t.table_name ORDER BY t.table_name`,
      )
      .then((rows: Array<{ table_name: string; has_district: boolean }>) =>
        rows
          .map(({ table_name: table, has_district: hasDistrict }) =>
            hasDistrict
              ? `SELECT id::text FROM "${table}" WHERE id = ANY($1::uuid[]) AND district_code <> $2`
              : `SELECT x.id::text FROM "${table}" x JOIN household_case k ON k.id = x.case_id WHERE x.id = ANY($1::uuid[]) AND k.district_code <> $2`,
          )
          .join(' UNION '),
      );
    const sql = await this.ownedTables;
    if (!sql) return [];
    const rows: Array<{ id: string }> = await this.dataSource.query(sql, [ids, district]);
    return rows.map((row) => row.id);
  }

  /** Entries that touch one case, newest first, within the caller's district. */
  async forCase(districtCode: string, caseId: string, limit = 500): Promise<AuditEntryView[]> {
    const rows = await this.dataSource.query(
      `SELECT id, at, actor_sub, actor_role, action, entity_type, entity_ids, route, reason, correlation_id
         FROM audit_log WHERE $2 = ANY(case_ids) AND district_code = $1 ORDER BY id DESC LIMIT $3`,
      [districtCode, caseId, limit],
    );
    return rows.map(toView);
  }

  async recent(districtCode: string, limit = 200): Promise<AuditEntryView[]> {
    const rows = await this.dataSource.query(
      `SELECT id, at, actor_sub, actor_role, action, entity_type, entity_ids, route, reason, correlation_id
         FROM audit_log WHERE district_code = $1 ORDER BY id DESC LIMIT $2`,
      [districtCode, limit],
    );
    return rows.map(toView);
  }

  /** The head of every chain (entries, last hash), read in one snapshot: what a checkpoint signs. */
  async heads(): Promise<Record<string, ChainHead>> {
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      // A loose index scan over (chain, seq): one probe per chain, however long the chains.
      const rows: Array<{ chain: string; id: string; seq: string; hash: string }> = await m.query(`
        WITH RECURSIVE c AS (
          (SELECT chain FROM audit_log WHERE chain IS NOT NULL ORDER BY chain LIMIT 1)
          UNION ALL
          SELECT (SELECT a.chain FROM audit_log a WHERE a.chain > c.chain ORDER BY a.chain LIMIT 1) FROM c WHERE c.chain IS NOT NULL
        )
        SELECT c.chain, h.id, h.seq, h.hash FROM c
          CROSS JOIN LATERAL (SELECT id, seq, hash FROM audit_log a WHERE a.chain = c.chain AND a.seq IS NOT NULL ORDER BY a.seq DESC LIMIT 1) h
         WHERE c.chain IS NOT NULL`);
      const heads: Record<string, ChainHead> = {};
      for (const row of rows) heads[row.chain] = { entries: Number(row.seq), head: row.hash, lastId: Number(row.id) };
      const [legacy] = await m.query(
        `SELECT count(*)::bigint AS n, max(id) AS last_id,
                (SELECT hash FROM audit_log WHERE chain IS NULL ORDER BY id DESC LIMIT 1) AS hash
           FROM audit_log WHERE chain IS NULL`,
      );
      if (Number(legacy.n) > 0) heads[LEGACY_CHAIN] = { entries: Number(legacy.n), head: legacy.hash, lastId: Number(legacy.last_id) };
      return heads;
    });
  }

  /**
   * Compares the log with a checkpoint: each chain the checkpoint saw must still be at least as
   * long and hold, at the checkpoint's length, the entry whose hash it signed. A truncated table,
   * a deleted newest entry or a recomputed chain fails this.
   */
  async compare(checkpoint: Checkpoint, heads?: Record<string, ChainHead>): Promise<string[]> {
    const now = heads ?? (await this.heads());
    const problems: string[] = [];
    for (const [chain, seen] of Object.entries(checkpoint.chains)) {
      const current = now[chain];
      if (!current || current.entries < seen.entries) {
        problems.push(`chain ${chain}: ${current?.entries ?? 0} entries, the checkpoint of ${checkpoint.at} saw ${seen.entries}`);
        continue;
      }
      let hashThen: string | undefined;
      if (chain === LEGACY_CHAIN) {
        // The chain of entries from before the split is closed: it must be exactly as it was.
        hashThen = current.entries === seen.entries ? current.head : undefined;
      } else {
        const [row] = await this.dataSource.query('SELECT hash FROM audit_log WHERE chain = $1 AND seq = $2', [chain, seen.entries]);
        hashThen = row?.hash;
      }
      if (hashThen !== seen.head)
        problems.push(`chain ${chain}: entry ${seen.entries} is not the one the checkpoint of ${checkpoint.at} signed`);
    }
    return problems;
  }

  /**
   * Seals what is pending, recomputes every sealed chain, then compares the log with the last
   * signed checkpoint; a valid log gets a new checkpoint. Says how many entries are still pending.
   */
  async verify(): Promise<AuditVerification> {
    await this.seal({ wait: true });
    const heads = await this.heads();
    const chains: ChainVerification[] = [];
    for (const chain of Object.keys(heads).sort())
      chains.push(chain === LEGACY_CHAIN ? await this.verifyLegacy() : await this.verifyChain(chain));
    const broken = chains.filter((c) => !c.valid).map((c) => c.firstBrokenAt as number);
    let checkpoint: CheckpointComparison | null = null;
    const last = this.checkpoints ? await this.checkpoints.last() : undefined;
    if (last) {
      const problems = last.signatureValid ? await this.compare(last.checkpoint) : ['the last checkpoint’s signature does not hold'];
      checkpoint = { at: last.checkpoint.at, matches: problems.length === 0, problems };
    }
    const valid = broken.length === 0 && (checkpoint?.matches ?? true);
    if (valid && this.checkpoints) await this.checkpoint();
    else if (!valid)
      this.logger.error(`audit log verification failed: ${JSON.stringify({ broken, problems: checkpoint?.problems ?? [] })}`);
    return {
      valid,
      entries: chains.reduce((sum, c) => sum + c.entries, 0),
      pending: await this.pending(),
      firstBrokenAt: broken.length ? Math.min(...broken) : null,
      chains,
      checkpoint,
    };
  }

  /**
   * Signs the chain heads and writes them outside the database, unless the log no longer holds what
   * the last checkpoint saw (that checkpoint is then kept as the evidence, and the mismatch logged).
   */
  async checkpoint(): Promise<{ written: boolean; problems: string[] }> {
    if (!this.checkpoints) return { written: false, problems: ['no checkpoint store'] };
    await this.seal({ wait: true });
    const heads = await this.heads();
    const last = await this.checkpoints.last();
    const problems = last
      ? last.signatureValid
        ? await this.compare(last.checkpoint, heads)
        : ['the last checkpoint’s signature does not hold']
      : [];
    if (problems.length > 0) {
      this.logger.error(`audit checkpoint refused, the log no longer matches the last checkpoint: ${problems.join('; ')}`);
      return { written: false, problems };
    }
    await this.checkpoints.write(heads);
    return { written: true, problems };
  }

  private async verifyChain(chain: string): Promise<ChainVerification> {
    let prevHash = GENESIS;
    let seq = 0;
    for (;;) {
      const batch: Array<Record<string, unknown>> = await this.dataSource.query(
        `SELECT ${ROW_COLUMNS} FROM audit_log WHERE chain = $1 AND seq > $2 ORDER BY seq LIMIT 5000`,
        [chain, seq],
      );
      if (batch.length === 0) return { chain, entries: seq, valid: true, firstBrokenAt: null };
      for (const row of batch) {
        const expected = chainedAuditHash(prevHash, {
          ...rowFields(row),
          chain,
          seq: seq + 1,
          clientAddress: row.client_address as string | null,
        });
        if (Number(row.seq) !== seq + 1 || row.prev_hash !== prevHash || row.hash !== expected) {
          return { chain, entries: seq, valid: false, firstBrokenAt: Number(row.id) };
        }
        prevHash = row.hash as string;
        seq += 1;
      }
    }
  }

  /** The one chain of entries written before the split (closed: nothing is appended to it any more). */
  private async verifyLegacy(): Promise<ChainVerification> {
    let prevHash = GENESIS;
    let lastId = 0;
    let entries = 0;
    for (;;) {
      const batch: Array<Record<string, unknown>> = await this.dataSource.query(
        `SELECT ${ROW_COLUMNS} FROM audit_log WHERE chain IS NULL AND id > $1 ORDER BY id LIMIT 5000`,
        [lastId],
      );
      if (batch.length === 0) return { chain: LEGACY_CHAIN, entries, valid: true, firstBrokenAt: null };
      for (const row of batch) {
        const expected = auditHash(prevHash, rowFields(row));
        if (row.prev_hash !== prevHash || row.hash !== expected || row.seq !== null) {
          return { chain: LEGACY_CHAIN, entries, valid: false, firstBrokenAt: Number(row.id) };
        }
        prevHash = row.hash as string;
        lastId = Number(row.id);
        entries += 1;
      }
    }
  }
}

export interface AuditEntryView {
  id: number;
  at: string;
  actor: string;
  role: string;
  action: string;
  entityType: string;
  entityIds: string[];
  route: string | null;
  reason: string | null;
  correlationId: string | null;
}

function toView(row: Record<string, unknown>): AuditEntryView {
  return {
    id: Number(row.id),
    at: new Date(row.at as string).toISOString(),
    actor: row.actor_sub as string,
    role: row.actor_role as string,
    action: row.action as string,
    entityType: row.entity_type as string,
    entityIds: row.entity_ids as string[],
    route: row.route as string | null,
    reason: row.reason as string | null,
    correlationId: row.correlation_id as string | null,
  };
}
