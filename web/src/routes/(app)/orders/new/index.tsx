import { component$ } from '@builder.io/qwik';
import { Form, Link, routeAction$, type DocumentHead } from '@builder.io/qwik-city';
import { api } from '../../../../lib/api';
import { actionError, type ActionError } from '../../../../lib/action';
import { draftFromForm, emptyDraft, manualOrderBody, type OrderDraft } from '../../../../lib/order-form';
import { useMe } from '../../layout';
import { useT } from '../../../../i18n';
import { OrderFields, Field } from '../../../../components/orders/order-fields';
import { OrderLinesEditor } from '../../../../components/orders/order-lines-editor';
import { errorText, fieldMessages } from '../../../../components/settings/errors';

/** 電話・FAX注文の手入力: a manual order (channel "manual") through the same import as the malls'. */
export const useCreateOrder = routeAction$(async (form, ev) => {
  const r = await api<{ order: { id: string } }>(ev, '/orders', { method: 'POST', csrf: String(form._csrf ?? ''), body: manualOrderBody(form) });
  if (!r.ok) return ev.fail(r.status >= 400 && r.status < 500 ? (r.status as 400) : 500, { error: actionError(r), draft: draftFromForm(form), extra: { externalId: String(form.externalId ?? ''), orderedAt: String(form.orderedAt ?? ''), shippingFee: String(form.shippingFee ?? '0') } });
  throw ev.redirect(302, `/orders/${r.data.order.id}`);
});

export default component$(() => {
  const t = useT();
  const me = useMe();
  const create = useCreateOrder();
  const v = create.value as { failed?: boolean; error?: ActionError; draft?: OrderDraft; extra?: Record<string, string> } | undefined;
  const fe = v?.failed ? fieldMessages(t, v.error) : {};
  const draft = v?.draft ?? emptyDraft();
  const linesError = [...(fe['lines'] ?? []), ...Object.entries(fe).filter(([k]) => k.startsWith('lines.')).flatMap(([, m]) => m)].join(' / ') || undefined;
  return (
    <>
      <p class="crumbs">
        <Link prefetch={false} href="/orders">
          {t('orders.title')}
        </Link>{' '}
        ›
      </p>
      <h1 class="page-title">{t('orders.new')}</h1>
      {v?.failed && v.error && (
        <p class="alert alert-error" role="alert" id="order-form-error">
          {errorText(t, v.error)}
        </p>
      )}
      <Form action={create} class="form order-form" id="order-form">
        <input type="hidden" name="_csrf" value={me.value.me?.csrfToken ?? ''} />
        <section class="card form-section">
          <div class="form-grid">
            <Field label={t('orders.form.externalId')} error={fe['externalId']?.join(' / ')}>
              <input name="externalId" maxLength={128} placeholder="TEL-20261126-01" value={v?.extra?.externalId ?? ''} autoComplete="off" />
            </Field>
            <Field label={t('orders.form.orderedAt')} error={fe['orderedAt']?.join(' / ')}>
              <input name="orderedAt" type="datetime-local" value={v?.extra?.orderedAt ?? ''} />
            </Field>
          </div>
        </section>
        <OrderFields draft={draft} errors={fe} />
        <section class="card form-section" id="section-lines">
          <h2>{t('desk.section.lines')}</h2>
          <OrderLinesEditor initial={draft.lines} error={linesError} />
          <div class="form-grid">
            <Field label={t('orders.form.shippingFee')} error={fe['totals.shippingFee']?.join(' / ')}>
              <input name="shippingFee" type="number" min={0} value={v?.extra?.shippingFee ?? '0'} />
            </Field>
          </div>
          <div class="actions">
            <button type="submit" class="btn btn-primary" id="order-submit">
              {t('orders.form.submit')}
            </button>
          </div>
        </section>
      </Form>
    </>
  );
});

export const head: DocumentHead = { title: '受注入力' };
