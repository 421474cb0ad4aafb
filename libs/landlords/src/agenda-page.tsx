import type { VNode } from 'preact';
import { DEADLINE_RULE_NOTES } from '@bosam/calendar';
import { DEADLINE_KIND_SV, NOTICE_SOURCE_SV } from '@bosam/cases';
import { formatKronor, PrintDocument, renderPage, SECRECY_MARKING, swedishLongDate } from '@bosam/platform';
import { LiaisonAgendaView, LiaisonCaseView, LiaisonGeneralView, LiaisonNoticesBySource, LiaisonSessionLandlordView } from './dto';
import { ConsentCategory } from './entities';
import { CATEGORY_SV } from './labels';

// The landlord's agenda for a liaison session as a printable Swedish page: the document handed over (on
// screen, on paper, or printed to PDF). It goes through the same print frame as the meeting agenda
// (PrintDocument, PRINT_CSS, printToPdf in @bosam/platform); Preact escapes every value.

// The general part counts notices by kind; a recovery window is shown with its last day.
const SOURCES = Object.keys(NOTICE_SOURCE_SV) as Array<keyof LiaisonNoticesBySource>;
const DEADLINE_SV: Record<string, string> = { ...DEADLINE_KIND_SV, recovery_window: `${DEADLINE_KIND_SV.recovery_window} t.o.m.` };
type Note = keyof typeof DEADLINE_RULE_NOTES;

function Party({ landlord, held }: { landlord: LiaisonSessionLandlordView; held: boolean }): VNode {
  const attendance =
    !held || landlord.attendees === null ? '' : landlord.attendees.length ? `: ${landlord.attendees.join(', ')}` : ': ingen närvarande';
  return (
    <li>
      {landlord.name} ({landlord.orgNumber}){attendance}
    </li>
  );
}

function General({ general: g, landlord }: { general: LiaisonGeneralView; landlord: string }): VNode {
  const sources = SOURCES;
  return (
    <section id="allman-del">
      <h2>Allmän del: läget i stadsdelen för {landlord}</h2>
      <p class="muted">Antal, aldrig personer. Antal 1–4 visas som ”&lt;5” så att ingen kan pekas ut.</p>
      <table class="print general">
        <thead>
          <tr>
            <th>Underrättelser per slag</th>
            <th class="amount">Hittills i termin {g.term}</th>
            <th class="amount">Termin {g.previousTerm}</th>
          </tr>
        </thead>
        <tbody>
          {sources.map((s) => (
            <tr>
              <td>{NOTICE_SOURCE_SV[s]}</td>
              <td class="amount">{g.noticesThisTermBySource[s]}</td>
              <td class="amount">{g.noticesPreviousTermBySource[s]}</td>
            </tr>
          ))}
          <tr>
            <td>
              <strong>Summa underrättelser</strong>
            </td>
            <td class="amount">
              <strong>{g.noticesThisTerm}</strong>
            </td>
            <td class="amount">
              <strong>{g.noticesPreviousTerm}</strong>
            </td>
          </tr>
          <tr>
            <td>Genomförda avhysningar</td>
            <td class="amount">{g.evictionsThisTerm}</td>
            <td class="amount">{g.evictionsPreviousTerm}</td>
          </tr>
          <tr>
            <td>Öppna ärenden hos socialtjänsten i dag</td>
            <td class="amount">{g.openCases}</td>
            <td />
          </tr>
          <tr>
            <td>varav hushåll med barn</td>
            <td class="amount">{g.householdsWithChildren}</td>
            <td />
          </tr>
        </tbody>
      </table>
    </section>
  );
}

