/**
 * XII Admin processes, from the front: an HTTP service whose front page is its installer has an
 * install step left for someone to do by hand. Asked of every TCP port the set publishes on a
 * loopback address (nothing else is ever contacted); ports that do not speak HTTP are left out.
 */
import { finding } from '../../../model/doctor/check.js';
import { installerAnswer } from '../../../model/doctor/installer.js';
import { isReplica, runningReplica, type LiveCheck } from '../live-check.js';

const TIMEOUT_MS = 5000;
const BODY_BYTES = 64 * 1024;
/**
 * A server error right after start is often the application waiting for its database (a plain
 * `depends_on` waits for the start only); asked again for this long before doctor says it
 * cannot tell. A 5xx page says nothing either way about an installer.
 */
const SETTLE_MS = 30_000;
const RETRY_MS = 1000;

async function askOnce(url: string): Promise<{ status: number; location?: string; body: string } | undefined> {
  try {
    const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
    const body = (await res.text()).slice(0, BODY_BYTES);
    const location = res.headers.get('location') ?? undefined;
    return { status: res.status, body, ...(location ? { location } : {}) };
  } catch {
    return undefined;
  }
}

async function ask(url: string): Promise<Awaited<ReturnType<typeof askOnce>>> {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    const res = await askOnce(url);
    if (!res || res.status < 500 || Date.now() >= deadline) return res;
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}

export const installerPage: LiveCheck = {
  id: 'admin-processes.installer-page',
  factor: 'admin-processes',
  title: 'the front page answers with the application\'s installer',
  appliesTo: (service) => service.ports.length > 0,
  async run(live, service) {
    if (service.ports.length === 0) return [];
    const replica = await runningReplica(live, this, service.name);
    if (!isReplica(replica)) return [replica];
    const tcp = replica.details.ports.filter((p) => p.containerPort.endsWith('/tcp') && p.hostPort);
    const published = tcp.filter((p) => p.hostIp.startsWith('127.'));
    if (published.length === 0) {
      if (tcp.length === 0) return [];
      return [finding(this, service.name, 'unknown', `published on ${tcp.map((p) => p.hostIp).join(', ')} only, and doctor contacts loopback addresses only`, 'Publish it on a loopback address ("127.0.0.1:8080:80": Testbed uses the set\'s own).')];
    }
    const answers: string[] = [];
    const failing: string[] = [];
    for (const p of published) {
      const url = `http://${p.hostIp}:${p.hostPort}/`;
      const res = await ask(url);
      if (!res) continue;
      const installer = installerAnswer(res.status, res.location, res.body);
      if (installer) {
        return [
          finding(
            this,
            service.name,
            'fail',
            `${url} (${p.containerPort}) ${installer}`,
            'Make the install a job of the file: detect whether it is needed and run it (x-testbed jobs, when: after-start), and let the service wait for it (after_jobs).',
          ),
        ];
      }
      if (res.status >= 500) failing.push(`${p.containerPort}: HTTP ${res.status}`);
      else answers.push(`${p.containerPort}: HTTP ${res.status}`);
    }
    if (answers.length === 0 && failing.length > 0) {
      return [finding(this, service.name, 'unknown', `the front page kept answering with a server error for ${SETTLE_MS / 1000} s (${failing.join(', ')})`, 'Look at the service\'s logs (testbed logs); a service that answers before what it needs is ready wants a healthcheck on that dependency and depends_on: condition: service_healthy.')];
    }
    if (answers.length === 0) return [];
    return [finding(this, service.name, 'pass', `the front page is not an installer (${answers.join(', ')})`)];
  },
};
