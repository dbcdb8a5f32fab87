import { Form, type ActionStore } from '@builder.io/qwik-city';
import type { SkuView } from '../../lib/stock';
import { fieldErrors, type ApiError } from '../../lib/api';
import { useT } from '../../i18n';
import { FieldError } from '../field-error';

/**
 * The SKU form, for a new SKU and for editing one; a set's components are "SKU,quantity" lines.
 * An inline component (a plain function): it has no state of its own, and its
 * props (an action store) need not be serialized for the client.
 */
export const SkuForm = (props: { action: ActionStore<any, any, true>; csrf: string; sku?: SkuView; submitLabel: string }) => {
  const t = useT();
  const v = props.action.value as { failed?: boolean; error?: ApiError } | undefined;
  const errs = v?.failed ? fieldErrors(v.error) : {};
  const s = props.sku;
  const componentErrors = Object.entries(errs)
    .filter(([k]) => k.startsWith('components'))
    .flatMap(([, m]) => m);
  return (
    <Form action={props.action} class="form" id="sku-form">
      <input type="hidden" name="_csrf" value={props.csrf} />
      {v?.failed && <p class="alert alert-error">{v.error?.message}</p>}
      <div class="form-grid">
        <label>
          {t('stock.form.code')}
          {s ? <input name="code" value={s.code} readOnly class="mono" /> : <input name="code" required maxLength={64} class="mono" aria-invalid={Boolean(errs.code)} />}
          <FieldError messages={errs.code} />
        </label>
        <label>
          {t('stock.form.name')}
          <input name="name" required maxLength={200} value={s?.name} aria-invalid={Boolean(errs.name)} />
          <FieldError messages={errs.name} />
        </label>
        <label>
          {t('stock.form.axis1')}
          <input name="axis1" maxLength={100} value={s?.axis1 ?? ''} />
        </label>
        <label>
          {t('stock.form.axis2')}
          <input name="axis2" maxLength={100} value={s?.axis2 ?? ''} />
        </label>
        <label>
          {t('stock.form.jan')}
          <input name="janCode" inputMode="numeric" maxLength={13} value={s?.janCode ?? ''} class="mono" aria-invalid={Boolean(errs.janCode)} />
          <FieldError messages={errs.janCode} />
        </label>
        <label>
          {t('stock.form.safety')}
          <input name="safetyStock" type="number" min={0} value={s?.safetyStock ?? 0} />
          <FieldError messages={errs.safetyStock} />
        </label>
        <label>
          {t('stock.form.reorder')}
          <input name="reorderPoint" type="number" min={0} value={s?.reorderPoint ?? 0} />
        </label>
        <label>
          {t('stock.form.supplier')}
          <input name="supplierCode" maxLength={64} value={s?.supplierCode ?? ''} />
        </label>
        <label>
          {t('stock.form.shelf')}
          <input name="shelfNumber" maxLength={64} value={s?.shelfNumber ?? ''} />
        </label>
        <label>
          {t('stock.form.taxRate')}
          <select name="taxRate" id="sku-tax-rate" aria-invalid={Boolean(errs.taxRate)} aria-describedby="sku-tax-rate-hint">
            <option value="10" selected={(s?.taxRate ?? 10) === 10}>
              {t('stock.form.taxRate10')}
            </option>
            <option value="8" selected={s?.taxRate === 8}>
              {t('stock.form.taxRate8')}
            </option>
          </select>
          <span class="hint" id="sku-tax-rate-hint">
            {t('stock.form.taxRateHint')}
          </span>
          <FieldError messages={errs.taxRate} />
        </label>
      </div>
      <label class="checkbox">
        <input type="checkbox" name="managed" value="true" checked={s ? s.managed : true} /> {t('stock.form.managed')}
      </label>
      <label>
        {t('stock.form.components')}
        <span class="hint">{t('stock.form.componentHelp')}</span>
        <textarea name="components" rows={4} class="mono" placeholder="TSHIRT-RED-M,1&#10;TOTE-BAG,1" aria-invalid={componentErrors.length > 0}>
          {(s?.components ?? []).map((c) => `${c.sku},${c.quantity}`).join('\n')}
        </textarea>
        <FieldError messages={componentErrors} />
      </label>
      <div class="actions">
        <button type="submit" class="btn btn-primary">
          {props.submitLabel}
        </button>
      </div>
    </Form>
  );
};
