import { type FormEvent, useId, useState } from 'react';
import { api, errorText, type NumberRow, type ServiceRow } from '../api.ts';
import {
  fieldOfServerError,
  KEYWORD_LANGUAGES,
  type KeywordField,
  type KeywordFields,
  keywordInput,
} from '../keyword-form.ts';
import { usePolling } from '../use-polling.ts';

// Configuration changes only when someone edits it; a slow refresh keeps two admins in step.
const REFRESH_MS = 30_000;

const LANGUAGE_NAMES: Record<(typeof KEYWORD_LANGUAGES)[number], string> = {
  es: 'Spanish (es)',
  ca: 'Catalan/Valencian (ca)',
  en: 'English (en)',
};

interface Props {
  /** Agency admins (and platform admins) may add keywords; others only read them. */
  canEdit: boolean;
  onApiError(error: unknown): void;
}

/** The agency's inbound numbers and its keywords on each, with a form to add one. */
export function KeywordsView({ canEdit, onApiError }: Props) {
  const numbers = usePolling(() => api.keywords.list.query(), REFRESH_MS, onApiError);
  const services = usePolling(() => api.services.list.query(), REFRESH_MS, onApiError);
  return (
    <>
      {canEdit && numbers.data && services.data && (
        <AddKeywordForm numbers={numbers.data} services={services.data} onAdded={numbers.refresh} />
      )}
      <section aria-labelledby="numbers-title">
        <h2 id="numbers-title">Numbers and keywords</h2>
        {numbers.error && (
          <p className="error" role="alert">
            {numbers.error}
          </p>
        )}
        {numbers.loaded && numbers.data?.length === 0 && (
          <p className="notice">
            This agency has no inbound number yet. A platform operator adds one with{' '}
            <code>pregon number add</code>.
          </p>
        )}
        {numbers.data?.map((n) => (
          <NumberTable key={n.number} row={n} />
        ))}
      </section>
    </>
  );
}

