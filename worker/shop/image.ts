/**
 * What an uploaded logo really is, judged from its first bytes (the
 * Content-Type header is only the sender's claim). PNG and JPEG only: SVG can
 * carry script and is refused like anything else.
 */
export type LogoType = 'image/png' | 'image/jpeg';

export const LOGO_TYPES: readonly LogoType[] = ['image/png', 'image/jpeg'];
export const LOGO_MAX_BYTES = 512 * 1024;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const IHDR = [0x49, 0x48, 0x44, 0x52];

const startsWith = (bytes: Uint8Array, prefix: number[], at = 0) => bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);

/** The image type the bytes are, or null: a PNG signature followed by its IHDR chunk, or a JPEG start-of-image marker. */
export const sniffLogoType = (bytes: Uint8Array): LogoType | null => {
  if (startsWith(bytes, PNG_SIGNATURE) && startsWith(bytes, IHDR, 12)) return 'image/png';
  // SOI (FF D8) and the next marker's FF: JFIF, Exif and raw JPEGs alike
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return null;
};
