import { isSmallCount, showCount } from './disclosure';
import { scrubPersonalData } from './scrub-names';

describe('scrubPersonalData', () => {
  const names = ['Anna Lindqvist', 'Bo Ek', 'Erik Palm-Holm'];

  it('replaces full names (any case), their capitalised parts, and identity numbers', () => {
    expect(scrubPersonalData('Följ upp ANNA LINDQVIST och 19121212-1212.', names)).toBe('Följ upp [namn] och [personnummer].');
    expect(scrubPersonalData('Hembesök hos Lindqvist, Palm och Holm', names)).toBe('Hembesök hos [namn], [namn] och [namn]');
    expect(scrubPersonalData('Bo Ek ringer', names)).toBe('[namn] ringer');
  });

  it('leaves ordinary words and short name parts alone', () => {
    expect(scrubPersonalData('Vi bo här och ek växer; erik-palmer', names)).toBe('Vi bo här och ek växer; erik-palmer');
    expect(scrubPersonalData('Annalena kom', names)).toBe('Annalena kom');
  });

  it('works without names', () => {
    expect(scrubPersonalData('Text 191212121212', [])).toBe('Text [personnummer]');
  });
});

describe('small counts', () => {
  it.each([
    [0, '0'],
    [1, '<5'],
    [4, '<5'],
    [5, '5'],
    [120, '120'],
  ])('shows %d as %s', (n, shown) => {
    expect(showCount(n)).toBe(shown);
    expect(isSmallCount(n)).toBe(n >= 1 && n <= 4);
  });
});
