/**
 * A container's output from attach: taken before the container starts, it holds every byte
 * the process writes, from the first, split into stdout and stderr.
 */
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { AttachedOutput, OutputSink } from '../engine.js';
import { FrameDemuxer } from './docker-stream.js';

export async function attachOutput(container: Docker.Container, onOutput: OutputSink): Promise<AttachedOutput> {
  const tty = (await container.inspect()).Config.Tty;
  const raw = await container.attach({ stream: true, stdout: true, stderr: true });
  const stream = raw instanceof Readable ? raw : new Readable().wrap(raw);
  const demuxer = tty ? undefined : new FrameDemuxer();
  const ended = new Promise<void>((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => {
      if (!demuxer) return onOutput('stdout', chunk);
      for (const frame of demuxer.push(chunk)) onOutput(frame.stream, frame.payload);
    });
    stream.once('end', () => resolve());
    // The engine may hang up without 'end' once the container is gone.
    stream.once('close', () => resolve());
    stream.once('error', (err) => reject(err));
  });
  return { ended, close: () => stream.destroy() };
}
