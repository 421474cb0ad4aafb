// Public door of @bosam/landlords: consents, exchanges with landlords and liaison sessions.
export * from './entities';
export * from './dto';
export { checkCoverage, consentStatusOn, consentStatusToday, coveredCategories } from './coverage';
export type { ConsentStatus, ConsentTerms, Coverage, RefusalReason } from './coverage';
export { ConsentsService, toConsentView } from './consents.service';
export { LiaisonService, suppress } from './liaison.service';
export { LandlordsModule } from './landlords.module';
export { LIAISON_SESSIONS_PER_TERM, liaisonTermWarning } from './liaison-rules';
export type { LiaisonTermWarning } from './liaison-rules';
export { LiaisonAgendaPage, renderLiaisonAgendaHtml } from './agenda-page';
export { CATEGORY_SV, CONSENT_FORM_SV, CONSENT_REFUSAL_SV, CONSENT_STATUS_SV, EXCHANGE_DIRECTION_SV, SESSION_STATUS_SV } from './labels';
export { EXPIRING_SOON_DAYS } from './consents.service';
