import type { VNode } from 'preact';
import { DEADLINE_RULE_NOTES, DeadlineRuleNote } from '@bosam/calendar';
import { scrubIdentityNumbers } from '@bosam/identity';
import {
  formatKronor,
  PrintDocument,
  renderPage,
  SECRECY_MARKING,
  stockholmClock,
  stockholmDateTime,
  swedishLongDate,
} from '@bosam/platform';
import { DEADLINE_KIND_SV, STEP_STATUS_SV } from '@bosam/cases';
import { AgendaDeadlineView, AgendaItemView, AgendaView } from '../views';

// Printed material carries no identity numbers, whatever a free-text field holds.
const clean = (value: string | null | undefined): string => scrubIdentityNumbers(value ?? '');

/** Each legal rule once, as a footnote numbered in order of first use. */
class Footnotes {
  private readonly order: DeadlineRuleNote[] = [];

  ref(note: DeadlineRuleNote): number {
    if (!this.order.includes(note)) this.order.push(note);
    return this.order.indexOf(note) + 1;
  }

  get notes(): Array<{ number: number; text: string }> {
    return this.order.map((note, i) => ({ number: i + 1, text: DEADLINE_RULE_NOTES[note] }));
  }
}

const COLUMNS = 8;

function Household({ item }: { item: AgendaItemView }): VNode {
  const a = item.address;
  const address = item.protectedIdentity
    ? 'Skyddad identitet'
    : [a?.street, a?.apartment ? `lgh ${a.apartment}` : null, a?.city]
        .filter(Boolean)
        .map((s) => clean(s))
        .join(', ');
  return (
    <td>
      <strong>{clean(item.names)}</strong>
      <br />
      <small>{address}</small>
      {item.recurrence ? (
        <>
          <br />
          <small class="warn">Återkommande hushåll</small>
        </>
      ) : null}
    </td>
  );
}

function Deadline({ d, notes }: { d: AgendaDeadlineView; notes: Footnotes }): VNode {
  return (
    <span class="nowrap">
      {DEADLINE_KIND_SV[d.kind] ?? d.kind} {d.dueOn}
      <sup>{notes.ref(d.kind)}</sup>
      {d.estimated ? (
        <>
          {' '}
          uppskattad<sup>{notes.ref('estimated')}</sup>
          {d.latestDueOn ? `, senast ${d.latestDueOn}` : ''}
        </>
      ) : null}
      {d.passed ? <span class="passed"> passerad</span> : null}
    </span>
  );
}

function Notices({ item, notes }: { item: AgendaItemView; notes: Footnotes }): VNode {
  return (
    <td>
      {item.notices.map((n, i) => (
        <>
          {i > 0 ? <br /> : null}
          <span>
            {n.kindText}
            {n.landlord ? `, ${clean(n.landlord.name ?? n.landlord.orgNumber)}` : ''} <small class="nowrap">{n.receivedOn}</small>
            {n.new ? <strong> ny</strong> : null}
          </span>
        </>
      ))}
      {item.deadlines.map((d) => (
        <>
          <br />
          <Deadline d={d} notes={notes} />
        </>
      ))}
    </td>
  );
}

function Reasons({ item }: { item: AgendaItemView }): VNode {
  return (
    <td>
      {item.reasons.map((r) => r.text).join(' · ')}
      {item.flags.length ? (
        <>
          <br />
          <small class="warn">{item.flags.map((f) => f.text).join(' ')}</small>
        </>
      ) : null}
      {item.nextSteps.map((s) => (
        <>
          <br />
          <small>
            Nästa steg {s.unit}: {clean(s.action)}
            {s.responsible ? ` (${clean(s.responsible)})` : ''}, senast <span class="nowrap">{s.dueOn}</span>
            {s.overdue ? <span class="passed"> försenat</span> : s.status !== 'open' ? ` – ${STEP_STATUS_SV[s.status as 'done']}` : ''}
          </small>
        </>
      ))}
      {item.pendingDecisions.map((p) => (
        <>
          <br />
          <small class="warn">
            Beslut {p.heldOn} väntar på bekräftelse ({p.pendingUnits.join(', ')}): {clean(p.text)}
          </small>
        </>
      ))}
      {item.pendingConfirmation ? (
        <>
          <br />
          <small class="warn">Beslut väntar på bekräftelse</small>
        </>
      ) : null}
    </td>
  );
}

