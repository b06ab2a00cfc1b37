/**
 * Points in time in test output, masked before sets are compared: two sets never run a test
 * at the same instant, so a clock reading says nothing about how they differ. A date alone
 * (2026-12-01) is kept: two sets tested together show the same one, and a data set's dates
 * are part of what is compared.
 */

export const TIME_PLACEHOLDER = '<time>';

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
/** 22:32:54, 22:32:54.123456789 */
const CLOCK = '(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:[.,]\\d+)?';
const ZONE = '(?:Z|[+-](?:[01]\\d):?[0-5]\\d)';
const NAMED_ZONE = '(?:GMT|UTC|[A-Z]{3,4}|[+-]\\d{4})';

/** Most specific first: a longer form is masked whole, before a shorter one could take part of it. */
const PATTERNS: RegExp[] = [
  // ISO 8601 / RFC 3339: 2026-12-01T22:32:54.123Z, 2026-12-01 22:32:54+00:00, 2026-12-01 22:32 (listings)
  new RegExp(`\\b\\d{4}-[01]\\d-[0-3]\\d[T ](?:${CLOCK}|(?:[01]\\d|2[0-3]):[0-5]\\d)${ZONE}?(?![\\d:])`, 'g'),
  // ISO 8601 basic: 20261201T223254Z
  new RegExp(`\\b\\d{8}T\\d{6}(?:\\.\\d+)?${ZONE}?\\b`, 'g'),
  // RFC 2822 and HTTP dates: Tue, 01 Dec 2026 22:32:54 GMT (the weekday is optional)
  new RegExp(`(?:${DAY}, )?\\b\\d{1,2} ${MONTH} \\d{4} ${CLOCK}(?: ${NAMED_ZONE})?\\b`, 'g'),
  // Common and combined log format: 01/Dec/2026:22:32:54 +0000
  new RegExp(`\\b\\d{2}/${MONTH}/\\d{4}:${CLOCK}(?: [+-]\\d{4})?`, 'g'),
  // nginx and Apache directory listings: 01-Dec-2026 22:32
  new RegExp(`\\b\\d{2}-${MONTH}-\\d{4} (?:[01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d)?\\b`, 'g'),
  // date(1) and ctime: Tue Dec  1 22:32:54 UTC 2026, Tue Dec  1 22:32:54 2026
  new RegExp(`\\b${DAY} ${MONTH} [ \\d]\\d ${CLOCK}(?: ${NAMED_ZONE})? \\d{4}\\b`, 'g'),
  // syslog: Dec  1 22:32:54
  new RegExp(`\\b${MONTH} [ \\d]\\d ${CLOCK}\\b`, 'g'),
  // 14 digits that read as a time, as MediaWiki and many file names write one: 20261201223254
  /\b(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:[01]\d|2[0-3])[0-5]\d[0-5]\d\b/g,
  // a clock reading alone: 22:32:54, 22:32:54.123
  new RegExp(`(?<![\\d:])${CLOCK}(?![\\d:])`, 'g'),
];

export function maskTimes(text: string): string {
  let out = text;
  for (const pattern of PATTERNS) out = out.replace(pattern, TIME_PLACEHOLDER);
  return out;
}
