import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { compareDates, isValidLocalDate, todayInStockholm } from '@bosam/calendar';
import { NextStepStatus } from '@bosam/cases';
import { scrubIdentityNumbers } from '@bosam/identity';
import { Actor, assertDistrict, assertUuid, AuditService, DomainError, forbidden, invalid, notFound, SYSTEM_ACTOR } from '@bosam/platform';
import { CreateNextStepDto, UpdateNextStepDto } from './dto';
import { NextStepView } from './views';

export interface NextStepRecord {
  id: string;
  caseId: string;
  districtCode: string;
  unitCode: string;
  action: string;
  dueOn: string;
  status: NextStepStatus;
  doneOn: string | null;
  decisionId: string | null;
  responsible: string | null;
  result: string | null;
  cancelReason: string | null;
}

// A next step is overdue when it is still open after its due date, counted in Stockholm.
export const isOverdue = (step: Pick<NextStepRecord, 'status' | 'dueOn'>, today: string = todayInStockholm()): boolean =>
  step.status === 'open' && compareDates(step.dueOn, today) < 0;

export const toNextStepView = (s: NextStepRecord, today: string = todayInStockholm()): NextStepView => ({
  id: s.id,
  caseId: s.caseId,
  district: s.districtCode,
  unit: s.unitCode,
  action: s.action,
  dueOn: s.dueOn,
  status: s.status,
  overdue: isOverdue(s, today),
  doneOn: s.doneOn,
  decisionId: s.decisionId,
  responsible: s.responsible ?? null,
  result: s.result ?? null,
  cancelReason: s.cancelReason ?? null,
});

const STEP_COLUMNS = `s.id, s.case_id AS "caseId", s.district_code AS "districtCode", u.code AS "unitCode", s.action,
  s.due_on::text AS "dueOn", s.status, s.done_on::text AS "doneOn", s.decision_id AS "decisionId",
  s.responsible, s.result, s.cancel_reason AS "cancelReason"`;

export interface NextStepFilter {
  district?: string;
  unit?: string;
  status?: 'open' | 'overdue' | 'done';
}

const MARK_BATCH = 1000;

