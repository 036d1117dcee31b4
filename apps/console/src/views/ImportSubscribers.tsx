import { type FormEvent, useId, useState } from 'react';
import { api, errorText, type ImportReport } from '../api.ts';

interface Props {
  service: string;
  onImported(): void;
}

/**
 * A CSV into the service: Validate reports only; Import writes every row or, with any error, none,
 * and the report lists each error by row, field and reason.
 */
export function ImportSubscribers({ service, onImported }: Props) {
  const [file, setFile] = useState<File | null>(null);
  const [spanish, setSpanish] = useState(true);
  const [busy, setBusy] = useState<'validate' | 'import' | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fileId = useId();
  const hintId = useId();

  async function run(mode: 'validate' | 'import') {
    if (!file) {
      setError('Choose a CSV file first.');
      return;
    }
    setBusy(mode);
    setError(null);
    setReport(null);
    try {
      const csv = await file.text();
      const result = await api.subscribers.import.mutate({
        serviceSlug: service,
        csv,
        mode,
        ...(spanish ? { defaultCountry: 'ES' as const } : {}),
      });
      setReport(result);
      if (result.imported > 0) onImported();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void run('import');
  }

  return (
    <section aria-labelledby="import-title" className="card">
      <h2 id="import-title">Import subscribers into {service}</h2>
      <form className="import" onSubmit={submit}>
        <label htmlFor={fileId}>CSV file</label>
        <input
          id={fileId}
          type="file"
          accept=".csv,text/csv"
          aria-describedby={hintId}
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setReport(null);
          }}
        />
        <p id={hintId} className="hint">
          A header row: <code>phone</code>, optionally <code>language</code> (es, ca, en) and one column per
          attribute (district, school). With any error, nothing is imported.
        </p>
        <label className="inline">
          <input type="checkbox" checked={spanish} onChange={(e) => setSpanish(e.target.checked)} /> Read
          numbers without + as Spanish (+34)
        </label>
        <div className="actions">
          <button
            type="button"
            className="secondary"
            disabled={busy !== null}
            onClick={() => void run('validate')}
          >
            {busy === 'validate' ? 'Validating…' : 'Validate'}
          </button>
          <button type="submit" disabled={busy !== null}>
            {busy === 'import' ? 'Importing…' : 'Import'}
          </button>
        </div>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {report && <ImportReportView report={report} />}
    </section>
  );
}

function summary(r: ImportReport): string {
  const skipped = r.skipped.length > 0 ? `, ${r.skipped.length} skipped (opted out)` : '';
  if (r.errors.length > 0)
    return `${r.errors.length} error${r.errors.length === 1 ? '' : 's'} in ${r.rows} rows: nothing was imported.`;
  if (r.mode === 'validate') return `All ${r.rows} rows are valid${skipped}. Nothing imported yet.`;
  return `Imported ${r.imported} of ${r.rows} rows${skipped}.`;
}

function ImportReportView({ report }: { report: ImportReport }) {
  const failed = report.errors.length > 0;
  return (
    <div className="report">
      <p className={failed ? 'error' : 'ok'} role={failed ? 'alert' : 'status'}>
        {summary(report)}
      </p>
      {failed && (
        <table>
          <caption>Rows with errors</caption>
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Field</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {report.errors.map((e) => (
              <tr key={`${e.row}:${e.field}:${e.reason}`}>
                <td className="number">{e.row}</td>
                <td>{e.field}</td>
                <td>{e.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {report.skipped.length > 0 && (
        <table>
          <caption>Skipped: in the opt-out ledger</caption>
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Phone</th>
            </tr>
          </thead>
          <tbody>
            {report.skipped.map((s) => (
              <tr key={s.row}>
                <td className="number">{s.row}</td>
                <td>{s.phone}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
