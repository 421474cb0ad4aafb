import { frozenItem } from './agenda.service';
import { AGENDA_SQL } from './agenda.sql';
import { AGENDA_REASONS, agendaReasons, reasonSectionParams } from './reasons';
import { agendaWarnings, unitsNotRepresented } from './warnings';
import { AgendaAttendanceRow } from './agenda.sql';

describe('agenda reasons', () => {
  it('knows every reason code the agenda SQL emits', () => {
    const cte = AGENDA_SQL.slice(AGENDA_SQL.indexOf('reasons (case_id, code) AS'), AGENDA_SQL.indexOf('\nitems AS'));
    const emitted = [...cte.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]).filter((code) => !['open', 'cancelled'].includes(code));
    expect(emitted.length).toBeGreaterThan(5);
    for (const code of emitted) expect(Object.keys(AGENDA_REASONS)).toContain(code);
  });

  it('gives each code its section position and lists reasons in the catalogue order, in Swedish', () => {
    const [codes, sections] = reasonSectionParams();
    expect(sections[codes.indexOf('deadline_passed')]).toBe(1);
    expect(sections[codes.indexOf('new_notification')]).toBe(2);
    expect(sections[codes.indexOf('remaining_debt')]).toBe(3);
    expect(sections[codes.indexOf('next_step_due')]).toBe(4);
    expect(agendaReasons(['remaining_debt', 'unknown', 'deadline_passed'])).toEqual([
      { code: 'deadline_passed', text: 'Lagstadgad frist har redan gått ut' },
      { code: 'remaining_debt', text: 'Kvarstående skuld' },
    ]);
  });
});

describe('agenda warnings', () => {
  const unit = (over: Partial<AgendaAttendanceRow>): AgendaAttendanceRow => ({
    unit: 'EKB',
    unitName: 'Ekonomiskt bistånd',
    person: null,
    role: null,
    mandate: null,
    withMandate: null,
    mandateRegistered: null,
    ...over,
  });

  it('before attendance: one warning naming the units the cases need, and no unit counted as absent on the items', () => {
    const attendance = [unit({}), unit({ unit: 'VUX' })];
    expect(agendaWarnings(attendance, ['EKB'], '2027-03-02')).toEqual([
      {
        kind: 'attendance_not_recorded',
        units: ['EKB'],
        message: 'Närvaron är inte registrerad. Ärendena på dagordningen behöver enheterna EKB.',
      },
    ]);
    expect(unitsNotRepresented(['EKB', 'VUX'], attendance)).toEqual([]);
  });

  it('after attendance: absent units, missing mandate, and a declared mandate the register lacks, naming the person', () => {
    const attendance = [
      unit({ role: 'assistant_head', person: 'Anna', mandate: true, withMandate: true, mandateRegistered: true }),
      unit({ unit: 'VUX', role: 'delegate', person: 'Bo Berg', mandate: true, withMandate: true, mandateRegistered: false }),
      unit({ unit: 'BOF', role: 'delegate', person: 'Cissi', mandate: false, withMandate: false, mandateRegistered: false }),
      unit({ unit: 'ALD' }),
    ];
    expect(agendaWarnings(attendance, [], '2027-03-02').map((w) => [w.kind, w.unit, w.person])).toEqual([
      ['mandate_not_in_register', 'VUX', 'Bo Berg'],
      ['unit_without_mandate', 'BOF', 'Cissi'],
      ['unit_absent', 'ALD', undefined],
    ]);
    expect(unitsNotRepresented(['ALD', 'BOF', 'EKB'], attendance)).toEqual(['ALD']);
  });
});

describe('frozen agenda items', () => {
  it('reads an item frozen before the reason catalogue in today’s shape', () => {
    const item = frozenItem(
      {
        caseId: 'c',
        reasonCodes: ['deadline_passed_since_last_meeting', 'remaining_debt'],
        deadline: { kind: 'recovery_window', dueOn: '2027-03-01', estimated: false, rule: 'JB 12:44' },
        units: ['EKB'],
      },
      '2027-03-02',
    );
    expect(item.reasons.map((r) => r.code)).toEqual(['deadline_passed', 'remaining_debt']);
    expect(item.deadlines).toEqual([
      { kind: 'recovery_window', dueOn: '2027-03-01', estimated: false, latestDueOn: null, rule: 'JB 12:44', passed: true },
    ]);
    expect(item).toMatchObject({ notices: [], flags: [], nextSteps: [], pendingDecisions: [], unitsNotRepresented: [] });
  });
});