/** Next steps per unit and per case: listing, completing, and the daily overdue mark. */
@Injectable()
export class NextStepsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, filter: NextStepFilter): Promise<NextStepView[]> {
    const district = filter.district ?? actor.district;
    assertDistrict(actor, district);
    if (filter.status && !['open', 'overdue', 'done'].includes(filter.status)) throw invalid('status', 'must be open, overdue or done');
    const today = todayInStockholm();
    const params: unknown[] = [district];
    const where = ['s.district_code = $1'];
    if (filter.unit) {
      params.push(filter.unit);
      where.push(`u.code = $${params.length}`);
    }
    if (filter.status === 'open') where.push(`s.status = 'open'`);
    if (filter.status === 'done') where.push(`s.status = 'done'`);
    if (filter.status === 'overdue') {
      params.push(today);
      where.push(`s.status = 'open' AND s.due_on < $${params.length}`);
    }
    const rows: NextStepRecord[] = await this.dataSource.query(
      `SELECT ${STEP_COLUMNS} FROM next_step s JOIN unit u ON u.id = s.unit_id
        WHERE ${where.join(' AND ')} ORDER BY s.due_on, s.id LIMIT 5000`,
      params,
    );
    await this.audit.record(actor, {
      action: 'read',
      entityType: 'next_step',
      entityIds: rows.map((r) => r.id),
      caseIds: [...new Set(rows.map((r) => r.caseId))],
    });
    return rows.map((r) => toNextStepView(r, today));
  }

  /**
   * A next step on a case between meetings: a coordinator for any unit, a unit representative for their own.
   * The case must be open; the due date not before today (Stockholm).
   */
  async create(actor: Actor, caseId: string, dto: CreateNextStepDto): Promise<NextStepView> {
    const id = assertUuid(caseId, 'case');
    if (actor.role === 'unit_rep' && dto.unit !== actor.unit)
      throw forbidden('A unit representative creates next steps for their own unit only.');
    const today = todayInStockholm();
    if (compareDates(dto.dueOn, today) < 0) throw invalid('dueOn', 'must not be before today');
    return this.dataSource.transaction(async (manager) => {
      const [found] = await manager.query('SELECT id, status FROM household_case WHERE id = $1 AND district_code = $2 FOR UPDATE', [
        id,
        actor.district,
      ]);
      if (!found) throw notFound('case');
      if (found.status !== 'open') throw new DomainError('CONFLICT', 'The case is closed.');
      const [unit] = await manager.query('SELECT id FROM unit WHERE district_code = $1 AND code = $2', [actor.district, dto.unit]);
      if (!unit) throw invalid('unit', 'no such unit in the district');
      const [row] = await manager.query(
        `INSERT INTO next_step (district_code, case_id, unit_id, action, due_on, status, responsible, created_by)
         VALUES ($1, $2, $3, $4, $5, 'open', $6, $7) RETURNING id`,
        [actor.district, id, unit.id, dto.action, dto.dueOn, dto.responsible ?? null, actor.sub],
      );
      await this.event(manager, id, 'next_step_created', actor.sub, { nextStepId: row.id, unit: dto.unit, dueOn: dto.dueOn });
      await this.audit.record(actor, { action: 'create', entityType: 'next_step', entityIds: [row.id], caseIds: [id] }, manager);
      return toNextStepView(await this.read(manager, row.id, actor.district), today);
    });
  }

  /**
   * Completes (with a result), cancels (with a reason), reopens or changes a step (due date, unit, action,
   * responsible), each change written on the case's timeline with what it was before. A unit
   * representative only for their own unit, and only a coordinator hands a step to another unit.
   */
  async update(actor: Actor, id: string, dto: UpdateNextStepDto): Promise<NextStepView> {
    const stepId = assertUuid(id, 'next step');
    const today = todayInStockholm();
    if (dto.status === 'done' && !dto.doneOn) throw invalid('doneOn', 'is required when the status is done');
    if (dto.doneOn && !isValidLocalDate(dto.doneOn)) throw invalid('doneOn', 'must be a date as YYYY-MM-DD');
    if (dto.status === 'done' && compareDates(dto.doneOn!, today) > 0) throw invalid('doneOn', 'must not be in the future');
    if (dto.status !== 'done' && dto.doneOn) throw invalid('doneOn', 'goes with status done');
    if (dto.status !== 'done' && dto.result) throw invalid('result', 'goes with status done');
    if (dto.status === 'cancelled' && !dto.reason) throw invalid('reason', 'is required when the status is cancelled');
    if (dto.status !== 'cancelled' && dto.reason) throw invalid('reason', 'goes with status cancelled');
    if (dto.dueOn && compareDates(dto.dueOn, today) < 0) throw invalid('dueOn', 'must not be before today');
    return this.dataSource.transaction(async (manager) => {
      const step = await this.read(manager, stepId, actor.district, true);
      if (actor.role === 'unit_rep' && step.unitCode !== actor.unit) {
        throw forbidden("A unit representative updates only their own unit's next steps.");
      }
      let unitId: string | null = null;
      if (dto.unit && dto.unit !== step.unitCode) {
        if (actor.role === 'unit_rep') throw forbidden('Only a coordinator hands a next step to another unit.');
        const [unit] = await manager.query('SELECT id FROM unit WHERE district_code = $1 AND code = $2', [actor.district, dto.unit]);
        if (!unit) throw invalid('unit', 'no such unit in the district');
        unitId = unit.id;
      }
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      if (dto.dueOn && dto.dueOn !== step.dueOn) changes.dueOn = { from: step.dueOn, to: dto.dueOn };
      if (unitId) changes.unit = { from: step.unitCode, to: dto.unit };
      // Free text on the timeline never carries an identity number.
      if (dto.action && dto.action !== step.action)
        changes.action = { from: scrubIdentityNumbers(step.action), to: scrubIdentityNumbers(dto.action) };
      if (dto.responsible !== undefined && dto.responsible !== step.responsible)
        changes.responsible = { from: step.responsible, to: dto.responsible };
      const doneOn = dto.status === 'done' ? dto.doneOn! : null;
      await manager.query(
        `UPDATE next_step SET status = $2, done_on = $3, result = $4, cancel_reason = $5, due_on = COALESCE($6, due_on),
                unit_id = COALESCE($7, unit_id), action = COALESCE($8, action), responsible = $9,
                overdue_marked_at = CASE WHEN $6::date IS NOT NULL AND $6::date <> due_on THEN NULL ELSE overdue_marked_at END
          WHERE id = $1`,
        [
          step.id,
          dto.status,
          doneOn,
          dto.status === 'done' ? (dto.result ?? null) : null,
          dto.status === 'cancelled' ? dto.reason : null,
          dto.dueOn ?? null,
          unitId,
          dto.action ?? null,
          dto.responsible === undefined ? step.responsible : dto.responsible,
        ],
      );
      if (Object.keys(changes).length)
        await this.event(manager, step.caseId, 'next_step_changed', actor.sub, { nextStepId: step.id, changes });
      if (dto.status !== step.status) {
        await this.event(manager, step.caseId, `next_step_${dto.status}`, actor.sub, {
          nextStepId: step.id,
          dueOn: dto.dueOn ?? step.dueOn,
          ...(doneOn ? { doneOn } : {}),
          ...(dto.status === 'cancelled' ? { reason: scrubIdentityNumbers(dto.reason!) } : {}),
        });
      }
      await this.audit.record(actor, { action: 'update', entityType: 'next_step', entityIds: [step.id], caseIds: [step.caseId] }, manager);
      return toNextStepView(await this.read(manager, step.id, actor.district), today);
    });
  }

  /** Cancels every open step of a case (closing it), each with the reason; returns their ids. */
  async cancelOpenSteps(manager: EntityManager, actor: Actor, caseId: string, reason: string): Promise<string[]> {
    const rows: Array<{ id: string; due_on: string }> = await manager.query(
      `UPDATE next_step SET status = 'cancelled', cancel_reason = $2 WHERE case_id = $1 AND status = 'open' RETURNING id, due_on::text`,
      [caseId, reason],
    );
    for (const row of rows)
      await this.event(manager, caseId, 'next_step_cancelled', actor.sub, { nextStepId: row.id, dueOn: row.due_on, reason });
    if (rows.length)
      await this.audit.record(
        actor,
        { action: 'update', entityType: 'next_step', entityIds: rows.map((r) => r.id), caseIds: [caseId] },
        manager,
      );
    return rows.map((r) => r.id);
  }

  /** One step of the caller's district (404 otherwise), its read audited: the page that changes it shows it first. */
  async get(actor: Actor, id: string): Promise<NextStepView> {
    const step = await this.read(this.dataSource.manager, assertUuid(id, 'next step'), actor.district);
    await this.audit.record(actor, { action: 'read', entityType: 'next_step', entityIds: [step.id], caseIds: [step.caseId] });
    return toNextStepView(step, todayInStockholm());
  }

  private async read(manager: EntityManager, id: string, district: string, lock = false): Promise<NextStepRecord> {
    const [step]: NextStepRecord[] = await manager.query(
      `SELECT ${STEP_COLUMNS} FROM next_step s JOIN unit u ON u.id = s.unit_id
        WHERE s.id = $1 AND s.district_code = $2${lock ? ' FOR UPDATE OF s' : ''}`,
      [id, district],
    );
    if (!step) throw notFound('next step');
    return step;
  }

  private async event(
    manager: EntityManager,
    caseId: string,
    kind: string,
    actorSub: string,
    data: Record<string, unknown>,
  ): Promise<void> {
    await manager.query('INSERT INTO case_event (case_id, kind, actor_sub, data) VALUES ($1, $2, $3, $4::jsonb)', [
      caseId,
      kind,
      actorSub,
      JSON.stringify(data),
    ]);
  }

  /**
   * The daily job: every open step past its due date (Stockholm) is marked once, and the case's timeline
   * says so. Idempotent: a marked step is never marked again. Returns how many steps it marked.
   */
  async markOverdue(asOf: string = todayInStockholm()): Promise<number> {
    if (!isValidLocalDate(asOf)) throw new Error('asOf must be a date as YYYY-MM-DD');
    let total = 0;
    for (;;) {
      const marked = await this.dataSource.transaction(async (manager) => {
        const rows: Array<{ id: string; case_id: string; district_code: string }> = await manager.query(
          `WITH due AS (
             SELECT id FROM next_step
              WHERE status = 'open' AND due_on < $1 AND overdue_marked_at IS NULL
              ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED
           ), marked AS (
             UPDATE next_step s SET overdue_marked_at = now() FROM due WHERE s.id = due.id
             RETURNING s.id, s.case_id, s.unit_id, s.due_on, s.district_code
           ), events AS (
             INSERT INTO case_event (case_id, kind, actor_sub, data)
             SELECT case_id, 'next_step_overdue', $3,
                    jsonb_build_object('nextStepId', id, 'unitId', unit_id, 'dueOn', due_on::text, 'asOf', $1::text)
               FROM marked
           )
           SELECT id, case_id, district_code FROM marked`,
          [asOf, MARK_BATCH, SYSTEM_ACTOR.sub],
        );
        // One entry per district, recorded in that district, so that its auditor sees the change on their cases.
        for (const district of [...new Set(rows.map((r) => r.district_code))]) {
          const own = rows.filter((r) => r.district_code === district);
          await this.audit.record(
            { ...SYSTEM_ACTOR, district },
            {
              action: 'update',
              entityType: 'next_step',
              entityIds: own.map((r) => r.id),
              caseIds: [...new Set(own.map((r) => r.case_id))],
              reason: 'overdue',
            },
            manager,
          );
        }
        return rows.length;
      });
      total += marked;
      if (marked < MARK_BATCH) return total;
    }
  }
}
