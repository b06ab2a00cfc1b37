/**
 * Sizes as Docker reads them (`512m`, `1g`, `100k`, `1.5gb`, plain numbers = bytes), binary units.
 */
import { parsed, rejected, type Parsed } from '../../common/parsed.js';

const FACTOR: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };
const SIZE = /^(\d+(?:\.\d+)?)\s*([kmgtp]?)(?:i?b)?$/i;

export const SIZE_EXPECTED = 'a size like "512m", "1g", "100k" or a number of bytes';

export function parseByteSize(input: string | number): Parsed<number> {
  if (typeof input === 'number') {
    return Number.isFinite(input) && input >= 0 ? parsed(Math.floor(input)) : rejected('it must not be negative');
  }
  const match = SIZE.exec(input.trim());
  if (!match) return rejected();
  return parsed(Math.floor(Number(match[1]) * FACTOR[match[2]!.toLowerCase()]!));
}

/** Bytes in the largest unit that divides them exactly: 536870912 -> "512m", 1000 -> "1000" (plain bytes). */
export function formatByteSize(bytes: number): string {
  for (const unit of ['p', 't', 'g', 'm', 'k']) {
    const factor = FACTOR[unit]!;
    if (bytes >= factor && bytes % factor === 0) return `${bytes / factor}${unit}`;
  }
  return String(bytes);
}
