import { describe, expect, it } from 'vitest';
import { errorOf } from '../helpers/client';
import { createTenant, signIn } from '../helpers/tenant';

type Saved = { id: string; name: string; query: string; canDelete: boolean };
const list = async (c: Awaited<ReturnType<typeof signIn>>) => ((await (await c.api('/saved-searches')).json()) as { items: Saved[] }).items;

describe('saved order searches (保存した検索条件)', () => {
  it('everyone uses them; operators save; only the one who saved a search, or an admin, deletes it', async () => {
    const t = await createTenant({ users: [{ loginId: 'sato', role: 'operator' }, { loginId: 'suzuki', role: 'operator' }, { loginId: 'view', role: 'viewer' }] });
    const sato = await signIn(t, 'sato');
    const suzuki = await signIn(t, 'suzuki');
    const viewer = await signIn(t, 'view');
    const admin = await signIn(t, 'admin');

    const made = await sato.api('/saved-searches', { json: { name: '在庫待ち', query: 'status=awaiting_stock' } });
    expect(made.status).toBe(201);
    const { id } = (await made.json()) as Saved;

    // a viewer sees and uses it, but may neither save nor delete
    expect((await list(viewer)).map((s) => [s.name, s.canDelete])).toEqual([['在庫待ち', false]]);
    const viewerSave = await viewer.api('/saved-searches', { json: { name: 'mine', query: 'status=new' } });
    expect(viewerSave.status).toBe(403);
    expect((await viewer.api(`/saved-searches/${id}`, { method: 'DELETE' })).status).toBe(403);

    // another operator may not delete it
    expect((await list(suzuki)).find((s) => s.id === id)?.canDelete).toBe(false);
    const other = await suzuki.api(`/saved-searches/${id}`, { method: 'DELETE' });
    expect(other.status).toBe(403);
    expect((await errorOf(other)).code).toBe('not_owner');
    expect((await list(admin)).map((s) => s.id)).toEqual([id]);

    // its owner may; so may an admin (shown by canDelete)
    expect((await list(sato)).find((s) => s.id === id)?.canDelete).toBe(true);
    expect((await list(admin)).find((s) => s.id === id)?.canDelete).toBe(true);
    expect((await sato.api(`/saved-searches/${id}`, { method: 'DELETE' })).status).toBe(204);
    const second = (await (await suzuki.api('/saved-searches', { json: { name: '保留', query: 'status=on_hold' } })).json()) as Saved;
    expect((await admin.api(`/saved-searches/${second.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await list(admin)).toEqual([]);
  });
});
