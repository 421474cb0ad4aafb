// Public door of @bosam/landlords: consents, exchanges with landlords and liaison sessions.
export * from './entities';
export * from './dto';
export { checkCoverage, consentStatusOn, consentStatusToday, coveredCategories } from './coverage';
export type { ConsentStatus, ConsentTerms, Coverage, RefusalReason } from './coverage';
export { ConsentsService, toConsentView } from './consents.service';
export { LiaisonService, suppress } from './liaison.service';
export { LandlordsModule } from './landlords.module';
