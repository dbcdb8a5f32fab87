import { component$ } from '@builder.io/qwik';
import { useLocation } from '@builder.io/qwik-city';
import { useLocale, useT } from '../i18n';

/** 日本語 ⇄ English, as a plain link so it works before any JS loads. */
export const LangSwitch = component$(() => {
  const t = useT();
  const locale = useLocale();
  const loc = useLocation();
  const next = loc.url.pathname + loc.url.search;
  return (
    <a class="lang-switch" href={`/lang?to=${locale === 'ja' ? 'en' : 'ja'}&next=${encodeURIComponent(next)}`} lang={locale === 'ja' ? 'en' : 'ja'}>
      {t('nav.language')}
    </a>
  );
});
