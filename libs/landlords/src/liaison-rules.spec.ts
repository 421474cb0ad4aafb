import { liaisonTermWarning } from './liaison-rules';

describe('liaisonTermWarning', () => {
  it('warns with fewer than two held or planned sessions, in Swedish', () => {
    expect(liaisonTermWarning('2026-HT', { held: 0, planned: 0 })?.text).toContain('inga hyresvärdsmöten');
    expect(liaisonTermWarning('2026-HT', { held: 1, planned: 0 })).toMatchObject({ code: 'few_liaison_sessions' });
    expect(liaisonTermWarning('2026-HT', { held: 0, planned: 1 })?.text).toContain('bara ett');
  });

  it('is quiet from two on, held and planned together', () => {
    expect(liaisonTermWarning('2026-HT', { held: 1, planned: 1 })).toBeNull();
    expect(liaisonTermWarning('2026-HT', { held: 2, planned: 0 })).toBeNull();
  });
});
