import { Actor } from '@bosam/platform';

/**
 * The demo's people, offered on the sign-in page (local mode) only while a demo district is loaded:
 * one of each role, and the representatives of two units. Fictional.
 */
export const DEMO_PEOPLE: Array<Omit<Actor, 'district'> & { key: string; about: string }> = [
  {
    key: 'samordnare',
    sub: 'demo-coordinator',
    name: 'Anna Samuelsson',
    role: 'coordinator',
    about: 'Samordnare: leder mötet, tar emot underrättelser',
  },
  { key: 'ekb', sub: 'demo-ekb', name: 'Johan Berg', role: 'unit_rep', unit: 'EKB', about: 'Biträdande enhetschef, Ekonomiskt bistånd' },
  { key: 'bof', sub: 'demo-bof', name: 'Lena Holm', role: 'unit_rep', unit: 'BOF', about: 'Biträdande enhetschef, Barn och familj' },
  { key: 'utvarderare', sub: 'demo-evaluator', name: 'Per Wallin', role: 'evaluator', about: 'Utvärderare: terminens siffror och export' },
  { key: 'admin', sub: 'demo-admin', name: 'Sofia Admin', role: 'admin', about: 'Administratör: stadsdelar, enheter, mandat, hyresvärdar' },
  { key: 'granskare', sub: 'demo-auditor', name: 'Gun Åberg', role: 'auditor', about: 'Granskare: loggen över läsningar och ändringar' },
];
