import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InterruptedError } from '../../../src/common/errors.js';
import type { LogLine } from '../../../src/engine/engine.js';
import { skipWithoutEngine } from '../../support/engine.js';
import { collect, engineFixture, type EngineFixture } from './engine-fixtures.js';

describe.skipIf(skipWithoutEngine)('exec and logs', () => {
  let fx: EngineFixture;
  let sleeper: string;

  beforeAll(async () => {
    fx = await engineFixture('eng-exec');
    sleeper = await fx.engine.createContainer(fx.spec(fx.name('sleeper')));
    await fx.engine.startContainer(sleeper);
  });

  afterAll(async () => {
    await fx?.cleanup();
  });

  it('exec returns stdout, stderr and the exit code, as the given user and in the given folder', async () => {
    const result = await fx.engine.exec(sleeper, {
      cmd: ['sh', '-c', 'echo "out $FOO"; echo err >&2; id -u; pwd; exit 3'],
      env: ['FOO=bar'],
      user: 'nobody',
      workingDir: '/tmp',
    });
    expect(result).toEqual({ exitCode: 3, stdout: 'out bar\n65534\n/tmp\n', stderr: 'err\n' });
  });

  it('exec keeps large outputs whole', async () => {
    const result = await fx.engine.exec(sleeper, { cmd: ['sh', '-c', 'i=0; while [ $i -lt 3000 ]; do echo "line $i"; i=$((i+1)); done'] });
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3000);
    expect(lines[2999]).toBe('line 2999');
  });

  it('interactive exec pipes stdin in and output out, without a TTY and with one', async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    stdout.on('data', (c: Buffer) => out.push(c));
    stderr.on('data', (c: Buffer) => err.push(c));
    const code = await fx.engine.execInteractive(sleeper, {
      cmd: ['sh', '-c', 'read a; read b; echo "got $a $b"; echo oops >&2; exit 4'],
      tty: false,
      stdin: Readable.from(['first\n', 'second\n']),
      stdout,
      stderr,
    });
    expect(code).toBe(4);
    expect(Buffer.concat(out).toString()).toBe('got first second\n');
    expect(Buffer.concat(err).toString()).toBe('oops\n');

    const ttyOut: Buffer[] = [];
    const ttyStdout = new PassThrough().on('data', (c: Buffer) => ttyOut.push(c));
    const resizes: ((size: { rows: number; columns: number }) => void)[] = [];
    const ttyCode = await fx.engine.execInteractive(sleeper, {
      cmd: ['sh', '-c', 'sleep 0.3; stty size'],
      tty: true,
      stdin: new PassThrough(),
      stdout: ttyStdout,
      stderr: new PassThrough(),
      size: { rows: 30, columns: 100 },
      onResize: (listener) => resizes.push(listener),
    });
    expect(ttyCode).toBe(0);
    expect(resizes).toHaveLength(1);
    expect(Buffer.concat(ttyOut).toString()).toBe('30 100\r\n');
  });

  it('an aborted exec stops waiting', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = Date.now();
    await expect(fx.engine.exec(sleeper, { cmd: ['sleep', '20'], signal: controller.signal })).rejects.toBeInstanceOf(InterruptedError);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('logs come as demuxed lines, split right even when a line arrives in pieces, and following ends when the container stops', async () => {
    const id = await fx.engine.createContainer(
      fx.spec(fx.name('talker'), {
        command: ['sh', '-c', 'echo out1; sleep 0.1; echo err1 >&2; sleep 0.3; printf "par"; sleep 0.3; echo "tial"; printf "no newline"'],
      }),
    );
    await fx.engine.startContainer(id);
    const followed = await collect(fx.engine.logs(id, { follow: true }));
    const expected: LogLine[] = [
      { stream: 'stdout', line: 'out1' },
      { stream: 'stderr', line: 'err1' },
      { stream: 'stdout', line: 'partial' },
      { stream: 'stdout', line: 'no newline' },
    ];
    // Docker 20.10's follow can end before the last, unterminated line is read (docker logs -f too).
    expect(followed.slice(0, 3)).toEqual(expected.slice(0, 3));
    expect(await collect(fx.engine.logs(id, { follow: false }))).toEqual(expected);
    expect(await collect(fx.engine.logs(id, { follow: false, tail: 1 }))).toEqual([expected[3]]);
  });

  it('following logs stops when the signal aborts', async () => {
    const id = await fx.engine.createContainer(
      fx.spec(fx.name('ticker'), { command: ['sh', '-c', 'i=0; while true; do echo "tick $i"; i=$((i+1)); sleep 0.1; done'] }),
    );
    await fx.engine.startContainer(id);
    const controller = new AbortController();
    const seen: string[] = [];
    for await (const { line } of fx.engine.logs(id, { follow: true, signal: controller.signal })) {
      seen.push(line);
      if (seen.length === 3) controller.abort();
    }
    expect(seen.slice(0, 3)).toEqual(['tick 0', 'tick 1', 'tick 2']);
  });

  it('a TTY container logs raw lines', async () => {
    // ContainerSpec has no tty field, but the engine still has to read such containers' logs.
    const { default: Docker } = await import('dockerode');
    const docker = new Docker();
    const ttyId = (
      await docker.createContainer({ name: fx.name('tty-raw'), Image: 'busybox:latest', Tty: true, Cmd: ['sh', '-c', 'echo one; echo two >&2'], Labels: fx.labels })
    ).id;
    await fx.engine.startContainer(ttyId);
    await fx.engine.waitContainer(ttyId);
    expect(await collect(fx.engine.logs(ttyId, { follow: false }))).toEqual([
      { stream: 'stdout', line: 'one' },
      { stream: 'stdout', line: 'two' },
    ]);
  });
});
