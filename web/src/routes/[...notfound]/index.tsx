import { component$ } from '@builder.io/qwik';
import type { DocumentHead, RequestHandler } from '@builder.io/qwik-city';
import { useT } from '../../i18n';

/** Any path no page claims: a real 404 status with a way back, in the user's language. */
export const onRequest: RequestHandler = (ev) => {
  ev.status(404);
};

export default component$(() => {
  const t = useT();
  return (
    <main class="auth-page">
      <div class="auth-card">
        <div class="auth-brand">
          <span class="brand-mark">蔵</span>
          <div class="brand-name">Kura</div>
        </div>
        <h1>404</h1>
        <p>{t('error.notFound')}</p>
        <a class="btn btn-primary" href="/">
          {t('nav.dashboard')}
        </a>
      </div>
    </main>
  );
});

export const head: DocumentHead = { title: '404' };
