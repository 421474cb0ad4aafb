import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { compareDates, todayInStockholm } from '@bosam/calendar';
import { landlordNumberRecorded, parseLandlordNumber } from '@bosam/identity';
import { Actor, AuditService, DomainError, invalid, kronorToOre, notFound, oreToKronor, assertUuid, PersonalData } from '@bosam/platform';
import { CasesService, CaseRef } from './cases.service';
import {
  BalanceView,
  CreateBalanceDto,
  CreateDisturbanceDto,
  CreateRepaymentPlanDto,
  DisturbanceView,
  DisturbancesEndedDto,
  FollowStateView,
  RepaymentPlanView,
  SetRepaymentPlanStatusDto,
} from './dto';
import { RepaymentPlanStatus } from './entities';
import { REFRESH_FOLLOW_STATE_SQL } from './follow-state.sql';

type Row = Record<string, any>;

/** What decides whether a case is followed up: remaining debt or ongoing disturbances (BOSAM.md, "Follow-up"). */
interface FollowState {
  arrearsOre: number;
  ongoingDisturbance: boolean;
}
const inFollowUp = (s: FollowState): boolean => s.arrearsOre > 0 || s.ongoingDisturbance;

// A plan is agreed (active), then kept or broken; a broken plan may be taken up again (active). Kept is the end.
const PLAN_TRANSITIONS: Record<RepaymentPlanStatus, RepaymentPlanStatus[]> = {
  active: ['kept', 'broken'],
  broken: ['active'],
  kept: [],
};

/**
 * Following a case between meetings: the balance owed, repayment plans and disturbances. The case row
 * keeps the state the agenda and the evaluation read (`arrears_ore`/`arrears_on` = the latest balance,
 * recorded or from a notice; `ongoing_disturbance`; `plan_broken_on`), recomputed from the records in
 * the same transaction as each change. A case whose balance reaches 0 with no ongoing disturbance leaves
 * follow-up by itself, and its timeline says so.
 */
