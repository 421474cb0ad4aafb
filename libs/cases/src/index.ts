// Public door of @bosam/cases: the case entities, the case views and CasesService.
export * from './entities';
export * from './dto';
export { CasesService } from './cases.service';
export type { CaseRef } from './cases.service';
export { CasesModule } from './cases.module';
export { liftPersons, protectPersons, refreshProtection } from './protection';
export type { ProtectionChange } from './protection';
