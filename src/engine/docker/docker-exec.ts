/**
 * Running a command in a container: collected (exec) or attached to the caller's streams
 * (execInteractive). The exit code comes from inspecting the exec once its output ends.
 */
import type { Duplex, Readable } from 'node:stream';
import type Docker from 'dockerode';
import { InterruptedError } from '../../common/errors.js';
import type { ExecOptions, ExecResult, InteractiveExecOptions, OutputSink } from '../engine.js';
import { FrameDemuxer } from './docker-stream.js';

/** The output can end a moment before the engine records the exit code. */
const EXIT_CODE_POLLS = 50;
const EXIT_CODE_POLL_MS = 20;

function createOptions(options: ExecOptions, interactive: { tty: boolean } | undefined): Docker.ExecCreateOptions {
  return {
    Cmd: options.cmd,
    AttachStdin: interactive !== undefined,
    AttachStdout: true,
    AttachStderr: true,
    Tty: interactive?.tty ?? false,
    ...(options.env ? { Env: options.env } : {}),
    ...(options.user ? { User: options.user } : {}),
    ...(options.workingDir ? { WorkingDir: options.workingDir } : {}),
    ...(options.privileged ? { Privileged: true } : {}),
  };
}

export async function runExec(container: Docker.Container, options: ExecOptions): Promise<ExecResult> {
  const out = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  const exitCode = await runExecStream(container, options, (stream, chunk) => out[stream].push(chunk));
  return {
    exitCode,
    stdout: Buffer.concat(out.stdout).toString('utf8'),
    stderr: Buffer.concat(out.stderr).toString('utf8'),
  };
}

/** Hands each frame of output to onOutput as it arrives; resolves with the exit code. */
export async function runExecStream(container: Docker.Container, options: ExecOptions, onOutput: OutputSink): Promise<number> {
  const { signal } = options;
  if (signal?.aborted) throw new InterruptedError();
  const exec = await container.exec(createOptions(options, undefined));
  const stream = (await exec.start({ Detach: false, Tty: false })) as Readable;
  const demuxer = new FrameDemuxer();
  await consume(stream, signal, (chunk) => {
    for (const frame of demuxer.push(chunk)) onOutput(frame.stream, frame.payload);
  });
  return exitCodeOf(exec, signal);
}

export async function runInteractiveExec(container: Docker.Container, options: InteractiveExecOptions): Promise<number> {
  const { signal, tty } = options;
  if (signal?.aborted) throw new InterruptedError();
  const exec = await container.exec(createOptions(options, { tty }));
  const socket = (await exec.start({ hijack: true, stdin: true, Detach: false, Tty: tty })) as Duplex;

  const resize = (size: { rows: number; columns: number }) => {
    if (tty) exec.resize({ h: size.rows, w: size.columns }).catch(() => undefined); // racing the exit is harmless
  };
  if (options.size) resize(options.size);
  options.onResize?.(resize);

  // Ending our side tells the engine stdin is closed; the output goes on until the process exits.
  const onStdinEnd = () => socket.end();
  options.stdin.on('end', onStdinEnd);
  options.stdin.pipe(socket, { end: false });

  const demuxer = tty ? undefined : new FrameDemuxer();
  try {
    await consume(socket, signal, (chunk) => {
      if (!demuxer) return void options.stdout.write(chunk);
      for (const frame of demuxer.push(chunk)) (frame.stream === 'stderr' ? options.stderr : options.stdout).write(frame.payload);
    });
  } finally {
    options.stdin.unpipe(socket);
    options.stdin.off('end', onStdinEnd);
  }
  return exitCodeOf(exec, signal);
}

/** Reads the stream to its end; an abort destroys it and rejects with InterruptedError. */
function consume(stream: Readable, signal: AbortSignal | undefined, onData: (chunk: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      stream.destroy();
      reject(new InterruptedError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = (err?: Error) => {
      signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve();
    };
    stream.on('data', onData);
    stream.once('end', () => done());
    // A hijacked socket may close without 'end' when the engine hangs up.
    stream.once('close', () => done());
    stream.once('error', (err) => done(err));
  });
}

async function exitCodeOf(exec: Docker.Exec, signal: AbortSignal | undefined): Promise<number> {
  for (let i = 0; i < EXIT_CODE_POLLS; i++) {
    if (signal?.aborted) throw new InterruptedError();
    const info = await exec.inspect();
    if (!info.Running && info.ExitCode !== null && info.ExitCode !== undefined) return info.ExitCode;
    await new Promise((r) => setTimeout(r, EXIT_CODE_POLL_MS));
  }
  const info = await exec.inspect();
  return info.ExitCode ?? -1;
}
