import { component$ } from '@builder.io/qwik';
import { Link } from '@builder.io/qwik-city';
import { useMe } from '../layout';
import { useT, type MessageKey } from '../../../i18n';
import { titleHead } from '../../../components/settings/settings-nav';
import { AdminOnly } from '../../../components/settings/errors';

const CARDS: { href: string; title: MessageKey; body: MessageKey; icon: string }[] = [
  { href: '/settings/users', title: 'settings.card.users', body: 'settings.card.users.body', icon: '人' },
  { href: '/settings/security', title: 'settings.card.security', body: 'settings.card.security.body', icon: '鍵' },
  { href: '/settings/shop', title: 'shop.title', body: 'shop.card.body', icon: '舗' },
  { href: '/settings/carriers', title: 'carrier.title', body: 'carrier.card.body', icon: '便' },
  { href: '/settings/api-tokens', title: 'settings.card.tokens', body: 'settings.card.tokens.body', icon: '符' },
  { href: '/settings/logs', title: 'settings.card.logs', body: 'settings.card.logs.body', icon: '録' },
];

/** 設定: the way into users, security, API tokens and logs (admins only). */
export default component$(() => {
  const state = useMe();
  const t = useT();
  const me = state.value.refused ? null : state.value.me;
  if (!me) return null;
  const admin = me.user.role === 'admin';
  const platform = admin && me.account.isPlatform;
  return (
    <>
      <h1 class="page-title">{t('settings.title')}</h1>
      <p class="lead">{t('settings.lead')}</p>
      {!admin ? (
        <AdminOnly />
      ) : (
        <div class="cards" id="settings-cards">
          {CARDS.map((c) => (
            <Link prefetch={false} key={c.href} href={c.href} class="card card-link settings-card">
              <h2>
                <span class="settings-card-icon" aria-hidden="true">
                  {c.icon}
                </span>
                {t(c.title)}
              </h2>
              <p class="muted">{t(c.body)}</p>
            </Link>
          ))}
          {platform && (
            <Link prefetch={false} href="/platform" class="card card-link settings-card">
              <h2>
                <span class="settings-card-icon" aria-hidden="true">
                  運
                </span>
                {t('settings.card.platform')}
              </h2>
              <p class="muted">{t('settings.card.platform.body')}</p>
            </Link>
          )}
        </div>
      )}
    </>
  );
});

export const head = titleHead('settings.title');
