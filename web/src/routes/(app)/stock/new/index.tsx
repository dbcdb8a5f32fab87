import { component$ } from '@builder.io/qwik';
import { Link, routeAction$, type DocumentHead } from '@builder.io/qwik-city';
import { api } from '../../../../lib/api';
import { skuBodyFromForm } from '../../../../lib/sku-form-data';
import { useMe } from '../../layout';
import { useT } from '../../../../i18n';
import { SkuForm } from '../../../../components/stock/sku-form';

export const useCreateSku = routeAction$(async (form, ev) => {
  const body = skuBodyFromForm(form, 'create');
  const r = await api<{ sku: { code: string } }>(ev, '/skus', { method: 'POST', csrf: String(form._csrf ?? ''), body });
  if (!r.ok) return ev.fail(r.status, { error: r.error });
  throw ev.redirect(302, `/stock/sku/${encodeURIComponent(r.data.sku.code)}?created=1`);
});

export default component$(() => {
  const t = useT();
  const me = useMe();
  const create = useCreateSku();
  return (
    <>
      <p class="crumbs">
        <Link prefetch={false} href="/stock">{t('stock.title')}</Link> ›
      </p>
      <h1 class="page-title">{t('stock.list.new')}</h1>
      <section class="card">
        <SkuForm action={create} csrf={me.value.me?.csrfToken ?? ''} submitLabel={t('common.create')} />
      </section>
    </>
  );
});

export const head: DocumentHead = { title: 'SKU登録' };
