import { CHANNEL_TYPES, CREDENTIAL_FIELDS, credentialInputName, isChannelType, type ChannelSettings, type ChannelView } from '../../../lib/channels';
import { FieldError } from '../../../components/settings/errors';
import type { MessageKey, useT } from '../../../i18n';

type T = ReturnType<typeof useT>;

/**
 * The fields of the store form, shared by /channels/new and /channels/[id]
 * (an inline component: `t` is a plain argument here, never serialised).
 *
 * Nothing here re-renders while the user types: a re-render would put every
 * input back to its `value` prop. The mall select (new form only) and the
 * allocation select show their dependent fields through CSS (:has), so the
 * new form carries every mall's credential inputs (named cred_<mall>_<key>)
 * and only the chosen mall's are read. On the edit form the stored keys show
 * 「保存済み」 and an empty input replaces that key only when filled.
 */
export const ChannelFields = (props: { t: T; channel?: ChannelView | null; stored?: string[]; vals?: Record<string, string>; fe: Record<string, string[]> }) => {
  const { t, channel, vals, fe } = props;
  const stored = new Set(props.stored ?? []);
  const s: ChannelSettings = channel?.settings ?? { orderPull: true, stockPush: true, shipmentPush: true, safetyStock: 0, maxQuantity: null, allocation: { kind: 'all' } };
  // After a failed post the typed values come back; checkboxes then follow the post (absent = off).
  const checked = (k: 'orderPull' | 'stockPush' | 'shipmentPush') => (vals ? vals[k] === 'true' : s[k]);
  const v = (k: string, fallback: string) => vals?.[k] ?? fallback;
  const alloc = s.allocation;
  const allocKind = v('allocationKind', alloc.kind);
  const chosenType = channel?.type ?? (vals?.type && isChannelType(vals.type) ? vals.type : 'rakuten');
  const malls = channel ? [channel.type] : CHANNEL_TYPES;
  return (
    <div class={{ 'channel-fields': true, 'channel-fields-new': !channel }}>
      <fieldset class="subfieldset">
        <legend>{t('channels.form.store')}</legend>
        <div class="form-grid">
          {!channel && (
            <label>
              {t('channels.form.type')}
              <select name="type" id="channel-type">
                {CHANNEL_TYPES.map((x) => (
                  <option key={x} value={x} selected={chosenType === x}>
                    {t(`channels.type.${x}` as MessageKey)}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label>
            {t('channels.form.name')}
            <input name="name" required maxLength={100} value={v('name', channel?.name ?? '')} aria-invalid={fe.name ? 'true' : undefined} autocomplete="off" />
            <span class="hint">{t('channels.form.nameHint')}</span>
            <FieldError messages={fe.name} />
          </label>
        </div>
      </fieldset>

      {malls.map((type) => (
        <fieldset key={type} class="subfieldset cred-set" data-mall={type} id={`credentials-${type}`}>
          <legend>
            {t('channels.form.credentials')}
            {!channel && <> — {t(`channels.type.${type}` as MessageKey)}</>}
          </legend>
          <p class="hint">{channel ? t('channels.form.credentialsHintEdit') : t('channels.form.credentialsHintNew')}</p>
          <div class="form-grid">
            {CREDENTIAL_FIELDS[type].map((f) => {
              const isStored = stored.has(f.key);
              const hintKey = `channels.credHint.${type}.${f.key}`;
              const hint = t(hintKey as MessageKey);
              // a failed post names the chosen mall's fields only
              const errs = type === chosenType ? fe[`credentials.${f.key}`] : undefined;
              return (
                <label key={f.key} class="cred-field">
                  <span class="cred-label">
                    {t(`channels.cred.${type}.${f.key}` as MessageKey)}
                    {f.optional && <span class="optional"> ({t('channels.form.optional')})</span>}
                    {channel &&
                      (isStored ? (
                        <span class="badge badge-ok" data-stored={f.key}>
                          {t('channels.form.stored')}
                        </span>
                      ) : (
                        !f.optional && <span class="badge badge-warn">{t('channels.form.notStored')}</span>
                      ))}
                  </span>
                  <input
                    name={credentialInputName(type, f.key)}
                    type={f.secret ? 'password' : 'text'}
                    autocomplete={f.secret ? 'new-password' : 'off'}
                    spellcheck={false}
                    maxLength={4000}
                    placeholder={channel && isStored ? t('channels.form.replace') : ''}
                    class="mono"
                    aria-invalid={errs ? 'true' : undefined}
                  />
                  {hint !== hintKey && <span class="hint">{hint}</span>}
                  <FieldError messages={errs} />
                </label>
              );
            })}
          </div>
        </fieldset>
      ))}

      <fieldset class="subfieldset">
        <legend>{t('channels.form.settings')}</legend>
        <div class="toggles">
          <label class="checkbox">
            <input type="checkbox" name="orderPull" value="true" checked={checked('orderPull')} /> {t('channels.form.orderPull')}
          </label>
          <label class="checkbox">
            <input type="checkbox" name="stockPush" value="true" checked={checked('stockPush')} /> {t('channels.form.stockPush')}
          </label>
          <label class="checkbox">
            <input type="checkbox" name="shipmentPush" value="true" checked={checked('shipmentPush')} /> {t('channels.form.shipmentPush')}
          </label>
        </div>
        <div class="form-grid">
          <label>
            {t('channels.form.safetyStock')}
            <input name="safetyStock" type="number" min={0} max={1000000} step={1} required value={v('safetyStock', String(s.safetyStock))} aria-invalid={fe['settings.safetyStock'] ? 'true' : undefined} />
            <span class="hint">{t('channels.form.safetyStockHint')}</span>
            <FieldError messages={fe['settings.safetyStock']} />
          </label>
          <label>
            {t('channels.form.maxQuantity')}
            <input name="maxQuantity" type="number" min={0} max={1000000} step={1} value={v('maxQuantity', s.maxQuantity === null ? '' : String(s.maxQuantity))} aria-invalid={fe['settings.maxQuantity'] ? 'true' : undefined} />
            <span class="hint">{t('channels.form.maxQuantityHint')}</span>
            <FieldError messages={fe['settings.maxQuantity']} />
          </label>
          <label>
            {t('channels.form.allocation')}
            <select name="allocationKind">
              {(['all', 'percent', 'fixed'] as const).map((k) => (
                <option key={k} value={k} selected={allocKind === k}>
                  {t(`channels.form.allocation.${k}`)}
                </option>
              ))}
            </select>
            <FieldError messages={fe['settings.allocation']} />
          </label>
          <label class="alloc-field alloc-percent">
            {t('channels.form.allocationPercent')}
            <input
              name="allocationPercent"
              type="number"
              min={0}
              max={100}
              step={1}
              value={v('allocationPercent', alloc.kind === 'percent' ? String(alloc.percent) : '100')}
              aria-invalid={fe['settings.allocation.percent'] ? 'true' : undefined}
            />
            <FieldError messages={fe['settings.allocation.percent']} />
          </label>
          <label class="alloc-field alloc-fixed">
            {t('channels.form.allocationQuantity')}
            <input
              name="allocationQuantity"
              type="number"
              min={0}
              max={1000000}
              step={1}
              value={v('allocationQuantity', alloc.kind === 'fixed' ? String(alloc.quantity) : '0')}
              aria-invalid={fe['settings.allocation.quantity'] ? 'true' : undefined}
            />
            <FieldError messages={fe['settings.allocation.quantity']} />
          </label>
        </div>
      </fieldset>

      <details class="advanced" open={!!(fe.endpoint || v('endpoint', channel?.endpoint ?? ''))}>
        <summary>{t('channels.form.advanced')}</summary>
        <label>
          {t('channels.form.endpoint')}
          <input name="endpoint" type="url" maxLength={300} class="mono" placeholder="https://…" value={v('endpoint', channel?.endpoint ?? '')} aria-invalid={fe.endpoint ? 'true' : undefined} />
          <span class="hint">{t('channels.form.endpointHint')}</span>
          {channel && (
            <span class="hint" id="endpoint-credentials-hint">
              {t('channels.form.endpointCredentialsHint')}
            </span>
          )}
          <FieldError messages={fe.endpoint} />
        </label>
      </details>
    </div>
  );
};

/** The fields the form shows next to an input (the rest go into the error alert). */
export const SHOWN_FIELDS = [
  'name',
  'endpoint',
  'type',
  'settings.safetyStock',
  'settings.maxQuantity',
  'settings.allocation',
  'settings.allocation.percent',
  'settings.allocation.quantity',
  ...new Set(Object.values(CREDENTIAL_FIELDS).flatMap((fs) => fs.map((f) => `credentials.${f.key}`))),
];

/** The API's "Required for this mall" (a credential left out), in the reader's language (endpoint refusals: settings/errors.tsx detailText, by reason). */
export const localiseChannelErrors = (t: T, fe: Record<string, string[]>) => {
  const known: Record<string, string> = { 'Required for this mall': t('channels.form.required'), 'An http(s) URL': t('channels.form.url') };
  for (const k of Object.keys(fe)) fe[k] = [...new Set(fe[k].map((m) => known[m] ?? m))];
  return fe;
};
