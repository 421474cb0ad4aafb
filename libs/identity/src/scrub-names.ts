import { scrubIdentityNumbers } from './scrub';

export const NAME_PLACEHOLDER = '[namn]';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Data minimisation (GDPR art. 5.1 c; OSL 26 kap. 1 §) for free text that leaves the case: identity numbers become
 * "[personnummer]" and the given people's names "[namn]" — each full name, then each part of it of three letters or
 * more written with a capital (so "Berg" goes, the word "berg" and a two-letter "Bo" stay). Matching ignores case
 * only for full names. Over-scrubbing a staff member who shares a tenant's surname is the safe side.
 */
export function scrubPersonalData(text: string, names: Iterable<string>): string {
  const full = new Set<string>();
  const parts = new Set<string>();
  for (const name of names) {
    const trimmed = name.trim().replace(/\s+/g, ' ');
    if (trimmed.length < 2) continue;
    full.add(trimmed);
    for (const part of trimmed.split(/[\s-]+/)) if (part.length >= 3 && /^\p{Lu}/u.test(part)) parts.add(part);
  }
  let result = scrubIdentityNumbers(text);
  const boundary = (alternatives: string[], flags: string) =>
    new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.map(escape).join('|')})(?![\\p{L}\\p{N}])`, flags);
  // Longest first, so that "Anna Maria Berg" goes whole before "Anna Maria".
  const byLength = (a: string, b: string) => b.length - a.length;
  if (full.size) result = result.replace(boundary([...full].sort(byLength), 'giu'), NAME_PLACEHOLDER);
  if (parts.size) result = result.replace(boundary([...parts].sort(byLength), 'gu'), NAME_PLACEHOLDER);
  return result;
}
