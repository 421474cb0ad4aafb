import { AgendaSectionKind, AttendanceRole, MeetingStatus } from './entities';

export interface DeadlineView {
  kind: string;
  dueOn: string;
  estimated: boolean;
  /** The rule that produced the date. */
  rule: string;
}

export interface AddressView {
  street: string | null;
  postalCode: string | null;
  city: string | null;
  apartment: string | null;
}

export interface AgendaItemView {
  caseId: string;
  /** Why the case is in this section, in words. */
  reason: string;
  reasonCodes: string[];
  childrenInHousehold: number;
  deadline: DeadlineView | null;
  arrearsSek: number;
  /** Units the client is known to. */
  units: string[];
  notificationIds: string[];
  nextStepIds: string[];
  /** Tenants' names with masked personnummer. */
  displayName: string;
  /** Names only, for printed material. */
  names: string;
  /** Never given for a protected identity. */
  address: AddressView | null;
  protectedIdentity: boolean;
  recurrence: boolean;
  oldestNoticeOn: string | null;
  /** A decision on this case at this meeting waits for a unit's confirmation. */
  pendingConfirmation: boolean;
  decided: boolean;
}

export interface AgendaSectionView {
  kind: AgendaSectionKind;
  items: AgendaItemView[];
}

export type AgendaWarningKind = 'unit_absent' | 'unit_without_mandate' | 'case_units_not_represented';

export interface AgendaWarning {
  kind: AgendaWarningKind;
  unit?: string;
  caseId?: string;
  units?: string[];
  message: string;
}

export interface AgendaView {
  meetingId: string;
  district: string;
  heldOn: string;
  startsAt: string;
  status: MeetingStatus;
  frozen: boolean;
  /** This meeting's cut-off: its start time, or the moment it was started. */
  cutoff: string;
  previousCutoff: string | null;
  /** Urgent means a legal deadline before this date (the meeting after next, or 28 days ahead). */
  urgentBefore: string;
  warnings: AgendaWarning[];
  sections: AgendaSectionView[];
}

export interface MeetingView {
  id: string;
  district: string;
  startsAt: string;
  heldOn: string;
  status: MeetingStatus;
  startedAt: string | null;
  closedAt: string | null;
  seriesId: string | null;
  movedFrom: string | null;
  movedReason: string | null;
}

export interface AttendanceView {
  unit: string;
  unitName: string;
  person: string | null;
  role: AttendanceRole;
  mandate: boolean;
  /** Declared, or valid in the unit's mandate register on the meeting's date. */
  withMandate: boolean;
}

export interface NextStepView {
  id: string;
  caseId: string;
  district: string;
  unit: string;
  action: string;
  dueOn: string;
  status: string;
  overdue: boolean;
  doneOn: string | null;
  decisionId: string | null;
}

export interface DecisionView {
  id: string;
  meetingId: string;
  caseId: string;
  text: string;
  pendingConfirmation: boolean;
  pendingUnits: string[];
  decidedBy: string;
  decidedAt: string;
  nextSteps: NextStepView[];
}

export interface MinutesView {
  meeting: MeetingView;
  attendance: AttendanceView[];
  absentUnits: string[];
  /** Each decision with the household's names as on the frozen agenda. */
  decisions: Array<DecisionView & { names: string | null }>;
  carriedOver: Array<{ caseId: string; names: string; sections: AgendaSectionKind[] }>;
  itemsOnAgenda: number;
}
