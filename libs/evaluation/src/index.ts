// Public door of @bosam/evaluation: the termly evaluation (plan → follow up → act): targets,
// indicators computed from the district's records, decisions, and aggregate exports.
export {
  COMPARATORS,
  DECISION_STATUSES,
  EVALUATION_ENTITIES,
  EvaluationDecision,
  EvaluationExport,
  EvaluationTarget,
  EXPORT_FORMATS,
} from './entities';
export type { Comparator, DecisionStatus, ExportFormat, ExportStatus } from './entities';
export {
  COMPARATOR_SV,
  EVALUATION_DECISION_STATUS_SV,
  EXPORT_STATUS_SV,
  INDICATORS,
  LEASE_KEPT_OUTCOMES,
  SCALAR_INDICATORS,
  UNIT_INDICATORS,
} from './catalogue';
export type { IndicatorSpec, ScalarIndicator, UnitIndicator } from './catalogue';
export { CreateEvaluationExportDto, DecisionStatusDto, EvaluationDecisionDto, TargetInputDto, TargetsDto } from './dto';
export {
  EvaluationDecisionView,
  EvaluationExportCreatedView,
  EvaluationExportView,
  EvaluationTargetsView,
  EvaluationTargetView,
  IndicatorsReportView,
  IndicatorValuesView,
  LandlordCountView,
  TargetResultView,
  UnitIndicatorsView,
} from './views';
export { IndicatorsService } from './indicators.service';
export type { TermFigures, TermStatus } from './indicators.service';
export { DEFINITIONS, EvaluationService } from './evaluation.service';
export { EvaluationExportsService } from './exports.service';
export type { ExportFile } from './exports.service';
export { buildReport, SUPPRESSED, suppressCount, suppressStatistic, targetMet } from './report';
export { CONTENT_TYPES, exportFilename, renderExport } from './export-files';
export { EvaluationModule } from './evaluation.module';
