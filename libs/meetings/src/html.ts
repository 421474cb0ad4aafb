import { createHash } from 'node:crypto';
import { scrubIdentityNumbers } from '@bosam/identity';
import { AgendaItemView, AgendaView, MinutesView } from './views';

/** Everything that reaches a page goes through here. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

// Printed material carries no identity numbers, whatever a free text field holds.
const text = (value: unknown): string => escapeHtml(scrubIdentityNumbers(String(value ?? '')));

const DEADLINE_SV: Record<string, string> = { recovery_window: 'Återvinningsfrist', eviction: 'Avhysning' };

const kronor = (sek: number): string => {
  const decimals = Number.isInteger(sek) ? 0 : 2;
  return `${sek.toLocaleString('sv-SE', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).replace(/\u00a0/g, ' ')} kr`;
};

const stockholmTime = (iso: string): string =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));

const STYLE = `
  :root { color-scheme: light; }
  body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2rem; color: #111; font-size: 14px; }
  header { border-bottom: 2px solid #1d3b5a; margin-bottom: 1rem; }
  h1 { font-size: 1.8rem; margin: 0 0 .25rem; color: #1d3b5a; }
  h2 { font-size: 1.3rem; margin: 1.5rem 0 .5rem; color: #1d3b5a; }
  .meta { color: #444; margin: 0 0 .75rem; }
  table { width: 100%; border-collapse: collapse; }
  th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid #ccc; }
  th { background: #eef2f6; }
  .children { font-weight: bold; color: #8a1c1c; }
  .warnings { border: 2px solid #b35c00; background: #fff6ea; padding: .5rem 1rem; }
  .pending { color: #b35c00; font-weight: bold; }
  .empty { color: #666; font-style: italic; }
  @media print {
    body { margin: 0; font-size: 11pt; }
    /* each section after the first starts on a new page */
    section.agenda-section + section.agenda-section { page-break-before: always; break-before: page; }
    tr { page-break-inside: avoid; break-inside: avoid; }
    th { background: none; }
  }
`;

/**
 * The printed pages' one inline style block, as a Content-Security-Policy source (its hash), so that
 * the policy can allow exactly it and no other inline style.
 */
export const PRINT_STYLE_CSP_SOURCE = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

function itemRow(item: AgendaItemView): string {
  const address = item.protectedIdentity
    ? 'Skyddad identitet'
    : [item.address?.street, item.address?.apartment ? `lgh ${item.address.apartment}` : null, item.address?.postalCode, item.address?.city]
        .filter(Boolean)
        .map(text)
        .join(', ');
  const deadline = item.deadlines.length
    ? item.deadlines.map((d) => `${text(DEADLINE_SV[d.kind] ?? d.kind)} ${text(d.dueOn)}${d.estimated ? ' (uppskattad)' : ''}${d.passed ? ' (passerad)' : ''}`).join('<br>')
    : '–';
  return `<tr>
<td>${text(item.names)}<br><small>${address}</small>${item.recurrence ? '<br><small>Återkommande ärende</small>' : ''}</td>
<td>${item.reasons.map((r) => text(r.text)).join('<br>')}${item.pendingConfirmation ? '<br><span class="pending">Beslut väntar på bekräftelse</span>' : ''}</td>
<td${item.childrenInHousehold > 0 ? ' class="children"' : ''}>${item.childrenInHousehold}</td>
<td>${deadline}</td>
<td>${text(kronor(item.arrearsSek))}</td>
<td>${item.units.length ? item.units.map(text).join(', ') : '–'}</td>
</tr>`;
}

/** The printable agenda (dagordning): for the screen in the meeting room and for paper. */
export function renderAgendaHtml(agenda: AgendaView): string {
  const title = `Dagordning ${agenda.heldOn} – ${agenda.district}`;
  const sections = agenda.sections
    .map(
      (section) => `<section class="agenda-section" id="${escapeHtml(section.kind)}">
