// Swedish words for what people read about a case (the agenda, the case view, the timeline).

/** The fields of a notice, as a correction names them. */
export const NOTICE_FIELD_LABELS: Record<string, string> = {
  landlordOrgNumber: 'hyresvärd',
  receivedOn: 'mottagningsdatum',
  tenantServedOn: 'delgivningsdatum',
  boardNotifiedOn: 'datum för underrättelse till socialnämnden',
  evictionOn: 'avhysningsdatum',
  arrearsSek: 'skuld',
  monthsInArrears: 'antal månader i skuld',
  childrenInHousehold: 'antal barn',
  address: 'adress',
};

/** "Underrättelsen rättad: delgivningsdatum och skuld" — for the agenda's reason after an amendment. */
export function amendedNoticeText(fields: string[]): string {
  const words = fields.map((f) => NOTICE_FIELD_LABELS[f] ?? f);
  const list = words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} och ${words[words.length - 1]}`;
  return `Underrättelsen rättad: ${list}`;
}
