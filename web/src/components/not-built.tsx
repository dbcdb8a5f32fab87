import { component$ } from '@builder.io/qwik';
import { useT, type MessageKey } from '../i18n';

/** Says plainly that a page's capability is not built yet (issue #2: no stubs passed off as features). */
export const NotBuilt = component$((props: { nameKey: MessageKey }) => {
  const t = useT();
  const name = t(props.nameKey);
  return (
    <section class="card not-built">
      <h1>{name}</h1>
      <h2>{t('common.notBuilt.title')}</h2>
      <p>{t('common.notBuilt.body', { name })}</p>
    </section>
  );
});
