// Public door of @bosam/evaluation: the termly evaluation (plan → follow up → act): targets,
// indicators computed from the district's records, decisions, and aggregate exports.
export { COMPARATORS, EVALUATION_ENTITIES, EvaluationDecision, EvaluationExport, EvaluationTarget, EXPORT_FORMATS } from './entities';
export type { Comparator, ExportFormat, ExportStatus } from './entities';
export { INDICATORS, SCALAR_INDICATORS } from './catalogue';
export type { IndicatorSpec, ScalarIndicator } from './catalogue';
export { CreateEvaluationExportDto, EvaluationDecisionDto, TargetInputDto, TargetsDto } from './dto';
export {
  EvaluationDecisionView, EvaluationExportCreatedView, EvaluationExportView, EvaluationTargetsView, EvaluationTargetView, IndicatorsReportView,
  IndicatorValuesView, LandlordCountView, TargetResultView, UnitIndicatorsView,
} from './views';
export { IndicatorsService } from './indicators.service';
export type { TermFigures } from './indicators.service';
export { DEFINITIONS, EvaluationService } from './evaluation.service';
export { EvaluationExportsService } from './exports.service';
export type { ExportFile } from './exports.service';
export { buildReport, SUPPRESSED, suppressCount, suppressStatistic, targetMet } from './report';
export { CONTENT_TYPES, exportFilename, renderExport } from './export-files';
export { EvaluationModule } from './evaluation.module';
