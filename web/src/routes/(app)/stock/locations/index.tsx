import { component$ } from '@builder.io/qwik';
import { Form, Link, routeAction$, routeLoader$, type DocumentHead } from '@builder.io/qwik-city';
import { api, fieldErrors, type ApiError } from '../../../../lib/api';
import { useMe } from '../../layout';
import { useT } from '../../../../i18n';
import { FieldError } from '../../../../components/field-error';

export const useLocations = routeLoader$(async (ev) => {
  const r = await api<{ items: { code: string; name: string; priority: number }[] }>(ev, '/locations');
  return r.ok ? r.data.items : [];
});

export const useSaveLocation = routeAction$(async (form, ev) => {
  const r = await api(ev, '/locations', {
    method: 'POST',
    csrf: String(form._csrf ?? ''),
    body: { code: String(form.code ?? '').trim(), name: String(form.name ?? '').trim(), priority: Number(form.priority ?? 0) },
  });
  if (!r.ok) return ev.fail(r.status, { error: r.error });
  return { saved: true };
});

export default component$(() => {
  const t = useT();
  const me = useMe();
  const locations = useLocations();
  const save = useSaveLocation();
  const errs = save.value?.failed ? fieldErrors((save.value as { error: ApiError }).error) : {};
  return (
    <>
      <p class="crumbs">
        <Link prefetch={false} href="/stock">{t('stock.title')}</Link> ›
      </p>
      <h1 class="page-title">{t('stock.locations.title')}</h1>
      <p class="hint">{t('stock.locations.help')}</p>
      <div class="table-wrap section">
        <table>
          <thead>
            <tr>
              <th>{t('stock.locations.priority')}</th>
              <th>{t('stock.locations.code')}</th>
              <th>{t('stock.locations.name')}</th>
            </tr>
          </thead>
          <tbody>
            {locations.value.map((l) => (
              <tr key={l.code}>
                <td class="num">{l.priority}</td>
                <td class="mono">{l.code}</td>
                <td>{l.name}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section class="card">
        {save.value && !save.value.failed && <p class="alert alert-ok">{t('common.saved')}</p>}
        <Form action={save} class="form-grid">
          <input type="hidden" name="_csrf" value={me.value.me?.csrfToken ?? ''} />
          <label class="field">
            {t('stock.locations.code')}
            <input name="code" required maxLength={32} class="mono" />
            <FieldError messages={errs.code} />
          </label>
          <label class="field">
            {t('stock.locations.name')}
            <input name="name" required maxLength={100} />
            <FieldError messages={errs.name} />
          </label>
          <label class="field">
            {t('stock.locations.priority')}
            <input name="priority" type="number" min={0} max={1000} value={10} required />
          </label>
          <div class="actions" style="align-self:end">
            <button type="submit" class="btn btn-primary">
              {t('stock.locations.save')}
            </button>
          </div>
        </Form>
      </section>
    </>
  );
});

export const head: DocumentHead = { title: '倉庫' };
