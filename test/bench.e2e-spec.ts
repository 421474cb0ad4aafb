import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSuite, SUITE_NAMES } from '../bench/suite';

// The benchmark harness at a scale too small to mean anything: every benchmark runs against the
// real stack and the results file has the documented shape. No figure is judged here.
jest.setTimeout(600_000);

describe('npm run bench -- --scale', () => {
  const out = mkdtempSync(join(tmpdir(), 'bosam-bench-results-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes latest.json and a dated copy with one well-formed result per benchmark', async () => {
    await runSuite({ scale: 'tiny', outDir: out });

    const files = readdirSync(out).sort();
    expect(files).toHaveLength(2);
    expect(files).toContain('latest.json');
    expect(files.find((f) => f !== 'latest.json')).toMatch(/^\d{4}-\d\d-\d\dT.*-tiny\.json$/);

    const report = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8'));
    expect(report.scale).toBe('tiny');
    expect(report.machine).toEqual({
      cpus: expect.any(Number),
      memoryGb: expect.any(Number),
      node: process.version,
      postgres: expect.stringMatching(/^\d+/),
    });
    expect(report.results.map((r: { name: string }) => r.name)).toEqual([...SUITE_NAMES]);
    for (const result of report.results) {
      // A benchmark that throws is reported with `error`: none may here.
      expect({ name: result.name, error: result.error }).toEqual({ name: result.name, error: undefined });
      if (result.skipped) continue;
      expect(typeof result.baseline).toBe('string');
      if (result.name !== 'evaluation_export') expect(result.ratio).toBeGreaterThan(0);
    }
    const byName = Object.fromEntries(report.results.map((r: { name: string }) => [r.name, r]));
    expect(byName.auth_read.p99_ms).toBeGreaterThan(0);
    expect(byName.intake).toMatchObject({ p99_ms: expect.any(Number), p99_one_district_ms: expect.any(Number) });
    expect(byName.agenda.p95_ms).toBeGreaterThan(0);
    expect(byName.import.peak_rss_mb).toBeGreaterThan(0);
    expect(byName.evaluation_export).toMatchObject({ seconds: expect.any(Number), indicators_ms: expect.any(Number) });
  });
});
