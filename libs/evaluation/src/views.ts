import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TARGET_INDICATORS } from './dto';
import { COMPARATORS, DECISION_STATUSES, DecisionStatus, EXPORT_FORMATS } from './entities';

export class EvaluationTargetView {
  @ApiProperty({ enum: TARGET_INDICATORS }) indicator: string;
  @ApiProperty({ type: String, nullable: true, description: 'The unit the target is for; null: the district.' }) unit: string | null;
  @ApiProperty({ enum: COMPARATORS }) comparator: string;
  @ApiProperty() value: number;
}

export class EvaluationTargetsView {
  @ApiProperty() district: string;
  @ApiProperty() term: string;
  @ApiProperty({ type: [EvaluationTargetView] }) targets: EvaluationTargetView[];
}

export class TargetResultView extends EvaluationTargetView {
  @ApiProperty({ type: Number, nullable: true, description: 'The indicator’s value; null when there is nothing to compute it from.' })
  actual: number | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'null when actual is null.' }) met: boolean | null;
}

export class LandlordCountView {
  @ApiProperty({ type: String, nullable: true, description: 'The landlord’s name in the register; null for unknown landlords.' })
  landlord: string | null;
  @ApiProperty() count: number;
}

export class UnitIndicatorsView {
  @ApiProperty({ example: 'EKB' }) unit: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Meetings held in the term.' }) meetingsHeld: number;
  @ApiProperty({ description: 'Of those, meetings where the unit was present.' }) attended: number;
  @ApiProperty({ description: 'Of those, present with mandate.' }) attendedWithMandate: number;
  @ApiProperty() nextStepsCreated: number;
  @ApiProperty() nextStepsDone: number;
  @ApiProperty() nextStepsDoneOnTime: number;
  @ApiProperty() nextStepsOverdue: number;
}

const COUNT = { type: Number };
const STAT = { type: Number, nullable: true };
const MAP = { type: 'object', additionalProperties: { type: 'number' } } as const;

export class IndicatorValuesView {
  @ApiProperty(COUNT) notificationsReceived: number;
  @ApiProperty({ ...MAP, description: 'Per source.' }) notificationsBySource: Record<string, number>;
  @ApiProperty({ type: [LandlordCountView] }) notificationsByLandlord: LandlordCountView[];
  @ApiProperty(COUNT) householdsWithChildren: number;
  @ApiProperty({ ...COUNT, description: 'Children in those households (sum).' }) childrenInNotifiedHouseholds: number;
  @ApiProperty(COUNT) casesOpened: number;
  @ApiProperty(COUNT) casesClosed: number;
  @ApiProperty({ ...MAP, description: 'Per outcome.' }) casesClosedByOutcome: Record<string, number>;
  @ApiProperty(COUNT) evictionsCarriedOut: number;
  @ApiProperty({ ...COUNT, description: 'Households.' }) evictionsAffectingChildren: number;
  @ApiProperty({ ...COUNT, description: 'Children in the evicted households (sum).' }) childrenAffectedByEvictions: number;
  @ApiProperty({ ...COUNT, description: 'lease_kept + commitment_given + agreement + withdrawn.' }) leasesKept: number;
  @ApiProperty({ ...MAP, description: 'leasesKept per outcome.' }) leasesKeptByOutcome: Record<string, number>;
  @ApiProperty(COUNT) notificationsOnAgenda: number;
  @ApiProperty(STAT) medianDaysToFirstAgenda: number | null;
  @ApiProperty(STAT) p90DaysToFirstAgenda: number | null;
  @ApiProperty(COUNT) casesWithContact: number;
  @ApiProperty(STAT) medianDaysToFirstContact: number | null;
  @ApiProperty(STAT) p90DaysToFirstContact: number | null;
  @ApiProperty({ ...STAT, description: '0–1.' }) shareFirstContactWithin14Days: number | null;
  @ApiProperty(COUNT) casesReached: number;
  @ApiProperty({ ...STAT, description: '0–1.' }) shareReached: number | null;
  @ApiProperty(COUNT) casesOpenAtTermEnd: number;
  @ApiProperty({ type: Number, description: 'Kronor.' }) remainingDebtSek: number;
  @ApiProperty(COUNT) meetingsHeld: number;
  @ApiProperty(COUNT) nextStepsCreated: number;
  @ApiProperty(COUNT) nextStepsDone: number;
  @ApiProperty(COUNT) nextStepsDoneOnTime: number;
  @ApiProperty(COUNT) nextStepsOverdue: number;
  @ApiProperty(COUNT) consentsRecorded: number;
  @ApiProperty(COUNT) exchangesRecorded: number;
  @ApiProperty(COUNT) liaisonSessionsHeld: number;
  @ApiProperty(COUNT) liaisonSessionsPlanned: number;
  @ApiProperty({ ...COUNT, description: 'Within 12 months of the previous case’s closing.' }) recurrences: number;
  @ApiProperty({ ...COUNT, description: 'Any earlier closed case in the district.' }) recurrencesAny: number;
  @ApiProperty({ type: [UnitIndicatorsView] }) units: UnitIndicatorsView[];
}

