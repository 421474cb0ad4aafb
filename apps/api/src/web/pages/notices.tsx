import { IMPORT_STATUS_SV, ImportView } from '@bosam/imports';
import { NOTICE_SOURCE_SV } from '@bosam/cases';
import { Csrf, Field, Notice, Select } from '../layout';
import { FormErrors, swedish } from '../forms';

export type NoticeValues = Record<string, string>;

/** A notice that came on paper: the API's fields, with the API's validation shown beside each. */
export function NoticeForm({
  csrf,
  values,
  errors,
  landlords,
}: {
  csrf: string;
  values: NoticeValues;
  errors?: FormErrors;
  landlords: Array<{ id: string; orgNumber: string; name: string }>;
}) {
  const f = (name: string, label: string, extra: Partial<Parameters<typeof Field>[0]> = {}) => (
    <Field name={name} label={label} value={values[name]} error={errors?.[name]} {...extra} />
  );
  return (
    <form method="post" action="/underrattelser" class="card" noValidate>
      <h2>Underrättelse på papper</h2>
      <Csrf token={csrf} />
      {errors && <Notice kind="error">Underrättelsen sparades inte. Rätta fälten som är markerade.</Notice>}
      {errors?.form && <Notice kind="error">{errors.form}</Notice>}
      <Select
        name="source"
        label="Typ av underrättelse"
        options={Object.entries(NOTICE_SOURCE_SV)}
        value={values.source}
        error={errors?.source}
      />
      {f('externalReference', 'Avsändarens referens', { required: true, hint: 'T.ex. ärendenummer hos hyresvärden eller Kronofogden.' })}
      <Select
        name="landlordOrgNumber"
        label="Hyresvärd"
        empty="Ingen eller okänd"
        options={landlords.map((l) => [l.id, `${l.name} (${l.orgNumber})`])}
        value={values.landlordOrgNumber}
        error={errors?.landlordOrgNumber}
      />
      {f('receivedOn', 'Mottagen', { type: 'date', required: true })}
      {f('tenantServedOn', 'Delgiven hyresgästen', { type: 'date' })}
      {f('boardNotifiedOn', 'Socialnämnden underrättad', { type: 'date' })}
      {f('evictionOn', 'Avhysningsdatum', { type: 'date' })}
      {f('arrearsSek', 'Hyresskuld (kr)', { inputmode: 'decimal', hint: 'T.ex. 12 345,50' })}
      {f('monthsInArrears', 'Antal månader', { type: 'number', min: '0' })}
      <fieldset>
        <legend>Adress</legend>
        {f('address.street', 'Gatuadress', { required: true, autocomplete: 'street-address' })}
        {f('address.postalCode', 'Postnummer', { required: true, autocomplete: 'postal-code' })}
        {f('address.city', 'Ort', { required: true, autocomplete: 'address-level2' })}
        {f('address.apartment', 'Lägenhetsnummer')}
      </fieldset>
      {[0, 1].map((i) => (
        <fieldset key={i}>
          <legend>Hyresgäst {i + 1}</legend>
          {f(`tenants[${i}].personnummer`, 'Personnummer eller samordningsnummer', { required: i === 0 })}
          {f(`tenants[${i}].name`, 'Namn', { required: i === 0 })}
        </fieldset>
      ))}
      {errors?.tenants && <p class="error">{errors.tenants}</p>}
      {f('childrenInHousehold', 'Antal barn i hushållet', { type: 'number', min: '0', required: true })}
      <div class="field">
        <label class="inline">
          <input type="checkbox" name="protectedIdentity" value="true" checked={values.protectedIdentity === 'true'} /> Skyddad identitet
        </label>
      </div>
      <button type="submit">Spara underrättelsen</button>
    </form>
  );
}

