import { RECOVERY_WINDOW_WEEKS } from './deadlines';

/**
 * The legal rule behind each kind of deadline, in one sentence each, for printed material that writes
 * a rule once as a footnote rather than on every row. The computation itself is in deadlines.ts.
 */
export const DEADLINE_RULE_NOTES = {
  // Jordabalken 12 kap. 44 §; Lag (1930:173) om beräkning av lagstadgad tid, 1 och 2 §§.
  recovery_window:
    `Återvinningsfrist, jordabalken 12 kap. 44 §: hyresgästen får behålla lägenheten genom att betala inom ${RECOVERY_WINDOW_WEEKS} veckor ` +
    'från den senare av delgivningen och underrättelsen till socialnämnden; socialnämnden kan inom samma tid lämna en skriftlig förbindelse. ' +
    'En sista dag på lördag, söndag, helgdag, midsommar-, jul- eller nyårsafton flyttas till nästa vardag (lag (1930:173) 2 §).',
  // Utsökningsbalken 16 kap.
  eviction: 'Avhysning: den dag Kronofogden har bestämt för avhysningen (utsökningsbalken 16 kap.).',
  estimated:
    'Uppskattad: ett datum som fristen räknas från saknas i underrättelsen. Mötet planerar efter den tidigaste dag fristen kan gå ut; ' +
    'den senaste möjliga dagen står efter, när den går att räkna ut.',
} as const;

export type DeadlineRuleNote = keyof typeof DEADLINE_RULE_NOTES;
