import type { RequestEventBase } from '@builder.io/qwik-city';
import { api } from './api';

/**
 * Orders carry their channel's id; people read the store's name. One read of
 * GET /channels per page (a handful of stores per account). "manual" is the
 * keyed-in channel (受注を手入力) and has no record.
 */
export const loadChannelNames = async (ev: RequestEventBase): Promise<{ id: string; name: string; type: string }[]> => {
  const r = await api<{ items: { id: string; name: string; type: string }[] }>(ev, '/channels');
  return r.ok ? r.data.items.map((c) => ({ id: c.id, name: c.name, type: c.type })) : [];
};

export const channelLabel = (channels: { id: string; name: string }[], id: string, manualLabel: string) =>
  id === 'manual' ? manualLabel : (channels.find((c) => c.id === id)?.name ?? id);
