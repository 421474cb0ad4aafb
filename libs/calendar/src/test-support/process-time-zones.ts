// Test support (not part of the public API): run a group of specs under several process time zones, to prove
// that date code never depends on the machine's zone.
import { runInThisContext } from 'vm';

// Jest hands each test file a copy of process.env; Node re-reads its time zone only when TZ is set on the real
// one, which lives in the main context.
const realProcess = runInThisContext('process') as NodeJS.Process;

/** Process time zones to test under, with their UTC offset on 1 January as Date#getTimezoneOffset reports it. */
const JANUARY_OFFSETS: Record<string, number> = {
  'Europe/Stockholm': -60,
  UTC: 0,
  'America/Los_Angeles': 480,
  'Pacific/Kiritimati': -840,
  'Asia/Kolkata': -330,
};

export const PROCESS_TIME_ZONES = Object.keys(JANUARY_OFFSETS);

export function setProcessTimeZone(timeZone: string | undefined): void {
  for (const env of [realProcess.env, process.env]) {
    if (timeZone === undefined) delete env.TZ;
    else env.TZ = timeZone;
  }
}

export function describeInEachProcessTimeZone(title: string, body: (timeZone: string) => void): void {
  describe.each(PROCESS_TIME_ZONES)(`${title} [process TZ=%s]`, (timeZone) => {
    const original = realProcess.env.TZ;
    beforeAll(() => setProcessTimeZone(timeZone));
    afterAll(() => setProcessTimeZone(original));

    it('really runs in that time zone', () => {
      expect(new Date(2026, 0, 1).getTimezoneOffset()).toBe(JANUARY_OFFSETS[timeZone]);
    });

    body(timeZone);
  });
}
