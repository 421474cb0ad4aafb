// Every migration in order. `npm run migration:generate -- Name` adds to this list;
// a landed migration is never edited.
import { Platform1795808625560 } from './1795808625560-platform';
import { PlatformGuards1795808700000 } from './1795808700000-platform-guards';
import { Cases1795808789087 } from './1795808789087-cases';
import { Meetings1795808963741 } from './1795808963741-meetings';
import { Intake1795809062581 } from './1795809062581-intake';
import { Imports1795809178976 } from './1795809178976-imports';
import { CaseTimelineGuard1795809850853 } from './1795809850853-case-timeline-guard';
import { Evaluation1795811439803 } from './1795811439803-evaluation';
import { Landlords1795811749051 } from './1795811749051-landlords';
import { RetentionIndexes1795812896807 } from './1795812896807-retention-indexes';
import { ProtectedPerson1795813500000 } from './1795813500000-protected-person';
import { MeetingFlow1796220763688 } from './1796220763688-meeting-flow';
import { FollowUp1796220797710 } from './1796220797710-follow-up';
import { ImportRejections1796222748564 } from './1796222748564-import-rejections';
import { LiaisonRecordsAndEvaluationFollowUp1796222800000 } from './1796222800000-liaison-records-and-evaluation-follow-up';
import { AuditChains1796223000000 } from './1796223000000-audit-chains';
import { LandlordRequests1796223000001 } from './1796223000001-landlord-requests';
import { WebSessions1796226567341 } from './1796226567341-web-sessions';
import { PersonalDataAtRest1796227000000 } from './1796227000000-personal-data-at-rest';
import { RateWindows1796235100000 } from './1796235100000-rate-windows';
import { AuditSealing1796235200000 } from './1796235200000-audit-sealing';
import { NotificationAwaitingAgenda1796236000000 } from './1796236000000-notification-awaiting-agenda';
import { SealedLandlordNumbers1796237000000 } from './1796237000000-sealed-landlord-numbers';
// (imports)

export const MIGRATIONS = [
  Platform1795808625560,
  PlatformGuards1795808700000,
  Cases1795808789087,
  Meetings1795808963741,
  Intake1795809062581,
  Imports1795809178976,
  CaseTimelineGuard1795809850853,
  Evaluation1795811439803,
  Landlords1795811749051,
  RetentionIndexes1795812896807,
  ProtectedPerson1795813500000,
  MeetingFlow1796220763688,
  FollowUp1796220797710,
  ImportRejections1796222748564,
  LiaisonRecordsAndEvaluationFollowUp1796222800000,
  AuditChains1796223000000,
  LandlordRequests1796223000001,
  WebSessions1796226567341,
  PersonalDataAtRest1796227000000,
  RateWindows1796235100000,
  AuditSealing1796235200000,
  NotificationAwaitingAgenda1796236000000,
  SealedLandlordNumbers1796237000000,
  // (list)
];
