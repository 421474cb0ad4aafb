import { CaseListItem, DEADLINE_KIND_SV } from '@bosam/cases';
import { IndicatorsReportView } from '@bosam/evaluation';
import { IMPORT_STATUS_SV, ImportView } from '@bosam/imports';
import { MeetingView, NextStepView } from '@bosam/meetings';
import { Actor, AuditEntryView } from '@bosam/platform';
import { kronor, stockholmTime } from '../format';
import { Figures } from './evaluation';
import { StepsTable } from './next-steps';

export interface CoordinatorStart {
  nextMeeting?: MeetingView;
  deadlines: CaseListItem[];
  overdue: NextStepView[];
  imports: ImportView[];
}

export const tenantsOf = (c: Pick<CaseListItem, 'tenants'>): string =>
  c.tenants.map((t) => `${t.name ?? 'Namn saknas'} (${t.personnummer})`).join(', ');

export function CaseRows({ cases, caption }: { cases: CaseListItem[]; caption: string }) {
  if (cases.length === 0) return <p class="muted">Inga ärenden.</p>;
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Hushåll</th>
          <th scope="col">Barn</th>
          <th scope="col">Skuld</th>
          <th scope="col">Närmaste frist</th>
          <th scope="col">Enheter</th>
        </tr>
      </thead>
      <tbody>
        {cases.map((c) => (
          <tr key={c.id}>
            <td>
              <a href={`/arenden/${c.id}`}>{tenantsOf(c)}</a>
              {c.protectedIdentity && <span class="tag warn">Skyddad identitet</span>}
            </td>
            <td class={c.childrenInHousehold > 0 ? 'children' : undefined}>{c.childrenInHousehold}</td>
            <td>{kronor(c.arrearsSek)}</td>
            <td>{c.nextDeadline ? `${DEADLINE_KIND_SV[c.nextDeadline.kind] ?? c.nextDeadline.kind} ${c.nextDeadline.dueOn}` : '–'}</td>
            <td>{c.units.join(', ') || '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function CoordinatorStartPage({ actor, data }: { actor: Actor; data: CoordinatorStart }) {
  const { nextMeeting, deadlines, overdue, imports } = data;
  return (
    <>
      <h1>Välkommen, {actor.name}</h1>
      <div class="grid">
        <section class="card" aria-labelledby="next-meeting">
          <h2 id="next-meeting">Nästa möte</h2>
          {nextMeeting ? (
            <>
              <p>{stockholmTime(nextMeeting.startsAt)}</p>
              <p>
                <a href={`/moten/${nextMeeting.id}`}>Öppna mötet och dagordningen</a>
              </p>
            </>
          ) : (
            <p class="muted">Inget möte är planerat.</p>
          )}
        </section>
        <section class="card" aria-labelledby="imports">
          <h2 id="imports">Filinläsningar</h2>
          {imports.length === 0 ? (
            <p class="muted">Inga pågående inläsningar.</p>
          ) : (
            <ul>
              {imports.map((i) => (
                <li key={i.id}>
                  <a href={`/underrattelser/inlasningar/${i.id}`}>{i.filename}</a>: {IMPORT_STATUS_SV[i.status] ?? i.status}, {i.processed}{' '}
                  av {i.total ?? '?'} rader
                </li>
              ))}
            </ul>
          )}
          <p>
            <a href="/underrattelser/ny">Registrera en underrättelse eller läs in en fil</a>
          </p>
        </section>
      </div>
      <section aria-labelledby="deadlines">
        <h2 id="deadlines">Frister före nästa möte</h2>
        <CaseRows cases={deadlines} caption="Öppna ärenden med en lagstadgad frist före nästa möte" />
      </section>
      <section aria-labelledby="overdue">
        <h2 id="overdue">Försenade nästa steg</h2>
        <StepsTable steps={overdue} caption="Nästa steg som passerat sitt datum" />
      </section>
    </>
  );
}

export function UnitRepStartPage(props: {
  actor: Actor;
  unitName: string;
  open: NextStepView[];
  overdue: NextStepView[];
  cases: CaseListItem[];
  csrf: string;
}) {
  return (
    <>
      <h1>{props.unitName}</h1>
      <p>Inloggad som {props.actor.name}.</p>
      <section aria-labelledby="overdue">
        <h2 id="overdue">Försenade steg</h2>
        <StepsTable steps={props.overdue} caption="Enhetens försenade nästa steg" csrf={props.csrf} actor={props.actor} />
      </section>
      <section aria-labelledby="open">
        <h2 id="open">Öppna steg</h2>
        <StepsTable
          steps={props.open.filter((s) => !s.overdue)}
          caption="Enhetens öppna nästa steg"
          csrf={props.csrf}
          actor={props.actor}
        />
      </section>
      <section aria-labelledby="cases">
        <h2 id="cases">Enhetens ärenden</h2>
        <CaseRows cases={props.cases} caption="Öppna ärenden där klienten är känd hos enheten" />
      </section>
    </>
  );
}

export function EvaluatorStartPage({ actor, report }: { actor: Actor; report: IndicatorsReportView }) {
  return (
    <>
      <h1>Terminens siffror</h1>
      <p>
        {actor.district}, termin {report.term} ({report.from} – {report.to}). <a href="/utvardering">Hela utvärderingen och export</a>
      </p>
      <Figures report={report} />
    </>
  );
}

export function AuditorStartPage({ entries }: { entries: AuditEntryView[] }) {
  return (
    <>
      <h1>Loggen</h1>
      <p>De senaste läsningarna och ändringarna i stadsdelen (högst 200).</p>
      <table>
        <caption>Loggposter, nyaste först</caption>
        <thead>
          <tr>
            <th scope="col">När</th>
            <th scope="col">Vem</th>
            <th scope="col">Vad</th>
            <th scope="col">Väg</th>
            <th scope="col">Skäl</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{stockholmTime(e.at)}</td>
              <td>
                {e.actor} ({e.role})
              </td>
              <td>
                {e.action} {e.entityType} ({e.entityIds.length})
              </td>
              <td>{e.route ?? '–'}</td>
              <td>{e.reason ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