function NumberTable({ row }: { row: NumberRow }) {
  const id = useId();
  const kind = row.kind === 'shared' ? 'shared' : `dedicated to ${row.dedicatedService ?? 'another service'}`;
  return (
    <table aria-labelledby={id}>
      <caption id={id}>
        Number {row.number} ({kind})
      </caption>
      <thead>
        <tr>
          <th scope="col">Keyword</th>
          <th scope="col">Service</th>
          <th scope="col">Language</th>
          <th scope="col">Aliases</th>
          <th scope="col">Argument</th>
          <th scope="col">Allowed values</th>
          <th scope="col">Double opt-in</th>
        </tr>
      </thead>
      <tbody>
        {row.keywords.map((k) => (
          <tr key={k.id}>
            <td>{k.keyword}</td>
            <td title={k.service}>{k.serviceName}</td>
            <td>{k.language}</td>
            <td>{k.aliases.map((a) => `${a.word} (${a.language})`).join(', ')}</td>
            <td>{k.arg?.attribute ?? ''}</td>
            <td>{k.arg?.values.join(', ') ?? ''}</td>
            <td>{k.doubleOptIn ? 'yes' : 'no'}</td>
          </tr>
        ))}
        {row.keywords.length === 0 && (
          <tr>
            <td colSpan={7} className="empty">
              No keywords on this number yet.
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

const EMPTY: Omit<KeywordFields, 'number' | 'serviceSlug'> = {
  keyword: '',
  language: 'es',
  aliases: '',
  argAttribute: '',
  argValues: '',
  doubleOptIn: false,
};

type Problem = { field: KeywordField | null; message: string } | null;

function AddKeywordForm({
  numbers,
  services,
  onAdded,
}: {
  numbers: NumberRow[];
  services: ServiceRow[];
  onAdded(): void;
}) {
  const [fields, setFields] = useState<KeywordFields>(() => ({
    ...EMPTY,
    number: numbers[0]?.number ?? '',
    serviceSlug: services[0]?.slug ?? '',
  }));
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>(null);
  const [added, setAdded] = useState<string | null>(null);
  const ids = {
    number: useId(),
    serviceSlug: useId(),
    keyword: useId(),
    language: useId(),
    aliases: useId(),
    argAttribute: useId(),
    argValues: useId(),
    doubleOptIn: useId(),
  } satisfies Record<KeywordField, string>;

  function set<K extends KeywordField>(key: K, value: KeywordFields[K]) {
    setFields((f) => ({ ...f, [key]: value }));
  }

  /** aria props tying a field to its error, when the error is about that field. */
  function invalid(field: KeywordField) {
    return problem?.field === field
      ? { 'aria-invalid': true as const, 'aria-describedby': `${ids[field]}-error` }
      : {};
  }

  function fieldError(field: KeywordField) {
    if (problem?.field !== field) return null;
    return (
      <span id={`${ids[field]}-error`} className="error field-error" role="alert">
        {problem.message}
      </span>
    );
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setAdded(null);
    const read = keywordInput(fields);
    if (!read.ok) {
      setProblem({ field: read.field, message: read.message });
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const result = await api.keywords.add.mutate(read.input);
      setAdded(`${result.keyword} now answers on ${result.number} (${result.words.join(', ')}).`);
      setFields((f) => ({ ...f, ...EMPTY }));
      onAdded();
    } catch (e) {
      const message = errorText(e);
      setProblem({ field: fieldOfServerError(message, fields), message });
    } finally {
      setBusy(false);
    }
  }

  if (numbers.length === 0 || services.length === 0) return null;
  return (
    <section aria-labelledby="add-keyword-title" className="card">
      <h2 id="add-keyword-title">Add a keyword</h2>
      <form className="grid-form" onSubmit={submit} noValidate>
        <label htmlFor={ids.number}>Number</label>
        <div>
          <select
            id={ids.number}
            value={fields.number}
            onChange={(e) => set('number', e.target.value)}
            {...invalid('number')}
          >
            {numbers.map((n) => (
              <option key={n.number} value={n.number}>
                {n.number} ({n.kind})
              </option>
            ))}
          </select>
          {fieldError('number')}
        </div>
        <label htmlFor={ids.serviceSlug}>Service</label>
        <div>
          <select
            id={ids.serviceSlug}
            value={fields.serviceSlug}
            onChange={(e) => set('serviceSlug', e.target.value)}
            {...invalid('serviceSlug')}
          >
            {services.map((s) => (
              <option key={s.slug} value={s.slug}>
                {s.name}
              </option>
            ))}
          </select>
          {fieldError('serviceSlug')}
        </div>
        <label htmlFor={ids.keyword}>Keyword</label>
        <div>
          <input
            id={ids.keyword}
            value={fields.keyword}
            placeholder="ALERTAS"
            maxLength={40}
            onChange={(e) => set('keyword', e.target.value)}
            {...invalid('keyword')}
          />
          {fieldError('keyword')}
        </div>
        <label htmlFor={ids.language}>Keyword language</label>
        <div>
          <select
            id={ids.language}
            value={fields.language}
            onChange={(e) => set('language', e.target.value as KeywordFields['language'])}
          >
            {KEYWORD_LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </div>
        <label htmlFor={ids.aliases}>Aliases</label>
        <div>
          <input
            id={ids.aliases}
            value={fields.aliases}
            placeholder="ALERTES:ca, ALERTS:en"
            aria-describedby={problem?.field === 'aliases' ? `${ids.aliases}-error` : `${ids.aliases}-hint`}
            aria-invalid={problem?.field === 'aliases' ? true : undefined}
            onChange={(e) => set('aliases', e.target.value)}
          />
          <span id={`${ids.aliases}-hint`} className="hint">
            WORD:language, separated by commas; without a language, the keyword's.
          </span>
          {fieldError('aliases')}
        </div>
        <label htmlFor={ids.argAttribute}>Argument attribute</label>
        <div>
          <input
            id={ids.argAttribute}
            value={fields.argAttribute}
            placeholder="district"
            onChange={(e) => set('argAttribute', e.target.value)}
            {...invalid('argAttribute')}
          />
          {fieldError('argAttribute')}
        </div>
        <label htmlFor={ids.argValues}>Allowed values</label>
        <div>
          <input
            id={ids.argValues}
            value={fields.argValues}
            placeholder="Centro, Norte, Sur"
            onChange={(e) => set('argValues', e.target.value)}
            {...invalid('argValues')}
          />
          {fieldError('argValues')}
        </div>
        <label htmlFor={ids.doubleOptIn}>Double opt-in</label>
        <div>
          <input
            id={ids.doubleOptIn}
            type="checkbox"
            checked={fields.doubleOptIn}
            onChange={(e) => set('doubleOptIn', e.target.checked)}
          />{' '}
          <span className="hint">the citizen confirms with SI / YES within 24 h</span>
        </div>
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Adding…' : 'Add keyword'}
          </button>
          {problem?.field === null && (
            <p className="error" role="alert">
              {problem.message}
            </p>
          )}
          {added && (
            <p className="ok" role="status">
              {added}
            </p>
          )}
        </div>
      </form>
    </section>
  );
}