export class EvaluationDecisionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() district: string;
  @ApiProperty() term: string;
  @ApiProperty() text: string;
  @ApiProperty() owner: string;
  @ApiProperty({ example: '2026-12-15' }) dueOn: string;
  @ApiProperty({ enum: DECISION_STATUSES }) status: DecisionStatus;
  @ApiProperty({ type: String, nullable: true, description: 'When it was marked done or dropped.' }) statusOn: string | null;
  @ApiProperty() createdAt: string;
}

export class IndicatorsReportView {
  @ApiProperty() district: string;
  @ApiProperty({ example: '2026-HT' }) term: string;
  @ApiProperty({ example: '2026-07-01' }) from: string;
  @ApiProperty({ example: '2026-12-31' }) to: string;
  @ApiProperty({ description: 'The date overdue and held are judged on: the term’s last day, or today while it runs.' }) reportDate: string;
  @ApiProperty({
    enum: ['not_started', 'running', 'complete'],
    description: 'not_started: no data yet, nothing judged; running: preliminary.',
  })
  status: 'not_started' | 'running' | 'complete';
  @ApiProperty({ description: 'The status in Swedish.' }) statusText: string;
  @ApiProperty({ description: 'The term is running: the figures are preliminary, as of the cut-off.' }) preliminary: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'The cut-off date of the figures; null before the term has started.' }) cutoff:
    string | null;
  @ApiProperty({ type: IndicatorValuesView }) indicators: IndicatorValuesView;
  @ApiProperty({ type: [TargetResultView], description: 'met is null before the term has started, and when there is nothing to judge.' })
  targets: TargetResultView[];
  @ApiProperty({ type: [EvaluationDecisionView] }) decisions: EvaluationDecisionView[];
  @ApiProperty({ example: '2026-VT' }) previousTerm: string;
  @ApiProperty({ type: [EvaluationDecisionView], description: 'The previous term’s decisions with their status (plan → follow up → act).' })
  previousDecisions: EvaluationDecisionView[];
  @ApiProperty({ type: [String], description: 'In Swedish, e.g. fewer than two liaison sessions held or planned this term.' })
  warnings: string[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'How each indicator is computed.' })
  definitions: Record<string, string>;
}

export class EvaluationExportCreatedView {
  @ApiProperty({ format: 'uuid' }) id: string;
}

export class EvaluationExportView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['queued', 'running', 'done', 'failed', 'expired'] }) status: string;
  @ApiProperty({ description: '0–100.' }) progress: number;
  @ApiProperty({ enum: EXPORT_FORMATS }) format: string;
  @ApiProperty() district: string;
  @ApiProperty() term: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: String, nullable: true }) finishedAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) failureReason: string | null;
}
