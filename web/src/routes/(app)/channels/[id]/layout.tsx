import { component$, Slot } from '@builder.io/qwik';
import { Link, routeLoader$, useLocation } from '@builder.io/qwik-city';
import { api } from '../../../../lib/api';
import { loadFailure } from '../../../../lib/action';
import type { ChannelStatus, ChannelView } from '../../../../lib/channels';
import { useT, type MessageKey } from '../../../../i18n';

/** One store: its record and status, shared by its pages (status and setup, listings, stock by SKU, failed jobs). */
export const useChannel = routeLoader$(async (ev) => {
  const id = encodeURIComponent(ev.params.id);
  const [c, s] = await Promise.all([api<ChannelView>(ev, `/channels/${id}`), api<ChannelStatus>(ev, `/channels/${id}/status`)]);
  if (!c.ok) return { ...loadFailure(ev, c), channel: null, status: null };
  return { error: null, channel: c.data, status: s.ok ? s.data : null };
});

export default component$(() => {
  const t = useT();
  const data = useChannel();
  const loc = useLocation();
  const c = data.value.channel;
  if (!c) {
    return (
      <>
        <p class="crumbs">
          <Link prefetch={false} href="/channels">{t('channels.back')}</Link> ›
        </p>
        <p class="alert alert-warn" role="alert" id="channel-missing">
          {data.value.error?.status === 404 ? t('channels.notFound') : data.value.error?.message}
        </p>
      </>
    );
  }
  const s = data.value.status;
  const base = `/channels/${encodeURIComponent(c.id)}`;
  const path = loc.url.pathname.replace(/\/$/, '');
  const tabs: { href: string; key: MessageKey; count?: number; warn?: boolean }[] = [
    { href: base, key: 'channels.tab.overview' },
    { href: `${base}/listings`, key: 'channels.tab.listings' },
    { href: `${base}/stock`, key: 'channels.tab.stock', count: s?.drift.length || undefined, warn: true },
    { href: `${base}/dead-letters`, key: 'channels.tab.deadLetters', count: s?.deadLetters || undefined },
  ];
  return (
    <>
      <p class="crumbs">
        <Link prefetch={false} href="/channels">{t('channels.back')}</Link> ›
      </p>
      <div class="page-head channel-head">
        <h1 class="page-title">
          {c.name} <span class={`mall mall-${c.type}`}>{t(`channels.type.${c.type}` as MessageKey)}</span>
        </h1>
      </div>
      <nav class="tabs" aria-label={c.name}>
        {tabs.map((x) => (
          <Link key={x.href} href={x.href} prefetch={false} class={{ tab: true, active: path === x.href }} aria-current={path === x.href ? 'page' : undefined}>
            {t(x.key)}
            {x.count ? <span class={x.warn ? 'badge badge-warn tab-count' : 'badge badge-err tab-count'}>{x.count >= 100 && x.warn ? '100+' : x.count}</span> : null}
          </Link>
        ))}
      </nav>
      <Slot />
    </>
  );
});
