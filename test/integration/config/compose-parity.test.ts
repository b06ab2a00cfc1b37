/**
 * `testbed config` against a peer: docker-compose 1.29 (Debian's package, installed by
 * scripts/engine-setup.sh) on a file of keys both act on (extends in the same file and from
 * another, merge of mappings and sequences, container keys, `$$`, YAML 1.1 booleans, volume
 * targets with a trailing slash). Compose v2 is not available on these machines.
 * Locally without docker-compose the test is skipped; with CI=true it fails.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { splitCommand } from '../../../src/model/command-spec.js';
import { loadProject } from '../../../src/model/load-project.js';
import { toCompose } from '../../../src/model/to-compose.js';

const DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'compose-parity');

function peer(): Record<string, unknown> | undefined {
  try {
    return parse(execFileSync('docker-compose', ['-f', join(DIR, 'compose.yaml'), 'config'], { cwd: DIR, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: '/home/user' } })) as Record<string, unknown>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

const compose = peer();
if (!compose && process.env.CI === 'true') throw new Error('CI=true and docker-compose is missing: run bash scripts/engine-setup.sh (it installs it)');

type Service = Record<string, unknown>;

/** The fields both print, in one form: 1.29 writes volumes short ("src:dst:rw"), Testbed long. */
function comparable(service: Service): Service {
  const volumes = (service.volumes as (string | { source: string; target: string; read_only?: boolean })[] | undefined)?.map((v) => {
    if (typeof v !== 'string') return `${v.source}:${v.target}:${v.read_only ? 'ro' : 'rw'}`;
    return v;
  });
  const pick = ['image', 'environment', 'cap_add', 'command', 'privileged', 'init', 'dns', 'sysctls', 'ulimits', 'shm_size'];
  return { ...Object.fromEntries(pick.filter((k) => service[k] !== undefined).map((k) => [k, service[k]])), ...(volumes ? { volumes } : {}) };
}

describe.skipIf(!compose)('testbed config says what docker-compose 1.29 config says', () => {
  it('for extends, merged keys and container keys', async () => {
    const project = await loadProject({ cwd: DIR, env: { HOME: '/home/user' } });
    const ours = toCompose(project).services as Record<string, Service>;
    const theirs = compose!.services as Record<string, Service>;
    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
    for (const name of Object.keys(theirs)) {
      const mine = comparable(ours[name]!);
      const peerService = comparable(theirs[name]!);
      // 1.29 keeps a string command as written; Testbed prints the argument list it will run.
      if (typeof peerService.command === 'string') peerService.command = splitCommand(peerService.command);
      expect(mine, name).toEqual(peerService);
    }
  });
});
