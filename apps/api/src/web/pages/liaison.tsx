import { LiaisonAgendaView, LiaisonSessionView } from '@bosam/landlords';
import { Csrf, Field, Notice } from '../layout';
import { FormErrors } from '../forms';
import { CONSENT_CATEGORY_SV, DEADLINE_SV, kronor, SOURCE_SV, dateInWords } from '../format';

export function LiaisonPage(props: { csrf: string; sessions: LiaisonSessionView[]; landlords: Array<{ orgNumber: string; name: string; municipal: boolean }>; errors?: FormErrors; values?: Record<string, string> }) {
  return (
    <>
      <h1>Samverkan med hyresvärdar</h1>
      {props.sessions.length === 0 ? (
        <p class="muted">Inga möten med hyresvärdar är planerade.</p>
      ) : (
        <table>
          <caption>Möten med hyresvärdar</caption>
          <thead>
            <tr>
              <th scope="col">Datum</th>
              <th scope="col">Hyresvärdarnas dagordningar (utskrift)</th>
            </tr>
          </thead>
          <tbody>
            {props.sessions.map((s) => (
              <tr key={s.id}>
                <td>{s.on}</td>
                <td>
                  <ul>
                    {s.landlords.map((l) => (
                      <li key={l.orgNumber}>
                        <a href={`/samverkan/${s.id}/dagordning?hyresvard=${encodeURIComponent(l.orgNumber)}`}>{l.name}</a>
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form method="post" action="/samverkan" class="card no-print">
        <h2>Planera ett möte med hyresvärdar</h2>
        <Csrf token={props.csrf} />
        {props.errors?.form && <Notice kind="error">{props.errors.form}</Notice>}
        <Field name="on" label="Datum" type="date" required value={props.values?.on} error={props.errors?.on} />
        <fieldset>
          <legend>Hyresvärdar</legend>
          {props.landlords.map((l) => (
            <div key={l.orgNumber}>
              <label class="inline">
                <input type="checkbox" name="landlord" value={l.orgNumber} checked={l.municipal} /> {l.name}
              </label>
            </div>
          ))}
          {props.errors?.landlordOrgNumbers && <span class="error">{props.errors.landlordOrgNumbers}</span>}
        </fieldset>
        <button type="submit">Planera mötet</button>
      </form>
    </>
  );
}

const COUNT_SV = (value: string) => (value === '<5' ? 'färre än 5' : value);

/** The landlord's agenda, printable to hand over: general counts, and only consented cases and categories. */
export function LiaisonAgendaPage({ agenda }: { agenda: LiaisonAgendaView }) {
  const g = agenda.general;
  return (
    <>
      <h1>
        Samverkansmöte med {agenda.landlord.name} {dateInWords(agenda.on)}
      </h1>
      <p class="no-print">
        <a href="/samverkan">Tillbaka</a> · Skriv ut med Ctrl+P.
      </p>
      <p>Uppgifterna om enskilda hushåll lämnas ut med hushållets samtycke, och bara de kategorier samtycket omfattar.</p>
      <h2>Läget i stadsdelen ({g.term})</h2>
      <dl class="facts">
        <dt>Öppna ärenden</dt>
        <dd>{COUNT_SV(g.openCases)}</dd>
        <dt>Varav hushåll med barn</dt>
        <dd>{COUNT_SV(g.householdsWithChildren)}</dd>
        <dt>Underrättelser denna termin</dt>
        <dd>{COUNT_SV(g.noticesThisTerm)}</dd>
        {Object.entries(g.noticesThisTermBySource).map(([source, count]) => (
          <>
            <dt key={`s-${source}`}>– {SOURCE_SV[source] ?? source}</dt>
            <dd key={`c-${source}`}>{COUNT_SV(count as string)}</dd>
          </>
        ))}
        <dt>Avhysningar denna termin</dt>
        <dd>{COUNT_SV(g.evictionsThisTerm)}</dd>
      </dl>
      <h2>Hushåll med samtycke ({agenda.cases.length})</h2>
      {agenda.cases.length === 0 && <p class="muted">Inga hushåll med giltigt samtycke för {agenda.landlord.name}.</p>}
      {agenda.cases.map((c, i) => (
        <section class="item" key={c.caseId} aria-labelledby={`case-${i}`}>
          <h3 id={`case-${i}`}>
            {i + 1}. {c.tenantNames.join(' och ')}
          </h3>
          <p>{[c.address.street, c.address.apartment ? `lgh ${c.address.apartment}` : null, c.address.postalCode, c.address.city].filter(Boolean).join(', ')}</p>
          <p>Samtycke: {c.consentedCategories.map((k) => CONSENT_CATEGORY_SV[k] ?? k).join(', ')}</p>
          <dl class="facts">
            {c.categories.arrears_status && (
              <>
                <dt>Skuld</dt>
                <dd>
                  {kronor(c.categories.arrears_status.arrearsSek)}
                  {c.categories.arrears_status.monthsInArrears !== null ? `, ${c.categories.arrears_status.monthsInArrears} månader` : ''}
                </dd>
                <dt>Frister</dt>
                <dd>{c.categories.arrears_status.deadlines.map((d) => `${DEADLINE_SV[d.kind] ?? d.kind} ${d.dueOn}`).join(', ') || '–'}</dd>
              </>
            )}
            {c.categories.repayment_plan && (
              <>
                <dt>Avbetalningsplan</dt>
                <dd>{c.categories.repayment_plan.lastExchangeOn ? `Senast diskuterad ${c.categories.repayment_plan.lastExchangeOn}` : 'Ingen registrerad'}</dd>
              </>
            )}
            {c.categories.social_services_contact && (
              <>
                <dt>Kontakt med socialtjänsten</dt>
                <dd>{c.categories.social_services_contact.established ? `Ja, sedan ${c.categories.social_services_contact.since ?? '–'}` : 'Inte ännu'}</dd>
              </>
            )}
            {c.categories.support_measures && (
              <>
                <dt>Stödinsatser</dt>
                <dd>{c.categories.support_measures.inPlace ? `Pågår (${c.categories.support_measures.openNextSteps} planerade steg)` : 'Inga pågående'}</dd>
              </>
            )}
            {c.categories.household && (
              <>
                <dt>Barn i hushållet</dt>
                <dd>{c.categories.household.childrenInHousehold}</dd>
              </>
            )}
          </dl>
          <p>Anteckningar: ____________________________________________</p>
        </section>
      ))}
    </>
  );
}
