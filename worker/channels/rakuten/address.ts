/**
 * Rakuten's address and name pieces (OrdererModel / SenderModel) in Kura's shape.
 * RMS sends the postcode as two strings (zipCode1 "060", zipCode2 "0001"), the
 * phone as up to three parts, the name as family/first name, and everything
 * after 郡市区 as ONE free-text field, subAddress.
 */

const digitsOnly = (s: string | number | null | undefined): string => String(s ?? '').normalize('NFKC').replace(/\D/g, '');

/** "060-0001": leading zeros kept (they are strings in RMS; numbers are padded back just in case). */
export const postalCodeOf = (zip1: string | number | null | undefined, zip2: string | number | null | undefined): string => {
  const a = digitsOnly(zip1);
  const b = digitsOnly(zip2);
  if (!a && !b) return '';
  return `${a.padStart(3, '0')}-${b.padStart(4, '0')}`;
};

/** "090-1234-5678" from phoneNumber1..3 (RMS allows one of them to be null). */
export const phoneOf = (...parts: (string | null | undefined)[]): string =>
  parts
    .map((p) => (p ?? '').trim())
    .filter(Boolean)
    .join('-');

/** "山田 太郎" (firstName may be missing: companies, SenderModel.firstName is optional). */
export const nameOf = (family: string | null | undefined, first: string | null | undefined): string =>
  [family, first]
    .map((p) => (p ?? '').trim())
    .filter(Boolean)
    .join(' ');

/**
 * Where a 番地 visibly ends: "1-1", "2-14-1", "3の5", "12番地", "5号" (full-width
 * digits and the dashes buyers actually type included). A bare number ("上野123",
 * "北5") is NOT taken as an end, because "北5 西3" or "字上野 123" would split wrongly.
 */
const BLOCK_END = /(?:[0-9０-９]+(?:[-‐‑–—―ー−－の][0-9０-９]+)+|[0-9０-９]+(?:番地|号))$/;
const GAP = /[ \t\u3000]+/g;
/** The building part must start like a name, not like more of the block number. */
const BUILDING_START = /^[^0-9０-９\-‐‑–—―ー−－]/;

/**
 * Splits subAddress into address1 (番地) and address2 (建物) only when it is safe:
 * at the first space (half- or full-width) that follows a clearly finished block
 * number and precedes something that does not look like more of the number
 * ("北一条西2丁目1-1 サンプルビル 5F" → "北一条西2丁目1-1" / "サンプルビル 5F").
 * Otherwise the whole text stays in address1 and address2 is empty: a wrong
 * split would print a building on the 番地 line, a missing one prints the same
 * text on one line, so doubt keeps it whole.
 */
export const splitSubAddress = (subAddress: string | null | undefined): { address1: string; address2: string } => {
  const s = (subAddress ?? '').trim();
  for (const m of s.matchAll(GAP)) {
    const head = s.slice(0, m.index);
    const tail = s.slice(m.index! + m[0].length);
    if (BLOCK_END.test(head) && BUILDING_START.test(tail)) return { address1: head, address2: tail.trim() };
  }
  return { address1: s, address2: '' };
};
