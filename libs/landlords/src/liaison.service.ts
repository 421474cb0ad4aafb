import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { parseTerm, termOf } from '@bosam/calendar';
import { parseLandlordNumber } from '@bosam/identity';
import { Actor, assertDistrict, assertUuid, AuditService, invalid, notFound, oreToKronor } from '@bosam/platform';
import { coveredCategories, ConsentTerms } from './coverage';
import {
  CreateLiaisonSessionDto, LiaisonAgendaView, LiaisonCaseCategories, LiaisonCaseView, LiaisonSessionView, SuppressedCount,
} from './dto';
import { ConsentCategory } from './entities';
import { orgDisplay, requireLandlords } from './landlord-ref';

type Row = Record<string, any>;

/** Small counts are shown as "<5" in landlord material, as in the evaluation exports, so that nobody can be recognised. */
export const suppress = (count: number): SuppressedCount => (count > 0 && count < 5 ? '<5' : String(count));

const SOURCES = ['landlord_arrears', 'landlord_disturbance', 'enforcement_application', 'enforcement_eviction_date', 'other'] as const;

/**
 * Liaison sessions (hyresvärdsmöten) and their landlord-facing agenda: counts for the general part, and
 * for individual cases only what the person consented to share with that landlord on the session date.
 */
@Injectable()
export class LiaisonService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, dto: CreateLiaisonSessionDto): Promise<LiaisonSessionView> {
    assertDistrict(actor, dto.district);
    return this.dataSource.transaction(async (manager) => {
      const landlords = await requireLandlords(manager, 'landlordOrgNumbers', dto.landlordOrgNumbers, true);
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
      return {
        id: session.id,
        district: actor.district,
        on: dto.on,
        landlords: unique.map((l) => ({ orgNumber: orgDisplay(l.orgNumber), name: l.name })).sort((a, b) => a.name.localeCompare(b.name, 'sv')),
      };
    });
  }

  async list(actor: Actor, district?: string): Promise<LiaisonSessionView[]> {
    if (district !== undefined) assertDistrict(actor, district);
    const rows: Row[] = await this.dataSource.query(
      `SELECT s.id, s.district_code, s."on"::text AS "on",
              (SELECT json_agg(json_build_object('orgNumber', l.org_number, 'name', l.name) ORDER BY l.name)
                 FROM liaison_session_landlord sl JOIN landlord l ON l.id = sl.landlord_id WHERE sl.session_id = s.id) AS landlords
         FROM liaison_session s WHERE s.district_code = $1 ORDER BY s."on", s.created_at`,
      [actor.district],
    );
    return rows.map((r) => ({
      id: r.id,
      district: r.district_code,
      on: r.on,
      landlords: (r.landlords ?? []).map((l: Row) => ({ orgNumber: orgDisplay(l.orgNumber), name: l.name })),
    }));
  }

  /**
   * The agenda for one landlord. Cases: open cases of that landlord in the district with a consent for
   * that landlord valid on the session date, never a protected identity (even with consent), never
   * identity numbers or the units that know the client; per case only the consented categories.
   */
  async agenda(actor: Actor, id: unknown, landlordParam: unknown): Promise<LiaisonAgendaView> {
    const sessionId = assertUuid(id, 'liaison session');
    const [session] = await this.dataSource.query(
      'SELECT id, "on"::text AS "on" FROM liaison_session WHERE id = $1 AND district_code = $2',
      [sessionId, actor.district],
    );
    if (!session) throw notFound('liaison session');
    const parsed = typeof landlordParam === 'string' ? parseLandlordNumber(landlordParam) : undefined;
    if (!parsed?.ok) throw invalid('landlord', 'must be one organisationsnummer');
    const [landlord] = await this.dataSource.query(
      `SELECT l.id, l.org_number, l.name FROM liaison_session_landlord sl JOIN landlord l ON l.id = sl.landlord_id
        WHERE sl.session_id = $1 AND l.org_number = $2`,
      [sessionId, parsed.canonical],
    );
    if (!landlord) throw notFound('landlord of this session');
    const on: string = session.on;
    const term = parseTerm(termOf(on));

    const [general] = await this.dataSource.query(
      `SELECT
         (SELECT count(*)::int FROM household_case c WHERE c.district_code = $1 AND c.landlord_id = $2 AND c.status = 'open') AS open_cases,
         (SELECT count(*)::int FROM household_case c WHERE c.district_code = $1 AND c.landlord_id = $2 AND c.status = 'open'
             AND c.children_in_household > 0) AS with_children,
         (SELECT coalesce(json_object_agg(source, n), '{}') FROM (
             SELECT n.source, count(*)::int AS n FROM notification n
              WHERE n.district_code = $1 AND n.landlord_org_number = $3 AND n.received_on BETWEEN $4::date AND $5::date
              GROUP BY n.source) s) AS by_source,
         (SELECT count(*)::int FROM household_case c WHERE c.district_code = $1 AND c.landlord_id = $2 AND c.outcome = 'evicted'
             AND c.closed_on BETWEEN $4::date AND $5::date) AS evictions`,
      [actor.district, landlord.id, landlord.org_number, term.from, term.to],
    );
    const bySource: Record<string, number> = general.by_source;

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
          AND EXISTS (SELECT 1 FROM consent k WHERE k.case_id = c.id AND k.landlord_id = $2 AND k.given_on <= $3::date
                        AND (k.valid_until IS NULL OR k.valid_until >= $3::date) AND (k.withdrawn_on IS NULL OR k.withdrawn_on > $3::date))
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
      route: 'GET /liaison-sessions/{id}/agenda',
      reason: `landlord ${orgDisplay(landlord.org_number)}`,
    });
    return {
      sessionId,
      on,
      landlord: { orgNumber: orgDisplay(landlord.org_number), name: landlord.name },
      general: {
        term: term.code,
        openCases: suppress(general.open_cases),
        householdsWithChildren: suppress(general.with_children),
        noticesThisTerm: suppress(Object.values(bySource).reduce((sum, n) => sum + n, 0)),
        noticesThisTermBySource: Object.fromEntries(SOURCES.map((s) => [s, suppress(bySource[s] ?? 0)])) as unknown as LiaisonAgendaView['general']['noticesThisTermBySource'],
        evictionsThisTerm: suppress(general.evictions),
      },
      cases,
    };
  }
}

/** Each consented category's content from what Bosam holds; nothing of a category not consented. */
function categoryContent(consented: ConsentCategory[], row: Row): LiaisonCaseCategories {
  const content: LiaisonCaseCategories = {};
  for (const category of consented) {
    switch (category) {
      case 'arrears_status':
        content.arrears_status = { arrearsSek: oreToKronor(row.arrears_ore) ?? 0, monthsInArrears: row.months ?? null, deadlines: row.deadlines };
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
