import { parseLines } from './stock';

/** The SKU form's fields as the API's JSON (empty optional fields become null; components from lines). */
export const skuBodyFromForm = (form: Record<string, unknown>, mode: 'create' | 'update') => {
  const str = (k: string) => String(form[k] ?? '').trim();
  const opt = (k: string) => (str(k) ? str(k) : null);
  const num = (k: string) => (str(k) === '' ? undefined : Number(str(k)));
  const components = parseLines(str('components')).map(([sku, qty]) => ({ sku, quantity: Number(qty ?? 1) }));
  return {
    ...(mode === 'create' ? { code: str('code') } : {}),
    name: str('name'),
    axis1: opt('axis1'),
    axis2: opt('axis2'),
    janCode: opt('janCode'),
    safetyStock: num('safetyStock'),
    reorderPoint: num('reorderPoint'),
    managed: form.managed === 'true',
    // 消費税率: the select sends 10 or 8 (the API refuses anything else); a form without it leaves the rate alone
    taxRate: num('taxRate'),
    supplierCode: opt('supplierCode'),
    shelfNumber: opt('shelfNumber'),
    components: mode === 'create' && components.length === 0 ? undefined : components,
  };
};
