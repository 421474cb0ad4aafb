import { escapeHtml, renderAgendaHtml } from './html';
import { AgendaItemView, AgendaView } from './views';

const item = (over: Partial<AgendaItemView> = {}): AgendaItemView => ({
  caseId: '00000000-0000-4000-8000-000000000001',
  reasons: [{ code: 'new_notification', text: 'Ny underrättelse sedan förra mötet' }],
  childrenInHousehold: 2,
  deadlines: [{ kind: 'recovery_window', dueOn: '2027-03-20', passed: false, estimated: true, rule: 'JB 12:44' }],
  arrearsSek: 12345.5,
  units: ['EKB'],
  unitsNotRepresented: [],
  notices: [],
  flags: [],
  nextSteps: [],
  pendingDecisions: [],
  notificationIds: [],
  nextStepIds: [],
  displayName: 'Anna <b> (19121212-****)',
  names: 'Anna <b> 19121212-1212',
  address: { street: 'Gatan 1', postalCode: '123 45', city: 'Stockholm', apartment: '1102' },
  protectedIdentity: false,
  recurrence: false,
  oldestNoticeOn: '2027-02-01',
  pendingConfirmation: false,
  decided: false,
  ...over,
});

const agenda = (items: AgendaItemView[]): AgendaView => ({
  meetingId: 'm',
  district: 'SKARP',
  heldOn: '2027-03-02',
  startsAt: '2027-03-02T08:00:00.000Z',
  status: 'planned',
  frozen: false,
  cutoff: '2027-03-02T08:00:00.000Z',
  previousCutoff: null,
  urgentFrom: null,
  urgentBefore: '2027-03-30',
  expectedUnits: [],
  warnings: [],
  sections: [
    { kind: 'new', title: 'Nya underrättelser', items },
    { kind: 'urgent', title: 'Brådskande', items: [] },
    { kind: 'follow_up', title: 'Uppföljning', items: [] },
    { kind: 'next_steps', title: 'Nästa steg', items: [] },
  ],
});

describe('printable agenda', () => {
  it('escapes markup characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('shows names escaped, never an identity number, and the Stockholm time of the meeting', () => {
    const html = renderAgendaHtml(agenda([item()]));
    expect(html).toContain('Anna &lt;b&gt;');
    expect(html).not.toContain('19121212');
    expect(html).toContain('kl. 09:00');
    expect(html).toContain('12 345,50 kr');
    expect(html).toContain('(uppskattad)');
  });

  it('gives no address for a protected identity', () => {
    const html = renderAgendaHtml(agenda([item({ protectedIdentity: true, address: null, names: 'X' })]));
    expect(html).toContain('Skyddad identitet');
    expect(html).not.toContain('Gatan 1');
  });
});
