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
export { amendedNoticeText, NOTICE_FIELD_LABELS } from './labels';
