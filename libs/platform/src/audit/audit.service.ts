import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../auth/actor';
import { currentRequest } from '../logging';
import { AuditAction, AuditEntry } from './audit-entry.entity';

export interface AuditEvent {
  action: AuditAction;
  entityType: string;
  entityIds?: string[];
  caseIds?: string[];
  route?: string;
  reason?: string;
}

/** A system actor for jobs that read or change personal data on their own (retention, overdue). */
export const SYSTEM_ACTOR: Actor = { sub: 'system', name: 'Bosam', role: 'admin', district: '*' };

const GENESIS = '0'.repeat(64);
// One chain for the whole database: writers take this lock so the chain has no forks.
const AUDIT_LOCK_KEY = 727_001;

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

export function auditHash(prevHash: string, fields: HashedFields): string {
  const content = JSON.stringify([
    fields.at,
    fields.actorSub,
    fields.actorRole,
    fields.districtCode,
    fields.action,
    fields.entityType,
    fields.entityIds,
    fields.caseIds,
    fields.route,
    fields.reason,
    fields.correlationId,
  ]);
  return createHash('sha256').update(prevHash).update(content).digest('hex');
}

@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records who read or changed which records. Pass the transaction's manager when the
   * change is written in one, so the entry commits (or rolls back) with it.
   */
  async record(actor: Actor, events: AuditEvent | AuditEvent[], manager?: EntityManager): Promise<void> {
    const list = Array.isArray(events) ? events : [events];
    if (list.length === 0) return;
    const write = async (m: EntityManager): Promise<void> => {
      await m.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK_KEY]);
      const [last] = await m.query('SELECT hash, at FROM audit_log ORDER BY id DESC LIMIT 1');
      let prevHash: string = last?.hash ?? GENESIS;
      // Timestamps are taken here (not by the database) so the hash covers exactly what is stored;
      // never earlier than the last entry, so the chain's order is its time order.
      const lastAt = last ? new Date(last.at).getTime() : 0;
      const at = new Date(Math.max(Date.now(), lastAt)).toISOString();
      const rows: unknown[][] = [];
      const request = currentRequest();
      for (const event of list) {
        const fields: HashedFields = {
          at,
          actorSub: actor.sub,
          actorRole: actor.role,
          districtCode: actor.district === '*' ? null : actor.district,
          action: event.action,
          entityType: event.entityType,
          entityIds: event.entityIds ?? [],
          caseIds: event.caseIds ?? [],
          // Through which route and why: from the event, else from the request being served.
          route: event.route ?? request?.route ?? null,
          reason: event.reason ?? request?.reason ?? null,
          correlationId: request?.correlationId ?? null,
        };
        const hash = auditHash(prevHash, fields);
        rows.push([
          fields.at, fields.actorSub, fields.actorRole, fields.districtCode, fields.action, fields.entityType,
          fields.entityIds, fields.caseIds, fields.route, fields.reason, fields.correlationId, prevHash, hash,
        ]);
        prevHash = hash;
      }
      const params: unknown[] = [];
      const values = rows.map((row) => {
        const start = params.length;
        params.push(...row);
        return `(${row.map((_, i) => `$${start + i + 1}`).join(', ')})`;
      });
      await m.query(
        `INSERT INTO audit_log (at, actor_sub, actor_role, district_code, action, entity_type, entity_ids, case_ids,
           route, reason, correlation_id, prev_hash, hash) VALUES ${values.join(', ')}`,
        params,
      );
    };
    if (manager?.queryRunner?.isTransactionActive) await write(manager);
    else await this.dataSource.transaction(write);
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

  /** Recomputes the whole chain in batches; reports the first entry whose hash does not hold. */
  async verify(): Promise<{ valid: boolean; entries: number; firstBrokenAt: number | null }> {
    let prevHash = GENESIS;
    let lastId = 0;
    let entries = 0;
    for (;;) {
      const batch: Array<Record<string, unknown>> = await this.dataSource.query(
        `SELECT id, at, actor_sub, actor_role, district_code, action, entity_type, entity_ids, case_ids, route, reason,
                correlation_id, prev_hash, hash FROM audit_log WHERE id > $1 ORDER BY id LIMIT 5000`,
        [lastId],
      );
      if (batch.length === 0) return { valid: true, entries, firstBrokenAt: null };
      for (const row of batch) {
        const expected = auditHash(prevHash, {
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
        if (row.prev_hash !== prevHash || row.hash !== expected) {
          return { valid: false, entries, firstBrokenAt: Number(row.id) };
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
