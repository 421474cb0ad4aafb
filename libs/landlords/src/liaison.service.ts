import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { compareDates, parseTerm, previousTermCode, termOf, todayInStockholm } from '@bosam/calendar';
import { consentValidOnSql } from '@bosam/cases';
import { parseLandlordNumber, showCount } from '@bosam/identity';
import {
  Actor,
  assertDistrict,
  assertUuid,
  AuditService,
  DomainError,
  invalid,
  notFound,
  oreToKronor,
  PersonalData,
} from '@bosam/platform';
import { renderLiaisonAgendaHtml } from './agenda-page';
import { coveredCategories, ConsentTerms } from './coverage';
import {
  CancelLiaisonSessionDto,
  CreateLiaisonSessionDto,
  LiaisonAgendaView,
  LiaisonAttendanceDto,
  LiaisonCaseCategories,
  LiaisonCaseView,
  LiaisonSessionDetailView,
  LiaisonSessionView,
  LiaisonTermView,
  SuppressedCount,
} from './dto';
import { liaisonTermWarning } from './liaison-rules';
import { ConsentCategory } from './entities';
import { requireLandlords } from './landlord-ref';

type Row = Record<string, any>;

/** Small counts in landlord material: the one rule in @bosam/identity, as in the evaluation exports. */
export const suppress = (count: number): SuppressedCount => showCount(count);

const SOURCES = ['landlord_arrears', 'landlord_disturbance', 'enforcement_application', 'enforcement_eviction_date', 'other'] as const;
type BySource = LiaisonAgendaView['general']['noticesThisTermBySource'];

const SESSION_SQL = `
SELECT s.id, s.district_code, s."on"::text AS "on", s.status, s.cancel_reason,
       (SELECT coalesce(json_agg(json_build_object('id', l.id, 'orgNumber', l.org_number, 'sealed', l.org_number_sealed, 'name', l.name, 'attendees', sl.attendees) ORDER BY l.name), '[]')
          FROM liaison_session_landlord sl JOIN landlord l ON l.id = sl.landlord_id WHERE sl.session_id = s.id) AS landlords
  FROM liaison_session s`;

function sessionView(keys: PersonalData, r: Row): LiaisonSessionView {
  return {
    id: r.id,
    district: r.district_code,
    on: r.on,
    status: r.status,
    cancelReason: r.cancel_reason,
    landlords: (r.landlords as Row[]).map((l) => ({
      id: l.id,
      orgNumber: keys.landlordShown(l.orgNumber, l.sealed),
      name: l.name,
      attendees: l.attendees ?? null,
    })),
  };
}

/**
 * Liaison sessions (hyresvärdsmöten) as records — planned, held (attendance recorded per landlord) or
 * cancelled, with the exchanges tied to them — and their landlord-facing agenda: counts for the general
 * part, and for individual cases only what the person consented to share with that landlord on the session date.
 */
