import { describe, expect, it } from 'vitest';
import { comparableText, identityMasker, ignorePatterns } from '../../../src/lifecycle/tests/output-normalizer.js';
import type { SetIdentity } from '../../../src/lifecycle/tests/set-identity.js';
import { maskTimes } from '../../../src/lifecycle/tests/time-masks.js';

const ID_A = 'a1b2c3d4e5f6' + '0'.repeat(52);
const ID_B = 'f6e5d4c3b2a1' + '1'.repeat(52);

function identity(set: string, n: number, id: string, secret: string): SetIdentity {
  return {
    project: 'shop',
    set,
    replicas: [
      {
        service: 'web',
        number: 1,
        containerId: id,
        loopback: `127.${n}.0.7`,
        networkAddresses: { default: `172.${n}.0.2` },
        published: { '80/tcp': `127.${n}.0.7:8080` },
      },
      {
        service: 'web',
        number: 2,
        containerId: id.replace(/0|1/g, '9'),
        loopback: `127.${n}.0.8`,
        networkAddresses: { default: `172.${n}.0.3` },
        published: {},
      },
    ],
    subnets: [{ network: 'default', cidr: `172.${n}.0.0/16` }],
    secrets: { db_password: secret, short: 'abc' },
    folder: `/state/shop/${set}`,
  };
}

const old = identity('old', 20, ID_A, 'Zq8sW2mXk4Lp');
const fresh = identity('new', 21, ID_B, 'Hh3nB7vC1xRt');
const mask = identityMasker([old, fresh]);
const compare = (text: string, ignore: string[] = []) => comparableText(text, mask, ignorePatterns(ignore));

describe('output as compared between sets', () => {
  it('gives the same text for two sets whose output differs only in their own names, addresses, ids and secrets', () => {
    const say = (s: SetIdentity, n: number, id: string, secret: string) =>
      [
        `set ${s.set}: http://web.${s.set}.lan/ on 127.${n}.0.7 (container shop-${s.set}-web-1, host ${id.slice(0, 12)})`,
        `replica 2 at 127.${n}.0.8, db at 172.${n}.0.2, a test container at 172.${n}.5.9`,
        `full id ${id}; folder /state/shop/${s.set}/tests; password=${secret}`,
      ].join('\n');
    const a = compare(say(old, 20, ID_A, 'Zq8sW2mXk4Lp'));
    const b = compare(say(fresh, 21, ID_B, 'Hh3nB7vC1xRt'));
    expect(a).toBe(b);
    expect(a).toBe(
      [
        'set <set>: http://web.<set>.lan/ on <web address> (container shop-<set>-web-1, host <web-1 container>)',
        'replica 2 at <web-2 address>, db at <web-1 on default>, a test container at <address on default>',
        'full id <web-1 container>; folder <set folder>/tests; password=<secret db_password>',
      ].join('\n'),
    );
  });

  it('keeps what differs because of the configuration', () => {
    expect(compare('case: first-letter on web.old.lan')).not.toBe(compare('case: case-sensitive on web.new.lan'));
  });

  it('replaces a set name only where it stands alone, and the same way in every set', () => {
    // "new" is a set's name and an English word: replaced in both outputs, so it never differs.
    expect(compare('a new page')).toBe('a <set> page');
    expect(compare('renewed news new-ish old_one olden')).toBe('renewed news new-ish old_one olden');
    expect(compare('Old New')).toBe('Old New');
  });

  it('replaces an address only whole, never inside a longer one', () => {
    expect(compare('127.20.0.70 127.20.0.7.1 10.127.20.0.7 127.20.0.7:80 172.20.0.20')).toBe(
      '127.20.0.70 127.20.0.7.1 10.127.20.0.7 <web address>:80 <address on default>',
    );
    expect(compare('172.22.0.2 and 8.8.8.8 are no set\'s')).toBe('172.22.0.2 and 8.8.8.8 are no set\'s');
  });

  it('leaves short secrets alone, which would match ordinary text', () => {
    expect(compare('abc')).toBe('abc');
  });

  it('names a port published away from the set\'s own address (--publish ephemeral)', () => {
    const eph: SetIdentity = { ...old, replicas: [{ ...old.replicas[0]!, loopback: undefined, published: { '80/tcp': '127.0.0.1:49153' } }] };
    const m = identityMasker([eph]);
    expect(comparableText('GET http://127.0.0.1:49153/ and 127.0.0.1:4915', m, [])).toBe('GET http://<web-1 port 80/tcp>/ and 127.0.0.1:4915');
  });

  it('masks what a test asks to ignore, after the rest', () => {
    expect(compare('served in 12ms by web.old.lan (poll 3)\nok', ['\\(poll \\d+\\)', 'in \\d+ms by web\\.<set>'])).toBe(
      'served <ignored>.lan <ignored>\nok',
    );
    expect(compare('a\nb', ['^b$'])).toBe('a\n<ignored>');
  });
});

describe('points in time', () => {
  it.each([
    ['ISO 8601', 'started 2026-12-01T22:44:26Z, ended 2026-12-01T22:45:02.123456+01:00.'],
    ['ISO 8601 with a space', '2026-12-01 22:44:26 UTC'],
    ['ISO 8601 basic', 'at 20261201T224426Z'],
    ['RFC 2822', 'Date: Tue, 01 Dec 2026 22:44:26 +0000'],
    ['an HTTP date', 'Last-Modified: Tue, 1 Dec 2026 22:44:26 GMT'],
    ['the common log format', '127.0.0.1 - - [01/Dec/2026:22:44:26 +0000] "GET / HTTP/1.1" 200'],
    ['date(1)', 'Tue Dec  1 22:44:26 UTC 2026'],
    ['syslog', 'Dec  1 22:44:26 host app[1]: up'],
    ['an nginx directory listing', '<a href="x.gz">x.gz</a>      01-Dec-2026 22:44    9765'],
    ['an Apache directory listing', '<td>2026-12-01 22:44  </td>'],
    ['MediaWiki', 'Cached time: 20261201224441'],
    ['a clock', 'done at 22:44:26.120'],
  ])('masks %s', (_what, text) => {
    expect(maskTimes(text)).toContain('<time>');
    expect(maskTimes(text)).not.toMatch(/22:44|224426|224441/);
  });

  it('masks the date together with its time, and keeps a date alone and other numbers', () => {
    expect(maskTimes('{"date": "20261201", "started": "2026-12-01T22:44:26Z", "pages": 31}')).toBe(
      '{"date": "20261201", "started": "<time>", "pages": 31}',
    );
    expect(maskTimes('2026-12-01 version 1.39.17 ratio 16:9 port 8080:80 id 12345678901234 99:99:99')).toBe(
      '2026-12-01 version 1.39.17 ratio 16:9 port 8080:80 id 12345678901234 99:99:99',
    );
  });
});