function CategoryText({ category, item, note }: { category: ConsentCategory; item: LiaisonCaseView; note: (n: Note) => number }): VNode {
  const c = item.categories;
  switch (category) {
    case 'arrears_status': {
      const a = c.arrears_status!;
      return (
        <>
          <span class="amount">{formatKronor(a.arrearsSek)}</span>
          {a.monthsInArrears !== null ? `, ${a.monthsInArrears} ${a.monthsInArrears === 1 ? 'månad' : 'månader'}` : ''}
          {a.deadlines.map((d) => (
            <div class="nowrap">
              {DEADLINE_SV[d.kind] ?? d.kind} {d.dueOn}
              {d.kind in DEADLINE_RULE_NOTES ? <sup>{note(d.kind as Note)}</sup> : null}
              {d.estimated ? (
                <>
                  {' '}
                  uppskattad<sup>{note('estimated')}</sup>
                </>
              ) : null}
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
      return <>{n === 0 ? 'Inga barn i hushållet.' : `${n} barn i hushållet.`}</>;
    }
  }
}

function CaseRow({ item, note }: { item: LiaisonCaseView; note: (n: Note) => number }): VNode {
  const a = item.address;
  const address = [a.street, a.apartment ? `lgh ${a.apartment}` : null, [a.postalCode, a.city].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
  return (
    <tr>
      <td class="nr">{item.number}</td>
      <td>
        <strong>Ärende {item.number}</strong>
        <br />
        {item.tenantNames.join(', ') || '–'}
        <br />
        <small>{address || '–'}</small>
        <br />
        <small class="muted">Samtycket omfattar: {item.consentedCategories.map((c) => CATEGORY_SV[c]).join(', ')}</small>
      </td>
      <td>
        <ul>
          {item.consentedCategories.map((category) => (
            <li>
              <strong>{CATEGORY_SV[category]}:</strong> <CategoryText category={category} item={item} note={note} />
            </li>
          ))}
        </ul>
      </td>
      <td class="notes" />
    </tr>
  );
}

/** The landlord's agenda: date and parties, the general part in counts, then only the consented cases, numbered. */
export function LiaisonAgendaPage({ agenda }: { agenda: LiaisonAgendaView }): VNode {
  // Each legal rule once, as a footnote numbered in reading order.
  const order: Note[] = [];
  const note = (n: Note): number => (order.includes(n) ? order.indexOf(n) : order.push(n) - 1) + 1;
  for (const d of agenda.cases.flatMap((c) => c.categories.arrears_status?.deadlines ?? [])) {
    if (d.kind in DEADLINE_RULE_NOTES) note(d.kind as Note);
    if (d.estimated) note('estimated');
  }
  const title = `Hyresvärdsmöte ${agenda.on} – ${agenda.landlord.name}`;
  const held = agenda.status === 'held';
  return (
    <PrintDocument title={title}>
      <p class="secrecy">{SECRECY_MARKING}</p>
      <h1>Hyresvärdsmöte {swedishLongDate(agenda.on)}</h1>
      <p class="meta">
        Dagordning för {agenda.landlord.name} ({agenda.landlord.orgNumber}) ·{' '}
        {held ? 'Mötet är hållet' : agenda.status === 'cancelled' ? 'Mötet är inställt' : 'Planerat möte'}
      </p>
      <p class="meta">
        Parter: {agenda.district.name} (socialtjänsten) och de inbjudna hyresvärdarna{held ? ', med närvarande' : ''}:
      </p>
      <ul>
        {agenda.parties.map((p) => (
          <Party landlord={p} held={held} />
        ))}
      </ul>
      <p class="secrecy">
        Uppgifter om enskilda hushåll lämnas bara med hushållets samtycke och bara i de delar samtycket avser (offentlighets- och
        sekretesslagen 12 kap. 2 §). Lämna inte uppgifterna vidare.
      </p>
      {agenda.status === 'cancelled' ? <div class="warnings">Mötet är inställt.</div> : null}
      <General general={agenda.general} landlord={agenda.landlord.name} />
      <h2>Ärenden med samtycke ({agenda.cases.length})</h2>
      {agenda.cases.length === 0 ? (
        <p class="empty">Inga ärenden med giltigt samtycke för {agenda.landlord.name} på mötesdagen.</p>
      ) : (
        <table class="print liaison">
          <thead>
            <tr>
              <th>Nr</th>
              <th>Hushåll</th>
              <th>Uppgifter som samtycket omfattar</th>
              <th>Anteckningar</th>
            </tr>
          </thead>
          <tbody>
            {agenda.cases.map((item) => (
              <CaseRow item={item} note={note} />
            ))}
          </tbody>
        </table>
      )}
      {order.length ? (
        <div class="footnotes">
          {order.map((n, i) => (
            <p>
              <sup>{i + 1}</sup> {DEADLINE_RULE_NOTES[n]}
            </p>
          ))}
        </div>
      ) : null}
    </PrintDocument>
  );
}

export function renderLiaisonAgendaHtml(agenda: LiaisonAgendaView): string {
  return renderPage(<LiaisonAgendaPage agenda={agenda} />);
}
