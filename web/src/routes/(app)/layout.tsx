import { component$, Slot } from '@builder.io/qwik';
import { Form, Link, routeAction$, routeLoader$, useLocation } from '@builder.io/qwik-city';
import { api } from '../../lib/api';
import type { Me } from '../../lib/me';
import { useT, type MessageKey } from '../../i18n';
import { LangSwitch } from '../../components/lang-switch';

/**
 * The signed-in shell. Every page under (app) loads /me through the API: no
 * session → the login page; IP or country refused → the refusal, no data;
 * MFA required but not set up → the account page until it is.
 */
export type ShellState = { refused: string; me?: undefined } | { refused: null; me: Me };

export const useMe = routeLoader$(async (ev): Promise<ShellState> => {
  const r = await api<Me>(ev, '/me');
  if (!r.ok) {
    if (r.status === 401) throw ev.redirect(302, `/login?next=${encodeURIComponent(ev.url.pathname + ev.url.search)}`);
    ev.status(r.status);
    return { refused: r.error.code };
  }
  if (r.data.user.mfa.enrolmentRequired && ev.url.pathname !== '/account') throw ev.redirect(302, '/account');
  return { refused: null, me: r.data };
});

export const useLogout = routeAction$(async (form, ev) => {
  await api(ev, '/auth/logout', { method: 'POST', csrf: String(form._csrf ?? '') });
  throw ev.redirect(302, '/login');
});

const NAV: { href: string; key: MessageKey; icon: string; adminOnly?: boolean }[] = [
  { href: '/', key: 'nav.dashboard', icon: '◧' },
  { href: '/orders', key: 'nav.orders', icon: '受' },
  { href: '/stock', key: 'nav.stock', icon: '在' },
  { href: '/products', key: 'nav.products', icon: '商' },
  { href: '/purchasing', key: 'nav.purchasing', icon: '発' },
  { href: '/channels', key: 'nav.channels', icon: '店' },
  { href: '/settings', key: 'nav.settings', icon: '設' },
];

export default component$(() => {
  const state = useMe();
  const t = useT();
  const loc = useLocation();
  const logout = useLogout();

  if (state.value.refused) {
    const code = state.value.refused;
    return (
      <main class="auth-page">
        <div class="auth-card">
          <h1>403</h1>
          <p class="alert alert-error" role="alert">
            {code === 'ip_not_allowed' ? t('error.forbiddenIp') : code === 'country_not_allowed' ? t('error.forbiddenCountry') : t('error.forbidden')}
          </p>
        </div>
      </main>
    );
  }
  const me = state.value.me!;
  const path = loc.url.pathname;
  const active = (href: string) => (href === '/' ? path === '/' : path === href || path.startsWith(href + '/'));

  return (
    <div class="shell">
      <aside class="sidebar">
        <Link prefetch={false} href="/" class="sidebar-brand">
          <span class="brand-mark">蔵</span>
          <span class="brand-name">Kura</span>
        </Link>
        <nav aria-label="main">
          {NAV.map((n) => (
            <Link prefetch={false} key={n.href} href={n.href} class={{ 'nav-item': true, active: active(n.href) }} aria-current={active(n.href) ? 'page' : undefined}>
              <span class="nav-icon" aria-hidden="true">
                {n.icon}
              </span>
              {t(n.key)}
            </Link>
          ))}
          {me.account.isPlatform && me.user.role === 'admin' && (
            <Link prefetch={false} href="/platform" class={{ 'nav-item': true, active: active('/platform') }}>
              <span class="nav-icon" aria-hidden="true">
                運
              </span>
              {t('nav.platform')}
            </Link>
          )}
        </nav>
      </aside>
      <div class="main-col">
        <header class="topbar">
          <div class="topbar-account">
            <strong>{me.account.name}</strong>
            <span class="muted">({me.account.code})</span>
          </div>
          <div class="topbar-right">
            <LangSwitch />
            <Link prefetch={false} href="/account" class="topbar-user">
              {me.user.name}
              <span class={`role role-${me.user.role}`}>{me.user.role}</span>
            </Link>
            <Form action={logout}>
              <input type="hidden" name="_csrf" value={me.csrfToken} />
              <button type="submit" class="btn btn-small" id="logout">
                {t('nav.logout')}
              </button>
            </Form>
          </div>
        </header>
        <main class="content">
          <Slot />
        </main>
      </div>
    </div>
  );
});
