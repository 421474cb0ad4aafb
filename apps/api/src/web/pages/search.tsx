import { CaseListView } from '@bosam/cases';
import { Csrf, Field, Notice } from '../layout';
import { FormErrors } from '../forms';
import { CaseRows } from './start';

/**
 * Search by name or identity number. The form posts (an identity number never goes into a URL, where
 * browser history and proxies would keep it), and a search names its reason, which the audit records.
 */
export function SearchPage({
  csrf,
  values,
  errors,
  result,
}: {
  csrf: string;
  values: Record<string, string>;
  errors?: FormErrors;
  result?: CaseListView;
}) {
  return (
    <>
      <h1>Sök ärende</h1>
      <form method="post" action="/sok" class="card">
        <Csrf token={csrf} />
        <Field name="q" label="Namn eller personnummer" required value={values.q} error={errors?.q} autocomplete="off" />
        <Field
          name="reason"
          label="Skäl för sökningen"
          required
          value={values.reason}
          error={errors?.reason}
          hint="T.ex. ”samtal från hyresvärden om hushållet”. Skälet sparas i loggen."
        />
        <button type="submit">Sök</button>
      </form>
      {errors?.form && <Notice kind="error">{errors.form}</Notice>}
      {result && (
        <section aria-labelledby="hits">
          <h2 id="hits" tabIndex={-1}>
            {result.total} träffar
          </h2>
          <CaseRows cases={result.items} caption="Ärenden som matchar sökningen" />
        </section>
      )}
    </>
  );
}
