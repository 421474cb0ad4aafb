import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { isValidTermCode } from '@bosam/calendar';
import { Actor, assertDistrict, AuditService, invalid, notFound } from '@bosam/platform';
import { BREAKDOWN_DEFINITIONS, INDICATORS, SCALAR_INDICATORS, ScalarIndicator } from './catalogue';
import { EvaluationDecisionDto, TargetsDto, TERM_MESSAGE } from './dto';
import { Comparator } from './entities';
import { IndicatorsService } from './indicators.service';
import { ReportDecision, TargetInput, targetMet } from './report';
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
  ) {}

  /** The caller's own, existing district and a valid term code; anything else 404 / 400. */
  async assertScope(actor: Actor, code: string, term: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    assertDistrict(actor, code);
    if (!isValidTermCode(term)) throw invalid('term', TERM_MESSAGE);
    const [district] = await manager.query('SELECT 1 FROM district WHERE code = $1', [code]);
    if (!district) throw notFound('district');
  }

  async setTargets(actor: Actor, code: string, term: string, dto: TargetsDto): Promise<EvaluationTargetsView> {
    await this.assertScope(actor, code, term);
    await this.dataSource.transaction(async (manager) => {
      await manager.query('DELETE FROM evaluation_target WHERE district_code = $1 AND term = $2', [code, term]);
      if (dto.targets.length > 0) {
        await manager.query(
          `INSERT INTO evaluation_target (district_code, term, position, indicator, comparator, value, set_by)
           SELECT $1, $2, t.position, t.indicator, t.comparator, t.value, $3
             FROM unnest($4::int[], $5::text[], $6::text[], $7::numeric[]) AS t(position, indicator, comparator, value)`,
          [
            code, term, actor.sub,
            dto.targets.map((_, i) => i), dto.targets.map((t) => t.indicator), dto.targets.map((t) => t.comparator), dto.targets.map((t) => t.value),
          ],
        );
      }
      await this.audit.record(actor, { action: 'update', entityType: 'evaluation_target', reason: `targets ${term}` }, manager);
    });
    return { district: code, term, targets: await this.targets(code, term) };
  }

  async targets(code: string, term: string): Promise<TargetInput[]> {
    const rows = await this.dataSource.query(
      'SELECT indicator, comparator, value FROM evaluation_target WHERE district_code = $1 AND term = $2 ORDER BY position',
      [code, term],
    );
    return rows.map((r: { indicator: string; comparator: Comparator; value: string }) => ({ indicator: r.indicator, comparator: r.comparator, value: Number(r.value) }));
  }

  async addDecision(actor: Actor, code: string, term: string, dto: EvaluationDecisionDto): Promise<EvaluationDecisionView> {
    await this.assertScope(actor, code, term);
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query(
        `INSERT INTO evaluation_decision (district_code, term, text, owner, due_on, created_by) VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, district_code, term, text, owner, due_on, created_at`,
        [code, term, dto.text, dto.owner, dto.dueOn, actor.sub],
      );
      await this.audit.record(actor, { action: 'create', entityType: 'evaluation_decision', entityIds: [row.id], reason: `decision ${term}` }, manager);
      return decisionView(row);
    });
  }

  async decisions(code: string, term: string): Promise<EvaluationDecisionView[]> {
    const rows = await this.dataSource.query(
      `SELECT id, district_code, term, text, owner, due_on, created_at FROM evaluation_decision
        WHERE district_code = $1 AND term = $2 ORDER BY created_at, id`,
      [code, term],
    );
    return rows.map(decisionView);
  }

  async report(actor: Actor, code: string, term: string): Promise<IndicatorsReportView> {
    await this.assertScope(actor, code, term);
    const [figures, targets, decisions] = await Promise.all([this.figures.compute(code, term), this.targets(code, term), this.decisions(code, term)]);
    const values = figures.indicators;
    await this.audit.record(actor, { action: 'read', entityType: 'evaluation_indicators', reason: `indicators ${term}` });
    return {
      district: code,
      term,
      from: figures.term.from,
      to: figures.term.to,
      reportDate: figures.reportDate,
      indicators: values as IndicatorsReportView['indicators'],
      targets: targets.map((t) => {
        const actual = values[t.indicator as ScalarIndicator] ?? null;
        return { ...t, actual, met: targetMet(t.comparator, t.value, actual) };
      }),
      decisions,
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
    createdAt: new Date(row.created_at as string).toISOString(),
  };
}
