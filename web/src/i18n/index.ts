import { getLocale } from '@builder.io/qwik';
import * as common from './common';
import * as auth from './auth';
import * as settings from './settings';
import * as stock from './stock';
import * as orders from './orders';
import * as shop from './shop';
import * as channels from './channels';
import * as confirm from './confirm';
import * as documents from './documents';
import * as picking from './picking';
import * as desk from './desk';
import * as returns from './returns';
import * as packing from './packing';
import * as carrier from './carrier';
import * as merge from './merge';
import * as rules from './rules';
import * as perms from './perms';

/**
 * All UI text, Japanese by default with English selectable (cookie kura_lang,
 * switched at /lang). Each area file exports `ja` and an `en` that must have
 * every key, so a missing translation is a type error.
 */
const areas = [common, auth, settings, stock, orders, shop, channels, confirm, documents, picking, desk, returns, packing, carrier, merge, rules, perms];

export type Locale = 'ja' | 'en';
export type MessageKey = keyof typeof common.ja | keyof typeof auth.ja | keyof typeof settings.ja | keyof typeof stock.ja | keyof typeof orders.ja | keyof typeof shop.ja | keyof typeof channels.ja
  | keyof typeof confirm.ja
  | keyof typeof documents.ja
  | keyof typeof picking.ja
  | keyof typeof desk.ja
  | keyof typeof returns.ja
  | keyof typeof packing.ja
  | keyof typeof carrier.ja
  | keyof typeof merge.ja
  | keyof typeof rules.ja
  | keyof typeof perms.ja;

const dictionaries: Record<Locale, Record<string, string>> = {
  ja: Object.assign({}, ...areas.map((a) => a.ja)),
  en: Object.assign({}, ...areas.map((a) => a.en)),
};

export const toLocale = (value: string | undefined | null): Locale => (value === 'en' ? 'en' : 'ja');

export const translate = (locale: Locale, key: MessageKey, params?: Record<string, string | number>): string => {
  const text = dictionaries[locale][key] ?? dictionaries.ja[key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (_, p) => String(params[p] ?? '')) : text;
};

/** In a component: const t = useT(); t('nav.orders'). */
export const useT = () => {
  const locale = toLocale(getLocale('ja'));
  return (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params);
};

/** For keys built at run time (e.g. "policy." + an API rule code): undefined when unknown. */
export const useTMaybe = () => {
  const locale = toLocale(getLocale('ja'));
  return (key: string, params?: Record<string, string | number>) => {
    const text = dictionaries[locale][key];
    return text !== undefined && params ? text.replace(/\{(\w+)\}/g, (_, p) => String(params[p] ?? '')) : text;
  };
};

export const useLocale = (): Locale => toLocale(getLocale('ja'));