<h2>${escapeHtml(section.title)} (${section.items.length})</h2>
${
  section.items.length === 0
    ? '<p class="empty">Inga ärenden.</p>'
    : `<table>
<thead><tr><th>Hushåll</th><th>Skäl</th><th>Barn</th><th>Frist</th><th>Skuld</th><th>Kända enheter</th></tr></thead>
<tbody>
${section.items.map(itemRow).join('\n')}
</tbody>
</table>`
}${section.closedCaseNotices ? `<p>${section.closedCaseNotices} underrättelser gällde redan avslutade ärenden.</p>` : ''}
</section>`,
    )
    .join('\n');
  const warnings = agenda.warnings.length
    ? `<div class="warnings"><strong>Varningar</strong><ul>${agenda.warnings.map((w) => `<li>${text(w.message)}</li>`).join('')}</ul></div>`
    : '';
  return page(
    title,
    `<header>
<h1>Dagordning</h1>
<p class="meta">Bosam-möte ${text(agenda.heldOn)} kl. ${text(stockholmTime(agenda.startsAt).slice(-5))} · Stadsdel/kommun: ${text(agenda.district)}
 · ${agenda.frozen ? `Fastställd ${text(stockholmTime(agenda.cutoff))}` : 'Preliminär (mötet har inte börjat)'}</p>
</header>
${warnings}
${sections}`,
  );
}

const ROLE_SV: Record<string, string> = { assistant_head: 'Biträdande enhetschef', delegate: 'Ersättare', absent: 'Frånvarande' };

/** The printable minutes (protokoll). */
export function renderMinutesHtml(minutes: MinutesView): string {
  const m = minutes.meeting;
  const attendance = minutes.attendance
    .map(
      (a) => `<tr><td>${text(a.unit)} ${text(a.unitName)}</td><td>${text(a.person ?? '–')}</td><td>${text(ROLE_SV[a.role] ?? a.role)}</td><td>${
        a.role === 'absent' ? '–' : a.withMandate ? 'Ja' : '<span class="pending">Nej</span>'
      }</td></tr>`,
    )
    .join('\n');
  const decisions = minutes.decisions
    .map(
      (d) => `<tr><td>${text(d.names ?? '–')}</td><td>${text(d.text)}${d.pendingConfirmation ? `<br><span class="pending">Väntar på bekräftelse från ${d.pendingUnits.map(text).join(', ')}</span>` : ''}</td>
<td>${d.nextSteps.length ? `<ul>${d.nextSteps.map((s) => `<li>${text(s.unit)}: ${text(s.action)} – senast ${text(s.dueOn)}</li>`).join('')}</ul>` : '–'}</td></tr>`,
    )
    .join('\n');
  const carried = minutes.carriedOver.map((c) => `<li>${text(c.names)}</li>`).join('');
  return page(
    `Protokoll ${m.heldOn} – ${m.district}`,
    `<header>
<h1>Protokoll</h1>
<p class="meta">Bosam-möte ${text(m.heldOn)} · Stadsdel/kommun: ${text(m.district)} · Ärenden på dagordningen: ${minutes.itemsOnAgenda}</p>
</header>
<section><h2>Närvaro</h2>
<table><thead><tr><th>Enhet</th><th>Person</th><th>Roll</th><th>Mandat</th></tr></thead><tbody>${attendance}</tbody></table>
${minutes.absentUnits.length ? `<p>Ej företrädda: ${minutes.absentUnits.map(text).join(', ')}</p>` : ''}
</section>
<section class="agenda-section"><h2>Beslut</h2>
${decisions ? `<table><thead><tr><th>Hushåll</th><th>Beslut</th><th>Nästa steg</th></tr></thead><tbody>${decisions}</tbody></table>` : '<p class="empty">Inga beslut.</p>'}
</section>
<section><h2>Överförs till nästa möte</h2>${carried ? `<ul>${carried}</ul>` : '<p class="empty">Inget.</p>'}</section>`,
  );
}
