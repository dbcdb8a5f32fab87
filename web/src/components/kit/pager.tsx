import { Link } from '@builder.io/qwik-city';

/**
 * The kit's pager for keyset lists: back to the first page (a keyset cursor
 * cannot step back one page) and on to the next. Labels come from the page
 * (already translated); a plain function component with its props read
 * into locals first.
 */
export const Pager = (props: { firstHref?: string | null; nextHref?: string | null; firstLabel: string; nextLabel: string; id?: string }) => {
  const { firstHref, nextHref, firstLabel, nextLabel, id } = props;
  if (!firstHref && !nextHref) return null;
  return (
    <nav class="pager" id={id}>
      {firstHref && (
        <Link prefetch={false} href={firstHref} class="btn btn-small">
          « {firstLabel}
        </Link>
      )}
      {nextHref && (
        <Link prefetch={false} href={nextHref} class="btn btn-small" id={id ? `${id}-next` : undefined}>
          {nextLabel} »
        </Link>
      )}
    </nav>
  );
};
