import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { compareDates, isValidLocalDate, todayInStockholm } from '@bosam/calendar';
import { NextStepStatus } from '@bosam/cases';
import { Actor, assertDistrict, assertUuid, AuditService, forbidden, invalid, notFound, SYSTEM_ACTOR } from '@bosam/platform';
import { UpdateNextStepDto } from './dto';
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
});

const STEP_COLUMNS = `s.id, s.case_id AS "caseId", s.district_code AS "districtCode", u.code AS "unitCode", s.action,
  s.due_on::text AS "dueOn", s.status, s.done_on::text AS "doneOn", s.decision_id AS "decisionId"`;

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

  async list(actor: Actor, filter: NextStepFilter, route: string): Promise<NextStepView[]> {
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
      route,
    });
    return rows.map((r) => toNextStepView(r, today));
  }

  /** Completes, cancels or reopens a step; a unit representative only for their own unit. */
  async update(actor: Actor, id: string, dto: UpdateNextStepDto): Promise<NextStepView> {
    const stepId = assertUuid(id, 'next step');
    if (dto.status === 'done' && !dto.doneOn) throw invalid('doneOn', 'is required when the status is done');
    if (dto.doneOn && !isValidLocalDate(dto.doneOn)) throw invalid('doneOn', 'must be a date as YYYY-MM-DD');
    if (dto.status === 'done' && compareDates(dto.doneOn!, todayInStockholm()) > 0) throw invalid('doneOn', 'must not be in the future');
    return this.dataSource.transaction(async (manager) => {
      const [step]: NextStepRecord[] = await manager.query(
        `SELECT ${STEP_COLUMNS} FROM next_step s JOIN unit u ON u.id = s.unit_id
          WHERE s.id = $1 AND s.district_code = $2 FOR UPDATE OF s`,
        [stepId, actor.district],
      );
      if (!step) throw notFound('next step');
      if (actor.role === 'unit_rep' && step.unitCode !== actor.unit) {
        throw forbidden("A unit representative updates only their own unit's next steps.");
      }
      const doneOn = dto.status === 'done' ? dto.doneOn! : null;
      await manager.query('UPDATE next_step SET status = $2, done_on = $3 WHERE id = $1', [step.id, dto.status, doneOn]);
      await manager.query(
        `INSERT INTO case_event (case_id, kind, actor_sub, data) VALUES ($1, $2, $3, $4)`,
        [step.caseId, `next_step_${dto.status}`, actor.sub, JSON.stringify({ nextStepId: step.id, doneOn, dueOn: step.dueOn })],
      );
      await this.audit.record(actor, { action: 'update', entityType: 'next_step', entityIds: [step.id], caseIds: [step.caseId] }, manager);
      return toNextStepView({ ...step, status: dto.status, doneOn });
    });
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
