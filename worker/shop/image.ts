/**
 * What an uploaded logo really is, judged from its bytes (the Content-Type
 * header is only the sender's claim). PNG and JPEG only: SVG can carry script
 * and is refused like anything else.
 *
 * The first bytes only say which decoder to try. The whole file is then walked
 * the way a decoder reads it, so a file is accepted only when it is one well-formed
 * image and nothing else: every PNG chunk with its CRC through IEND, every JPEG
 * segment and scan through EOI, and not one byte after the end (a PNG with an
 * HTML page appended is a polyglot, not a logo). The dimensions come from the
 * header (IHDR, SOFn) and are capped (LOGO_MAX_SIDE, LOGO_MAX_PIXELS).
 *
 * Pure: no I/O; the route (routes.ts) turns a refusal into the API's error.
 */
export type LogoType = 'image/png' | 'image/jpeg';

export const LOGO_TYPES: readonly LogoType[] = ['image/png', 'image/jpeg'];
export const LOGO_MAX_BYTES = 512 * 1024;

/**
 * The largest logo accepted, in pixels. A 512 KB PNG or JPEG can declare
 * 30000×30000 pixels (a flat colour compresses to almost nothing): every browser
 * printing a 納品書, and any renderer that rasterises the slip to PDF, would
 * decode it to width × height × 4 bytes (3.6 GB) per page: a decompression bomb.
 * A logo printed a few centimetres wide needs nothing near these limits:
 * 4096 px a side and 16 million pixels (64 MB decoded) in all.
 */
export const LOGO_MAX_SIDE = 4096;
export const LOGO_MAX_PIXELS = 16_000_000;

/** Why a file that starts like a PNG or JPEG is still not accepted as one. */
export type LogoFault =
  | 'truncated' // ends before the image does (no IEND / EOI, a chunk or segment cut short)
  | 'checksum' // a PNG chunk's CRC-32 does not match its bytes
  | 'trailing_data' // bytes after IEND / EOI
  | 'structure' // a chunk or segment that breaks the format's rules
  | 'zero_size'; // a width or height of 0

export interface LogoImage {
  type: LogoType;
  width: number;
  height: number;
}

export type LogoCheck =
  | ({ ok: true } & LogoImage)
  /** Neither a PNG nor a JPEG by its first bytes. */
  | { ok: false; problem: 'not_an_image'; type: null }
  /** Starts like one, but is not one well-formed image. */
  | { ok: false; problem: 'invalid'; type: LogoType; fault: LogoFault; detail: string }
  /** A well-formed image, larger than LOGO_MAX_SIDE or LOGO_MAX_PIXELS. */
  | { ok: false; problem: 'too_many_pixels'; type: LogoType; width: number; height: number };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const IHDR = [0x49, 0x48, 0x44, 0x52];

const startsWith = (bytes: Uint8Array, prefix: number[], at = 0) => bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);

/** The image type the bytes claim to be by their first bytes, or null: a PNG signature followed by its IHDR chunk, or a JPEG start-of-image marker. */
export const sniffLogoType = (bytes: Uint8Array): LogoType | null => {
  if (startsWith(bytes, PNG_SIGNATURE) && startsWith(bytes, IHDR, 12)) return 'image/png';
  // SOI (FF D8) and the next marker's FF: JFIF, Exif and raw JPEGs alike
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return null;
};

/** The whole check: which image the bytes are, with its size, or why not. */
export const checkLogo = (bytes: Uint8Array): LogoCheck => {
  const type = sniffLogoType(bytes);
  if (!type) return { ok: false, problem: 'not_an_image', type: null };
  let size: { width: number; height: number };
  try {
    size = type === 'image/png' ? readPng(bytes) : readJpeg(bytes);
  } catch (e) {
    if (e instanceof Malformed) return { ok: false, problem: 'invalid', type, fault: e.fault, detail: e.message };
    throw e;
  }
  const { width, height } = size;
  if (width > LOGO_MAX_SIDE || height > LOGO_MAX_SIDE || width * height > LOGO_MAX_PIXELS) return { ok: false, problem: 'too_many_pixels', type, width, height };
  return { ok: true, type, width, height };
};

class Malformed extends Error {
  constructor(
    readonly fault: LogoFault,
    message: string,
  ) {
    super(message);
  }
}

const u16 = (b: Uint8Array, at: number) => (b[at] << 8) | b[at + 1];
const u32 = (b: Uint8Array, at: number) => ((b[at] << 24) >>> 0) + ((b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]);

// ───────────────────────────── PNG (ISO/IEC 15948, W3C PNG 3rd edition)

/** CRC-32 as PNG (and zlib, gzip) use it: reflected polynomial 0xEDB88320. */
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export const crc32 = (bytes: Uint8Array): number => {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

/** Allowed bit depths per colour type (IHDR). */
const PNG_BIT_DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
const PNG_CRITICAL = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND']);
const PNG_MAX_LENGTH = 0x7fffffff;
const isLetter = (b: number) => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);

