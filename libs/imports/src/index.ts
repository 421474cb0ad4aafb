// Public door of @bosam/imports: notification files (CSV) received, checked and imported
// row by row through the intake.
export {
  IMPORT_ENTITIES,
  IMPORT_MODES,
  IMPORT_STATUS_SV,
  NotificationImport,
  NotificationImportChunk,
  NotificationImportRejection,
} from './entities';
export type { ImportMode, ImportStatus, RejectedRow } from './entities';
export { IMPORT_COLUMNS, REQUIRED_COLUMNS, SWEDISH_ALIASES } from './csv-format';
export type { ImportColumn } from './csv-format';
export { ImportsService } from './imports.service';
export type { UploadPart } from './imports.service';
export { IMPORT_BATCH_ROWS, ImportProcessor } from './import-processor.service';
export { importTemplateCsv } from './template';
export { ImportCreatedView, ImportView, RejectedRowView, RejectionsPageView, RejectionsQuery } from './views';
export { MAX_REJECTIONS_PAGE, REJECTIONS_IN_STATUS } from './rejections';
export { ImportsModule } from './imports.module';
