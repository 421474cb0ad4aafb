/**
 * Landlord liaison twice a term (BOSAM.md, "Landlord liaison": the district's municipal landlords are
 * invited to joint meetings twice per term). A term with fewer than two sessions held or still planned
 * gets a warning, on the coordinator's start page and in the evaluation.
 */
export const LIAISON_SESSIONS_PER_TERM = 2;

export interface LiaisonTermWarning {
  code: 'few_liaison_sessions';
  text: string;
}

export function liaisonTermWarning(term: string, counts: { held: number; planned: number }): LiaisonTermWarning | null {
  const total = counts.held + counts.planned;
  if (total >= LIAISON_SESSIONS_PER_TERM) return null;
  const words = total === 0 ? 'inga hyresvärdsmöten' : 'bara ett hyresvärdsmöte';
  return {
    code: 'few_liaison_sessions',
    text: `Terminen ${term} har ${words} hållna eller planerade; Bosam-arbetet möter hyresvärdarna två gånger per termin.`,
  };
}
