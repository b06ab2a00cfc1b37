/**
 * One output stream of a command: written whole to a file (when given) and kept in memory only
 * up to a bound, as its first and its last bytes, so a chatty command cannot exhaust memory.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

export const DEFAULT_CAPTURE_BYTES = 1024 * 1024;

export class OutputCapture {
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private total = 0;
  private file: WriteStream | undefined;
  private fileError: Error | undefined;

  /** @param maxBytes kept in memory: half from the start, half from the end. */
  constructor(private readonly maxBytes = DEFAULT_CAPTURE_BYTES) {}

  /** Starts writing everything to `path` as well: private (0600 in 0700 folders), as output may hold secrets. */
  async toFile(path: string): Promise<void> {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    this.file = createWriteStream(path, { mode: 0o600 });
    this.file.on('error', (err) => (this.fileError = err));
  }

  push(chunk: Buffer): void {
    this.total += chunk.length;
    this.file?.write(chunk);
    const headRoom = Math.ceil(this.maxBytes / 2) - this.headBytes;
    if (headRoom > 0) {
      const part = chunk.subarray(0, headRoom);
      this.head.push(part);
      this.headBytes += part.length;
      chunk = chunk.subarray(part.length);
    }
    if (chunk.length === 0) return;
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    const tailMax = Math.floor(this.maxBytes / 2);
    while (this.tail.length > 1 && this.tailBytes - this.tail[0]!.length >= tailMax) this.tailBytes -= this.tail.shift()!.length;
  }

  get totalBytes(): number {
    return this.total;
  }

  get truncated(): boolean {
    return this.total > this.headBytes + this.keptTail().length;
  }

  /** What is kept, with a marker where bytes were left out. */
  text(): string {
    const head = Buffer.concat(this.head).toString('utf8');
    const tail = this.keptTail();
    const omitted = this.total - this.headBytes - tail.length;
    if (omitted <= 0) return head + tail.toString('utf8');
    return `${head}\n[... ${omitted} bytes left out; the whole output is in the file ...]\n${tail.toString('utf8')}`;
  }

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    const file = this.file;
    this.file = undefined;
    if (file) await new Promise<void>((resolve) => file.end(resolve));
    if (this.fileError) throw this.fileError;
  }

  private keptTail(): Buffer {
    const all = Buffer.concat(this.tail);
    const tailMax = Math.floor(this.maxBytes / 2);
    return all.length > tailMax ? all.subarray(all.length - tailMax) : all;
  }
}
