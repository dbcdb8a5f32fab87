/**
 * XML in and out for the Yahoo! Shopping Web API, and its error body.
 *
 * Values stay strings (parseTagValue off): order ids, postcodes like 0600001
 * and sub codes must keep their leading zeros. The paths listed in
 * REPEATED_PATHS are always arrays, even when the mall sends one element.
 *
 * Error body (https://developer.yahoo.co.jp/appendix/errors.html and the order
 * API pages): <Error><Message>…</Message><Code>px-04102</Code></Error>.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';

const REPEATED_PATHS = new Set(['Result.Search.OrderInfo', 'ResultSet.Result', 'ResultSet.Result.OrderInfo.Item', 'ResultSet.Result.Warning']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (_name, jpath) => REPEATED_PATHS.has(String(jpath)),
});

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@' });

export type XmlNode = { [key: string]: unknown };

export const parseXml = (text: string): XmlNode => {
  try {
    const doc = parser.parse(text) as unknown;
    return doc && typeof doc === 'object' ? (doc as XmlNode) : {};
  } catch {
    return {};
  }
};

export const buildXml = (doc: XmlNode): string => `<?xml version="1.0" encoding="UTF-8"?>${builder.build(doc)}`;

/** A child element as a string ('' when absent or empty). */
export const text = (node: unknown, key: string): string => {
  if (!node || typeof node !== 'object') return '';
  const v = (node as XmlNode)[key];
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') return '#text' in (v as XmlNode) ? String((v as XmlNode)['#text']) : '';
  return String(v).trim();
};

/** Child objects only: an empty <OrderInfo /> parses to '' and is dropped. */
export const children = (node: unknown, key: string): XmlNode[] => {
  if (!node || typeof node !== 'object') return [];
  const v = (node as XmlNode)[key];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.filter((x): x is XmlNode => !!x && typeof x === 'object');
};

export const child = (node: unknown, key: string): XmlNode => children(node, key)[0] ?? {};

/** The mall's error body, XML (or the JSON variant of the same page); never echoes more than a short snippet. */
export const parseYahooError = (body: string): { message: string; code?: string } => {
  const doc = parseXml(body);
  const err = doc.Error;
  if (err && typeof err === 'object') {
    const message = text(err, 'Message');
    const code = text(err, 'Code');
    return { message: message || 'error without a message', code: code || undefined };
  }
  try {
    const json = JSON.parse(body) as { Error?: { Message?: string; Code?: string } };
    if (json?.Error?.Message) return { message: json.Error.Message, code: json.Error.Code };
  } catch {
    // not JSON either
  }
  const snippet = body.replace(/\s+/g, ' ').trim().slice(0, 120);
  return { message: snippet || 'empty error body' };
};