@Injectable()
export class LiaisonService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly keys: PersonalData,
  ) {}

  async create(actor: Actor, dto: CreateLiaisonSessionDto): Promise<LiaisonSessionView> {
    assertDistrict(actor, dto.district);
    return this.dataSource.transaction(async (manager) => {
      const landlords = await requireLandlords(manager, this.keys, 'landlordOrgNumbers', dto.landlordOrgNumbers, true);
      const unique = landlords.filter((l, i) => landlords.findIndex((o) => o.id === l.id) === i);
      const [session] = await manager.query(
        'INSERT INTO liaison_session (district_code, "on", created_by) VALUES ($1, $2, $3) RETURNING id',
        [actor.district, dto.on, actor.sub],
      );
      await manager.query('INSERT INTO liaison_session_landlord (session_id, landlord_id) SELECT $1, unnest($2::uuid[])', [
        session.id,
        unique.map((l) => l.id),
      ]);
      await this.audit.record(actor, { action: 'create', entityType: 'liaison_session', entityIds: [session.id], caseIds: [] }, manager);
      return this.session(manager, actor, session.id);
    });
  }

  async list(actor: Actor, district?: string): Promise<LiaisonSessionView[]> {
    if (district !== undefined) assertDistrict(actor, district);
    const rows: Row[] = await this.dataSource.query(`${SESSION_SQL} WHERE s.district_code = $1 ORDER BY s."on", s.created_at`, [
      actor.district,
    ]);
    return rows.map((row) => sessionView(this.keys, row));
  }

  /** The session as a record: status, who came for each landlord, and what was shared or agreed per case there. */
  async detail(actor: Actor, id: unknown): Promise<LiaisonSessionDetailView> {
    const session = await this.session(this.dataSource.manager, actor, id);
    const rows: Row[] = await this.dataSource.query(
      `SELECT x.id, x.case_id, l.org_number, l.org_number_sealed, l.name, x."on"::text AS "on", x.direction, x.categories, x.summary, coalesce(x.created_by_name, x.created_by) AS who
         FROM landlord_exchange x JOIN landlord l ON l.id = x.landlord_id
        WHERE x.session_id = $1 AND x.district_code = $2 ORDER BY l.name, x.created_at`,
      [session.id, actor.district],
    );
    const caseIds = [...new Set(rows.map((r) => r.case_id as string))];
    await this.audit.record(actor, {
      action: 'read',
      entityType: 'liaison_session',
      entityIds: [session.id],
      caseIds,
    });
    return {
      ...session,
      exchanges: rows.map((r) => ({
        id: r.id,
        caseId: r.case_id,
        landlord: { orgNumber: this.keys.landlordShown(r.org_number, r.org_number_sealed), name: r.name },
        on: r.on,
        direction: r.direction,
        categories: r.categories,
        summary: r.summary,
        who: r.who,
      })),
    };
  }

  /**
   * Records who came for each landlord, and so that the session was held. Not for a session in the future,
   * nor for a cancelled one (409).
   */
  async recordAttendance(
    actor: Actor,
    id: unknown,
    dto: LiaisonAttendanceDto,
    today: string = todayInStockholm(),
  ): Promise<LiaisonSessionView> {
    const sessionId = assertUuid(id, 'liaison session');
    return this.dataSource.transaction(async (manager) => {
      const [session] = await manager.query(
        'SELECT id, "on"::text AS "on", status FROM liaison_session WHERE id = $1 AND district_code = $2 FOR UPDATE',
        [sessionId, actor.district],
      );
      if (!session) throw notFound('liaison session');
      if (session.status === 'cancelled')
        throw new DomainError('CONFLICT', 'The session was cancelled; a cancelled session has no attendance.');
      if (compareDates(session.on, today) > 0)
        throw new DomainError('CONFLICT', `The session is on ${session.on}; attendance is recorded once it has been held.`);
      const invited: Row[] = await manager.query(
        'SELECT l.id, l.org_number FROM liaison_session_landlord sl JOIN landlord l ON l.id = sl.landlord_id WHERE sl.session_id = $1',
        [sessionId],
      );
      const entries = dto.landlords.map((entry, index) => {
        const parsed = parseLandlordNumber(entry.landlordOrgNumber);
        const landlord = parsed.ok ? invited.find((l) => l.org_number === this.keys.landlordKey(parsed.canonical)) : undefined;
        if (!landlord) throw invalid(`landlords[${index}].landlordOrgNumber`, 'is not one of the session’s landlords');
        return { landlordId: landlord.id as string, attendees: entry.attendees.map((a) => a.trim()).filter(Boolean) };
      });
      for (const entry of entries) {
        await manager.query('UPDATE liaison_session_landlord SET attendees = $3::text[] WHERE session_id = $1 AND landlord_id = $2', [
          sessionId,
          entry.landlordId,
          entry.attendees,
        ]);
      }
      await manager.query(`UPDATE liaison_session SET status = 'held' WHERE id = $1`, [sessionId]);
      await this.audit.record(
        actor,
        { action: 'update', entityType: 'liaison_session', entityIds: [sessionId], caseIds: [], reason: 'attendance' },
        manager,
      );
      return this.session(manager, actor, sessionId);
    });
  }

  /** Calls a planned session off, with the reason; a held session stays held (409). */
  async cancel(actor: Actor, id: unknown, dto: CancelLiaisonSessionDto): Promise<LiaisonSessionView> {
    const sessionId = assertUuid(id, 'liaison session');
    return this.dataSource.transaction(async (manager) => {
      const [session] = await manager.query('SELECT status FROM liaison_session WHERE id = $1 AND district_code = $2 FOR UPDATE', [
        sessionId,
        actor.district,
      ]);
      if (!session) throw notFound('liaison session');
      if (session.status !== 'planned')
        throw new DomainError('CONFLICT', `The session is ${session.status}; only a planned session can be cancelled.`);
      await manager.query(`UPDATE liaison_session SET status = 'cancelled', cancel_reason = $2 WHERE id = $1`, [sessionId, dto.reason]);
      await this.audit.record(
        actor,
        { action: 'update', entityType: 'liaison_session', entityIds: [sessionId], caseIds: [], reason: 'cancelled' },
        manager,
      );
      return this.session(manager, actor, sessionId);
    });
  }

  /**
   * The term's sessions in counts, with the warning when fewer than two are held or planned: for the
   * coordinator's start page and the evaluation (no personal data).
   */
  async termOverview(district: string, termCode: string = termOf(todayInStockholm())): Promise<LiaisonTermView> {
    const term = parseTerm(termCode);
    const [row] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE status = 'held')::int AS held, count(*) FILTER (WHERE status = 'planned')::int AS planned,
              count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled
         FROM liaison_session WHERE district_code = $1 AND "on" BETWEEN $2 AND $3`,
      [district, term.from, term.to],
    );
    return { term: term.code, held: row.held, planned: row.planned, cancelled: row.cancelled, warning: liaisonTermWarning(term.code, row) };
  }

  private async session(manager: EntityManager, actor: Actor, id: unknown): Promise<LiaisonSessionView> {
    const sessionId = assertUuid(id, 'liaison session');
    const [row] = await manager.query(`${SESSION_SQL} WHERE s.id = $1 AND s.district_code = $2`, [sessionId, actor.district]);
    if (!row) throw notFound('liaison session');
    return sessionView(this.keys, row);
  }

  /**
   * The agenda for one landlord. Cases: open cases of that landlord in the district with a consent for
   * that landlord valid on the session date, never a protected identity (even with consent), never
   * identity numbers or the units that know the client; per case only the consented categories, each
   * case with a running number (the printed document shows no ids).
   */
  async agenda(actor: Actor, id: unknown, landlordParam: unknown): Promise<LiaisonAgendaView> {
    const sessionId = assertUuid(id, 'liaison session');
    const [session] = await this.dataSource.query(
      `SELECT s.id, s."on"::text AS "on", s.status, d.code AS district_code, d.name AS district_name
         FROM liaison_session s JOIN district d ON d.code = s.district_code WHERE s.id = $1 AND s.district_code = $2`,
      [sessionId, actor.district],
    );
    if (!session) throw notFound('liaison session');
    const parsed = typeof landlordParam === 'string' ? parseLandlordNumber(landlordParam) : undefined;
    if (!parsed?.ok) throw invalid('landlord', 'must be one organisationsnummer');
    const [landlord] = await this.dataSource.query(
      `SELECT l.id, l.org_number, l.org_number_sealed, l.name FROM liaison_session_landlord sl JOIN landlord l ON l.id = sl.landlord_id
        WHERE sl.session_id = $1 AND l.org_number = $2`,
      [sessionId, this.keys.landlordKey(parsed.canonical)],
    );
    if (!landlord) throw notFound('landlord of this session');
    const on: string = session.on;
    const term = parseTerm(termOf(on));
    const previous = parseTerm(previousTermCode(term.code));
    const parties = (await this.session(this.dataSource.manager, actor, sessionId)).landlords;

    // This term up to the session date, and the whole previous term.
    const [general] = await this.dataSource.query(
      `SELECT
         (SELECT count(*)::int FROM household_case c WHERE c.district_code = $1 AND c.landlord_id = $2 AND c.status = 'open') AS open_cases,
         (SELECT count(*)::int FROM household_case c WHERE c.district_code = $1 AND c.landlord_id = $2 AND c.status = 'open'
             AND c.children_in_household > 0) AS with_children,
         (SELECT coalesce(json_object_agg(source, n), '{}') FROM (
             SELECT n.source, count(*)::int AS n FROM notification n
              WHERE n.district_code = $1 AND n.landlord_org_number = $3 AND n.received_on BETWEEN $4::date AND $5::date
              GROUP BY n.source) s) AS by_source,
         (SELECT coalesce(json_object_agg(source, n), '{}') FROM (
             SELECT n.source, count(*)::int AS n FROM notification n
              WHERE n.district_code = $1 AND n.landlord_org_number = $3 AND n.received_on BETWEEN $6::date AND $7::date
              GROUP BY n.source) s) AS by_source_before,
         (SELECT count(*)::int FROM household_case c WHERE c.district_code = $1 AND c.landlord_id = $2 AND c.outcome = 'evicted'
             AND c.closed_on BETWEEN $4::date AND $5::date) AS evictions,
         (SELECT count(*)::int FROM household_case c WHERE c.district_code = $1 AND c.landlord_id = $2 AND c.outcome = 'evicted'
             AND c.closed_on BETWEEN $6::date AND $7::date) AS evictions_before`,
      [actor.district, landlord.id, landlord.org_number, term.from, on, previous.from, previous.to],
    );
    const bySource = (counts: Record<string, number>): BySource =>
      Object.fromEntries(SOURCES.map((s) => [s, suppress(counts[s] ?? 0)])) as unknown as BySource;
    const total = (counts: Record<string, number>): number => Object.values(counts).reduce((sum, n) => sum + n, 0);
    // Candidate cases: the landlord's open, unprotected cases that have any consent for this landlord valid that day.
    const rows: Row[] = await this.dataSource.query(
      `SELECT c.id, c.street, c.postal_code, c.city, c.apartment, c.children_in_household, c.arrears_ore,
              (SELECT json_agg(json_build_object('id', k.id, 'categories', k.categories, 'givenOn', k.given_on,
                        'validUntil', k.valid_until, 'withdrawnOn', k.withdrawn_on))
                 FROM consent k WHERE k.case_id = c.id AND k.landlord_id = $2) AS consents,
              (SELECT coalesce(json_agg(t.name ORDER BY t.name), '[]') FROM case_tenant t WHERE t.case_id = c.id AND t.name IS NOT NULL) AS names,
              (SELECT n.months_in_arrears FROM notification n WHERE n.case_id = c.id AND n.months_in_arrears IS NOT NULL
                ORDER BY n.received_on DESC, n.created_at DESC LIMIT 1) AS months,
              (SELECT coalesce(json_agg(json_build_object('kind', d.kind, 'dueOn', d.due_on, 'estimated', d.estimated, 'rule', d.rule)
                        ORDER BY d.due_on, d.kind), '[]')
                 FROM case_deadline d WHERE d.case_id = c.id AND d.due_on >= $3::date) AS deadlines,
              (SELECT min(k.on)::text FROM case_contact k WHERE k.case_id = c.id AND k.reached) AS reached_since,
              (SELECT count(*)::int FROM next_step s WHERE s.case_id = c.id AND s.status = 'open') AS open_steps,
              (SELECT max(x.on)::text FROM landlord_exchange x WHERE x.case_id = c.id AND x.landlord_id = $2
                  AND 'repayment_plan' = ANY(x.categories)) AS repayment_exchange_on
         FROM household_case c
        WHERE c.district_code = $1 AND c.landlord_id = $2 AND c.status = 'open' AND NOT c.protected_identity
          AND EXISTS (SELECT 1 FROM consent k WHERE k.case_id = c.id AND k.landlord_id = $2 AND ${consentValidOnSql('k', '$3')})
        ORDER BY c.street NULLS LAST, c.apartment NULLS LAST, c.id`,
      [actor.district, landlord.id, on],
    );

    const cases: LiaisonCaseView[] = [];
    for (const row of rows) {
      // The coverage rule decides, not the SQL filter above: it only narrows the candidates.
      const terms: ConsentTerms[] = (row.consents ?? []).map((k: Row) => ({ ...k, landlordOrgNumber: landlord.org_number }));
      const { categories: consented } = coveredCategories(terms, landlord.org_number, on);
      if (consented.length === 0) continue;
      cases.push({
        number: cases.length + 1,
        caseId: row.id,
        tenantNames: row.names,
        address: { street: row.street, postalCode: row.postal_code, city: row.city, apartment: row.apartment },
        consentedCategories: consented,
        categories: categoryContent(consented, row),
      });
    }

    const caseIds = cases.map((c) => c.caseId);
    await this.audit.record(actor, {
      action: 'export',
      entityType: 'liaison_agenda',
      entityIds: [sessionId],
      caseIds,
      // The audit log is kept as written: a sole trader by the register's id, not by a (masked) personnummer.
      reason: `landlord ${landlord.org_number_sealed ? landlord.id : this.keys.landlordShown(landlord.org_number, null)}`,
    });
    return {
      sessionId,
      on,
      status: session.status,
      district: { code: session.district_code, name: session.district_name },
      landlord: { orgNumber: this.keys.landlordShown(landlord.org_number, landlord.org_number_sealed), name: landlord.name },
      parties,
      general: {
        term: term.code,
        previousTerm: previous.code,
        openCases: suppress(general.open_cases),
        householdsWithChildren: suppress(general.with_children),
        noticesThisTerm: suppress(total(general.by_source)),
        noticesThisTermBySource: bySource(general.by_source),
        noticesPreviousTerm: suppress(total(general.by_source_before)),
        noticesPreviousTermBySource: bySource(general.by_source_before),
        evictionsThisTerm: suppress(general.evictions),
        evictionsPreviousTerm: suppress(general.evictions_before),
      },
      cases,
    };
  }

  /** The landlord's agenda as a printable Swedish page (HTML; print it to PDF). Audited like the JSON. */
  async agendaHtml(actor: Actor, id: unknown, landlordParam: unknown): Promise<string> {
    return renderLiaisonAgendaHtml(await this.agenda(actor, id, landlordParam));
  }
}

/** Each consented category's content from what Bosam holds; nothing of a category not consented. */
function categoryContent(consented: ConsentCategory[], row: Row): LiaisonCaseCategories {
  const content: LiaisonCaseCategories = {};
  for (const category of consented) {
    switch (category) {
      case 'arrears_status':
        content.arrears_status = {
          arrearsSek: oreToKronor(row.arrears_ore) ?? 0,
          monthsInArrears: row.months ?? null,
          deadlines: row.deadlines,
        };
        break;
      case 'repayment_plan':
        // Bosam keeps no repayment plans; what was said about one lives in the recorded exchanges.
        content.repayment_plan = { recorded: false, lastExchangeOn: row.repayment_exchange_on ?? null };
        break;
      case 'social_services_contact':
        content.social_services_contact = { established: row.reached_since !== null, since: row.reached_since ?? null };
        break;
      case 'support_measures':
        // Whether support is in place, never by which unit.
        content.support_measures = { inPlace: row.open_steps > 0, openNextSteps: row.open_steps };
        break;
      case 'household':
        content.household = { childrenInHousehold: row.children_in_household };
        break;
    }
  }
  return content;
}
