import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { compareDates, daysBetween, seriesDates, stockholmDateOf, stockholmInstant, todayInStockholm } from '@bosam/calendar';
import { CaseEvent, HouseholdCase, NextStep } from '@bosam/cases';
import {
  Actor,
  assertDistrict,
  assertDistrictExists,
  assertUuid,
  AuditService,
  DomainError,
  forbidden,
  invalid,
  invalidFields,
  notFound,
  PersonalData,
} from '@bosam/platform';
import { Unit } from '@bosam/setup';
import { AgendaService } from './agenda.service';
import {
  AttendanceDto,
  CancelMeetingDto,
  ConfirmDecisionDto,
  CreateMeetingDto,
  CreateSeriesDto,
  DecisionDto,
  EndSeriesDto,
  UnitAttendanceDto,
  UpdateMeetingDto,
} from './dto';
import { attendanceMandate, RegisteredMandate } from './mandate';
import { Meeting, MeetingAttendance, MeetingDecision } from './entities';
import { renderAgendaHtml } from './print/agenda-page';
import { renderMinutesHtml } from './print/minutes-page';
import { toNextStepView } from './next-steps.service';
import { AgendaView, AttendanceView, DecisionView, MeetingView, MinutesView } from './views';

/** A series may plan at most this far ahead (a register of meetings, not a calendar of decades). */
const MAX_SERIES_DAYS = 3 * 366;

export const toMeetingView = (m: Meeting): MeetingView => ({
  id: m.id,
  district: m.districtCode,
  startsAt: m.startsAt.toISOString(),
  heldOn: m.heldOn,
  status: m.status,
  startedAt: m.startedAt ? m.startedAt.toISOString() : null,
  closedAt: m.closedAt ? m.closedAt.toISOString() : null,
  seriesId: m.seriesId,
  movedFrom: m.movedFrom,
  movedReason: m.movedReason,
  cancelledAt: m.cancelledAt ? m.cancelledAt.toISOString() : null,
  cancelReason: m.cancelReason ?? null,
  chair: m.chair ?? null,
  noteTaker: m.noteTaker ?? null,
});

const stateError = (detail: string) => new DomainError('MEETING_STATE', detail);

