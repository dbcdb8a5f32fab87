import { describe, expect, it } from 'vitest';
import { checkLogo, crc32, LOGO_MAX_PIXELS, LOGO_MAX_SIDE, type LogoCheck } from '../../worker/shop/image';
import { ascii, chunk, concat, EDITOR_PNG, ENCODER_JPEG, HTML, jpeg, png, PNG_SIGNATURE, TRUNCATED_JPEG } from './images';

const PNG = png();
const JPEG = jpeg();
const invalid = (type: string, fault: string) => ({ ok: false, problem: 'invalid', type, fault });

/** The same bytes with one byte changed. */
const withByte = (bytes: Uint8Array, at: number, value: number) => {
  const copy = bytes.slice();
  copy[at] = value;
  return copy;
};

describe('a logo is accepted only as one well-formed PNG or JPEG, with its size', () => {
  it('a valid 1×1 PNG and a valid 1×1 JPEG are accepted with their dimensions', () => {
    expect(checkLogo(PNG)).toEqual({ ok: true, type: 'image/png', width: 1, height: 1 });
    expect(checkLogo(JPEG)).toEqual({ ok: true, type: 'image/jpeg', width: 1, height: 1 });
  });

  it('files saved by real encoders are accepted: an editor’s PNG, libjpeg’s JPEG', () => {
    expect(checkLogo(EDITOR_PNG)).toEqual({ ok: true, type: 'image/png', width: 1, height: 1 });
    expect(checkLogo(ENCODER_JPEG)).toEqual({ ok: true, type: 'image/jpeg', width: 1, height: 1 });
  });

  it('the dimensions come from the header: IHDR for a PNG, SOF for a JPEG', () => {
    expect(checkLogo(png({ width: 640, height: 200 }))).toMatchObject({ ok: true, width: 640, height: 200 });
    expect(checkLogo(jpeg({ width: 300, height: 120 }))).toMatchObject({ ok: true, width: 300, height: 120 });
  });

  it('ancillary PNG chunks (text, colour profile) are fine; so are stuffed FF bytes and restart markers inside JPEG image data', () => {
    expect(checkLogo(png({ before: [chunk('tEXt', ascii('Software\0Kura')), chunk('gAMA', [0, 0, 0xb1, 0x8f])] }))).toMatchObject({ ok: true });
    expect(checkLogo(jpeg({ scan: [0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56] }))).toMatchObject({ ok: true, width: 1, height: 1 });
  });

  it('the CRC-32 is the standard one (check value of "123456789")', () => {
    expect(crc32(ascii('123456789'))).toBe(0xcbf43926);
  });
});

