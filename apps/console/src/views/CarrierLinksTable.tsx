import { useEffect, useState } from 'react';
import type { CarrierRow } from '../api.ts';
import { enquireLinkAge, formatRate, type LinkRates, nextLinkRates, noLinkRates } from '../link-rates.ts';

interface Props {
  rows: CarrierRow[] | undefined;
  error: string | null;
  loaded: boolean;
}

type Link = CarrierRow['links'][number];

const linkKey = (c: CarrierRow, l: Link) => `${c.id}:${l.ordinal}`;

/** A held link shows its state; one whose holder stopped renewing its lease is stale, whatever it said last. */
function shownState(l: Link): { text: string; good: boolean } {
  if (!l.held && l.state === 'bound') return { text: 'stale', good: false };
  return { text: l.state, good: l.state === 'bound' };
}

/** Every carrier's bind slots: who holds them, window use, submit rate, last enquire_link and errors. */
export function CarrierLinksTable({ rows, error, loaded }: Props) {
  const [rates, setRates] = useState<LinkRates>(noLinkRates);
  useEffect(() => {
    if (!rows) return;
    const samples = rows.flatMap((c) =>
      c.links.map((l) => ({
        key: linkKey(c, l),
        holder: l.holder,
        submitted: l.submitted,
        heartbeatAt: l.heartbeatAt,
      })),
    );
    setRates((previous) => nextLinkRates(previous, samples));
  }, [rows]);

  return (
    <section aria-labelledby="carriers-title">
      <h2 id="carriers-title">Carrier links</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <table aria-labelledby="carriers-title" aria-busy={!loaded}>
        <thead>
          <tr>
            <th scope="col">Carrier</th>
            <th scope="col">SMSC</th>
            <th scope="col">Routes</th>
            <th scope="col">Link</th>
            <th scope="col">State</th>
            <th scope="col">Held by</th>
            <th scope="col">Window</th>
            <th scope="col">TPS</th>
            <th scope="col">Submitted</th>
            <th scope="col">Last enquire_link</th>
            <th scope="col">Last error</th>
          </tr>
        </thead>
        <tbody>
          {rows?.flatMap((c) => {
            const common = {
              carrier: `${c.name}${c.enabled ? '' : ' (disabled)'}`,
              smsc: `${c.tls ? 'tls://' : ''}${c.host}:${c.port}`,
              routes: c.routes.map((r) => r.prefix).join(', '),
            };
            if (c.links.length === 0) {
              return [
                <tr key={c.id}>
                  <td>{common.carrier}</td>
                  <td>{common.smsc}</td>
                  <td>{common.routes}</td>
                  <td colSpan={8} className="empty">
                    No link reported yet
                  </td>
                </tr>,
              ];
            }
            return c.links.map((l) => {
              const state = shownState(l);
              return (
                <tr key={linkKey(c, l)}>
                  <td>{common.carrier}</td>
                  <td>{common.smsc}</td>
                  <td>{common.routes}</td>
                  <td>#{l.ordinal}</td>
                  <td>
                    <span className={`badge badge-${state.good ? 'good' : 'bad'}`}>{state.text}</span>
                  </td>
                  <td>{l.held ? l.holder : '—'}</td>
                  <td className="number" title="submit_sm awaiting an answer / window size">
                    {l.outstanding}/{c.window}
                  </td>
                  <td className="number" title={c.tps > 0 ? `limit ${c.tps} per bind` : 'no limit'}>
                    {formatRate(rates.rates.get(linkKey(c, l)))}
                  </td>
                  <td className="number">{l.submitted}</td>
                  <td>{enquireLinkAge(l.lastEnquireLinkAt, l.heartbeatAt)}</td>
                  <td>{l.lastError ?? ''}</td>
                </tr>
              );
            });
          })}
        </tbody>
      </table>
    </section>
  );
}
