/**
 * Tiny images for the logo tests, built byte by byte so each test can bend
 * exactly one rule (a chunk's CRC, the declared size, bytes after the end).
 * The CRC-32 here is written independently of worker/shop/image.ts.
 */

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (ISO 3309, as PNG uses it). */
export const crc32 = (bytes: Uint8Array) => {
  let c = ~0;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
};

export const concat = (...parts: (Uint8Array | number[])[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

export const ascii = (s: string) => new TextEncoder().encode(s);
const be32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const be16 = (n: number) => [(n >>> 8) & 0xff, n & 0xff];

/** One PNG chunk: length, type, data and the CRC of type and data. */
export const chunk = (type: string, data: Uint8Array | number[] = []) => {
  const body = concat(ascii(type), data);
  return concat(be32(data.length), body, be32(crc32(body)));
};

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** zlib data holding `raw` in one stored (uncompressed) deflate block, with its Adler-32. */
const zlibStored = (raw: number[]) => {
  let a = 1;
  let b = 0;
  for (const x of raw) {
    a = (a + x) % 65521;
    b = (b + a) % 65521;
  }
  return [0x78, 0x01, 0x01, raw.length & 0xff, raw.length >> 8, ~raw.length & 0xff, (~raw.length >> 8) & 0xff, ...raw, ...be32(((b << 16) | a) >>> 0)];
};

/**
 * A PNG: IHDR (8-bit RGBA), optional chunks before the image data, one IDAT
 * holding a single red pixel (filter byte 0, RGBA) and IEND. With the default
 * 1×1 it is a real image any decoder shows; a larger declared size keeps the
 * same IDAT (the checks read the header, they do not inflate).
 */
export const png = (opts: { width?: number; height?: number; before?: Uint8Array[] } = {}) =>
  concat(
    PNG_SIGNATURE,
    chunk('IHDR', [...be32(opts.width ?? 1), ...be32(opts.height ?? 1), 8, 6, 0, 0, 0]),
    ...(opts.before ?? []),
    chunk('IDAT', zlibStored([0, 0xc0, 0x39, 0x2b, 0xff])),
    chunk('IEND'),
  );

/** A valid PNG of exactly `size` bytes: a tEXt comment pads it. */
export const pngOfSize = (size: number) => {
  const bare = png().length + 12 + 'Comment\0'.length;
  return png({ before: [chunk('tEXt', concat(ascii('Comment\0'), new Uint8Array(size - bare).fill(0x78)))] });
};

/**
 * A baseline JPEG (SOF0), 8-bit grey: one quantisation table, one-code
 * Huffman tables and, for 1×1, the one 8×8 block coded as DC 0 then EOB (mid
 * grey). `scan` replaces the entropy-coded bytes.
 */
export const jpeg = (opts: { width?: number; height?: number; scan?: number[] } = {}) =>
  concat(
    [0xff, 0xd8],
    [0xff, 0xe0, 0x00, 0x10, ...ascii('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0],
    [0xff, 0xdb, 0x00, 0x43, 0x00, ...new Array(64).fill(1)],
    [0xff, 0xc0, 0x00, 0x0b, 8, ...be16(opts.height ?? 1), ...be16(opts.width ?? 1), 1, 1, 0x11, 0],
    [0xff, 0xc4, 0x00, 0x14, 0x00, 1, ...new Array(15).fill(0), 0x00],
    [0xff, 0xc4, 0x00, 0x14, 0x10, 1, ...new Array(15).fill(0), 0x00],
    [0xff, 0xda, 0x00, 0x08, 1, 1, 0x00, 0, 63, 0],
    opts.scan ?? [0x3f],
    [0xff, 0xd9],
  );

const b64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

/** A 1×1 PNG as an image editor saved it (the fixture other tests upload too). */
export const EDITOR_PNG = b64('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==');

/** A 1×1 JPEG as libjpeg (through sharp) saved it: baseline, YCbCr, with its EOI. */
export const ENCODER_JPEG = b64(
  '/9j/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAABAAEDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAb/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAABgf/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCUAHVPf//Z',
);

/**
 * The JPEG the shop tests used before: SOI and headers, a progressive scan
 * header and then nothing (no image data, no EOI). Starts like a JPEG, is not one.
 */
export const TRUNCATED_JPEG = b64(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
);

/** What the outside probe appended to a PNG. */
export const HTML = ascii('<html><script>alert(document.cookie)</script></html>');
