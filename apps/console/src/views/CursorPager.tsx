import { useState } from 'react';

/**
 * Newest-first pages walked by cursor (the last row's id): the cursors stack lets "Newer" step back.
 * `before` is what the list query takes; a page shorter than `pageSize` is the last one.
 */
export function useCursorPages() {
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  return {
    before: cursors.at(-1),
    /** Past the first page: an empty page means "no older rows", not "none at all". */
    paged: cursors.length > 1,
    newer: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
    older: (lastId: string) => setCursors((c) => [...c, lastId]),
  };
}

export function CursorPager({
  label,
  pages,
  rows,
  pageSize,
}: {
  label: string;
  pages: ReturnType<typeof useCursorPages>;
  rows: ReadonlyArray<{ id: string }>;
  pageSize: number;
}) {
  const last = rows.at(-1);
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" className="secondary" disabled={!pages.paged} onClick={pages.newer}>
        Newer
      </button>
      <button
        type="button"
        className="secondary"
        disabled={rows.length < pageSize || !last}
        onClick={() => last && pages.older(last.id)}
      >
        Older
      </button>
    </nav>
  );
}
