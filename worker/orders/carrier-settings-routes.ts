import { createRoute, z } from '@hono/zod-openapi';
import { newRouter, fieldErrors } from '../lib/router';
import { commonErrors, jsonBody, jsonResponse } from '../lib/openapi';
import { requireScope, requireSession } from '../middleware/guards';
import { AppError } from '../lib/errors';
import { auditOf } from '../lib/audit';
import { getShop } from '../shop/service';
import { checkSettings } from './carriers/check';
import { CARRIER_CODES, contractFrom, LAYOUT_OF, type SavedShipper } from './carriers/contract';
import { CARRIER_LAYOUTS } from './carriers';
import { CarrierSettingsInput, CarrierSettingsList, CarrierSettingsView, CONTRACT_INPUTS } from './carriers/settings-schema';
import { findCarrierSettings, loadCarrierSettings, printedShipper, saveCarrierSettings, settingsView } from './carriers/settings-store';

/**
 * 配送会社の設定 (API.md, Orders → Carrier CSVs): per carrier, the shipper
 * (ご依頼主) and the carrier's own account fields the shipping files carry
 * (contract.ts cites each field's source).
 *
 * Reading them needs orders:read (whoever exports a file may see what it will
 * say: the check and the export read the same). Changing them needs an admin:
 * 請求先顧客コード / お客様コード decide which contract the carrier bills, and
 * the shipper is the shop's identity on every label, like the shop profile
 * (PUT /settings/shop, admins). An API token with orders:write may change them
 * too (an integrator setting up an account), as for channels (channels:write,
 * admins).
 */

const read = requireScope('orders:read');
const admin = requireScope('orders:write', 'admin');
const app = newRouter();

const CarrierPath = z.object({
  carrier: z.enum(CARRIER_CODES).openapi({ param: { name: 'carrier', in: 'path' }, description: 'yamato (B2クラウド), sagawa (e飛伝Ⅱ), japanpost (ゆうプリR)', example: 'yamato' }),
});

app.openapi(
  createRoute({
    method: 'get',
    path: '/carriers/settings',
    operationId: 'listCarrierSettings',
    tags: ['Orders'],
    summary: 'The account’s carrier settings: shipper (ご依頼主) and account fields per carrier, with what every file would be refused for',
    middleware: [read],
    responses: { 200: jsonResponse(CarrierSettingsList, 'One entry per carrier (defaults where none are saved) and the shop profile'), ...commonErrors },
  }),
  async (c) => {
    const { entries, shop } = await loadCarrierSettings(c.get('db'), c.get('principal')!.accountId);
    return c.json(
      {
        items: entries.map((e) => settingsView(e, shop)),
        shop: { name: shop.name, postalCode: shop.postalCode, address: shop.address, phone: shop.phone },
      } as never,
      200,
    );
  },
);

app.openapi(
  createRoute({
    method: 'put',
    path: '/carriers/{carrier}/settings',
    operationId: 'replaceCarrierSettings',
    tags: ['Orders'],
    summary: 'Replace one carrier’s settings (admin): fields left out or blank are cleared (the shipper’s then come from the shop profile)',
    description:
      'Phone numbers and postal codes may be typed full-width with any dash; they are stored half-width (03-1234-5678, 100-0001), and so are the codes. ' +
      'A value longer than the carrier’s column (ご依頼主名 32 bytes at B2, 16 characters a line at e飛伝Ⅱ …) is refused here with the column named; ' +
      'what is still missing (a 請求先顧客コード not yet known) may be saved and is listed in `problems`.',
    middleware: [admin],
    request: { params: CarrierPath, body: jsonBody(CarrierSettingsInput) },
    responses: { 200: jsonResponse(CarrierSettingsView, 'Saved'), ...commonErrors },
  }),
  async (c) => {
    const { carrier } = c.req.valid('param');
    const body = c.req.valid('json');
    const parsed = CONTRACT_INPUTS[carrier].safeParse(body.contract);
    if (!parsed.success) {
      throw new AppError(400, 'validation_error', 'The request is not valid', fieldErrors({ issues: parsed.error.issues.map((i) => ({ ...i, path: ['contract', ...i.path] })) }));
    }
    const db = c.get('db');
    const accountId = c.get('principal')!.accountId;
    const shipper: SavedShipper = { name: body.shipper.name ?? null, postalCode: body.shipper.postalCode ?? null, address: body.shipper.address ?? null, phone: body.shipper.phone ?? null };
    const contract = contractFrom(carrier, parsed.data);

    // a value the carrier's column cannot hold is refused now, naming the column (not at the next export)
    const { view: shop } = await getShop(db, accountId);
    const layout = CARRIER_LAYOUTS[LAYOUT_OF[carrier]];
    const tooLong = checkSettings(layout, { shipper: printedShipper(shipper, shop), contracts: { [carrier]: contract } }).filter(
      (p) => p.code === 'too_long' && (p.field.startsWith('shipper.') ? shipper[p.field.slice('shipper.'.length) as keyof SavedShipper] !== null : true),
    );
    if (tooLong.length) {
      throw new AppError(
        400,
        'validation_error',
        'The request is not valid',
        tooLong.map((p) => ({
          field: p.field.startsWith('shipper.') ? p.field : `contract.${p.field.split('.')[1]}`,
          code: 'too_long',
          message: `${p.column}: at most ${p.limit} ${p.unit}`,
        })),
      );
    }

    const before = await findCarrierSettings(db, accountId, carrier);
    const at = new Date().toISOString();
    await db.batch([
      saveCarrierSettings(db, accountId, carrier, shipper, contract, at),
      auditOf(c, { action: 'settings.carrier', targetType: 'carrier_settings', targetId: carrier, before: { shipper: before.shipper, contract: before.contract }, after: { shipper, contract } }),
    ]);
    return c.json(settingsView({ carrier, shipper, contract, updatedAt: at }, shop) as never, 200);
  },
);

export default app;
