import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { isValidTermCode, previousTermCode, todayInStockholm } from '@bosam/calendar';
import { scrubPersonalData } from '@bosam/identity';
import { LiaisonService } from '@bosam/landlords';
import {
  Actor,
  assertDistrict,
  assertDistrictExists,
  assertUuid,
  AuditService,
  FieldError,
  invalid,
  invalidFields,
  notFound,
} from '@bosam/platform';
import { BREAKDOWN_DEFINITIONS, INDICATORS, SCALAR_INDICATORS, ScalarIndicator, UNIT_INDICATORS, UnitIndicator } from './catalogue';
import { DecisionStatusDto, EvaluationDecisionDto, TargetsDto, TERM_MESSAGE } from './dto';
import { Comparator, DecisionStatus } from './entities';
import { IndicatorsService } from './indicators.service';
import { judge, ReportDecision, STATUS_TEXT, TargetInput, unitValue } from './report';
import { EvaluationDecisionView, EvaluationTargetsView, IndicatorsReportView } from './views';

export const DEFINITIONS: Record<string, string> = {
  ...Object.fromEntries(SCALAR_INDICATORS.map((name) => [name, INDICATORS[name].definition])),
  ...BREAKDOWN_DEFINITIONS,
};

/** The termly evaluation: targets beforehand (plan), indicators afterwards (follow up), decisions (act). */
@Injectable()
export class EvaluationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly figures: IndicatorsService,
    private readonly audit: AuditService,
    private readonly liaison: LiaisonService,
  ) {}

  /** The caller's own, existing district and a valid term code; anything else 404 / 400. */
  async assertScope(actor: Actor, code: string, term: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    assertDistrict(actor, code);
    if (!isValidTermCode(term)) throw invalid('term', TERM_MESSAGE);
    await assertDistrictExists(manager, code);
  }

  /** Replaces the term's targets: for the district (a scalar indicator) or for one of its units (a unit indicator). */
  async setTargets(actor: Actor, code: string, term: string, dto: TargetsDto): Promise<EvaluationTargetsView> {
    await this.assertScope(actor, code, term);
    const units: Array<{ code: string }> = await this.dataSource.query('SELECT code FROM unit WHERE district_code = $1', [code]);
    const errors: FieldError[] = [];
    dto.targets.forEach((t, i) => {
      if (t.unit === undefined || t.unit === null) {
        if (!(SCALAR_INDICATORS as readonly string[]).includes(t.indicator))
          errors.push({ field: `targets[${i}].indicator`, message: 'must be a district indicator' });
      } else {
        if (!units.some((u) => u.code === t.unit)) errors.push({ field: `targets[${i}].unit`, message: 'is not a unit of this district' });
        if (!(UNIT_INDICATORS as readonly string[]).includes(t.indicator)) {
          errors.push({ field: `targets[${i}].indicator`, message: `a unit's target must be one of ${UNIT_INDICATORS.join(', ')}` });
        }
      }
    });
    if (errors.length) throw invalidFields(errors);
    await this.dataSource.transaction(async (manager) => {
      await manager.query('DELETE FROM evaluation_target WHERE district_code = $1 AND term = $2', [code, term]);
      if (dto.targets.length > 0) {
        await manager.query(
          `INSERT INTO evaluation_target (district_code, term, position, indicator, unit_code, comparator, value, set_by)
           SELECT $1, $2, t.position, t.indicator, t.unit_code, t.comparator, t.value, $3
             FROM unnest($4::int[], $5::text[], $6::text[], $7::text[], $8::numeric[]) AS t(position, indicator, unit_code, comparator, value)`,
          [
            code,
            term,
            actor.sub,
            dto.targets.map((_, i) => i),
            dto.targets.map((t) => t.indicator),
            dto.targets.map((t) => t.unit ?? null),
            dto.targets.map((t) => t.comparator),
            dto.targets.map((t) => t.value),
          ],
        );
      }
      await this.audit.record(actor, { action: 'update', entityType: 'evaluation_target', reason: `targets ${term}` }, manager);
    });
    return { district: code, term, targets: await this.targets(code, term) };
  }

  async targets(code: string, term: string): Promise<TargetInput[]> {
    const rows = await this.dataSource.query(
      'SELECT indicator, unit_code, comparator, value FROM evaluation_target WHERE district_code = $1 AND term = $2 ORDER BY position',
      [code, term],
    );
    return rows.map((r: { indicator: string; unit_code: string | null; comparator: Comparator; value: string }) => ({
      indicator: r.indicator,
      unit: r.unit_code,
      comparator: r.comparator,
      value: Number(r.value),
    }));
  }

  /** Marks a decision open, done or dropped ("act", followed up at the next term's evaluation). */
  async setDecisionStatus(
    actor: Actor,
    id: unknown,
    dto: DecisionStatusDto,
    today: string = todayInStockholm(),
  ): Promise<EvaluationDecisionView> {
    const decisionId = assertUuid(id, 'decision');
    return this.dataSource.transaction(async (manager) => {
      const [[row]] = await manager.query(
        `UPDATE evaluation_decision SET status = $3, status_on = CASE WHEN $3 = 'open' THEN NULL ELSE $4::date END, status_by = $5
          WHERE id = $1 AND district_code = $2
          RETURNING id, district_code, term, text, owner, due_on, status, status_on, created_at`,
        [decisionId, actor.district, dto.status, today, actor.sub],
      );
      if (!row) throw notFound('decision');
      await this.audit.record(
        actor,
        { action: 'update', entityType: 'evaluation_decision', entityIds: [decisionId], reason: `decision ${dto.status}` },
        manager,
      );
      return decisionView(row);
    });
  }

  /** The names of the district's tenants: free text that leaves the district (exports, aggregates) has them replaced. */
  async tenantNames(code: string): Promise<string[]> {
    const rows: Array<{ name: string }> = await this.dataSource.query(
      `SELECT DISTINCT t.name FROM case_tenant t JOIN household_case c ON c.id = t.case_id WHERE c.district_code = $1 AND t.name IS NOT NULL`,
      [code],
    );
    return rows.map((r) => r.name);
  }

  /** Warnings for the term, in Swedish: fewer than two liaison sessions held or planned. */
  async warnings(code: string, term: string): Promise<string[]> {
    const overview = await this.liaison.termOverview(code, term);
    return overview.warning ? [overview.warning.text] : [];
  }

  async addDecision(actor: Actor, code: string, term: string, dto: EvaluationDecisionDto): Promise<EvaluationDecisionView> {
    await this.assertScope(actor, code, term);
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query(
        `INSERT INTO evaluation_decision (district_code, term, text, owner, due_on, created_by) VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, district_code, term, text, owner, due_on, status, status_on, created_at`,
        [code, term, dto.text, dto.owner, dto.dueOn, actor.sub],
      );
      await this.audit.record(
        actor,
        { action: 'create', entityType: 'evaluation_decision', entityIds: [row.id], reason: `decision ${term}` },
        manager,
      );
      return decisionView(row);
    });
  }

  async decisions(code: string, term: string): Promise<EvaluationDecisionView[]> {
    const rows = await this.dataSource.query(
      `SELECT id, district_code, term, text, owner, due_on, status, status_on, created_at FROM evaluation_decision
        WHERE district_code = $1 AND term = $2 ORDER BY created_at, id`,
      [code, term],
    );
    return rows.map(decisionView);
  }

  /**
   * Indicators, targets judged (never before the term has started), this term's decisions and the previous
   * term's with their status. Free text is scrubbed of identity numbers and tenants' names: evaluators see aggregates only.
   */
  async report(actor: Actor, code: string, term: string): Promise<IndicatorsReportView> {
    await this.assertScope(actor, code, term);
    const previous = previousTermCode(term);
    const [figures, targets, decisions, previousDecisions, names, warnings] = await Promise.all([
      this.figures.compute(code, term),
      this.targets(code, term),
      this.decisions(code, term),
      this.decisions(code, previous),
      this.tenantNames(code),
      this.warnings(code, term),
    ]);
    const values = figures.indicators;
    const scrub = (d: EvaluationDecisionView): EvaluationDecisionView => ({
      ...d,
      text: scrubPersonalData(d.text, names),
      owner: scrubPersonalData(d.owner, names),
    });
    await this.audit.record(actor, { action: 'read', entityType: 'evaluation_indicators', reason: `indicators ${term}` });
    return {
      district: code,
      term,
      from: figures.term.from,
      to: figures.term.to,
      reportDate: figures.reportDate,
      status: figures.status,
      statusText: STATUS_TEXT[figures.status],
      preliminary: figures.status === 'running',
      cutoff: figures.status === 'not_started' ? null : figures.reportDate,
      indicators: values as IndicatorsReportView['indicators'],
      targets: targets.map((t) => {
        const unit = t.unit === null ? undefined : values.units.find((u) => u.unit === t.unit);
        const known = figures.status !== 'not_started';
        const actual = !known
          ? null
          : t.unit === null
            ? (values[t.indicator as ScalarIndicator] ?? null)
            : unit
              ? unitValue(unit, t.indicator as UnitIndicator)
              : null;
        return { ...t, actual, met: judge(figures.status, t.comparator, t.value, actual) };
      }),
      decisions: decisions.map(scrub),
      previousTerm: previous,
      previousDecisions: previousDecisions.map(scrub),
      warnings,
      definitions: DEFINITIONS,
    };
  }
}

export function decisionView(row: Record<string, unknown>): EvaluationDecisionView & ReportDecision {
  return {
    id: row.id as string,
    district: row.district_code as string,
    term: row.term as string,
    text: row.text as string,
    owner: row.owner as string,
    dueOn: row.due_on as string,
    status: row.status as DecisionStatus,
    statusOn: (row.status_on as string | null) ?? null,
    createdAt: new Date(row.created_at as string).toISOString(),
  };
}
