/**
 * Test output made comparable between sets: what is a set's own (its name, its containers'
 * names, ids and addresses, its published ports, its secrets, its folder) becomes a placeholder
 * that names what it stands for (`<set>`, `<web address>`, `<secret db_password>`), points in
 * time become `<time>`, and what a test asks to ignore becomes `<ignored>`. Every compared set's
 * tokens are replaced in every set's output, so a word that happens to equal a set's name is
 * replaced on both sides alike and never shows as a difference.
 */
import { maskTimes } from './time-masks.js';
import type { SetIdentity } from './set-identity.js';

export const IGNORED_PLACEHOLDER = '<ignored>';

/** Secrets shorter than this are too likely to equal ordinary text (as when masking output). */
const MIN_SECRET_LENGTH = 4;

/** What must not touch a token on either side, so that only whole tokens are replaced. */
type Boundary = 'word' | 'address' | 'hex' | 'none';

export interface SetToken {
  text: string;
  placeholder: string;
  boundary: Boundary;
}

const BOUNDARIES: Record<Boundary, [string, string]> = {
  // A set name inside a longer name (wf in wf-dump) is not the set's name.
  word: ['(?<![A-Za-z0-9_-])', '(?![A-Za-z0-9_-])'],
  // 127.0.0.1 is not part of 127.0.0.12 or 10.127.0.0.1
  address: ['(?<![\\d.])', '(?!\\d|\\.\\d)'],
  hex: ['(?<![0-9a-fA-F])', '(?![0-9a-fA-F])'],
  none: ['', ''],
};

/** The tokens of one set, each with the placeholder that replaces it. */
export function setTokens(identity: SetIdentity): SetToken[] {
  const tokens: SetToken[] = [
    { text: identity.folder, placeholder: '<set folder>', boundary: 'none' },
    // Container, network and volume names: <project>-<set>-<name>
    { text: `${identity.project}-${identity.set}-`, placeholder: `${identity.project}-<set>-`, boundary: 'none' },
    { text: identity.set, placeholder: '<set>', boundary: 'word' },
  ];
  for (const r of identity.replicas) {
    const replica = `${r.service}-${r.number}`;
    if (r.loopback) tokens.push({ text: r.loopback, placeholder: `<${r.number === 1 ? r.service : replica} address>`, boundary: 'address' });
    tokens.push({ text: r.containerId, placeholder: `<${replica} container>`, boundary: 'hex' });
    // The engine's short id, which is also the container's default host name.
    tokens.push({ text: r.containerId.slice(0, 12), placeholder: `<${replica} container>`, boundary: 'hex' });
    for (const [network, address] of Object.entries(r.networkAddresses)) {
      tokens.push({ text: address, placeholder: `<${replica} on ${network}>`, boundary: 'address' });
    }
    for (const [port, where] of Object.entries(r.published)) {
      // On its own loopback address a port keeps its number: the address alone is the set's.
      if (r.loopback && where.startsWith(`${r.loopback}:`)) continue;
      tokens.push({ text: where, placeholder: `<${replica} port ${port}>`, boundary: 'address' });
    }
  }
  for (const [name, value] of Object.entries(identity.secrets).sort(([a], [b]) => a.localeCompare(b))) {
    for (const text of new Set([value, value.trim()])) {
      if (text.length >= MIN_SECRET_LENGTH) tokens.push({ text, placeholder: `<secret ${name}>`, boundary: 'none' });
    }
  }
  return tokens.filter((t) => t.text !== '');
}

/** Replaces every compared set's tokens, and addresses in their networks' ranges, in one pass each. */
export function identityMasker(identities: readonly SetIdentity[]): (text: string) => string {
  const byText = new Map<string, SetToken>();
  for (const token of identities.flatMap(setTokens)) if (!byText.has(token.text)) byText.set(token.text, token);
  // Longest first, so a token that contains another (a folder holding the set name) wins.
  const tokens = [...byText.values()].sort((a, b) => b.text.length - a.text.length);
  const pattern = tokens.length
    ? new RegExp(tokens.map((t) => BOUNDARIES[t.boundary][0] + escapeRegExp(t.text) + BOUNDARIES[t.boundary][1]).join('|'), 'g')
    : undefined;
  const ranges = identities.flatMap((i) => i.subnets.flatMap((s) => {
    const range = ipv4Range(s.cidr);
    return range ? [{ ...range, placeholder: `<address on ${s.network}>` }] : [];
  }));
  return (text) => {
    let out = pattern ? text.replace(pattern, (m) => byText.get(m)!.placeholder) : text;
    // Containers made during a test (run:, image:) have addresses no one knew before it.
    if (ranges.length) {
      out = out.replace(IPV4, (m) => {
        const n = ipv4Number(m);
        return ranges.find((r) => n !== undefined && (n & r.mask) >>> 0 === r.base)?.placeholder ?? m;
      });
    }
    return out;
  };
}

/** A test's `compare.ignore` patterns, compiled as they are applied (every match, ^ and $ at lines). */
export function ignorePatterns(patterns: readonly string[] = []): RegExp[] {
  return patterns.map((p) => new RegExp(p, 'gm'));
}

/** The text as compared and as its differences are shown. */
export function comparableText(text: string, mask: (text: string) => string, ignore: readonly RegExp[]): string {
  let out = maskTimes(mask(text));
  for (const pattern of ignore) out = out.replace(pattern, IGNORED_PLACEHOLDER);
  return out;
}

const IPV4 = /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?!\d|\.\d)/g;

function ipv4Number(text: string): number | undefined {
  const parts = text.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p > 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + p, 0);
}

function ipv4Range(cidr: string): { base: number; mask: number } | undefined {
  const [address = '', bits = ''] = cidr.split('/');
  const n = ipv4Number(address);
  const prefix = Number(bits);
  if (n === undefined || !Number.isInteger(prefix) || prefix < 1 || prefix > 32) return undefined;
  const mask = prefix === 32 ? 0xffffffff : (~(0xffffffff >>> prefix)) >>> 0;
  return { base: (n & mask) >>> 0, mask };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
