import { component$ } from '@builder.io/qwik';
import { Link, useLocation, type DocumentHead } from '@builder.io/qwik-city';
import { getLocale } from '@builder.io/qwik';
import { toLocale, translate, useT, type MessageKey } from '../../i18n';

const ITEMS: { href: string; key: MessageKey }[] = [
  { href: '/settings/users', key: 'settings.card.users' },
  { href: '/settings/security', key: 'settings.card.security' },
  { href: '/settings/shop', key: 'shop.title' },
  { href: '/settings/carriers', key: 'carrier.title' },
  { href: '/settings/api-tokens', key: 'settings.card.tokens' },
  { href: '/settings/logs', key: 'settings.card.logs' },
];

/** The settings area's own tabs, above each settings page. */
export const SettingsNav = component$(() => {
  const t = useT();
  const path = useLocation().url.pathname;
  return (
    <nav class="subnav" aria-label={t('settings.title')}>
      <Link prefetch={false} href="/settings" class="subnav-home">
        {t('settings.title')}
      </Link>
      <span class="subnav-sep" aria-hidden="true">
        ›
      </span>
      {ITEMS.map((i) => {
        const on = path === i.href || path.startsWith(i.href + '/');
        return (
          <Link prefetch={false} key={i.href} href={i.href} class={{ 'subnav-item': true, active: on }} aria-current={on ? 'page' : undefined}>
            {t(i.key)}
          </Link>
        );
      })}
    </nav>
  );
});

/** A page title in the reader's language. */
export const titleHead =
  (key: MessageKey): DocumentHead =>
  ({ withLocale }) => ({ title: withLocale(() => translate(toLocale(getLocale('ja')), key)) });
