// Public door of @bosam/cases: the case entities, the case views, CasesService and FollowUpService.
export * from './entities';
export * from './dto';
export { CasesService, REOPEN_WITHIN_DAYS, tenantIdentityMatch } from './cases.service';
export type { CaseRef } from './cases.service';
export { FollowUpService } from './follow-up.service';
export { REFRESH_FOLLOW_STATE_SQL } from './follow-state.sql';
export { nameSearchKey, sameAddress, sharedApartmentSql } from './household';
export type { AddressParts } from './household';
export { CasesModule } from './cases.module';
export { liftPersons, openAddress, protectPersons, refreshProtection, sealAddresses } from './protection';
export type { PlainAddress, ProtectionChange, StoredPerson } from './protection';
export { ensureDataKey } from './personal-data-keys';
export type { RekeyReport } from './personal-data-keys';
export {
  amendedNoticeText,
  BALANCE_SOURCE_SV,
  CASE_EVENT_SV,
  CASE_OUTCOME_SV,
  CONTACT_CHANNEL_SV,
  CONTACT_OUTCOME_SV,
  DEADLINE_KIND_SV,
  NOTICE_FIELD_LABELS,
  NOTICE_KIND_SV,
  NOTICE_SOURCE_SV,
  PLAN_STATUS_SV,
  STEP_STATUS_SV,
} from './labels';
export { consentStatusOn, consentStatusToday, consentValidOnSql } from './consent-status';
export type { ConsentDates, ConsentStatus } from './consent-status';
