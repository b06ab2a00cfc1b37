/**
 * A test's `http:` check. The request goes from the host to where the set publishes the
 * service's port on its loopback address (as a user's browser would reach it); a port the
 * service does not publish cannot be checked this way, and the test says so. Only loopback
 * addresses are ever contacted.
 */
import type { HttpCheck } from '../../model/testbed-tests.js';
import { NotFoundError } from '../../common/errors.js';
import type { SetContext } from '../set-context.js';
import { setStatus } from '../status.js';
import { checkText } from '../../set-config/test-expectations.js';

const MAX_BODY_BYTES = 1024 * 1024;

export interface HttpOutcome {
  method: string;
  url: string;
  status?: number;
  body: string;
  failures: string[];
}

export async function runHttpCheck(ctx: SetContext, check: HttpCheck, timeoutMs: number, signal?: AbortSignal): Promise<HttpOutcome> {
  const url = `http://${await publishedEndpoint(ctx, check)}${check.path}`;
  const outcome: HttpOutcome = { method: check.method, url, body: '', failures: [] };
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, {
      method: check.method,
      headers: check.headers,
      redirect: 'manual',
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    const reason = timeout.aborted ? `no answer within ${timeoutMs}ms` : causeOf(err);
    outcome.failures.push(`${check.method} ${url} failed: ${reason}`);
    return outcome;
  }
  outcome.status = response.status;
  outcome.body = await boundedText(response);
  if (response.status !== check.status) outcome.failures.push(`${check.method} ${url} answered ${response.status}, expected ${check.status}`);
  outcome.failures.push(...checkText('the response body', outcome.body, check.body));
  return outcome;
}

/** host:port on a loopback address where the service's container port is published. */
async function publishedEndpoint(ctx: SetContext, check: HttpCheck): Promise<string> {
  const row = (await setStatus(ctx)).find((r) => r.service === check.service && r.replica === check.replica);
  if (!row || row.state !== 'running') {
    throw new NotFoundError('SERVICE_NOT_FOUND', `service ${check.service} replica ${check.replica} of set ${ctx.set} is not running`, {
      hint: `Bring the set up: testbed up ${ctx.set}`,
    });
  }
  const port = row.ports.find((p) => p.container === `${check.port}/tcp`);
  if (!port) {
    throw new NotFoundError('SERVICE_NOT_FOUND', `service ${check.service} does not publish port ${check.port}, so the host cannot reach it`, {
      hint: `Publish it (ports: ["${check.port}"]), or check it from inside the set with a command test, e.g. image: busybox:latest, command: wget -qO- http://${check.service}:${check.port}${check.path}`,
    });
  }
  const [host, hostPort] = splitHostPort(port.host);
  // Published on every address: the loopback one reaches it too.
  const address = host === '0.0.0.0' || host === '' || host === '::' ? '127.0.0.1' : host;
  if (!address.startsWith('127.')) {
    throw new NotFoundError('SERVICE_NOT_FOUND', `service ${check.service} publishes port ${check.port} on ${host}, not on a loopback address`, {
      hint: 'Testbed sends test traffic only to loopback addresses; publish the port without a host IP.',
    });
  }
  return `${address}:${hostPort}`;
}

function splitHostPort(hostPort: string): [string, string] {
  const i = hostPort.lastIndexOf(':');
  return [hostPort.slice(0, i), hostPort.slice(i + 1)];
}

async function boundedText(response: Response): Promise<string> {
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MAX_BODY_BYTES) break;
  }
  return Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8');
}

function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}
