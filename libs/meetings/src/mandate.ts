import { AttendanceRole } from './entities';

/** A person's mandate as recorded in the unit's register (unit_mandate). */
export interface RegisteredMandate {
  unitId: string;
  person: string;
}

export interface AttendanceMandate {
  /** Declared at the meeting (an assistant unit head has it by role unless they say otherwise). */
  mandate: boolean;
  /** May decide planning for the unit: declared, or valid in the register on the meeting's date. */
  withMandate: boolean;
  /** The register holds a valid mandate for the person on the meeting's date. */
  mandateRegistered: boolean;
}

const normalName = (s: string): string => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('sv');

/**
 * Whether the person representing a unit may decide planning for it (BOSAM.md: "every unit represented,
 * with mandate"). The register is given as the mandates valid on the meeting's date.
 */
export function attendanceMandate(
  entry: { role: AttendanceRole; person?: string | null; mandate?: boolean },
  unitId: string,
  validMandates: readonly RegisteredMandate[],
): AttendanceMandate {
  if (entry.role === 'absent') return { mandate: false, withMandate: false, mandateRegistered: false };
  const declared = entry.mandate ?? entry.role === 'assistant_head';
  const registered = !!entry.person && validMandates.some((m) => m.unitId === unitId && normalName(m.person) === normalName(entry.person!));
  return { mandate: declared, withMandate: declared || registered, mandateRegistered: registered };
}