/** Meetings: planning, attendance and mandate, start (freeze), decisions, close (carry-over), minutes. */
@Injectable()
export class MeetingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly agendas: AgendaService,
    private readonly keys: PersonalData,
  ) {}

  private async requireDistrict(actor: Actor, code: string): Promise<void> {
    assertDistrict(actor, code);
    await assertDistrictExists(this.dataSource, code);
  }

  /** The meeting, if it belongs to the caller's district (else 404). */
  async requireMeeting(actor: Actor, id: string, manager?: EntityManager, lock = false): Promise<Meeting> {
    const meetingId = assertUuid(id, 'meeting');
    const meeting = await (manager ?? this.dataSource.manager).getRepository(Meeting).findOne({
      where: { id: meetingId, districtCode: actor.district },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!meeting) throw notFound('meeting');
    return meeting;
  }

  async create(actor: Actor, dto: CreateMeetingDto): Promise<MeetingView> {
    await this.requireDistrict(actor, dto.district);
    const startsAt = new Date(dto.startsAt);
    if (Number.isNaN(startsAt.getTime())) throw invalid('startsAt', 'must be an ISO 8601 instant with offset');
    const meeting = await this.dataSource.getRepository(Meeting).save({
      districtCode: dto.district,
      startsAt,
      heldOn: stockholmDateOf(startsAt),
      status: 'planned',
      createdBy: actor.sub,
    });
    return toMeetingView(meeting);
  }

  async list(actor: Actor, district: string | undefined): Promise<MeetingView[]> {
    const code = district ?? actor.district;
    assertDistrict(actor, code);
    const rows = await this.dataSource
      .getRepository(Meeting)
      .find({ where: { districtCode: code }, order: { startsAt: 'ASC', id: 'ASC' } });
    return rows.map(toMeetingView);
  }

  /**
   * A regular series; a planned date on a weekend, public holiday or eve (Lag (1930:173) 2 §, by analogy)
   * moves to the next working day, and the answer says so.
   */
  async createSeries(
    actor: Actor,
    district: string,
    dto: CreateSeriesDto,
  ): Promise<{ seriesId: string; meetings: Array<MeetingView & { plannedOn: string; reason: string | null }> }> {
    await this.requireDistrict(actor, district);
    if (compareDates(dto.until, dto.firstOn) < 0) throw invalid('until', 'must not be before firstOn');
    if (daysBetween(dto.firstOn, dto.until) > MAX_SERIES_DAYS) throw invalid('until', 'must be at most three years after firstOn');
    const seriesId = randomUUID();
    const dates = seriesDates({ firstOn: dto.firstOn, everyWeeks: dto.everyWeeks, until: dto.until });
    const meetings = await this.dataSource.transaction(async (manager) => {
      const rows = dates.map((d) => ({
        districtCode: district,
        startsAt: stockholmInstant(d.on, dto.time),
        heldOn: d.on,
        status: 'planned' as const,
        seriesId,
        movedFrom: d.moved ? d.plannedOn : null,
        movedReason: d.moved ? d.reason! : null,
        createdBy: actor.sub,
      }));
      return manager.getRepository(Meeting).save(rows, { chunk: 200 });
    });
    return {
      seriesId,
      meetings: meetings.map((m, i) => ({ ...toMeetingView(m), plannedOn: dates[i].plannedOn, reason: dates[i].reason ?? null })),
    };
  }

  /** Cancels a planned meeting, with the reason; it stays listed (in its series) as cancelled. */
  async cancel(actor: Actor, id: string, dto: CancelMeetingDto): Promise<MeetingView> {
    return this.dataSource.transaction(async (manager) => {
      const meeting = await this.requireMeeting(actor, id, manager, true);
      if (meeting.status !== 'planned') throw stateError(`The meeting is ${meeting.status}; only a planned meeting can be cancelled.`);
      const [{ now }] = await manager.query('SELECT now() AS now');
      await manager.query(`UPDATE meeting SET status = 'cancelled', cancelled_at = $2, cancel_reason = $3 WHERE id = $1`, [
        meeting.id,
        now,
        dto.reason,
      ]);
      await this.audit.record(
        actor,
        { action: 'update', entityType: 'meeting', entityIds: [meeting.id], reason: 'meeting cancelled' },
        manager,
      );
      return toMeetingView({ ...meeting, status: 'cancelled', cancelledAt: new Date(now), cancelReason: dto.reason });
    });
  }

  /** Moves a planned meeting (startsAt), and names its chair and note-taker (for the minutes). */
  async update(actor: Actor, id: string, dto: UpdateMeetingDto): Promise<MeetingView> {
    if (dto.startsAt === undefined && dto.chair === undefined && dto.noteTaker === undefined) {
      throw invalidFields([{ field: 'startsAt', message: 'give startsAt, chair or noteTaker' }]);
    }
    if (dto.reason !== undefined && dto.startsAt === undefined) throw invalid('reason', 'goes with startsAt');
    return this.dataSource.transaction(async (manager) => {
      const meeting = await this.requireMeeting(actor, id, manager, true);
      if (meeting.status === 'cancelled') throw stateError('The meeting is cancelled.');
      if (dto.startsAt !== undefined) {
        if (meeting.status !== 'planned') throw stateError(`The meeting is ${meeting.status}; only a planned meeting can be moved.`);
        const startsAt = new Date(dto.startsAt);
        if (Number.isNaN(startsAt.getTime())) throw invalid('startsAt', 'must be an ISO 8601 instant with offset');
        const heldOn = stockholmDateOf(startsAt);
        if (heldOn !== meeting.heldOn) {
          meeting.movedFrom = meeting.movedFrom ?? meeting.heldOn;
          meeting.movedReason = dto.reason ?? 'flyttat';
        }
        meeting.startsAt = startsAt;
        meeting.heldOn = heldOn;
      }
      if (dto.chair !== undefined) meeting.chair = dto.chair;
      if (dto.noteTaker !== undefined) meeting.noteTaker = dto.noteTaker;
      await manager.query(
        `UPDATE meeting SET starts_at = $2, held_on = $3, moved_from = $4, moved_reason = $5, chair = $6, note_taker = $7 WHERE id = $1`,
        [meeting.id, meeting.startsAt, meeting.heldOn, meeting.movedFrom, meeting.movedReason, meeting.chair, meeting.noteTaker],
      );
      await this.audit.record(actor, { action: 'update', entityType: 'meeting', entityIds: [meeting.id] }, manager);
      return toMeetingView(meeting);
    });
  }

  /** Ends a series from a date: its planned meetings on or after it are cancelled (and stay listed). */
  async endSeries(actor: Actor, district: string, seriesId: string, dto: EndSeriesDto): Promise<MeetingView[]> {
    await this.requireDistrict(actor, district);
    const series = assertUuid(seriesId, 'meeting series');
    return this.dataSource.transaction(async (manager) => {
      const [known] = await manager.query('SELECT 1 FROM meeting WHERE series_id = $1 AND district_code = $2 LIMIT 1', [series, district]);
      if (!known) throw notFound('meeting series');
      const reason = `Serien avslutad från ${dto.from}`;
      const ids: Array<{ id: string }> = await manager.query(
        `UPDATE meeting SET status = 'cancelled', cancelled_at = now(), cancel_reason = $4
          WHERE series_id = $1 AND district_code = $2 AND status = 'planned' AND held_on >= $3 RETURNING id`,
        [series, district, dto.from, reason],
      );
      if (ids.length) {
        await this.audit.record(
          actor,
          { action: 'update', entityType: 'meeting', entityIds: ids.map((r) => r.id), reason: 'meeting series ended' },
          manager,
        );
      }
      const rows = await manager
        .getRepository(Meeting)
        .find({ where: { seriesId: series, districtCode: district }, order: { startsAt: 'ASC', id: 'ASC' } });
      return rows.map(toMeetingView);
    });
  }

  /**
   * Confirms or rejects a decision taken while a unit was represented without mandate: a coordinator
   * settles it; a unit representative (the unit's assistant head) confirms for their own unit, and the
   * decision stands once every waiting unit has confirmed. A rejected decision's open steps are cancelled.
   */
  async confirmDecision(actor: Actor, id: string, dto: ConfirmDecisionDto): Promise<DecisionView> {
    const decisionId = assertUuid(id, 'decision');
    const result = await this.dataSource.transaction(async (manager) => {
      const decision = await manager
        .getRepository(MeetingDecision)
        .createQueryBuilder('d')
        .innerJoin(Meeting, 'm', 'm.id = d.meeting_id')
        .where('d.id = :id AND m.district_code = :district', { id: decisionId, district: actor.district })
        .setLock('pessimistic_write', undefined, ['d'])
        .getOne();
      if (!decision) throw notFound('decision');
      if (!decision.pendingConfirmation) throw new DomainError('CONFLICT', 'The decision is not waiting for confirmation.');
      if (actor.role === 'unit_rep' && (!actor.unit || !decision.pendingUnits.includes(actor.unit))) {
        throw forbidden('A unit representative confirms only decisions waiting for their own unit.');
      }
      const remaining = actor.role === 'unit_rep' && dto.confirmed ? decision.pendingUnits.filter((u) => u !== actor.unit) : [];
      const settled = remaining.length === 0;
      const [{ now }] = await manager.query('SELECT now() AS now');
      decision.pendingUnits = remaining;
      decision.pendingConfirmation = !settled;
      if (settled) {
        decision.confirmation = dto.confirmed ? 'confirmed' : 'rejected';
        decision.confirmedBy = dto.by;
        decision.confirmedBySub = actor.sub;
        decision.confirmedAt = new Date(now);
      }
      await manager.query(
        `UPDATE meeting_decision SET pending_confirmation = $2, pending_units = $3, confirmation = $4, confirmed_by = $5,
                confirmed_by_sub = $6, confirmed_at = $7 WHERE id = $1`,
        [
          decision.id,
          decision.pendingConfirmation,
          decision.pendingUnits,
          decision.confirmation,
          decision.confirmedBy,
          decision.confirmedBySub,
          decision.confirmedAt,
        ],
      );
      const cancelled: Array<{ id: string }> =
        settled && !dto.confirmed
          ? await manager.query(
              `UPDATE next_step SET status = 'cancelled', cancel_reason = 'Beslutet bekräftades inte' WHERE decision_id = $1 AND status = 'open' RETURNING id`,
              [decision.id],
            )
          : [];
      await manager.getRepository(CaseEvent).insert({
        caseId: decision.caseId,
        kind: settled ? (dto.confirmed ? 'meeting_decision_confirmed' : 'meeting_decision_rejected') : 'meeting_decision_confirmed_by_unit',
        actorSub: actor.sub,
        data: {
          decisionId: decision.id,
          meetingId: decision.meetingId,
          ...(actor.unit ? { unit: actor.unit } : {}),
          pendingUnits: remaining,
          cancelledNextStepIds: cancelled.map((c) => c.id),
        },
      });
      await this.audit.record(
        actor,
        { action: 'update', entityType: 'meeting_decision', entityIds: [decision.id], caseIds: [decision.caseId] },
        manager,
      );
      const steps = await this.stepsOf(manager, [decision.id]);
      return { decision, steps };
    });
    return toDecisionView(
      result.decision,
      result.steps.map((s) => toNextStepView(rowToStep(s))),
    );
  }

  private async stepsOf(manager: EntityManager, decisionIds: string[]): Promise<Array<Record<string, unknown>>> {
    if (decisionIds.length === 0) return [];
    return manager.query(
      `SELECT s.id, s.case_id, s.district_code, u.code AS unit_code, s.action, s.due_on::text AS due_on, s.status,
              s.done_on::text AS done_on, s.decision_id, s.responsible, s.result, s.cancel_reason
         FROM next_step s JOIN unit u ON u.id = s.unit_id WHERE s.decision_id = ANY($1::uuid[]) ORDER BY s.due_on, s.id`,
      [decisionIds],
    );
  }

  async agenda(actor: Actor, id: string): Promise<AgendaView> {
    const meeting = await this.requireMeeting(actor, id);
    const view = await this.agendas.view(meeting);
    await this.audit.record(actor, {
      action: 'read',
      entityType: 'meeting_agenda',
      entityIds: [meeting.id],
      caseIds: [...new Set(view.sections.flatMap((s) => s.items.map((i) => i.caseId)))],
    });
    return view;
  }

  async agendaHtml(actor: Actor, id: string): Promise<string> {
    return renderAgendaHtml(await this.agenda(actor, id));
  }

  async attendance(actor: Actor, id: string): Promise<AttendanceView[]> {
    const meeting = await this.requireMeeting(actor, id);
    return this.readAttendance(meeting);
  }

  private async readAttendance(meeting: Meeting): Promise<AttendanceView[]> {
    const rows = await this.dataSource.query(
      `SELECT u.code, u.name, a.person, a.role, a.mandate, a.with_mandate, a.mandate_registered
         FROM meeting_attendance a JOIN unit u ON u.id = a.unit_id WHERE a.meeting_id = $1 ORDER BY u.code`,
      [meeting.id],
    );
    return rows.map((r: Record<string, unknown>) => ({
      unit: r.code as string,
      unitName: r.name as string,
      person: r.person as string | null,
      role: r.role as AttendanceView['role'],
      mandate: r.mandate as boolean,
      withMandate: r.with_mandate as boolean,
      mandateRegistered: r.mandate_registered as boolean,
    }));
  }

  /** Records who represents each unit (replacing what was recorded); a valid mandate in the unit's register counts as mandate. */
  async setAttendance(actor: Actor, id: string, dto: AttendanceDto): Promise<AttendanceView[]> {
    const meeting = await this.requireMeeting(actor, id);
    if (meeting.status === 'closed' || meeting.status === 'cancelled') throw stateError(`The meeting is ${meeting.status}.`);
    const units = await this.dataSource.getRepository(Unit).find({ where: { districtCode: meeting.districtCode } });
    const byCode = new Map(units.map((u) => [u.code, u]));
    const errors = dto.units.flatMap((entry, i) => {
      const e: Array<{ field: string; message: string }> = [];
      if (!byCode.has(entry.unit)) e.push({ field: `units[${i}].unit`, message: 'no such unit in the district' });
      if (entry.role !== 'absent' && !entry.person) e.push({ field: `units[${i}].person`, message: 'required unless absent' });
      if (dto.units.findIndex((other) => other.unit === entry.unit) !== i) e.push({ field: `units[${i}].unit`, message: 'listed twice' });
      return e;
    });
    if (errors.length > 0) throw invalidFields(errors);
    await this.dataSource.transaction(async (manager) => {
      const registered = await this.validMandates(
        manager,
        units.map((u) => u.id),
        meeting.heldOn,
      );
      const rows = dto.units.map((entry) => {
        const unit = byCode.get(entry.unit)!;
        return {
          meetingId: meeting.id,
          unitId: unit.id,
          person: entry.role === 'absent' ? null : (entry.person ?? null),
          role: entry.role,
          ...attendanceMandate(entry, unit.id, registered),
          recordedBy: actor.sub,
        };
      });
      // PUT replaces the whole attendance: a unit left out is not represented.
      await manager.getRepository(MeetingAttendance).delete({ meetingId: meeting.id });
      if (rows.length > 0) await manager.getRepository(MeetingAttendance).insert(rows);
      await this.audit.record(actor, { action: 'update', entityType: 'meeting_attendance', entityIds: [meeting.id] }, manager);
    });
    return this.readAttendance(meeting);
  }

  /** The mandates of the units' registers valid on the day. */
  private async validMandates(manager: EntityManager, unitIds: string[], on: string): Promise<RegisteredMandate[]> {
    if (unitIds.length === 0) return [];
    return manager.query(
      `SELECT unit_id AS "unitId", person FROM unit_mandate
        WHERE unit_id = ANY($1::uuid[]) AND valid_from <= $2 AND (valid_until IS NULL OR valid_until >= $2)`,
      [unitIds, on],
    );
  }

  /** Records one unit's representation (someone arrives late, or leaves) without touching the others. */
  async setUnitAttendance(actor: Actor, id: string, unitCode: string, dto: UnitAttendanceDto): Promise<AttendanceView[]> {
    const meeting = await this.requireMeeting(actor, id);
    if (meeting.status === 'closed' || meeting.status === 'cancelled') throw stateError(`The meeting is ${meeting.status}.`);
    const unit = await this.dataSource
      .getRepository(Unit)
      .findOne({ where: { districtCode: meeting.districtCode, code: String(unitCode) } });
    if (!unit) throw notFound('unit');
    if (dto.role !== 'absent' && !dto.person) throw invalid('person', 'required unless absent');
    await this.dataSource.transaction(async (manager) => {
      const registered = await this.validMandates(manager, [unit.id], meeting.heldOn);
      const row = {
        meetingId: meeting.id,
        unitId: unit.id,
        person: dto.role === 'absent' ? null : (dto.person ?? null),
        role: dto.role,
        ...attendanceMandate(dto, unit.id, registered),
        recordedBy: actor.sub,
      };
      await manager.getRepository(MeetingAttendance).upsert(row, ['meetingId', 'unitId']);
      await this.audit.record(actor, { action: 'update', entityType: 'meeting_attendance', entityIds: [meeting.id] }, manager);
    });
    return this.readAttendance(meeting);
  }

  /** Starts the meeting and freezes its agenda exactly as it is now; later notices wait for the next meeting. */
  async start(actor: Actor, id: string): Promise<AgendaView & { startedAt: string }> {
    await this.dataSource.transaction(async (manager) => {
      const meeting = await this.requireMeeting(actor, id, manager, true);
      if (meeting.status !== 'planned') throw stateError(`The meeting is ${meeting.status}; only a planned meeting can start.`);
      // One freeze at a time per district, so no notification can land on two agendas.
      await manager.query('SELECT pg_advisory_xact_lock(727002, hashtext($1))', [meeting.districtCode]);
      const [{ now }] = await manager.query('SELECT now() AS now');
      meeting.status = 'running';
      meeting.startedAt = new Date(now);
      await manager.query(`UPDATE meeting SET status = 'running', started_at = $2 WHERE id = $1`, [meeting.id, meeting.startedAt]);
      const agenda = await this.agendas.freeze(manager, meeting);
      await this.audit.record(
        actor,
        {
          action: 'update',
          entityType: 'meeting',
          entityIds: [meeting.id],
          caseIds: [...new Set(agenda.sections.flatMap((s) => s.items.map((i) => i.caseId)))],
          reason: 'meeting started: agenda frozen',
        },
        manager,
      );
    });
    const view = await this.agenda(actor, id);
    return { ...view, startedAt: view.cutoff };
  }

  /** Closes the meeting; every agenda case without a decision carries over to the next meeting. */
  async close(actor: Actor, id: string): Promise<MeetingView & { carriedOver: string[] }> {
    return this.dataSource.transaction(async (manager) => {
      const meeting = await this.requireMeeting(actor, id, manager, true);
      if (meeting.status !== 'running') throw stateError(`The meeting is ${meeting.status}; only a running meeting can close.`);
      const carried: Array<{ case_id: string }> = await manager.query(
        `WITH carried AS (
           UPDATE agenda_item ai SET carried_over = true
            WHERE ai.meeting_id = $1
              AND NOT EXISTS (SELECT 1 FROM meeting_decision d WHERE d.meeting_id = ai.meeting_id AND d.case_id = ai.case_id)
           RETURNING ai.case_id
         ) SELECT case_id FROM carried`,
        [meeting.id],
      );
      const [{ now }] = await manager.query('SELECT now() AS now');
      await manager.query(`UPDATE meeting SET status = 'closed', closed_at = $2 WHERE id = $1`, [meeting.id, now]);
      const caseIds = [...new Set(carried.map((c) => c.case_id))];
      await this.audit.record(
        actor,
        { action: 'update', entityType: 'meeting', entityIds: [meeting.id], caseIds, reason: 'meeting closed' },
        manager,
      );
      return { ...toMeetingView({ ...meeting, status: 'closed', closedAt: new Date(now) }), carriedOver: caseIds };
    });
  }

  /**
   * A decision on a case with its next steps. A unit representative decides only for their own unit;
   * a unit represented without mandate makes the decision pending confirmation.
   */
  async decide(actor: Actor, id: string, dto: DecisionDto): Promise<DecisionView> {
    const caseId = assertUuid(dto.caseId, 'case');
    const result = await this.dataSource.transaction(async (manager) => {
      const meeting = await this.requireMeeting(actor, id, manager, true);
      if (meeting.status !== 'running') throw stateError(`The meeting is ${meeting.status}; decisions are taken while it runs.`);
      const found = await manager
        .getRepository(HouseholdCase)
        .findOne({ where: { id: caseId, districtCode: meeting.districtCode }, select: { id: true } });
      if (!found) throw notFound('case');
      if (actor.role === 'unit_rep') {
        const others = dto.nextSteps.filter((s) => s.unit !== actor.unit);
        if (others.length > 0 || !actor.unit) throw forbidden('A unit representative decides next steps for their own unit only.');
      }
      const units: Array<{ id: string; code: string; role: string | null; with_mandate: boolean | null }> = await manager.query(
        `SELECT u.id, u.code, a.role, a.with_mandate FROM unit u
           LEFT JOIN meeting_attendance a ON a.unit_id = u.id AND a.meeting_id = $1
          WHERE u.district_code = $2`,
        [meeting.id, meeting.districtCode],
      );
      const byCode = new Map(units.map((u) => [u.code, u]));
      const today = todayInStockholm();
      const errors = dto.nextSteps.flatMap((s, i) => [
        ...(byCode.has(s.unit) ? [] : [{ field: `nextSteps[${i}].unit`, message: 'no such unit in the district' }]),
        ...(compareDates(s.dueOn, today) < 0 ? [{ field: `nextSteps[${i}].dueOn`, message: 'must not be before today' }] : []),
      ]);
      if (errors.length > 0) throw invalidFields(errors);
      // The deciding units: every step's unit, and the representative's own unit.
      const deciding = new Set(dto.nextSteps.map((s) => s.unit));
      if (actor.role === 'unit_rep' && actor.unit) deciding.add(actor.unit);
      const pendingUnits = [...deciding]
        .filter((code) => {
          const unit = byCode.get(code);
          return !unit || !unit.role || unit.role === 'absent' || !unit.with_mandate;
        })
        .sort();
      const decision = await manager.getRepository(MeetingDecision).save({
        meetingId: meeting.id,
        caseId,
        text: dto.text,
        pendingConfirmation: pendingUnits.length > 0,
        pendingUnits,
        decidedBy: actor.sub,
        decidedByName: actor.name ?? null,
        decidedByRole: actor.role,
      });
      const steps = dto.nextSteps.length
        ? await manager.getRepository(NextStep).save(
            dto.nextSteps.map((s) => ({
              districtCode: meeting.districtCode,
              caseId,
              unitId: byCode.get(s.unit)!.id,
              action: s.action,
              dueOn: s.dueOn,
              status: 'open' as const,
              decisionId: decision.id,
              responsible: s.responsible ?? null,
              createdBy: actor.sub,
            })),
          )
        : [];
      await manager.getRepository(CaseEvent).insert({
        caseId,
        kind: 'meeting_decision',
        actorSub: actor.sub,
        data: {
          meetingId: meeting.id,
          decisionId: decision.id,
          nextStepIds: steps.map((s) => s.id),
          pendingConfirmation: pendingUnits.length > 0,
          pendingUnits,
        },
      });
      await this.audit.record(
        actor,
        [
          { action: 'create', entityType: 'meeting_decision', entityIds: [decision.id], caseIds: [caseId] },
          ...(steps.length
            ? [{ action: 'create' as const, entityType: 'next_step', entityIds: steps.map((s) => s.id), caseIds: [caseId] }]
            : []),
        ],
        manager,
      );
      const unitCode = new Map(units.map((u) => [u.id, u.code]));
      return { decision, steps: steps.map((s) => toNextStepView({ ...s, unitCode: unitCode.get(s.unitId)! })) };
    });
    return toDecisionView(result.decision, result.steps);
  }

  async minutes(actor: Actor, id: string): Promise<MinutesView> {
    const meeting = await this.requireMeeting(actor, id);
    const attendance = await this.readAttendance(meeting);
    const units: Array<{ code: string }> = await this.dataSource.query('SELECT code FROM unit WHERE district_code = $1 ORDER BY code', [
      meeting.districtCode,
    ]);
    const present = new Set(attendance.filter((a) => a.role !== 'absent').map((a) => a.unit));
    const decisions = await this.dataSource
      .getRepository(MeetingDecision)
      .find({ where: { meetingId: meeting.id }, order: { createdAt: 'ASC', id: 'ASC' } });
    const steps = await this.stepsOf(
      this.dataSource.manager,
      decisions.map((d) => d.id),
    );
    const items: Array<{ case_id: string; section: string; names: string | null; carried_over: boolean; open: boolean }> =
      await this.dataSource.query(
        `SELECT ai.case_id, ai.section, ai.item->>'names' AS names, ai.carried_over, c.status = 'open' AS open
         FROM agenda_item ai JOIN household_case c ON c.id = ai.case_id
        WHERE ai.meeting_id = $1 ORDER BY ai.section, ai.position`,
        [meeting.id],
      );
    const names = new Map(items.map((i) => [i.case_id, i.names ?? '']));
    // A decision on a case that was not on the agenda still names its household.
    const unnamed = [...new Set(decisions.map((d) => d.caseId).filter((caseId) => !names.has(caseId)))];
    const extra: Array<{ case_id: string; name: string | null; sealed: string }> = unnamed.length
      ? await this.dataSource.query(
          'SELECT case_id, name, personnummer_sealed AS sealed FROM case_tenant WHERE case_id = ANY($1::uuid[])',
          [unnamed],
        )
      : [];
    // In the order of the identity numbers, as on the agenda (opened here: they are stored sealed).
    const opened = extra
      .map((t) => ({ caseId: t.case_id, name: t.name ?? '(namn saknas)', personnummer: this.keys.open('personnummer', t.sealed) }))
      .sort((a, b) => (a.personnummer < b.personnummer ? -1 : a.personnummer > b.personnummer ? 1 : 0));
    for (const t of opened)
      names.set(t.caseId, names.has(t.caseId) && unnamed.includes(t.caseId) ? `${names.get(t.caseId)}, ${t.name}` : t.name);
    // Carried over: each case once, and never one closed since.
    const carriedOver = new Map<string, MinutesView['carriedOver'][number]>();
    for (const row of items.filter((i) => i.carried_over && i.open)) {
      const entry = carriedOver.get(row.case_id) ?? { caseId: row.case_id, names: row.names ?? '', sections: [] };
      if (!entry.sections.includes(row.section as never)) entry.sections.push(row.section as never);
      carriedOver.set(row.case_id, entry);
    }
    const view: MinutesView = {
      meeting: toMeetingView(meeting),
      attendance,
      absentUnits: units.map((u) => u.code).filter((code) => !present.has(code)),
      decisions: decisions.map((d) => ({
        ...toDecisionView(
          d,
          steps.filter((s) => s.decision_id === d.id).map((s) => toNextStepView(rowToStep(s))),
        ),
        names: names.get(d.caseId) ?? null,
      })),
      carriedOver: [...carriedOver.values()],
      itemsOnAgenda: items.length,
    };
    await this.audit.record(actor, {
      action: 'read',
      entityType: 'meeting_minutes',
      entityIds: [meeting.id],
      caseIds: [...new Set([...decisions.map((d) => d.caseId), ...carriedOver.keys()])],
    });
    return view;
  }

  async minutesHtml(actor: Actor, id: string): Promise<string> {
    return renderMinutesHtml(await this.minutes(actor, id));
  }
}

function rowToStep(s: Record<string, unknown>) {
  return {
    id: s.id as string,
    caseId: s.case_id as string,
    districtCode: s.district_code as string,
    unitCode: s.unit_code as string,
    action: s.action as string,
    dueOn: s.due_on as string,
    status: s.status as NextStep['status'],
    doneOn: s.done_on as string | null,
    decisionId: s.decision_id as string | null,
    responsible: s.responsible as string | null,
    result: s.result as string | null,
    cancelReason: s.cancel_reason as string | null,
  };
}

function toDecisionView(d: MeetingDecision, steps: DecisionView['nextSteps']): DecisionView {
  return {
    id: d.id,
    meetingId: d.meetingId,
    caseId: d.caseId,
    text: d.text,
    pendingConfirmation: d.pendingConfirmation,
    pendingUnits: d.pendingUnits,
    status: d.pendingConfirmation ? 'pending' : (d.confirmation ?? 'final'),
    confirmedBy: d.confirmedBy ?? null,
    confirmedAt: d.confirmedAt ? d.confirmedAt.toISOString() : null,
    decidedBy: d.decidedBy,
    decidedByName: d.decidedByName ?? null,
    decidedAt: d.createdAt.toISOString(),
    nextSteps: steps,
  };
}