function Units({ item }: { item: AgendaItemView }): VNode {
  if (item.units.length === 0) return <td>–</td>;
  const missing = new Set(item.unitsNotRepresented);
  return (
    <td>
      {item.units.map((u, i) => (
        <>
          {i > 0 ? ', ' : ''}
          {missing.has(u) ? <span class="warn">{u}</span> : u}
        </>
      ))}
      {missing.size ? (
        <>
          <br />
          <small class="warn">Ej företrädd: {[...missing].join(', ')}</small>
        </>
      ) : null}
    </td>
  );
}

function ItemRow({ item, number, notes }: { item: AgendaItemView; number: number; notes: Footnotes }): VNode {
  return (
    <tr>
      <td class="nr">{number}</td>
      <Household item={item} />
      <Notices item={item} notes={notes} />
      <Reasons item={item} />
      <td class={item.childrenInHousehold > 0 ? 'num children' : 'num'}>{item.childrenInHousehold}</td>
      <td class="amount">{formatKronor(item.arrearsSek)}</td>
      <Units item={item} />
      <td class="notes" />
    </tr>
  );
}

/** The printable agenda (dagordning): for the screen in the meeting room and for paper. */
export function AgendaPage({ agenda }: { agenda: AgendaView }): VNode {
  // Number the footnotes in reading order before rendering (components render later, lazily).
  const notes = new Footnotes();
  for (const d of agenda.sections.flatMap((s) => s.items.flatMap((i) => i.deadlines))) {
    notes.ref(d.kind);
    if (d.estimated) notes.ref('estimated');
  }
  const title = `Dagordning ${agenda.heldOn} – ${agenda.district}`;
  const status = agenda.frozen ? `Fastställd ${stockholmDateTime(agenda.cutoff)}` : 'Preliminär: mötet har inte börjat';
  let number = 0;
  const total = agenda.sections.reduce((n, s) => n + s.items.length, 0);
  return (
    <PrintDocument title={title}>
      <p class="secrecy">{SECRECY_MARKING}</p>
      <table class="print agenda">
        <thead>
          <tr class="doc">
            <th colSpan={COLUMNS}>
              <h1>
                Dagordning, Bosam-möte {swedishLongDate(agenda.heldOn)} kl. {stockholmClock(agenda.startsAt)}
              </h1>
              <span class="meta">
                {agenda.district} · {status} · {total} ärenden · Brådskande: frist före {agenda.urgentBefore}
              </span>
            </th>
          </tr>
          <tr>
            <th>Nr</th>
            <th>Hushåll</th>
            <th>Underrättelser och frister</th>
            <th>Skäl, nästa steg</th>
            <th class="num">Barn</th>
            <th class="amount">Skuld</th>
            <th>Enheter</th>
            <th>Anteckningar</th>
          </tr>
        </thead>
        {agenda.warnings.length ? (
          <tbody>
            <tr>
              <td colSpan={COLUMNS}>
                <div class="warnings">
                  <strong>Att tänka på</strong>
                  <ul>
                    {agenda.warnings.map((w) => (
                      <li>{w.message}</li>
                    ))}
                  </ul>
                </div>
              </td>
            </tr>
          </tbody>
        ) : null}
        {agenda.sections.map((section) => (
          <tbody id={section.kind} class="agenda-section">
            <tr>
              <th class="section" colSpan={COLUMNS}>
                {section.title} ({section.items.length})
              </th>
            </tr>
            {section.items.length === 0 ? (
              <tr>
                <td colSpan={COLUMNS} class="empty">
                  Inga ärenden.
                </td>
              </tr>
            ) : null}
            {section.items.map((item) => {
              number += 1;
              return <ItemRow item={item} number={number} notes={notes} />;
            })}
            {section.closedCaseNotices ? (
              <tr>
                <td colSpan={COLUMNS} class="muted">
                  {section.closedCaseNotices === 1
                    ? '1 underrättelse gällde ett redan avslutat ärende och tas inte upp.'
                    : `${section.closedCaseNotices} underrättelser gällde redan avslutade ärenden och tas inte upp.`}
                </td>
              </tr>
            ) : null}
          </tbody>
        ))}
      </table>
      {notes.notes.length ? (
        <div class="footnotes">
          {notes.notes.map((n) => (
            <p>
              <sup>{n.number}</sup> {n.text}
            </p>
          ))}
        </div>
      ) : null}
    </PrintDocument>
  );
}

export const renderAgendaHtml = (agenda: AgendaView): string => renderPage(<AgendaPage agenda={agenda} />);
