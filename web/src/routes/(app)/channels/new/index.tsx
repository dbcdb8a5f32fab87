import { component$ } from '@builder.io/qwik';
import { Form, Link, routeAction$, type DocumentHead } from '@builder.io/qwik-city';
import { api } from '../../../../lib/api';
import { failWith, str } from '../../../../lib/action';
import { credentialsFromForm, formValues, isChannelType, settingsFromForm, type ChannelView } from '../../../../lib/channels';
import { ErrorAlert, fieldMessages } from '../../../../components/settings/errors';
import { useMe } from '../../layout';
import { useT } from '../../../../i18n';
import { ChannelFields, SHOWN_FIELDS, localiseChannelErrors } from '../_channel-form';

/** 店舗を追加: POST /channels (admins), then the store's own page to test the connection. */
export const useCreateChannel = routeAction$(async (form, ev) => {
  const type = str(form, 'type');
  const endpoint = str(form, 'endpoint').trim();
  const r = await api<ChannelView>(ev, '/channels', {
    method: 'POST',
    csrf: str(form, '_csrf'),
    body: {
      type,
      name: str(form, 'name').trim(),
      ...(endpoint ? { endpoint } : {}),
      credentials: isChannelType(type) ? credentialsFromForm(form, type) : {},
      settings: settingsFromForm(form),
    },
  });
  if (!r.ok) return failWith(ev, r, { values: formValues(form) });
  throw ev.redirect(302, `/channels/${encodeURIComponent(r.data.id)}?created=1`);
});

export default component$(() => {
  const t = useT();
  const me = useMe();
  const create = useCreateChannel();
  const session = me.value.me;
  const failed = create.value?.failed ? create.value : null;
  const vals = failed?.values;
  const fe = localiseChannelErrors(t, fieldMessages(t, failed?.error));
  return (
    <>
      <p class="crumbs">
        <Link prefetch={false} href="/channels">{t('channels.back')}</Link> ›
      </p>
      <h1 class="page-title">{t('channels.form.newTitle')}</h1>
      {session?.user.role !== 'admin' ? (
        <section class="card">
          <p class="alert alert-warn" role="alert" id="admin-only">
            {t('channels.form.adminOnly')}
          </p>
          <Link prefetch={false} href="/channels">← {t('channels.back')}</Link>
        </section>
      ) : (
        <section class="card channel-form-card">
          <ErrorAlert error={failed?.error} shown={SHOWN_FIELDS} id="create-error" />
          <Form action={create} class="form" id="channel-form">
            <input type="hidden" name="_csrf" value={session.csrfToken} />
            <ChannelFields t={t} vals={vals} fe={fe} />
            <div class="actions">
              <button type="submit" class="btn btn-primary" disabled={create.isRunning}>
                {create.isRunning ? t('common.loading') : t('channels.form.create')}
              </button>
              <Link prefetch={false} href="/channels" class="btn">
                {t('common.cancel')}
              </Link>
            </div>
          </Form>
        </section>
      )}
    </>
  );
});

export const head: DocumentHead = { title: '店舗を追加' };
