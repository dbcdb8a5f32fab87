import { component$ } from '@builder.io/qwik';
import { Form, Link, routeAction$, routeLoader$, type DocumentHead } from '@builder.io/qwik-city';
import { api, type ApiError } from '../../../../lib/api';
import { useMe } from '../../layout';
import { useT } from '../../../../i18n';

interface Template {
  kind: 'order_confirmation' | 'shipping_notice';
  enabled: boolean;
  subject: string;
  body: string;
  custom: boolean;
}

export const useTemplates = routeLoader$(async (ev) => {
  const r = await api<{ items: Template[]; variables: Record<string, string> }>(ev, '/mail-templates');
  return r.ok ? r.data : { items: [], variables: {} };
});

export const useSaveTemplate = routeAction$(async (form, ev) => {
  const kind = String(form.kind);
  const body = { enabled: form.enabled === 'true', subject: String(form.subject ?? ''), body: String(form.body ?? '') };
  if (form.intent === 'preview') {
    const r = await api<{ to: string | null; subject: string; body: string }>(ev, `/mail-templates/${kind}/preview`, { method: 'POST', csrf: String(form._csrf ?? ''), body: { subject: body.subject, body: body.body } });
    if (!r.ok) return ev.fail(r.status, { kind, error: r.error });
    return { kind, preview: r.data };
  }
  const r = await api(ev, `/mail-templates/${kind}`, { method: 'PUT', csrf: String(form._csrf ?? ''), body });
  if (!r.ok) return ev.fail(r.status, { kind, error: r.error });
  return { kind, saved: true };
});

export default component$(() => {
  const t = useT();
  const me = useMe();
  const data = useTemplates();
  const save = useSaveTemplate();
  const v = save.value as { kind?: string; saved?: boolean; failed?: boolean; error?: ApiError; preview?: { to: string | null; subject: string; body: string } } | undefined;
  return (
    <>
      <p class="crumbs">
        <Link prefetch={false} href="/orders">{t('orders.title')}</Link> ›
      </p>
      <h1 class="page-title">{t('orders.mail.title')}</h1>
      <p class="hint">{t('orders.mail.help')}</p>
      <div class="two-col">
        {data.value.items.map((tpl) => (
          <section class="card section" key={tpl.kind} id={`mail-${tpl.kind}`}>
            <h2>{t(`orders.mail.kind.${tpl.kind}`)}</h2>
            {!tpl.custom && <p class="muted small">{t('orders.mail.default')}</p>}
            {v?.kind === tpl.kind && v.saved && <p class="alert alert-ok">{t('common.saved')}</p>}
            {v?.kind === tpl.kind && v.failed && <p class="alert alert-error">{v.error?.message}</p>}
            <Form action={save} class="form">
              <input type="hidden" name="_csrf" value={me.value.me?.csrfToken ?? ''} />
              <input type="hidden" name="kind" value={tpl.kind} />
              <label class="checkbox">
                <input type="checkbox" name="enabled" value="true" checked={tpl.enabled} /> {t('orders.mail.enabled')}
              </label>
              <label>
                {t('orders.mail.subject')}
                <input name="subject" value={tpl.subject} maxLength={200} required />
              </label>
              <label>
                {t('orders.mail.body')}
                <textarea name="body" rows={14} class="mono" required>
                  {tpl.body}
                </textarea>
              </label>
              <div class="actions">
                <button type="submit" name="intent" value="save" class="btn btn-primary">
                  {t('common.save')}
                </button>
                <button type="submit" name="intent" value="preview" class="btn">
                  {t('orders.mail.preview')}
                </button>
              </div>
            </Form>
            {v?.kind === tpl.kind && v.preview && (
              <div class="mail-preview">
                <p>
                  <strong>To:</strong> {v.preview.to ?? '—'}
                  <br />
                  <strong>{t('orders.mail.subject')}:</strong> {v.preview.subject}
                </p>
                <pre class="pre">{v.preview.body}</pre>
              </div>
            )}
          </section>
        ))}
      </div>
      <section class="card section">
        <h2>{t('orders.mail.variables')}</h2>
        <table>
          <tbody>
            {Object.entries(data.value.variables).map(([k, d]) => (
              <tr key={k}>
                <td class="mono">{`{{${k}}}`}</td>
                <td>{d}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
});

export const head: DocumentHead = { title: 'お客様へのメール' };
