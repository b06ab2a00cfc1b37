import { describe, expect, it } from 'vitest';
import { formatByteSize, parseByteSize } from '../../../src/config/syntax/byte-size.js';
import { formatDuration, parseDuration } from '../../../src/common/duration.js';
import { parsePortSpec, portIdentity } from '../../../src/config/syntax/port.js';
import { parseVolumeSpec } from '../../../src/config/syntax/volume.js';

describe('short port syntax', () => {
  it.each([
    ['80', { target: 80, protocol: 'tcp' }],
    [80, { target: 80, protocol: 'tcp' }],
    ['8080:80', { target: 80, published: 8080, protocol: 'tcp' }],
    ['127.0.0.1:8080:80/udp', { target: 80, published: 8080, hostIp: '127.0.0.1', protocol: 'udp' }],
    ['127.0.0.1::80', { target: 80, hostIp: '127.0.0.1', protocol: 'tcp' }],
    ['[::1]:8080:80', { target: 80, published: 8080, hostIp: '::1', protocol: 'tcp' }],
    ['3000-3002:4000-4002', { target: 4000, targetEnd: 4002, published: 3000, publishedEnd: 3002, protocol: 'tcp' }],
    ['8000-8010:80', { target: 80, published: 8000, publishedEnd: 8010, protocol: 'tcp' }],
    ['53:53/UDP', { target: 53, published: 53, protocol: 'udp' }],
  ] as const)('reads %s', (spec, expected) => {
    expect(parsePortSpec(spec)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['0', 'port 0 is out of range 1-65535'],
    ['70000:80', 'port 70000 is out of range 1-65535'],
    ['80/sctp', 'protocol "sctp" is not tcp or udp'],
    ['3000-3002:4000-4001', 'host range 3000-3002 and container range 4000-4001 differ in size'],
    ['10-5', 'range 10-5 ends before it starts'],
    ['localhost:80:80', '"localhost" is not an IP address'],
  ])('rejects %s: %s', (spec, reason) => {
    expect(parsePortSpec(spec)).toEqual({ ok: false, reason });
  });

  it('gives the same identity to the same port written twice', () => {
    const a = parsePortSpec('8080:80');
    const b = parsePortSpec('8080:80/tcp');
    expect(a.ok && b.ok && portIdentity(a.value) === portIdentity(b.value)).toBe(true);
  });
});

describe('short volume syntax', () => {
  it.each([
    ['data:/var/lib/data', { type: 'volume', source: 'data', target: '/var/lib/data', readOnly: false, noCopy: false }],
    ['data:/var/lib/data:ro,nocopy', { type: 'volume', source: 'data', target: '/var/lib/data', readOnly: true, noCopy: true }],
    ['/anonymous', { type: 'volume', target: '/anonymous', readOnly: false, noCopy: false }],
    ['/in/container:ro', { type: 'volume', target: '/in/container', readOnly: true, noCopy: false }],
    ['./site:/usr/share/nginx/html:ro', { type: 'bind', source: './site', target: '/usr/share/nginx/html', readOnly: true }],
    ['/abs:/in', { type: 'bind', source: '/abs', target: '/in', readOnly: false }],
    ['~/x:/x:z', { type: 'bind', source: '~/x', target: '/x', readOnly: false }],
    ['../up:/up', { type: 'bind', source: '../up', target: '/up', readOnly: false }],
  ] as const)('reads %s', (spec, expected) => {
    expect(parseVolumeSpec(spec)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['data:relative', 'the container path "relative" is not absolute'],
    ['data:/x:fast', '"fast" is not a mount mode (ro, rw, z, Z, nocopy...)'],
    ['my data:/x', '"my data" is neither a path (start it with ./ or /) nor a volume name'],
  ])('rejects %s: %s', (spec, reason) => {
    expect(parseVolumeSpec(spec)).toEqual({ ok: false, reason });
  });

  it('rejects too many parts or an empty part', () => {
    expect(parseVolumeSpec('a:/b:ro:extra').ok).toBe(false);
    expect(parseVolumeSpec(':/b').ok).toBe(false);
  });
});

describe('durations', () => {
  it.each([
    ['30s', 30_000], ['1m30s', 90_000], ['500ms', 500], ['1h', 3_600_000], ['1.5s', 1500], ['0', 0], [' 2s ', 2000], ['1000us', 1],
  ])('reads %s as %i ms', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, value: ms });
  });

  it.each([
    [0, '0s'], [500, '500ms'], [30_000, '30s'], [90_000, '1m30s'], [3_600_000, '1h'], [3_661_001, '1h1m1s1ms'],
  ])('writes %i ms as %s, which reads back the same', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(parseDuration(text)).toEqual({ ok: true, value: ms });
  });

  it('says when the unit is missing', () => {
    expect(parseDuration('10')).toEqual({ ok: false, reason: 'the unit is missing' });
  });

  it.each(['', 'soon', '10 s', '5d', 's10'])('rejects %j', (text) => {
    expect(parseDuration(text).ok).toBe(false);
  });
});

describe('sizes', () => {
  it.each([
    ['512m', 512 * 1024 ** 2], ['1g', 1024 ** 3], ['1GB', 1024 ** 3], ['100k', 102_400], ['1.5g', 1.5 * 1024 ** 3], ['2048', 2048], [4096, 4096], ['1mib', 1024 ** 2],
  ] as const)('reads %s', (input, bytes) => {
    expect(parseByteSize(input)).toEqual({ ok: true, value: bytes });
  });

  it.each(['lots', '-1m', '1x'])('rejects %j', (text) => {
    expect(parseByteSize(text).ok).toBe(false);
  });

  it.each([
    [512 * 1024 ** 2, '512m'], [1024 ** 3, '1g'], [1536, '1536'], [102_400, '100k'], [1000, '1000'], [0, '0'],
  ])('writes %i bytes as %s, which reads back the same', (bytes, text) => {
    expect(formatByteSize(bytes)).toBe(text);
    expect(parseByteSize(text)).toEqual({ ok: true, value: bytes });
  });

  it('rejects a negative number', () => {
    expect(parseByteSize(-1).ok).toBe(false);
  });
});
