import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { parseTerm, Term, todayInStockholm } from '@bosam/calendar';
import { oreToKronor } from '@bosam/platform';
import { LEASE_KEPT_OUTCOMES, ScalarIndicator } from './catalogue';
import { BY_LANDLORD_SQL, BY_OUTCOME_SQL, BY_SOURCE_SQL, SCALARS_SQL, UNITS_SQL } from './indicators.sql';

export interface UnitFigures {
  unit: string;
  name: string;
  meetingsHeld: number;
  attended: number;
  attendedWithMandate: number;
  nextStepsCreated: number;
  nextStepsDone: number;
  nextStepsDoneOnTime: number;
  nextStepsOverdue: number;
}

export type Scalars = Record<ScalarIndicator, number | null>;

export interface Figures extends Scalars {
  notificationsBySource: Record<string, number>;
  notificationsByLandlord: Array<{ landlord: string | null; count: number }>;
  casesClosedByOutcome: Record<string, number>;
  leasesKeptByOutcome: Record<string, number>;
  units: UnitFigures[];
}

/**
 * not_started: nothing to judge yet ("no data yet"); running: preliminary, as of the cut-off (today);
 * complete: the term is over and its figures are final (as the records stand).
 */
export type TermStatus = 'not_started' | 'running' | 'complete';

export function termStatus(term: Term, today: string): TermStatus {
  if (today < term.from) return 'not_started';
  return today > term.to ? 'complete' : 'running';
}

export interface TermFigures {
  district: string;
  term: Term;
  /** The date "overdue" and "held" are judged on: the term's last day, or today while it runs. */
  reportDate: string;
  status: TermStatus;
  indicators: Figures;
}

const round = (value: number | string | null, decimals: number): number | null =>
  value === null ? null : Number(Number(value).toFixed(decimals));
const share = (part: number, whole: number): number | null => (whole > 0 ? round(part / whole, 3) : null);

/**
 * Computes the termly indicators of one district with a handful of aggregate queries (no entity
 * hydration), exactly as the definitions in catalogue.ts say.
 */
@Injectable()
export class IndicatorsService {
  constructor(private readonly dataSource: DataSource) {}

  async compute(district: string, termCode: string, today: string = todayInStockholm()): Promise<TermFigures> {
    const term = parseTerm(termCode);
    const reportDate = today < term.to ? today : term.to;
    const params = [district, term.from, term.to, reportDate];
    const three = params.slice(0, 3);
    const [[s], bySource, byLandlord, byOutcome, units] = await Promise.all([
      this.dataSource.query(SCALARS_SQL, [...params, LEASE_KEPT_OUTCOMES]),
      this.dataSource.query(BY_SOURCE_SQL, three),
      this.dataSource.query(BY_LANDLORD_SQL, three),
      this.dataSource.query(BY_OUTCOME_SQL, three),
      this.dataSource.query(UNITS_SQL, params),
    ]);
    const indicators: Figures = {
      notificationsReceived: s.notifications_received,
      householdsWithChildren: s.households_with_children,
      childrenInNotifiedHouseholds: s.children_in_notified_households,
      casesOpened: s.cases_opened,
      casesClosed: s.cases_closed,
      evictionsCarriedOut: s.evictions_carried_out,
      evictionsAffectingChildren: s.evictions_affecting_children,
      childrenAffectedByEvictions: s.children_affected_by_evictions,
      leasesKept: s.leases_kept,
      notificationsOnAgenda: s.notifications_on_agenda,
      medianDaysToFirstAgenda: round(s.median_days_to_first_agenda, 1),
      p90DaysToFirstAgenda: round(s.p90_days_to_first_agenda, 1),
      casesWithContact: s.cases_with_contact,
      medianDaysToFirstContact: round(s.median_days_to_first_contact, 1),
      p90DaysToFirstContact: round(s.p90_days_to_first_contact, 1),
      shareFirstContactWithin14Days: share(s.contacted_within_14_days, s.cases_opened),
      casesReached: s.cases_reached,
      shareReached: share(s.cases_reached, s.cases_opened),
      casesOpenAtTermEnd: s.cases_open_at_term_end,
      remainingDebtSek: oreToKronor(s.remaining_debt_ore) ?? 0,
      meetingsHeld: s.meetings_held,
      nextStepsCreated: s.next_steps_created,
      nextStepsDone: s.next_steps_done,
      nextStepsDoneOnTime: s.next_steps_done_on_time,
      nextStepsOverdue: s.next_steps_overdue,
      consentsRecorded: s.consents_recorded,
      exchangesRecorded: s.exchanges_recorded,
      liaisonSessionsHeld: s.liaison_sessions_held,
      liaisonSessionsPlanned: s.liaison_sessions_planned,
      recurrences: s.recurrences,
      recurrencesAny: s.recurrences_any,
      notificationsBySource: Object.fromEntries(bySource.map((r: { source: string; count: number }) => [r.source, r.count])),
      notificationsByLandlord: byLandlord.map((r: { landlord: string | null; count: number }) => ({
        landlord: r.landlord,
        count: r.count,
      })),
      casesClosedByOutcome: Object.fromEntries(byOutcome.map((r: { outcome: string; count: number }) => [r.outcome ?? 'unknown', r.count])),
      // Every kept-home outcome, 0 when none: the breakdown beside leasesKept.
      leasesKeptByOutcome: Object.fromEntries(
        LEASE_KEPT_OUTCOMES.map((o) => [o, byOutcome.find((r: { outcome: string }) => r.outcome === o)?.count ?? 0]),
      ),
      units: units.map((r: Record<string, unknown>) => ({
        unit: r.code as string,
        name: r.name as string,
        meetingsHeld: r.meetings_held as number,
        attended: r.attended as number,
        attendedWithMandate: r.with_mandate as number,
        nextStepsCreated: r.created as number,
        nextStepsDone: r.done as number,
        nextStepsDoneOnTime: r.done_on_time as number,
        nextStepsOverdue: r.overdue as number,
      })),
    };
    return { district, term, reportDate, status: termStatus(term, today), indicators };
  }
}
