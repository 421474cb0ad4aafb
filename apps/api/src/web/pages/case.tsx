import {
  BALANCE_SOURCE_SV,
  CASE_EVENT_SV,
  CASE_OUTCOME_SV,
  CaseDetailView,
  CaseListView,
  CONTACT_CHANNEL_SV,
  CONTACT_OUTCOME_SV,
  DEADLINE_KIND_SV,
  NOTICE_SOURCE_SV,
  PLAN_STATUS_SV,
  STEP_STATUS_SV,
} from '@bosam/cases';
import { Actor } from '@bosam/platform';
import { todayInStockholm } from '@bosam/calendar';
import { DECISION_STATUS_SV } from '@bosam/meetings';
import { CATEGORY_SV, CONSENT_STATUS_SV } from '@bosam/landlords';
import { Csrf, Field, Notice, Select } from '../layout';
import { FormErrors } from '../forms';
import { capitalised, kronor, stockholmTime } from '../format';
import { CaseRows } from './start';
import {
  CaseActions,
  ConsentActions,
  DebtActions,
  DisturbanceActions,
  FailedForm,
  PlanStatusForm,
  WithdrawConsentForm,
} from './case-actions';

const landlordName = (l: { name?: string | null; orgNumber?: string } | string | undefined | null): string =>
  typeof l === 'string' ? l : (l?.name ?? l?.orgNumber ?? '–');

export function CasesPage({ list, status }: { list: CaseListView; status: 'open' | 'closed' }) {
  return (
    <>
      <h1>Ärenden</h1>
      <p class="actions">
        <a href="/arenden?status=open" aria-current={status === 'open' ? 'page' : undefined}>
          Öppna
        </a>
        <a href="/arenden?status=closed" aria-current={status === 'closed' ? 'page' : undefined}>
          Avslutade
        </a>
      </p>
      <p>
        {list.total} ärenden{list.total > list.items.length ? `, visar ${list.items.length}` : ''}.
      </p>
      <CaseRows cases={list.items} caption={status === 'open' ? 'Öppna ärenden, nyaste först' : 'Avslutade ärenden, nyaste först'} />
      {list.total > list.offset + list.items.length && (
        <p>
          <a href={`/arenden?status=${status}&fran=${list.offset + list.limit}`}>Fler ärenden</a>
        </p>
      )}
    </>
  );
}

export interface CasePageProps {
  detail: CaseDetailView;
  actor: Actor;
  csrf: string;
  units: Array<{ code: string; name: string }>;
  contactErrors?: FormErrors;
  contactValues?: Record<string, string>;
  stepErrors?: FormErrors;
  stepValues?: Record<string, string>;
  saved?: string;
  landlords?: Array<{ id: string; orgNumber: string; name: string }>;
  /** The write form that was refused, shown open with its errors. */
  failed?: FailedForm;
  /** Whether this actor may close the case (coordinators; unit representatives where the district allows it). */
  mayClose?: boolean;
}

