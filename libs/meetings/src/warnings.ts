import { AgendaAttendanceRow } from './agenda.sql';
import { AgendaWarning } from './views';

/** Whether anyone has recorded the meeting's attendance yet. */
export const attendanceRecorded = (attendance: readonly AgendaAttendanceRow[]): boolean => attendance.some((a) => a.role != null);

/** The units represented at the meeting (present, whatever their mandate). */
export const representedUnits = (attendance: readonly AgendaAttendanceRow[]): Set<string> =>
  new Set(attendance.filter((a) => a.role != null && a.role !== 'absent').map((a) => a.unit));

/** Of a case's units, those not represented; none until attendance is recorded (nobody knows yet). */
export function unitsNotRepresented(units: readonly string[], attendance: readonly AgendaAttendanceRow[]): string[] {
  if (!attendanceRecorded(attendance)) return [];
  const present = representedUnits(attendance);
  return units.filter((code) => !present.has(code));
}

/**
 * The warnings at the top of the agenda. Before attendance is recorded: one line naming the units the
 * cases need. After: each unit not represented, each represented without mandate (its decisions wait for
 * confirmation), and each delegate who declared a mandate the unit's register does not hold for the day.
 * Per-case gaps are on the items (unitsNotRepresented), not here.
 */
export function agendaWarnings(
  attendance: readonly AgendaAttendanceRow[],
  expectedUnits: readonly string[],
  heldOn: string,
): AgendaWarning[] {
  if (!attendanceRecorded(attendance)) {
    return [
      {
        kind: 'attendance_not_recorded',
        units: [...expectedUnits],
        message: expectedUnits.length
          ? `Närvaron är inte registrerad. Ärendena på dagordningen behöver enheterna ${expectedUnits.join(', ')}.`
          : 'Närvaron är inte registrerad.',
      },
    ];
  }
  const warnings: AgendaWarning[] = [];
  for (const a of attendance) {
    if (a.role == null || a.role === 'absent') {
      warnings.push({ kind: 'unit_absent', unit: a.unit, message: `Enhet ${a.unit} är inte företrädd.` });
      continue;
    }
    const person = a.person ?? '';
    if (!a.withMandate) {
      warnings.push({
        kind: 'unit_without_mandate',
        unit: a.unit,
        person,
        message: `Enhet ${a.unit} företräds av ${person} utan mandat: enhetens beslut väntar på bekräftelse.`,
      });
    }
    // An assistant unit head decides by their role; a delegate's declared mandate must be in the register.
    if (a.role === 'delegate' && a.mandate && !a.mandateRegistered) {
      warnings.push({
        kind: 'mandate_not_in_register',
        unit: a.unit,
        person,
        message: `${person} (${a.unit}) uppgav mandat men har inget giltigt mandat i enhetens register ${heldOn}.`,
      });
    }
  }
  return warnings;
}
