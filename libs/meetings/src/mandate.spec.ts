import { attendanceMandate } from './mandate';

describe('mandate at a meeting', () => {
  const register = [{ unitId: 'u1', person: 'Cilla  Carlsson' }];

  it('gives an assistant unit head the mandate by role, a delegate only when declared or registered', () => {
    expect(attendanceMandate({ role: 'assistant_head', person: 'Anna' }, 'u1', [])).toEqual({
      mandate: true,
      withMandate: true,
      mandateRegistered: false,
    });
    expect(attendanceMandate({ role: 'delegate', person: 'Bo' }, 'u1', register)).toEqual({
      mandate: false,
      withMandate: false,
      mandateRegistered: false,
    });
    expect(attendanceMandate({ role: 'delegate', person: 'Bo', mandate: true }, 'u1', register)).toEqual({
      mandate: true,
      withMandate: true,
      mandateRegistered: false,
    });
  });

  it('finds a registered mandate whatever the case and spacing of the name, for that unit only', () => {
    expect(attendanceMandate({ role: 'delegate', person: ' cilla carlsson' }, 'u1', register)).toMatchObject({
      withMandate: true,
      mandateRegistered: true,
    });
    expect(attendanceMandate({ role: 'delegate', person: 'Cilla Carlsson' }, 'u2', register)).toMatchObject({
      withMandate: false,
      mandateRegistered: false,
    });
    expect(attendanceMandate({ role: 'absent', person: 'Cilla Carlsson', mandate: true }, 'u1', register)).toEqual({
      mandate: false,
      withMandate: false,
      mandateRegistered: false,
    });
  });
});