export function CasePage({
  detail,
  actor,
  csrf,
  units,
  contactErrors,
  contactValues,
  stepErrors,
  stepValues,
  saved,
  landlords = [],
  failed,
  mayClose = false,
}: CasePageProps) {
  const d = detail;
  const writes = (actor.role === 'coordinator' || actor.role === 'unit_rep') && !d.mergedIntoCaseId;
  const actionProps = { detail: d, csrf, landlords, failed };
  const names = d.tenants.map((t) => t.name ?? 'Namn saknas').join(' och ');
  return (
    <>
      <h1>{names}</h1>
      {saved && <Notice kind="ok">{saved}</Notice>}
      {d.mergedIntoCaseId && (
        <Notice kind="warn">
          Ärendet är sammanslaget med ett annat ärende för samma hushåll och kan bara läsas.{' '}
          <a href={`/arenden/${d.mergedIntoCaseId}`}>Gå till ärendet det slogs ihop med</a>
        </Notice>
      )}
      <p>
        <span class="tag">
          {d.mergedIntoCaseId
            ? `Sammanslaget ${d.closedOn ?? ''}`
            : d.status === 'open'
              ? 'Öppet ärende'
              : `Avslutat ${d.closedOn ?? ''} (${CASE_OUTCOME_SV[d.outcome ?? ''] ?? d.outcome ?? ''})`}
        </span>
        {d.recurrence && <span class="tag warn">Återkommande hushåll</span>}
        {d.household.protectedIdentity && <span class="tag danger">Skyddad identitet – lämna inte ut adressen</span>}
        {d.household.childrenInHousehold > 0 && <span class="tag danger">{d.household.childrenInHousehold} barn i hushållet</span>}
      </p>
      <section aria-labelledby="household">
        <h2 id="household">Hushållet</h2>
        <dl class="facts">
          {d.tenants.map((t, i) => (
            <>
              <dt key={`n${i}`}>Hyresgäst {i + 1}</dt>
              <dd key={`v${i}`}>
                {t.name ?? 'Namn saknas'}, {t.personnummer}
                {t.coordinationNumber ? ' (samordningsnummer)' : ''}
              </dd>
            </>
          ))}
          <dt>Adress</dt>
          <dd>
            {[d.address.street, d.address.apartment ? `lgh ${d.address.apartment}` : null, d.address.postalCode, d.address.city]
              .filter(Boolean)
              .join(', ') || '–'}
          </dd>
          <dt>Hyresvärd</dt>
          <dd>{d.landlord ? `${d.landlord.name ?? 'Okänd'} (${d.landlord.orgNumber})` : '–'}</dd>
          <dt>Skuld</dt>
          <dd>{kronor(d.arrearsSek)}</dd>
          <dt>Störningar</dt>
          <dd>{d.ongoingDisturbance ? 'Pågående' : 'Inga pågående'}</dd>
          <dt>Öppnat</dt>
          <dd>{d.openedOn}</dd>
          <dt>Enheter</dt>
          <dd>{d.units.map((u) => u.name).join(', ') || '–'}</dd>
        </dl>
      </section>
      <section aria-labelledby="notices">
        <h2 id="notices">Underrättelser och frister</h2>
        <table>
          <caption>Underrättelser, med de frister som räknats fram och regeln bakom varje</caption>
          <thead>
            <tr>
              <th scope="col">Mottagen</th>
              <th scope="col">Typ</th>
              <th scope="col">Referens</th>
              <th scope="col">Skuld</th>
              <th scope="col">Frister</th>
              <th scope="col">Historik</th>
            </tr>
          </thead>
          <tbody>
            {d.notifications.map((n) => (
              <tr key={n.id}>
                <td>{n.receivedOn}</td>
                <td>
                  {NOTICE_SOURCE_SV[n.source] ?? n.source}
                  {n.landlord ? `, ${n.landlord.name ?? n.landlord.orgNumber}` : ''}
                  {n.flags.map((f) => (
                    <span class="tag warn" key={f}>
                      {f}
                    </span>
                  ))}
                </td>
                <td>{n.externalReference}</td>
                <td>{kronor(n.arrearsSek)}</td>
                <td>
                  <ul>
                    {d.deadlines
                      .filter((dl) => dl.notificationId === n.id)
                      .map((dl) => (
                        <li key={dl.kind}>
                          <strong>
                            {DEADLINE_KIND_SV[dl.kind] ?? dl.kind} {dl.dueOn}
                          </strong>
                          {dl.estimated ? ' (uppskattad)' : ''}
                          {dl.dueOn < todayInStockholm() ? ' – passerad' : ''}
                          <br />
                          <span class="muted">{dl.rule}</span>
                        </li>
                      ))}
                  </ul>
                </td>
                <td>
                  <a href={`/arenden/${d.id}/underrattelser/${n.id}`}>
                    {actor.role === 'coordinator' && writes ? 'Visa och rätta' : 'Visa'}
                    <span class="visually-hidden"> underrättelse {n.externalReference}</span>
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="debts">
        <h2 id="debts">Skuld, avbetalningsplaner och störningar</h2>
        <p>
          {d.inFollowUp ? <span class="tag warn">Följs upp vid mötena</span> : null}
          {d.sharedApartmentWith.length > 0 && <span class="tag warn">Fler öppna ärenden i samma lägenhet</span>}
        </p>
        {d.sharedApartmentWith.length > 0 && (
          <p>
            Samma lägenhet:{' '}
            {d.sharedApartmentWith.map((other, i) => (
              <>
                {i > 0 ? ', ' : ''}
                <a key={other} href={`/arenden/${other}`}>
                  ärende {i + 1}
                </a>
              </>
            ))}
            {actor.role === 'coordinator' && d.status === 'open' && (
              <>
                {' '}
                · <a href={`/arenden/${d.id}/sla-ihop`}>Slå ihop</a>
              </>
            )}
          </p>
        )}
        {d.balances.length === 0 ? (
          <p class="muted">Inga registrerade saldon utöver underrättelserna.</p>
        ) : (
          <ul>
            {d.balances.map((b) => (
              <li key={b.id}>
                {b.on}: {kronor(b.arrearsSek)} ({(BALANCE_SOURCE_SV[b.source] ?? b.source).toLowerCase()})
              </li>
            ))}
          </ul>
        )}
        {d.repaymentPlans.length > 0 && (
          <ul>
            {d.repaymentPlans.map((p) => (
              <li key={p.id}>
                Avbetalningsplan med {landlordName(p.landlord)}: {kronor(p.monthlySek)} i månaden från {p.firstDueOn},{' '}
                {(PLAN_STATUS_SV[p.status] ?? p.status).toLowerCase()} ({p.statusOn})
                {writes && <PlanStatusForm caseId={d.id} plan={p} csrf={csrf} failed={failed} />}
              </li>
            ))}
          </ul>
        )}
        {d.disturbances.length > 0 && (
          <ul>
            {d.disturbances.map((x) => (
              <li key={x.id}>
                {x.on}: {x.kind === 'reported' ? `störning rapporterad${x.category ? ` (${x.category})` : ''}` : 'störningarna upphörde'}
              </li>
            ))}
          </ul>
        )}
        {writes && <DebtActions {...actionProps} />}
        {writes && <DisturbanceActions {...actionProps} />}
      </section>
      <section aria-labelledby="steps">
        <h2 id="steps">Nästa steg</h2>
        {d.nextSteps.length === 0 ? (
          <p class="muted">Inga nästa steg.</p>
        ) : (
          <table>
            <caption>Beslutade nästa steg</caption>
            <thead>
              <tr>
                <th scope="col">Enhet</th>
                <th scope="col">Åtgärd</th>
                <th scope="col">Senast</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {d.nextSteps.map((s) => (
                <tr key={s.id}>
                  <td>{s.unit}</td>
                  <td>
                    {s.action}
                    {s.responsible ? ` (${s.responsible})` : ''}
                  </td>
                  <td>{s.dueOn}</td>
                  <td>
                    {capitalised(STEP_STATUS_SV[s.status] ?? s.status)}
                    {s.doneOn ? ` ${s.doneOn}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {d.status === 'open' && (actor.role === 'coordinator' || actor.role === 'unit_rep') && (
          <form method="post" action={`/arenden/${d.id}/nasta-steg`} class="card no-print">
            <h3>Nytt steg</h3>
            <Csrf token={csrf} />
            <Select
              id="step-unit"
              name="unit"
              label="Enhet"
              options={units.filter((u) => actor.role === 'coordinator' || u.code === actor.unit).map((u) => [u.code, u.name])}
              value={stepValues?.unit}
              error={stepErrors?.unit}
            />
            <Field id="step-action" name="action" label="Åtgärd" required value={stepValues?.action} error={stepErrors?.action} />
            <Field id="step-due" name="dueOn" label="Senast" type="date" required value={stepValues?.dueOn} error={stepErrors?.dueOn} />
            <Field
              id="step-responsible"
              name="responsible"
              label="Ansvarig"
              value={stepValues?.responsible}
              error={stepErrors?.responsible}
            />
            {stepErrors?.form && <Notice kind="error">{stepErrors.form}</Notice>}
            <button type="submit">Lägg till steget</button>
          </form>
        )}
      </section>
      <section aria-labelledby="decisions">
        <h2 id="decisions">Beslut</h2>
        {d.decisions.length === 0 ? (
          <p class="muted">Inga beslut.</p>
        ) : (
          <ul>
            {d.decisions.map((x) => (
              <li key={x.id}>
                <a href={`/moten/${x.meetingId}`}>Möte {x.heldOn}</a>: {x.text}{' '}
                <span class="muted">({x.decidedByName ?? x.decidedBy})</span>
                {x.status !== 'final' && (
                  <span class={x.status === 'pending' ? 'tag warn' : 'tag'}>{DECISION_STATUS_SV[x.status] ?? x.status}</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="contacts">
        <h2 id="contacts">Kontakter</h2>
        {d.contacts.length === 0 ? (
          <p class="muted">Ingen kontakt registrerad.</p>
        ) : (
          <ul>
            {d.contacts.map((c) => (
              <li key={c.id}>
                {c.on}: {CONTACT_CHANNEL_SV[c.channel] ?? c.channel} –{' '}
                {c.outcome ? (CONTACT_OUTCOME_SV[c.outcome] ?? c.outcome) : c.reached ? 'nådd' : 'inte nådd'}
                {c.madeBy ? `, ${c.madeBy}` : ''}
                {c.unit ? ` (${c.unit})` : ''}
                {c.note ? <span class="muted"> – {c.note}</span> : null}
              </li>
            ))}
          </ul>
        )}
        {d.status === 'open' && (actor.role === 'coordinator' || actor.role === 'unit_rep') && (
          <form method="post" action={`/arenden/${d.id}/kontakter`} class="card no-print">
            <h3>Lägg till en kontakt</h3>
            <Csrf token={csrf} />
            <Field name="on" label="Datum" type="date" required value={contactValues?.on ?? todayInStockholm()} error={contactErrors?.on} />
            <Select
              name="channel"
              label="Kanal"
              options={Object.entries(CONTACT_CHANNEL_SV)}
              value={contactValues?.channel}
              error={contactErrors?.channel}
            />
            <Select
              name="outcome"
              label="Utfall"
              options={Object.entries(CONTACT_OUTCOME_SV)}
              value={contactValues?.outcome}
              error={contactErrors?.outcome ?? contactErrors?.reached}
            />
            <Field name="madeBy" label="Vem tog kontakten" value={contactValues?.madeBy ?? actor.name} error={contactErrors?.madeBy} />
            <Field
              name="note"
              label="Anteckning"
              value={contactValues?.note}
              error={contactErrors?.note}
              hint="Kort: det som behövs för uppföljningen."
            />
            <button type="submit">Spara kontakten</button>
          </form>
        )}
      </section>
      <section aria-labelledby="consents">
        <h2 id="consents">Samtycken och utbyten med hyresvärdar</h2>
        {d.consents.length === 0 ? (
          <p class="muted">Inget samtycke registrerat.</p>
        ) : (
          <table>
            <caption>Samtycken</caption>
            <thead>
              <tr>
                <th scope="col">Hyresvärd</th>
                <th scope="col">Kategorier</th>
                <th scope="col">Gäller</th>
                <th scope="col">Status</th>
                {writes && <th scope="col">Återkalla</th>}
              </tr>
            </thead>
            <tbody>
              {d.consents.map((c) => (
                <tr key={c.id}>
                  <td>{c.landlord.name}</td>
                  <td>{c.categories.map((k) => CATEGORY_SV[k] ?? k).join(', ')}</td>
                  <td>
                    {c.givenOn} – {c.validUntil ?? 'tills vidare'} ({c.form === 'written' ? 'skriftligt' : 'muntligt'}, {c.documentedBy})
                  </td>
                  <td>
                    {CONSENT_STATUS_SV[c.status] ?? c.status}
                    {c.withdrawnOn ? ` ${c.withdrawnOn}` : ''}
                  </td>
                  {writes && (
                    <td>{c.withdrawnOn ? '–' : <WithdrawConsentForm caseId={d.id} consentId={c.id} csrf={csrf} failed={failed} />}</td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {d.exchanges.length === 0 && <p class="muted">Inget har lämnats till eller tagits emot från någon hyresvärd.</p>}
        {d.exchanges.length > 0 && (
          <table>
            <caption>Vad som delats med vilken hyresvärd</caption>
            <thead>
              <tr>
                <th scope="col">Datum</th>
                <th scope="col">Hyresvärd</th>
                <th scope="col">Riktning</th>
                <th scope="col">Kategorier</th>
                <th scope="col">Vem</th>
              </tr>
            </thead>
            <tbody>
              {d.exchanges.map((x, i) => (
                <tr key={i}>
                  <td>{x.on}</td>
                  <td>{x.landlord.name}</td>
                  <td>{x.direction === 'to_landlord' ? 'Till hyresvärden' : 'Från hyresvärden'}</td>
                  <td>{x.categories.map((k) => CATEGORY_SV[k] ?? k).join(', ')}</td>
                  <td>{x.who}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {writes && <ConsentActions {...actionProps} />}
      </section>
      {writes && <CaseActions {...actionProps} role={actor.role} mayClose={mayClose} />}
      <section aria-labelledby="timeline">
        <h2 id="timeline">Tidslinje</h2>
        <ol>
          {d.timeline.map((e) => (
            <li key={e.id}>
              {stockholmTime(e.at)}: {CASE_EVENT_SV[e.kind] ?? e.kind} <span class="muted">({e.actor})</span>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