@Injectable()
export class FollowUpService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly cases: CasesService,
    private readonly keys: PersonalData,
  ) {}

  async recordBalance(actor: Actor, caseId: unknown, dto: CreateBalanceDto, today: string = todayInStockholm()): Promise<BalanceView> {
    return this.dataSource.transaction(async (manager) => {
      const ref = await this.requireOpen(actor, caseId, manager);
      assertDay('on', dto.on, ref, today);
      const arrearsOre = kronorToOre(dto.arrearsSek);
      const before = await this.state(manager, ref.id);
      const [row] = await manager.query(
        `INSERT INTO case_balance (case_id, "on", arrears_ore, source, created_by) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, "on"::text, arrears_ore, source, created_by, created_at`,
        [ref.id, dto.on, arrearsOre, dto.source, actor.sub],
      );
      await this.cases.appendEvent(manager, ref.id, 'balance_recorded', actor.sub, {
        balanceId: row.id,
        on: dto.on,
        arrearsOre,
        source: dto.source,
      });
      const after = await this.refresh(manager, ref.id, actor.sub, before);
      await this.audit.record(actor, { action: 'create', entityType: 'case_balance', entityIds: [row.id], caseIds: [ref.id] }, manager);
      return { ...balanceView(row), caseState: after };
    });
  }

  async addRepaymentPlan(
    actor: Actor,
    caseId: unknown,
    dto: CreateRepaymentPlanDto,
    today: string = todayInStockholm(),
  ): Promise<RepaymentPlanView> {
    return this.dataSource.transaction(async (manager) => {
      const ref = await this.requireOpen(actor, caseId, manager);
      const agreedOn = dto.agreedOn ?? today;
      assertDay('agreedOn', agreedOn, ref, today);
      const landlord = parseLandlordNumber(dto.landlordOrgNumber, today);
      if (!landlord.ok) throw invalid('landlordOrgNumber', 'must be a valid organisationsnummer');
      const [row] = await manager.query(
        `INSERT INTO repayment_plan (district_code, case_id, landlord_org_number, landlord_org_number_sealed, monthly_ore, first_due_on, status,
           status_on, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, 'active', $7, $8) RETURNING *`,
        [
          ref.districtCode,
          ref.id,
          this.keys.landlordKey(landlord.canonical),
          this.keys.sealLandlord(landlord.canonical),
          kronorToOre(dto.monthlySek),
          dto.firstDueOn,
          agreedOn,
          actor.sub,
        ],
      );
      await this.cases.appendEvent(manager, ref.id, 'repayment_plan_agreed', actor.sub, {
        planId: row.id,
        landlordOrgNumber: landlordNumberRecorded(landlord.canonical),
        monthlyOre: Number(row.monthly_ore),
        firstDueOn: dto.firstDueOn,
        agreedOn,
      });
      await this.audit.record(actor, { action: 'create', entityType: 'repayment_plan', entityIds: [row.id], caseIds: [ref.id] }, manager);
      return planView(this.keys, await this.planRow(manager, row.id));
    });
  }

  /** Kept, broken, or taken up again. A broken plan puts the case back on the next agenda (plan_broken_on). */
  async setRepaymentPlanStatus(
    actor: Actor,
    planId: unknown,
    dto: SetRepaymentPlanStatusDto,
    today: string = todayInStockholm(),
  ): Promise<RepaymentPlanView> {
    const id = assertUuid(planId, 'repayment plan');
    return this.dataSource.transaction(async (manager) => {
      const [plan] = await manager.query(
        'SELECT id, case_id, status, status_on::text FROM repayment_plan WHERE id = $1 AND district_code = $2 FOR UPDATE',
        [id, actor.district],
      );
      if (!plan) throw notFound('repayment plan');
      // The plan's outcome may come after the case closed: the case is locked, not required open.
      await this.cases.requireCase(actor, plan.case_id, manager, true);
      if (compareDates(dto.on, today) > 0) throw invalid('on', 'must not be in the future');
      if (compareDates(dto.on, plan.status_on) < 0)
        throw invalid('on', `must not be before the plan's current status was set (${plan.status_on})`);
      if (!PLAN_TRANSITIONS[plan.status as RepaymentPlanStatus].includes(dto.status)) {
        throw new DomainError('CONFLICT', `A ${plan.status} repayment plan cannot become ${dto.status}.`);
      }
      await manager.query('UPDATE repayment_plan SET status = $2, status_on = $3, updated_at = now() WHERE id = $1', [
        id,
        dto.status,
        dto.on,
      ]);
      await this.cases.appendEvent(manager, plan.case_id, `repayment_plan_${dto.status === 'active' ? 'resumed' : dto.status}`, actor.sub, {
        planId: id,
        on: dto.on,
        from: plan.status,
      });
      await this.refresh(manager, plan.case_id, actor.sub);
      await this.audit.record(actor, { action: 'update', entityType: 'repayment_plan', entityIds: [id], caseIds: [plan.case_id] }, manager);
      return planView(this.keys, await this.planRow(manager, id));
    });
  }

  async reportDisturbance(
    actor: Actor,
    caseId: unknown,
    dto: CreateDisturbanceDto,
    today: string = todayInStockholm(),
  ): Promise<DisturbanceView> {
    return this.dataSource.transaction(async (manager) => {
      const ref = await this.requireOpen(actor, caseId, manager);
      assertDay('on', dto.on, ref, today);
      const landlord = parseLandlordNumber(dto.landlordOrgNumber, today);
      if (!landlord.ok) throw invalid('landlordOrgNumber', 'must be a valid organisationsnummer');
      const before = await this.state(manager, ref.id);
      const [row] = await manager.query(
        `INSERT INTO case_disturbance (case_id, kind, "on", landlord_org_number, landlord_org_number_sealed, category, created_by)
         VALUES ($1, 'reported', $2, $3, $4, $5, $6)
         RETURNING id, kind, "on"::text, landlord_org_number, landlord_org_number_sealed, category, created_by, created_at`,
        [ref.id, dto.on, this.keys.landlordKey(landlord.canonical), this.keys.sealLandlord(landlord.canonical), dto.category, actor.sub],
      );
      await this.cases.appendEvent(manager, ref.id, 'disturbance_reported', actor.sub, {
        disturbanceId: row.id,
        on: dto.on,
        landlordOrgNumber: landlordNumberRecorded(landlord.canonical),
        category: dto.category,
      });
      const after = await this.refresh(manager, ref.id, actor.sub, before);
      await this.audit.record(actor, { action: 'create', entityType: 'case_disturbance', entityIds: [row.id], caseIds: [ref.id] }, manager);
      return { ...disturbanceView(this.keys, row), caseState: after };
    });
  }

  async endDisturbances(
    actor: Actor,
    caseId: unknown,
    dto: DisturbancesEndedDto,
    today: string = todayInStockholm(),
  ): Promise<DisturbanceView> {
    return this.dataSource.transaction(async (manager) => {
      const ref = await this.requireOpen(actor, caseId, manager);
      assertDay('on', dto.on, ref, today);
      const before = await this.state(manager, ref.id);
      if (!before.ongoingDisturbance) throw new DomainError('CONFLICT', 'The case has no ongoing disturbances.');
      const [{ latest }] = await manager.query(
        `SELECT max(r.on)::text AS latest FROM (
           SELECT "on" FROM case_disturbance WHERE case_id = $1 AND kind = 'reported'
           UNION ALL SELECT received_on FROM notification WHERE case_id = $1 AND source = 'landlord_disturbance') r`,
        [ref.id],
      );
      if (latest && compareDates(dto.on, latest) < 0) throw invalid('on', `must not be before the latest disturbance report (${latest})`);
      const [row] = await manager.query(
        `INSERT INTO case_disturbance (case_id, kind, "on", created_by) VALUES ($1, 'ended', $2, $3)
         RETURNING id, kind, "on"::text, landlord_org_number, landlord_org_number_sealed, category, created_by, created_at`,
        [ref.id, dto.on, actor.sub],
      );
      await this.cases.appendEvent(manager, ref.id, 'disturbances_ended', actor.sub, { disturbanceId: row.id, on: dto.on });
      const after = await this.refresh(manager, ref.id, actor.sub, before);
      await this.audit.record(actor, { action: 'create', entityType: 'case_disturbance', entityIds: [row.id], caseIds: [ref.id] }, manager);
      return { ...disturbanceView(this.keys, row), caseState: after };
    });
  }

  /**
   * Recomputes the follow-up state of the case from its records (REFRESH_FOLLOW_STATE_SQL), in the
   * caller's transaction. When the case thereby leaves follow-up (no debt, no ongoing disturbance), the
   * timeline says so.
   */
  async refresh(manager: EntityManager, caseId: string, actorSub: string, before?: FollowState): Promise<FollowStateView> {
    const previous = before ?? (await this.state(manager, caseId));
    const [row] = await manager.query(REFRESH_FOLLOW_STATE_SQL, [caseId]);
    const after: FollowState = { arrearsOre: Number(row.arrears_ore), ongoingDisturbance: row.ongoing_disturbance };
    if (row.status === 'open' && inFollowUp(previous) && !inFollowUp(after)) {
      await this.cases.appendEvent(manager, caseId, 'follow_up_ended', actorSub, {
        reason:
          previous.arrearsOre > 0 && !previous.ongoingDisturbance
            ? 'debt_paid'
            : previous.arrearsOre > 0
              ? 'debt_paid_and_disturbances_ended'
              : 'disturbances_ended',
        arrearsOre: 0,
      });
    }
    return {
      arrearsSek: oreToKronor(row.arrears_ore) ?? 0,
      arrearsOn: row.arrears_on,
      ongoingDisturbance: row.ongoing_disturbance,
      repaymentPlanBrokenOn: row.plan_broken_on,
      inFollowUp: inFollowUp(after),
    };
  }

  private async state(manager: EntityManager, caseId: string): Promise<FollowState> {
    const [row] = await manager.query('SELECT arrears_ore, ongoing_disturbance FROM household_case WHERE id = $1', [caseId]);
    return { arrearsOre: Number(row.arrears_ore), ongoingDisturbance: row.ongoing_disturbance };
  }

  private async requireOpen(actor: Actor, caseId: unknown, manager: EntityManager): Promise<CaseRef> {
    const ref = await this.cases.requireCase(actor, caseId, manager, true);
    if (ref.status !== 'open') throw new DomainError('CONFLICT', 'The case is closed.');
    return ref;
  }

  private async planRow(manager: EntityManager, id: string): Promise<Row> {
    const [row] = await manager.query(
      `SELECT p.id, p.case_id, p.landlord_org_number, p.landlord_org_number_sealed, l.name AS landlord_name, p.monthly_ore, p.first_due_on::text, p.status,
              p.status_on::text, p.created_by, p.created_at
         FROM repayment_plan p LEFT JOIN landlord l ON l.org_number = p.landlord_org_number WHERE p.id = $1`,
      [id],
    );
    return row;
  }
}

