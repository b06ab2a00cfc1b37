import { describe, expect, it } from 'vitest';
import { FrameDemuxer, StreamLines } from '../../../src/engine/docker/docker-stream.js';

function frame(stream: 1 | 2, text: string | Buffer): Buffer {
  const payload = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

/** Every way of cutting the bytes in two. */
function everySplit(bytes: Buffer): Buffer[][] {
  return Array.from({ length: bytes.length + 1 }, (_, i) => [bytes.subarray(0, i), bytes.subarray(i)]);
}

describe('multiplexed stream', () => {
  it('demuxes frames whatever the chunk boundaries', () => {
    const bytes = Buffer.concat([frame(1, 'out'), frame(2, 'err'), frame(1, '')]);
    for (const chunks of everySplit(bytes)) {
      const d = new FrameDemuxer();
      const frames = chunks.flatMap((c) => d.push(c));
      expect(frames.map((f) => [f.stream, f.payload.toString()])).toEqual([
        ['stdout', 'out'],
        ['stderr', 'err'],
        ['stdout', ''],
      ]);
      expect(d.leftover).toBe(0);
    }
  });

  it('joins lines cut across frames and chunks, per stream, including split UTF-8 characters', () => {
    const bytes = Buffer.concat([
      frame(1, 'hel'),
      frame(2, 'warn'),
      frame(1, 'lo wörld\r\nsecond\n'),
      frame(2, 'ing\n'),
      frame(1, Buffer.from('€', 'utf8').subarray(0, 1)),
      frame(1, Buffer.concat([Buffer.from('€', 'utf8').subarray(1), Buffer.from(' tail')])),
    ]);
    for (const chunks of everySplit(bytes)) {
      const lines = new StreamLines(true);
      const got = [...chunks.flatMap((c) => lines.push(c)), ...lines.flush()];
      // A line comes out when its newline arrives: stdout's first line completes before stderr's.
      expect(got).toEqual([
        { stream: 'stdout', line: 'hello wörld' },
        { stream: 'stdout', line: 'second' },
        { stream: 'stderr', line: 'warning' },
        { stream: 'stdout', line: '€ tail' },
      ]);
    }
  });

  it('reads a TTY stream raw, as stdout', () => {
    const lines = new StreamLines(false);
    expect([...lines.push(Buffer.from('a\r\nb')), ...lines.push(Buffer.from('c\n')), ...lines.flush()]).toEqual([
      { stream: 'stdout', line: 'a' },
      { stream: 'stdout', line: 'bc' },
    ]);
  });
});
