/**
 * The engine's attach/logs/exec output format. Without a TTY, stdout and stderr come
 * multiplexed in frames (8-byte header: stream type, 3 zero bytes, uint32 BE length);
 * with a TTY the bytes are raw. Chunks from the socket cut frames and lines anywhere.
 */

export type StreamName = 'stdout' | 'stderr';

export interface Frame {
  stream: StreamName;
  payload: Buffer;
}

const HEADER_BYTES = 8;

/** Feed chunks, get the complete frames so far; keeps a partial frame for the next chunk. */
export class FrameDemuxer {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Frame[] = [];
    while (this.pending.length >= HEADER_BYTES) {
      const length = this.pending.readUInt32BE(4);
      if (this.pending.length < HEADER_BYTES + length) break;
      // Type 0 (stdin) is only echoed back for a TTY, which is not framed; treat it as stdout.
      const stream: StreamName = this.pending[0] === 2 ? 'stderr' : 'stdout';
      frames.push({ stream, payload: this.pending.subarray(HEADER_BYTES, HEADER_BYTES + length) });
      this.pending = this.pending.subarray(HEADER_BYTES + length);
    }
    return frames;
  }

  /** Bytes left over when the stream ended mid-frame. */
  get leftover(): number {
    return this.pending.length;
  }
}

/** Splits bytes into lines; holds a partial line (and a partial UTF-8 sequence) until its newline. */
export class LineSplitter {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): string[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const lines: string[] = [];
    let start = 0;
    let newline: number;
    while ((newline = this.pending.indexOf(0x0a, start)) !== -1) {
      lines.push(stripCr(this.pending.toString('utf8', start, newline)));
      start = newline + 1;
    }
    this.pending = this.pending.subarray(start);
    return lines;
  }

  /** The last line, when the output did not end with a newline. */
  flush(): string[] {
    if (this.pending.length === 0) return [];
    const last = stripCr(this.pending.toString('utf8'));
    this.pending = Buffer.alloc(0);
    return [last];
  }
}

/** Lines of stdout and stderr, each with its own partial-line buffer. */
export class StreamLines {
  private readonly demuxer: FrameDemuxer | undefined;
  private readonly splitters = { stdout: new LineSplitter(), stderr: new LineSplitter() };

  constructor(multiplexed: boolean) {
    this.demuxer = multiplexed ? new FrameDemuxer() : undefined;
  }

  push(chunk: Buffer): { stream: StreamName; line: string }[] {
    const frames = this.demuxer ? this.demuxer.push(chunk) : [{ stream: 'stdout' as const, payload: chunk }];
    return frames.flatMap((f) => this.splitters[f.stream].push(f.payload).map((line) => ({ stream: f.stream, line })));
  }

  flush(): { stream: StreamName; line: string }[] {
    return (['stdout', 'stderr'] as const).flatMap((stream) =>
      this.splitters[stream].flush().map((line) => ({ stream, line })),
    );
  }
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
