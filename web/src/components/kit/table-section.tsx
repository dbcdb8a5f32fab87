import type { JSXChildren } from '@builder.io/qwik';

export type Column = string | { label: string; num?: boolean };

/**
 * The kit's list: a titled section with a scrolling table, its header row,
 * an empty-state row, and the count beside the title. The page renders the
 * rows. A plain function component (the rows may hold Forms and dialogs),
 * with its props read into locals first, never `props.x` in JSX.
 */
export const TableSection = (props: { id: string; title?: string; count?: string; columns: Column[]; empty?: string | null; children?: JSXChildren }) => {
  const { id, title, count, columns, empty, children } = props;
  return (
    <section class="section">
      {title && (
        <h2>
          {title}
          {count && <span class="muted count"> {count}</span>}
        </h2>
      )}
      <div class="table-wrap">
        <table id={id}>
          <thead>
            <tr>
              {columns.map((c, i) =>
                typeof c === 'string' ? (
                  <th key={i}>{c}</th>
                ) : (
                  <th key={i} class={c.num ? 'num' : undefined}>
                    {c.label}
                  </th>
                ),
              )}
            </tr>
          </thead>
          <tbody>
            {empty && (
              <tr>
                <td colSpan={columns.length} class="muted empty">
                  {empty}
                </td>
              </tr>
            )}
            {children}
          </tbody>
        </table>
      </div>
    </section>
  );
};