describe('a file that only starts like an image is refused', () => {
  it('a PNG with an HTML page appended after IEND is refused', () => {
    expect(checkLogo(concat(PNG, HTML))).toMatchObject(invalid('image/png', 'trailing_data'));
    // also when the appended bytes end like a PNG again
    expect(checkLogo(concat(PNG, HTML, chunk('IEND')))).toMatchObject(invalid('image/png', 'trailing_data'));
    expect(checkLogo(concat(EDITOR_PNG, [0]))).toMatchObject(invalid('image/png', 'trailing_data'));
  });

  it('a PNG chunk whose CRC does not match is refused (IHDR, IDAT, IEND alike)', () => {
    // IHDR's data starts at 16, the IDAT's at 8 + 25 + 8
    expect(checkLogo(withByte(PNG, 16 + 3, 2))).toMatchObject(invalid('image/png', 'checksum'));
    expect(checkLogo(withByte(PNG, 41 + 4, PNG[41 + 4] ^ 0xff))).toMatchObject(invalid('image/png', 'checksum'));
    expect(checkLogo(withByte(PNG, PNG.length - 1, PNG[PNG.length - 1] ^ 1))).toMatchObject(invalid('image/png', 'checksum'));
  });

  it('a PNG broken in its structure is refused: IHDR of the wrong length, no IDAT, an unknown critical chunk, a chunk after IEND', () => {
    const ihdr14 = concat(PNG_SIGNATURE, chunk('IHDR', [0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0]), PNG.subarray(33));
    expect(checkLogo(ihdr14)).toMatchObject(invalid('image/png', 'structure'));
    const noIdat = concat(PNG.subarray(0, 33), chunk('IEND'));
    expect(checkLogo(noIdat)).toMatchObject(invalid('image/png', 'structure'));
    expect(checkLogo(png({ before: [chunk('HTML', HTML)] }))).toMatchObject(invalid('image/png', 'structure'));
    const badIhdr = concat(PNG_SIGNATURE, chunk('IHDR', [0, 0, 0, 1, 0, 0, 0, 1, 7, 6, 0, 0, 0]), PNG.subarray(33));
    expect(checkLogo(badIhdr)).toMatchObject(invalid('image/png', 'structure'));
  });

  it('a PNG or JPEG declaring a width or height of 0 is refused', () => {
    expect(checkLogo(png({ width: 0 }))).toMatchObject(invalid('image/png', 'zero_size'));
    expect(checkLogo(png({ height: 0 }))).toMatchObject(invalid('image/png', 'zero_size'));
    expect(checkLogo(jpeg({ width: 0 }))).toMatchObject(invalid('image/jpeg', 'zero_size'));
    expect(checkLogo(jpeg({ height: 0 }))).toMatchObject(invalid('image/jpeg', 'zero_size'));
  });

  it('a JPEG with anything after its EOI marker is refused: HTML, zero padding, even data that ends in FF D9 again', () => {
    expect(checkLogo(concat(JPEG, HTML))).toMatchObject(invalid('image/jpeg', 'trailing_data'));
    expect(checkLogo(concat(JPEG, [0, 0, 0, 0]))).toMatchObject(invalid('image/jpeg', 'trailing_data'));
    expect(checkLogo(concat(JPEG, HTML, [0xff, 0xd9]))).toMatchObject(invalid('image/jpeg', 'trailing_data'));
    expect(checkLogo(concat(ENCODER_JPEG, HTML))).toMatchObject(invalid('image/jpeg', 'trailing_data'));
  });

  it('a JPEG without a frame header or without image data is refused', () => {
    expect(checkLogo(concat([0xff, 0xd8], [0xff, 0xfe, 0x00, 0x04, 0x41, 0x42], [0xff, 0xd9]))).toMatchObject(invalid('image/jpeg', 'structure'));
    const sos = JPEG.findIndex((b, i) => b === 0xff && JPEG[i + 1] === 0xda);
    expect(checkLogo(concat(JPEG.subarray(0, sos), [0xff, 0xd9]))).toMatchObject(invalid('image/jpeg', 'structure'));
  });

  it('every truncation of a valid PNG or JPEG is refused, as cut short', () => {
    for (const [image, type] of [
      [PNG, 'image/png'],
      [JPEG, 'image/jpeg'],
      [EDITOR_PNG, 'image/png'],
      [ENCODER_JPEG, 'image/jpeg'],
    ] as const) {
      for (let n = 0; n < image.length; n++) {
        const result: LogoCheck = checkLogo(image.subarray(0, n));
        expect(result.ok, `${type} cut to ${n} bytes`).toBe(false);
        if (result.type !== null) expect(result, `${type} cut to ${n} bytes`).toMatchObject(invalid(type, 'truncated'));
      }
    }
  });

  it('the JPEG the tests used to upload (headers and a scan header, then nothing) is refused', () => {
    expect(checkLogo(TRUNCATED_JPEG)).toMatchObject(invalid('image/jpeg', 'truncated'));
  });

  it('text, SVG and GIF are not images at all', () => {
    for (const s of ['hello, this is text', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'GIF89a\x01\x00\x01\x00']) {
      expect(checkLogo(ascii(s))).toEqual({ ok: false, problem: 'not_an_image', type: null });
    }
    expect(checkLogo(new Uint8Array())).toMatchObject({ ok: false, problem: 'not_an_image' });
  });
});

describe('a logo too large in pixels (a decompression bomb on every 納品書) is refused', () => {
  it('a PNG declaring 30000×30000 with valid CRCs is refused, with its size', () => {
    const bomb = png({ width: 30000, height: 30000 });
    expect(bomb.length).toBeLessThan(100);
    expect(checkLogo(bomb)).toEqual({ ok: false, problem: 'too_many_pixels', type: 'image/png', width: 30000, height: 30000 });
  });

  it('a JPEG declaring 30000×30000 is refused, with its size', () => {
    expect(checkLogo(jpeg({ width: 30000, height: 30000 }))).toEqual({ ok: false, problem: 'too_many_pixels', type: 'image/jpeg', width: 30000, height: 30000 });
  });

  it(`each side may be at most ${LOGO_MAX_SIDE} px and the whole at most ${LOGO_MAX_PIXELS} pixels`, () => {
    expect(LOGO_MAX_SIDE).toBe(4096);
    expect(LOGO_MAX_PIXELS).toBe(16_000_000);
    expect(checkLogo(png({ width: 4096, height: 1 }))).toMatchObject({ ok: true });
    expect(checkLogo(png({ width: 4097, height: 1 }))).toMatchObject({ ok: false, problem: 'too_many_pixels' });
    expect(checkLogo(jpeg({ width: 1, height: 4097 }))).toMatchObject({ ok: false, problem: 'too_many_pixels' });
    // 4096 × 3906 = 15,998,976 pixels: in; 4096 × 3907 = 16,003,072: out
    expect(checkLogo(png({ width: 4096, height: 3906 }))).toMatchObject({ ok: true });
    expect(checkLogo(png({ width: 4096, height: 3907 }))).toMatchObject({ ok: false, problem: 'too_many_pixels' });
    expect(checkLogo(jpeg({ width: 3907, height: 4096 }))).toMatchObject({ ok: false, problem: 'too_many_pixels' });
    // the largest a PNG can declare
    expect(checkLogo(png({ width: 0x7fffffff, height: 0x7fffffff }))).toMatchObject({ ok: false, problem: 'too_many_pixels' });
  });
});
