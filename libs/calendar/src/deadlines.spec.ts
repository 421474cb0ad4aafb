import { addDays, compareDates, evictionDeadline, LEGAL_RULES, RECOVERY_WINDOW_WEEKS, recoveryWindowDeadline } from './index';
import { describeInEachProcessTimeZone } from './test-support/process-time-zones';

/** Both facts known and on the same day, so the window starts that day. */
const windowFrom = (start: string) => recoveryWindowDeadline({ tenantServedOn: start, boardNotifiedOn: start, receivedOn: start });

describeInEachProcessTimeZone('deadlines', () => {
  it('keeps the three weeks in one configurable place', () => {
    expect(RECOVERY_WINDOW_WEEKS).toBe(3);
    expect(LEGAL_RULES.recoveryWindowWeeks).toBe(3);
  });

  describe('recoveryWindowDeadline (JB 12:44 with Lag 1930:173)', () => {
    it('counts three weeks from the later of service and board notice, ending on the same weekday', () => {
      expect(recoveryWindowDeadline({ tenantServedOn: '2026-02-26', boardNotifiedOn: '2026-02-27', receivedOn: '2026-03-02' })).toEqual({
        kind: 'recovery_window',
        dueOn: '2026-03-20',
        estimated: false,
        latestDueOn: null,
        rule: 'JB 12:44 återvinningsfrist: 3 veckor från senast av delgivning (2026-02-26) och underrättelse till socialnämnden (2026-02-27)',
      });
    });

    it('uses the service date when the tenant was served after the board was notified', () => {
      const deadline = recoveryWindowDeadline({ tenantServedOn: '2026-03-05', boardNotifiedOn: '2026-02-20', receivedOn: '2026-02-23' });
      expect(deadline.dueOn).toBe('2026-03-26');
      expect(deadline.estimated).toBe(false);
    });

    it('does not let receivedOn move a fully known window', () => {
      const deadline = recoveryWindowDeadline({ tenantServedOn: '2026-02-26', boardNotifiedOn: '2026-02-27', receivedOn: '2026-03-10' });
      expect(deadline.dueOn).toBe('2026-03-20');
    });

    it.each([
      ['2026-02-28', '2026-03-21', '2026-03-23', 'lördag'],
      ['2026-03-01', '2026-03-22', '2026-03-23', 'söndag'],
      ['2026-03-13', '2026-04-03', '2026-04-07', 'långfredagen'],
      ['2026-03-16', '2026-04-06', '2026-04-07', 'annandag påsk'],
      ['2026-03-15', '2026-04-05', '2026-04-07', 'påskdagen'],
      ['2026-04-10', '2026-05-01', '2026-05-04', 'första maj'],
      ['2029-04-10', '2029-05-01', '2029-05-02', 'första maj'],
      ['2026-04-23', '2026-05-14', '2026-05-15', 'Kristi himmelsfärdsdag'],
      ['2029-05-16', '2029-06-06', '2029-06-07', 'Sveriges nationaldag'],
      ['2025-05-16', '2025-06-06', '2025-06-09', 'Sveriges nationaldag'],
      ['2026-05-29', '2026-06-19', '2026-06-22', 'midsommarafton'],
      ['2026-05-30', '2026-06-20', '2026-06-22', 'midsommardagen'],
      ['2026-12-03', '2026-12-24', '2026-12-28', 'julafton'],
      ['2026-12-04', '2026-12-25', '2026-12-28', 'juldagen'],
      ['2027-12-03', '2027-12-24', '2027-12-27', 'julafton'],
      ['2026-12-10', '2026-12-31', '2027-01-04', 'nyårsafton'],
      ['2025-12-10', '2025-12-31', '2026-01-02', 'nyårsafton'],
      ['2027-12-10', '2027-12-31', '2028-01-03', 'nyårsafton'],
      ['2025-12-16', '2026-01-06', '2026-01-07', 'trettondedag jul'],
      ['2026-10-10', '2026-10-31', '2026-11-02', 'alla helgons dag'],
    ])('from %s: last day %s moves to %s (%s)', (start, lastDay, dueOn, reason) => {
      const deadline = windowFrom(start);
      expect(deadline.dueOn).toBe(dueOn);
      expect(deadline.estimated).toBe(false);
      expect(deadline.rule).toContain(`; Lag (1930:173) 2 § flyttar till nästa vardag (${lastDay} är ${reason})`);
    });

    it.each([
      ['2026-03-12', '2026-04-02', 'skärtorsdagen'],
      ['2026-04-09', '2026-04-30', 'valborgsmässoafton'],
      ['2026-05-04', '2026-05-25', 'annandag pingst'],
      ['2027-11-22', '2027-12-13', 'Lucia'],
      ['2026-12-02', '2026-12-23', 'lillejulafton'],
      ['2026-10-09', '2026-10-30', 'allhelgonaafton'],
      ['2026-04-24', '2026-05-15', 'klämdag after Kristi himmelsfärdsdag'],
    ])('from %s: last day %s (%s) is a working day and does not move', (start, lastDay) => {
      const deadline = windowFrom(start);
      expect(deadline.dueOn).toBe(lastDay);
      expect(deadline.rule).not.toContain('flyttar');
    });

    it('handles leap days', () => {
      expect(windowFrom('2028-02-08').dueOn).toBe('2028-02-29');
      expect(windowFrom('2028-02-29').dueOn).toBe('2028-03-21');
      expect(windowFrom('2026-02-09').dueOn).toBe('2026-03-02');
    });

    it('runs across the daylight-saving change in late March without losing a day', () => {
      expect(windowFrom('2026-03-20').dueOn).toBe('2026-04-10');
      expect(windowFrom('2026-03-27').dueOn).toBe('2026-04-17');
      expect(windowFrom('2026-03-29').dueOn).toBe('2026-04-20'); // Sunday start → Sunday end → Monday
      expect(windowFrom('2026-10-08').dueOn).toBe('2026-10-29'); // across the autumn change
    });

    describe('estimated when a fact is missing: plan by the earliest possible end, show the latest beside it', () => {
      it('starts from receivedOn when both facts are missing, with no latest day (service may come later)', () => {
        expect(recoveryWindowDeadline({ receivedOn: '2026-03-02' })).toEqual({
          kind: 'recovery_window',
          dueOn: '2026-03-23',
          estimated: true,
          latestDueOn: null,
          rule:
            'JB 12:44 återvinningsfrist: 3 veckor från mottagningsdatum (2026-03-02), uppskattad (tidigast möjliga slut) ' +
            'eftersom delgivning och underrättelse till socialnämnden saknas; inget senast möjliga slut, eftersom delgivningen kan ske senare',
        });
        expect(recoveryWindowDeadline({ tenantServedOn: null, boardNotifiedOn: null, receivedOn: '2026-03-02' }).dueOn).toBe('2026-03-23');
      });

      it('with the service date known and the board date missing, plans from the service date, never from receivedOn', () => {
        // The board had the notice by 2026-03-13 at the latest: the window ends between 2026-03-23 and 2026-04-07.
        // The old estimate (from receivedOn) planned by 2026-04-07, 15 days after the earliest legal end.
        expect(recoveryWindowDeadline({ tenantServedOn: '2026-03-02', boardNotifiedOn: null, receivedOn: '2026-03-13' })).toEqual({
          kind: 'recovery_window',
          dueOn: '2026-03-23',
          estimated: true,
          latestDueOn: '2026-04-07',
          rule:
            'JB 12:44 återvinningsfrist: 3 veckor från delgivning (2026-03-02), uppskattad (tidigast möjliga slut) eftersom ' +
            'underrättelse till socialnämnden saknas; senast möjliga slut 2026-04-07 (3 veckor från senast av delgivning (2026-03-02) och ' +
            'mottagningsdatum (2026-03-13); Lag (1930:173) 2 § flyttar till nästa vardag (2026-04-03 är långfredagen))',
        });
      });

      it('with a service date after receipt (added later), earliest and latest are the same day', () => {
        expect(recoveryWindowDeadline({ tenantServedOn: '2026-03-10', boardNotifiedOn: null, receivedOn: '2026-03-02' })).toMatchObject({
          dueOn: '2026-03-31',
          estimated: true,
          latestDueOn: '2026-03-31',
        });
      });

      it('with the board date known and the service date missing, plans from the board date, with no latest day', () => {
        const deadline = recoveryWindowDeadline({ tenantServedOn: null, boardNotifiedOn: '2026-02-25', receivedOn: '2026-02-27' });
        expect(deadline).toMatchObject({ dueOn: '2026-03-18', estimated: true, latestDueOn: null });
        expect(deadline.rule).toContain('3 veckor från underrättelse till socialnämnden (2026-02-25)');
        expect(deadline.rule).toContain('eftersom delgivning saknas');
      });

      it('is never later than the window the law gives, whatever the missing date turns out to be', () => {
        // Every service/board pair consistent with what is known (board by receivedOn at the latest).
        const received = '2026-03-13';
        for (let s = -20; s <= 20; s++) {
          for (let b = -20; b <= 0; b++) {
            const served = addDays(received, s);
            const board = addDays(received, b);
            const legal = recoveryWindowDeadline({ tenantServedOn: served, boardNotifiedOn: board, receivedOn: received }).dueOn;
            for (const known of [{ tenantServedOn: served }, { boardNotifiedOn: board }]) {
              const estimate = recoveryWindowDeadline({ ...known, receivedOn: received });
              expect(compareDates(estimate.dueOn, legal)).toBeLessThanOrEqual(0);
              if (estimate.latestDueOn) expect(compareDates(legal, estimate.latestDueOn)).toBeLessThanOrEqual(0);
            }
          }
        }
      });

      it('moves an estimated last day too, and says so', () => {
        const deadline = recoveryWindowDeadline({ receivedOn: '2026-05-29' });
        expect(deadline).toMatchObject({ dueOn: '2026-06-22', estimated: true });
        expect(deadline.rule).toBe(
          'JB 12:44 återvinningsfrist: 3 veckor från mottagningsdatum (2026-05-29); ' +
            'Lag (1930:173) 2 § flyttar till nästa vardag (2026-06-19 är midsommarafton), uppskattad (tidigast möjliga slut) ' +
            'eftersom delgivning och underrättelse till socialnämnden saknas; inget senast möjliga slut, eftersom delgivningen kan ske senare',
        );
      });
    });

    it('rejects invalid dates', () => {
      expect(() => recoveryWindowDeadline({ receivedOn: '2026-02-30' })).toThrow(/Invalid LocalDate/);
      expect(() =>
        recoveryWindowDeadline({ tenantServedOn: '2026-13-01', boardNotifiedOn: '2026-02-27', receivedOn: '2026-03-02' }),
      ).toThrow(/Invalid LocalDate/);
      expect(() => recoveryWindowDeadline({ receivedOn: undefined as unknown as string })).toThrow(/Invalid LocalDate/);
    });
  });

  describe('evictionDeadline (UB 16 kap.)', () => {
    it('takes Kronofogden’s date as given, even on a non-working day', () => {
      expect(evictionDeadline('2026-06-19')).toEqual({
        kind: 'eviction',
        dueOn: '2026-06-19',
        estimated: false,
        latestDueOn: null,
        rule: 'Kronofogdens beslutade avhysningsdag (UB 16 kap.)',
      });
      expect(evictionDeadline('2026-03-10').dueOn).toBe('2026-03-10');
    });

    it('rejects an invalid date', () => {
      expect(() => evictionDeadline('2026-06-31')).toThrow(/Invalid LocalDate/);
    });
  });
});
