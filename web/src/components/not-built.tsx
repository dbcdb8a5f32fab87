import { component$ } from '@builder.io/qwik';
import { Link } from '@builder.io/qwik-city';
import { useT, type MessageKey } from '../i18n';

/** What is built today, each with its link: the placeholder must stay true as pages arrive. */
const BUILT = [
  { href: '/orders', name: 'nav.orders', what: 'common.notBuilt.orders' },
  { href: '/stock', name: 'nav.stock', what: 'common.notBuilt.stock' },
  { href: '/channels', name: 'nav.channels', what: 'common.notBuilt.channels' },
  { href: '/settings', name: 'nav.settings', what: 'common.notBuilt.settings' },
] as const;

/** Says plainly that a page's capability is not built yet (issue #2: no stubs passed off as features). */
export const NotBuilt = component$((props: { nameKey: MessageKey }) => {
  const t = useT();
  const name = t(props.nameKey);
  return (
    <section class="card not-built">
      <h1>{name}</h1>
      <h2>{t('common.notBuilt.title')}</h2>
      <p>{t('common.notBuilt.body', { name })}</p>
      <ul id="built-now">
        {BUILT.map((b) => (
          <li key={b.href}>
            <Link prefetch={false} href={b.href}>
              {t(b.name)}
            </Link>
            : {t(b.what)}
          </li>
        ))}
      </ul>
    </section>
  );
});