const readPng = (b: Uint8Array) => {
  let at = PNG_SIGNATURE.length;
  let width = 0;
  let height = 0;
  let colourType = -1;
  let seenPlte = false;
  let idat: 'none' | 'in' | 'done' = 'none';
  for (let index = 0; ; index++) {
    if (at === b.length) throw new Malformed('truncated', 'The PNG ends before its IEND chunk');
    if (at + 12 > b.length) throw new Malformed('truncated', 'The PNG ends inside a chunk');
    const length = u32(b, at);
    if (length > PNG_MAX_LENGTH) throw new Malformed('structure', 'A PNG chunk declares an impossible length');
    const typeBytes = b.subarray(at + 4, at + 8);
    if (!typeBytes.every(isLetter)) throw new Malformed('structure', 'A PNG chunk has an invalid type');
    const type = String.fromCharCode(...typeBytes);
    const end = at + 12 + length;
    if (end > b.length) throw new Malformed('truncated', `The PNG ends inside its ${type} chunk`);
    if (crc32(b.subarray(at + 4, at + 8 + length)) !== u32(b, at + 8 + length)) throw new Malformed('checksum', `The PNG’s ${type} chunk fails its CRC check`);
    const data = b.subarray(at + 8, at + 8 + length);

    if (index === 0 && (type !== 'IHDR' || length !== 13)) throw new Malformed('structure', 'A PNG must start with a 13-byte IHDR chunk');
    if (idat === 'in' && type !== 'IDAT') idat = 'done';
    switch (type) {
      case 'IHDR': {
        if (index !== 0) throw new Malformed('structure', 'The PNG has a second IHDR chunk');
        width = u32(data, 0);
        height = u32(data, 4);
        const [bitDepth, colour, compression, filter, interlace] = data.subarray(8);
        if (width === 0 || height === 0) throw new Malformed('zero_size', 'The PNG declares a width or height of 0');
        if (width > PNG_MAX_LENGTH || height > PNG_MAX_LENGTH) throw new Malformed('structure', 'The PNG declares an impossible width or height');
        if (!PNG_BIT_DEPTHS[colour]?.includes(bitDepth) || compression !== 0 || filter !== 0 || interlace > 1) throw new Malformed('structure', 'The PNG header (IHDR) has invalid values');
        colourType = colour;
        break;
      }
      case 'PLTE':
        if (seenPlte || idat !== 'none' || length === 0 || length % 3 !== 0 || length > 256 * 3) throw new Malformed('structure', 'The PNG has a misplaced or invalid palette (PLTE)');
        seenPlte = true;
        break;
      case 'IDAT':
        if (idat === 'done') throw new Malformed('structure', 'The PNG’s image data (IDAT) is not in one run');
        if (colourType === 3 && !seenPlte) throw new Malformed('structure', 'The palette PNG has no PLTE before its image data');
        idat = 'in';
        break;
      case 'IEND':
        if (length !== 0) throw new Malformed('structure', 'The PNG’s IEND chunk is not empty');
        if (idat === 'none') throw new Malformed('structure', 'The PNG has no image data (IDAT)');
        if (end !== b.length) throw new Malformed('trailing_data', `The file goes on for ${b.length - end} bytes after the PNG’s IEND chunk`);
        return { width, height };
      default:
        // an unknown critical chunk (upper-case first letter) must not be skipped by a decoder
        if (!PNG_CRITICAL.has(type) && !(typeBytes[0] & 0x20)) throw new Malformed('structure', `The PNG has an unknown critical chunk ${type}`);
    }
    at = end;
  }
};

// ───────────────────────────── JPEG (ITU-T T.81)

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
/** SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC): each starts a frame and names its size. */
const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
const isRst = (m: number) => m >= 0xd0 && m <= 0xd7;

const readJpeg = (b: Uint8Array) => {
  let at = 2; // after SOI
  let size: { width: number; height: number } | null = null;
  let scans = 0;
  for (;;) {
    // a marker: FF, any number of FF fill bytes, then its code
    if (at >= b.length) throw new Malformed('truncated', 'The JPEG ends before its EOI marker');
    if (b[at] !== 0xff) throw new Malformed('structure', 'The JPEG has bytes where a marker should be');
    while (at < b.length && b[at] === 0xff) at++;
    if (at >= b.length) throw new Malformed('truncated', 'The JPEG ends before its EOI marker');
    const marker = b[at++];

    if (marker === EOI) {
      if (!size || scans === 0) throw new Malformed('structure', 'The JPEG ends before any image data');
      if (at !== b.length) throw new Malformed('trailing_data', `The file goes on for ${b.length - at} bytes after the JPEG’s EOI marker`);
      return size;
    }
    if (marker === 0x01) continue; // TEM: a marker without a segment
    if (marker === 0x00 || marker === SOI || isRst(marker)) throw new Malformed('structure', 'The JPEG has a marker out of place');

    if (at + 2 > b.length) throw new Malformed('truncated', 'The JPEG ends inside a segment');
    const length = u16(b, at);
    if (length < 2) throw new Malformed('structure', 'A JPEG segment declares an impossible length');
    const end = at + length;
    if (end > b.length) throw new Malformed('truncated', 'The JPEG ends inside a segment');

    if (isSof(marker)) {
      if (size) throw new Malformed('structure', 'The JPEG has more than one frame header (SOF)');
      const components = length >= 8 ? b[at + 7] : 0;
      if (components === 0 || length !== 8 + 3 * components) throw new Malformed('structure', 'The JPEG frame header (SOF) is invalid');
      const height = u16(b, at + 3);
      const width = u16(b, at + 5);
      // a height of 0 means "given later by a DNL marker", which browsers do not support
      if (width === 0 || height === 0) throw new Malformed('zero_size', 'The JPEG declares a width or height of 0');
      size = { width, height };
    }
    at = end;

    if (marker === SOS) {
      if (!size) throw new Malformed('structure', 'The JPEG has image data before its frame header (SOF)');
      scans++;
      // entropy-coded data: FF 00 is a stuffed FF and FF D0–D7 a restart marker; any other FF xx is the next marker
      for (;;) {
        if (at + 1 >= b.length) throw new Malformed('truncated', 'The JPEG ends inside its image data, before the EOI marker');
        if (b[at] === 0xff && b[at + 1] !== 0x00 && b[at + 1] !== 0xff && !isRst(b[at + 1])) break;
        at++;
      }
    }
  }
};
