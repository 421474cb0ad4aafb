import type { VNode } from 'preact';
import { scrubIdentityNumbers } from '@bosam/identity';
import { PrintDocument, renderPage, SECRECY_MARKING, stockholmClock, swedishLongDate } from '@bosam/platform';
import { ROLES_SV, SECTION_TITLES } from '../labels';
import { DECISION_STATUS_SV } from '../labels';
import { MinutesView } from '../views';

const clean = (value: string | null | undefined): string => scrubIdentityNumbers(value ?? '');

/** The printable minutes (protokoll). */
export function MinutesPage({ minutes }: { minutes: MinutesView }): VNode {
  const m = minutes.meeting;
  const title = `Protokoll ${m.heldOn} – ${m.district}`;
  const time = (iso: string | null) => (iso ? stockholmClock(iso) : '–');
  return (
    <PrintDocument title={title}>
      <p class="secrecy">{SECRECY_MARKING}</p>
      <table class="print">
        <thead>
          <tr class="doc">
            <th colSpan={4}>
              <h1>Protokoll, Bosam-möte {swedishLongDate(m.heldOn)}</h1>
              <span class="meta">{m.district}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td colSpan={4}>
              Mötet öppnades {time(m.startedAt)} och avslutades {time(m.closedAt)}. Ordförande: {clean(m.chair) || '–'}. Sekreterare:{' '}
              {clean(m.noteTaker) || '–'}. Ärenden på dagordningen: {minutes.itemsOnAgenda}.
            </td>
          </tr>
        </tbody>
      </table>

      <h2>Närvaro</h2>
      <table class="print">
        <thead>
          <tr>
            <th>Enhet</th>
            <th>Person</th>
            <th>Roll</th>
            <th>Mandat</th>
          </tr>
        </thead>
        <tbody>
          {minutes.attendance.map((a) => (
            <tr>
              <td>
                {a.unit} {a.unitName}
              </td>
              <td>{clean(a.person) || '–'}</td>
              <td>{ROLES_SV[a.role] ?? a.role}</td>
              <td>
                {a.role === 'absent' ? (
                  '–'
                ) : a.withMandate ? (
                  a.mandateRegistered ? (
                    'Ja (i registret)'
                  ) : (
                    'Ja'
                  )
                ) : (
                  <span class="warn">Nej</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {minutes.absentUnits.length ? <p>Ej företrädda: {minutes.absentUnits.join(', ')}</p> : null}

      <h2>Beslut</h2>
      {minutes.decisions.length === 0 ? (
        <p class="empty">Inga beslut.</p>
      ) : (
        <table class="print">
          <thead>
            <tr>
              <th>Nr</th>
              <th>Hushåll</th>
              <th>Beslut</th>
              <th>Nästa steg</th>
            </tr>
          </thead>
          <tbody>
            {minutes.decisions.map((d, i) => (
              <tr>
                <td class="nr">{i + 1}</td>
                <td>{clean(d.names) || '–'}</td>
                <td>
                  {clean(d.text)}
                  {DECISION_STATUS_SV[d.status] ? (
                    <>
                      <br />
                      <span class={d.status === 'confirmed' ? undefined : 'warn'}>
                        {DECISION_STATUS_SV[d.status]}
                        {d.status === 'pending' ? ` från ${d.pendingUnits.join(', ')}` : ''}
                        {d.confirmedBy ? ` (${clean(d.confirmedBy)})` : ''}
                      </span>
                    </>
                  ) : null}
                </td>
                <td>
                  {d.nextSteps.length === 0
                    ? '–'
                    : d.nextSteps.map((s, k) => (
                        <>
                          {k > 0 ? <br /> : null}
                          {s.unit}: {clean(s.action)}
                          {s.responsible ? ` (${clean(s.responsible)})` : ''}, senast <span class="nowrap">{s.dueOn}</span>
                        </>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Överförs till nästa möte</h2>
      {minutes.carriedOver.length === 0 ? (
        <p class="empty">Inga ärenden.</p>
      ) : (
        <ul>
          {minutes.carriedOver.map((c) => (
            <li>
              {clean(c.names)} <small class="muted">({c.sections.map((s) => SECTION_TITLES[s]).join(', ')})</small>
            </li>
          ))}
        </ul>
      )}

      <h2>Justering</h2>
      <div class="signatures">
        <div>Ordförande</div>
        <div>Justerare</div>
        <div>Datum</div>
      </div>
    </PrintDocument>
  );
}

export const renderMinutesHtml = (minutes: MinutesView): string => renderPage(<MinutesPage minutes={minutes} />);