export function UploadForm({ csrf }: { csrf: string }) {
  return (
    <form
      method="post"
      action={`/underrattelser/fil?_csrf=${encodeURIComponent(csrf)}`}
      encType="multipart/form-data"
      class="card"
      data-upload
      data-progress="upload-progress"
      data-result="import-result"
    >
      <h2>Läs in en fil</h2>
      <p>
        CSV med rubrikrad, t.ex. från hyresvärdens system. <a href="/underrattelser/mall.csv">Hämta mallen</a>.
      </p>
      <div class="field">
        <label for="file">Fil</label>
        <input id="file" name="file" type="file" accept=".csv,text/csv" required />
      </div>
      <fieldset>
        <legend>Om en rad är fel</legend>
        <label class="inline">
          <input type="radio" name="mode" value="valid_rows" checked /> Läs in de rader som är rätt
        </label>{' '}
        <label class="inline">
          <input type="radio" name="mode" value="all_or_nothing" /> Läs inte in något
        </label>
      </fieldset>
      <div class="field">
        <label class="inline">
          <input type="checkbox" name="dryRun" value="true" /> Provläsning (sparar ingenting)
        </label>
      </div>
      <button type="submit">Läs in filen</button> <label for="upload-progress">Uppladdning</label>{' '}
      <progress id="upload-progress" max={100} value={0}></progress>
      <div id="import-result" tabIndex={-1} aria-live="polite"></div>
    </form>
  );
}

/** Where an import stands, polling itself while the worker reads the file; then the per-row report. */
export function ImportStatus({ imp, error }: { imp?: ImportView; error?: string }) {
  if (!imp) return <Notice kind="error">{error ?? 'Filen kunde inte tas emot.'}</Notice>;
  const busy = imp.status === 'queued' || imp.status === 'running';
  return (
    <div
      id={`import-${imp.id}`}
      hx-get={busy ? `/underrattelser/inlasningar/${imp.id}` : undefined}
      hx-trigger={busy ? 'every 1s' : undefined}
      hx-swap="outerHTML"
    >
      <p>
        {imp.filename}: <strong>{IMPORT_STATUS_SV[imp.status] ?? imp.status}</strong>
        {imp.dryRun ? ' (provläsning)' : ''}
      </p>
      <p>
        <label for={`import-progress-${imp.id}`}>Lästa rader</label>{' '}
        <progress id={`import-progress-${imp.id}`} max={imp.total ?? 1} value={imp.total ? imp.processed : 0}>
          {imp.processed}
        </progress>{' '}
        {imp.processed} av {imp.total ?? '?'}
      </p>
      {!busy && (
        <>
          <p>
            {imp.dryRun ? 'Skulle läsas in' : 'Inlästa'}: {imp.imported} · Dubbletter: {imp.duplicates} · Avvisade rader:{' '}
            {imp.rejectedCount}
          </p>
          {imp.failureReason && <Notice kind="error">Filen kunde inte läsas: {imp.failureReason}</Notice>}
          {imp.rejected.length > 0 && (
            <table>
              <caption>Avvisade rader</caption>
              <thead>
                <tr>
                  <th scope="col">Rad</th>
                  <th scope="col">Kolumn</th>
                  <th scope="col">Fel</th>
                </tr>
              </thead>
              <tbody>
                {imp.rejected.map((r, i) => (
                  <tr key={i}>
                    <td>{r.row}</td>
                    <td>{r.field}</td>
                    <td>{swedish(r.message)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {imp.rejectedCount > imp.rejected.length && (
            <p>
              Här visas de första {imp.rejected.length} av {imp.rejectedCount} avvisade raderna.{' '}
              <a href={`/underrattelser/inlasningar/${imp.id}/avvisade?fran=${imp.rejected.length + 1}`}>
                Visa resten av de avvisade raderna
              </a>
            </p>
          )}
        </>
      )}
    </div>
  );
}

export function NoticesPage(props: {
  csrf: string;
  values: NoticeValues;
  errors?: FormErrors;
  landlords: Array<{ id: string; orgNumber: string; name: string }>;
}) {
  return (
    <>
      <h1>Underrättelser</h1>
      <div class="grid">
        <NoticeForm csrf={props.csrf} values={props.values} errors={props.errors} landlords={props.landlords} />
        <UploadForm csrf={props.csrf} />
      </div>
    </>
  );
}