function assertDay(field: string, day: string, ref: CaseRef, today: string): void {
  if (compareDates(day, today) > 0) throw invalid(field, 'must not be in the future');
  if (compareDates(day, ref.openedOn) < 0) throw invalid(field, `must not be before the case was opened (${ref.openedOn})`);
}

const iso = (value: string | Date): string => new Date(value).toISOString();

function balanceView(row: Row): Omit<BalanceView, 'caseState'> {
  return {
    id: row.id,
    on: row.on,
    arrearsSek: oreToKronor(row.arrears_ore) ?? 0,
    source: row.source,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
  };
}

export function planView(keys: PersonalData, row: Row): RepaymentPlanView {
  return {
    id: row.id,
    caseId: row.case_id,
    landlord: { orgNumber: keys.landlordShown(row.landlord_org_number, row.landlord_org_number_sealed), name: row.landlord_name ?? null },
    monthlySek: oreToKronor(row.monthly_ore) ?? 0,
    firstDueOn: row.first_due_on,
    status: row.status,
    statusOn: row.status_on,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
  };
}

function disturbanceView(keys: PersonalData, row: Row): Omit<DisturbanceView, 'caseState'> {
  return {
    id: row.id,
    kind: row.kind,
    on: row.on,
    landlordOrgNumber: row.landlord_org_number ? keys.landlordShown(row.landlord_org_number, row.landlord_org_number_sealed) : null,
    category: row.category,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
  };
}
