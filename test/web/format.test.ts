import { describe, expect, it } from 'vitest';
import { formatJst } from '../../web/src/lib/format';

describe('times on screen', () => {
  it('are JST, year first in both languages', () => {
    expect(formatJst('2026-12-08T05:05:09Z', 'ja')).toBe('2026/12/08 14:05:09 JST');
    expect(formatJst('2026-12-08T05:05:09Z', 'en')).toBe('2026-12-08 14:05:09 JST');
    expect(formatJst('2026-12-07T15:00:00Z', 'en')).toBe('2026-12-08 00:00:00 JST');
    expect(formatJst(null)).toBe('—');
  });
});
