import { checkJsonBody, checkRequestTexts, jsonDepthExceeds, jsonProblems, numberProblem, textProblem } from './input-guard';
import { MemoryRateStore, WindowCounter } from './throttle';

describe('input guard', () => {
  it('refuses control characters, direction overrides and invisible-only text; keeps letters from everywhere', () => {
    expect(textProblem('a\u0000b')).toMatch(/control/);
    expect(textProblem('Anna \u202Eardnas')).toMatch(/override/);
    expect(textProblem('\u2066x\u2069')).toMatch(/override/);
    expect(textProblem('\u200B\u200B')).toMatch(/visible/);
    expect(textProblem(' \u3164 ')).toMatch(/visible/);
    expect(textProblem('   ')).toBeUndefined(); // plain whitespace: each field's own rule
    expect(textProblem('Zoë Åsa–Öberg 東 نور\u200C')).toBeUndefined();
    expect(textProblem('rad ett\nrad två\ttab')).toBeUndefined();
  });

  it('refuses dates and terms outside the years Bosam handles, whatever the field', () => {
    expect(textProblem('0000-01-01')).toMatch(/1900–2199/);
    expect(textProblem('9999-12-31T00:00:00Z')).toMatch(/years/);
    expect(textProblem('0000-VT')).toMatch(/years/);
    expect(textProblem('2026-HT')).toBeUndefined();
    expect(textProblem('2026-02-30')).toBeUndefined(); // a date that does not exist is the field's validator's to name
  });

  it('counts nesting without parsing, ignoring brackets in strings', () => {
    expect(jsonDepthExceeds('[[[]]]', 3)).toBe(false);
    expect(jsonDepthExceeds('[[[[]]]]', 3)).toBe(true);
    expect(jsonDepthExceeds('{"a":"[[[[[[\\"[["}', 2)).toBe(false);
    expect(checkJsonBody('['.repeat(100_000), { maxDepth: 16, maxArrayItems: 10 })?.code).toBe('VALIDATION_FAILED');
  });

  it('names every array over the limit and every refused value', () => {
    expect(jsonProblems({ a: [1, 2, 3], b: { c: ['x\u0000'] }, n: 1e-320, big: 1e20 }, { maxDepth: 8, maxArrayItems: 2 })).toEqual(
      expect.arrayContaining([
        { field: 'a', message: 'must have at most 2 items' },
        { field: 'b.c[0]', message: 'must not contain control characters' },
        { field: 'n', message: 'is too small a number' },
        { field: 'big', message: 'is too large a number' },
      ]),
    );
    expect(numberProblem(12345.5)).toBeUndefined();
    expect(checkRequestTexts({ query: { offset: '99999999999999999999', status: 'open' } })?.errors).toEqual([
      { field: 'offset', message: 'is too large a number' },
    ]);
  });

  it('counts in one-minute windows and says how long to wait', async () => {
    let now = 0;
    const counter = new WindowCounter(new MemoryRateStore(() => now), 'test', 2, 60_000);
    expect(await counter.hit('a')).toBeUndefined();
    expect(await counter.hit('a')).toBeUndefined();
    expect(await counter.blocked('a')).toBe(60);
    now = 30_000;
    expect(await counter.hit('a')).toBe(30);
    expect(await counter.blocked('b')).toBeUndefined();
    now = 60_000;
    expect(await counter.blocked('a')).toBeUndefined();
  });
});
