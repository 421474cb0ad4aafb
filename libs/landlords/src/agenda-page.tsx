import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { ConsentCategory } from './entities';
import { LiaisonAgendaView, LiaisonCaseView, LiaisonGeneralView, LiaisonNoticesBySource, LiaisonSessionLandlordView } from './dto';

// The landlord's agenda for a liaison session as a printable Swedish page: the document handed over (on
// screen, on paper, or printed to PDF by the browser). Preact JSX rendered to a string escapes every value.
// PRINT_CSS and Page are written to move into a shared print module with the meeting agenda's.

export const CATEGORY_SV: Record<ConsentCategory, string> = {
  arrears_status: 'Skuldläge',
  repayment_plan: 'Avbetalningsplan',
  social_services_contact: 'Kontakt med socialtjänsten',
  support_measures: 'Stödinsatser',
  household: 'Hushållet',
};

const SOURCE_SV: Record<keyof LiaisonNoticesBySource, string> = {
  landlord_arrears: 'Hyresskuld (uppsägning, underrättelse från hyresvärd)',
  landlord_disturbance: 'Störningar (underrättelse från hyresvärd)',
  enforcement_application: 'Ansökan om avhysning (Kronofogden)',
  enforcement_eviction_date: 'Beslutat avhysningsdatum (Kronofogden)',
  other: 'Övriga underrättelser',
};

const DEADLINE_SV: Record<string, string> = { recovery_window: 'Återvinningsfrist t.o.m.', eviction: 'Avhysning' };

const MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];
/** 2026-12-02 → "2 december 2026". */
export const longDate = (iso: string): string => `${Number(iso.slice(8, 10))} ${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;

/** "12 345,50 kr" with non-breaking spaces, so that an amount never wraps. */
export const kronor = (sek: number): string => {
  const decimals = Number.isInteger(sek) ? 0 : 2;
  return `${sek.toLocaleString('sv-SE', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).replace(/\s/g, '\u00a0')}\u00a0kr`;
};

export const PRINT_CSS = `
  :root { color-scheme: light; }
  body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2rem; color: #111; font-size: 14px; line-height: 1.4; }
  header.doc { border-bottom: 2px solid #1d3b5a; margin-bottom: 1rem; }
  h1 { font-size: 1.6rem; margin: 0 0 .25rem; color: #1d3b5a; }
  h2 { font-size: 1.25rem; margin: 1.5rem 0 .5rem; color: #1d3b5a; }
  h3 { font-size: 1.05rem; margin: 0 0 .25rem; }
  .meta { color: #333; margin: 0 0 .5rem; }
  .marking { font-weight: bold; color: #8a1c1c; }
  .cancelled { border: 2px solid #8a1c1c; padding: .5rem 1rem; font-weight: bold; color: #8a1c1c; }
  table { width: 100%; border-collapse: collapse; margin-bottom: .5rem; }
  th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid #ccc; }
  th { background: #eef2f6; }
  td.count { text-align: right; white-space: nowrap; width: 8rem; }
  .amount { white-space: nowrap; }
  .note { color: #444; font-size: .9em; }
  article.case { border: 1px solid #999; padding: .5rem .75rem; margin: .75rem 0; }
  dl { display: grid; grid-template-columns: 14rem 1fr; gap: .2rem .75rem; margin: .5rem 0; }
  dt { font-weight: bold; }
  dd { margin: 0; }
  .notes { border-top: 1px dashed #999; margin-top: .5rem; padding-top: .25rem; min-height: 4.5rem; color: #666; }
  @page { size: A4; margin: 18mm 16mm 20mm; @bottom-center { content: "Sida " counter(page) " av " counter(pages); font-size: 9pt; } }
  @media print {
    body { margin: 0; font-size: 10.5pt; }
    th { background: none; }
    article.case, tr { break-inside: avoid; page-break-inside: avoid; }
  }
`;

export function Page(props: { title: string; children: ComponentChildren }) {
  return (
    <html lang="sv">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        <style dangerouslySetInnerHTML={{ __html: PRINT_CSS }} />
      </head>
      <body>{props.children}</body>
    </html>
  );
}

export const renderPage = (page: preact.VNode): string => `<!DOCTYPE html>\n${renderToString(page)}\n`;

function Party(props: { landlord: LiaisonSessionLandlordView; status: LiaisonAgendaView['status'] }) {
  const { landlord } = props;
  const attendance =
    props.status !== 'held' || landlord.attendees === null ? '' : landlord.attendees.length ? `: ${landlord.attendees.join(', ')}` : ': ingen närvarande';
  return (
    <li>
      {landlord.name} ({landlord.orgNumber}){attendance}
    </li>
  );
}

function General(props: { general: LiaisonGeneralView; landlord: string }) {
  const g = props.general;
  const sources = Object.keys(SOURCE_SV) as Array<keyof LiaisonNoticesBySource>;
  return (
    <section id="allman-del">
      <h2>Allmän del: läget i stadsdelen för {props.landlord}</h2>
      <p class="note">Antal, aldrig personer. Antal 1–4 visas som ”&lt;5” så att ingen kan pekas ut.</p>
      <table>
        <thead>
          <tr>
            <th>Underrättelser per slag</th>
            <th>Hittills i termin {g.term}</th>
            <th>Termin {g.previousTerm}</th>
          </tr>
        </thead>
        <tbody>
          {sources.map((s) => (
            <tr key={s}>
              <td>{SOURCE_SV[s]}</td>
              <td class="count">{g.noticesThisTermBySource[s]}</td>
              <td class="count">{g.noticesPreviousTermBySource[s]}</td>
            </tr>
          ))}
          <tr>
            <th>Summa underrättelser</th>
            <td class="count">{g.noticesThisTerm}</td>
            <td class="count">{g.noticesPreviousTerm}</td>
          </tr>
          <tr>
            <td>Genomförda avhysningar</td>
            <td class="count">{g.evictionsThisTerm}</td>
            <td class="count">{g.evictionsPreviousTerm}</td>
          </tr>
        </tbody>
      </table>
      <table>
        <tbody>
          <tr>
            <td>Öppna ärenden hos socialtjänsten i dag</td>
            <td class="count">{g.openCases}</td>
          </tr>
          <tr>
            <td>varav hushåll med barn</td>
            <td class="count">{g.householdsWithChildren}</td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}

function CategoryText(props: { category: ConsentCategory; item: LiaisonCaseView }) {
  const c = props.item.categories;
  switch (props.category) {
    case 'arrears_status': {
      const a = c.arrears_status!;
      return (
        <>
          <span class="amount">{kronor(a.arrearsSek)}</span>
          {a.monthsInArrears !== null ? `, ${a.monthsInArrears} ${a.monthsInArrears === 1 ? 'månad' : 'månader'}` : ''}
          {a.deadlines.map((d) => (
            <div key={`${d.kind}${d.dueOn}`}>
              {DEADLINE_SV[d.kind] ?? d.kind} {d.dueOn}
              {d.estimated ? ' (uppskattad)' : ''} <span class="note">– {d.rule}</span>
            </div>
          ))}
        </>
      );
    }
    case 'repayment_plan': {
      const r = c.repayment_plan!;
      return <>{r.lastExchangeOn ? `Senast diskuterad med er ${r.lastExchangeOn}.` : 'Inte diskuterad med er ännu.'}</>;
    }
    case 'social_services_contact': {
      const k = c.social_services_contact!;
      return <>{k.established ? `Kontakt etablerad sedan ${k.since}.` : 'Socialtjänsten har ännu inte nått hushållet.'}</>;
    }
    case 'support_measures': {
      const m = c.support_measures!;
      return <>{m.inPlace ? `Stöd pågår (${m.openNextSteps} planerade åtgärder).` : 'Inga planerade åtgärder just nu.'}</>;
    }
    case 'household': {
      const n = c.household!.childrenInHousehold;
      return <>{n === 0 ? 'Inga barn i hushållet.' : `${n} ${n === 1 ? 'barn' : 'barn'} i hushållet.`}</>;
    }
  }
}

function Case(props: { item: LiaisonCaseView }) {
  const { item } = props;
  const a = item.address;
  const address = [a.street, a.apartment ? `lgh ${a.apartment}` : null, [a.postalCode, a.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return (
    <article class="case">
      <h3>Ärende {item.number}</h3>
      <dl>
        <dt>Hyresgäst</dt>
        <dd>{item.tenantNames.join(', ') || '–'}</dd>
        <dt>Lägenhet</dt>
        <dd>{address || '–'}</dd>
        <dt>Samtycket omfattar</dt>
        <dd>{item.consentedCategories.map((c) => CATEGORY_SV[c]).join(', ')}</dd>
        {item.consentedCategories.map((category) => (
          <>
            <dt key={`t-${category}`}>{CATEGORY_SV[category]}</dt>
            <dd key={`d-${category}`}>
              <CategoryText category={category} item={item} />
            </dd>
          </>
        ))}
      </dl>
      <div class="notes">Anteckningar:</div>
    </article>
  );
}

/** The landlord's agenda: date and parties, the general part in counts, then only the consented cases, numbered. */
export function LiaisonAgendaPage(props: { agenda: LiaisonAgendaView }) {
  const { agenda } = props;
  const title = `Hyresvärdsmöte ${longDate(agenda.on)} – ${agenda.landlord.name}`;
  return (
    <Page title={title}>
      <header class="doc">
        <h1>Hyresvärdsmöte {longDate(agenda.on)}</h1>
        <p class="meta">
          Dagordning för {agenda.landlord.name} ({agenda.landlord.orgNumber})
        </p>
        <p class="meta">Parter: {agenda.district.name} (socialtjänsten) och de inbjudna hyresvärdarna:</p>
        <ul>
          {agenda.parties.map((p) => (
            <Party key={p.orgNumber} landlord={p} status={agenda.status} />
          ))}
        </ul>
        <p class="meta marking">
          Uppgifter om enskilda hushåll lämnas bara med hushållets samtycke och bara i de delar samtycket avser (offentlighets- och sekretesslagen 12
          kap. 2 §). Lämna inte uppgifterna vidare.
        </p>
      </header>
      {agenda.status === 'cancelled' && <p class="cancelled">Mötet är inställt.</p>}
      <General general={agenda.general} landlord={agenda.landlord.name} />
      <section id="arenden">
        <h2>Ärenden med samtycke ({agenda.cases.length})</h2>
        {agenda.cases.length === 0 ? (
          <p class="note">Inga ärenden med giltigt samtycke för {agenda.landlord.name} på mötesdagen.</p>
        ) : (
          agenda.cases.map((item) => <Case key={item.number} item={item} />)
        )}
      </section>
    </Page>
  );
}

export function renderLiaisonAgendaHtml(agenda: LiaisonAgendaView): string {
  return renderPage(<LiaisonAgendaPage agenda={agenda} />);
}
