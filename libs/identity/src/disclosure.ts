// Statistical disclosure control for aggregates that leave the case workers' hands (evaluation exports,
// the general part of a liaison session): a count of 1–4 households could point someone out, so it is
// shown as "<5" (0 stays 0). OSL 26 kap. 1 § secrecy; GDPR art. 5.1 c (data minimisation). One rule, used by both.

export const SUPPRESSED = '<5';

/** 1–4: too few to show. */
export const isSmallCount = (count: number | null | undefined): boolean => typeof count === 'number' && count >= 1 && count <= 4;

/** A count as shown in material for others: "0", "12", or "<5" for 1–4. */
export const showCount = (count: number): string => (isSmallCount(count) ? SUPPRESSED : String(count));
