import { component$ } from '@builder.io/qwik';
import { Link, type DocumentHead } from '@builder.io/qwik-city';
import { useMe } from './layout';
import { useT } from '../../i18n';

export default component$(() => {
  const state = useMe();
  const t = useT();
  if (state.value.refused) return null;
  const me = state.value.me!;
  const nudge = me.user.role === 'admin' && !me.user.mfa.totp;
  return (
    <>
      <h1 class="page-title">{t('dashboard.title')}</h1>
      <p class="lead">{t('dashboard.welcome', { name: me.user.name })}</p>
      {nudge && (
        <p class="alert alert-warn" id="mfa-nudge">
          {t('dashboard.mfaNudge')} <Link href="/account">{t('dashboard.mfaNudgeLink')}</Link>
        </p>
      )}
      <div class="cards">
        <Link href="/orders" class="card card-link">
          <h2>{t('dashboard.cards.orders')}</h2>
          <p class="muted">{t('dashboard.cards.comingSoon')}</p>
        </Link>
        <Link href="/stock" class="card card-link">
          <h2>{t('dashboard.cards.stock')}</h2>
          <p class="muted">{t('dashboard.cards.comingSoon')}</p>
        </Link>
        <Link href="/channels" class="card card-link">
          <h2>{t('dashboard.cards.channels')}</h2>
          <p class="muted">{t('dashboard.cards.comingSoon')}</p>
        </Link>
        <Link href="/account" class="card card-link">
          <h2>{t('dashboard.cards.security')}</h2>
          <p>
            {t('dashboard.security.mfa')}: <strong>{me.user.mfa.totp ? t('dashboard.security.on') : t('dashboard.security.off')}</strong>
          </p>
        </Link>
      </div>
    </>
  );
});

export const head: DocumentHead = { title: 'ダッシュボード' };
