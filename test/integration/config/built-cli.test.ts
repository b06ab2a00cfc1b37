/**
 * The CLI as users run it: bin/testbed.js runs the bundle npm run build makes (scripts/bundle-cli.js).
 * Bundling must not change what a command prints: an error's JSON names its class, as the library's does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/common/errors.js';
import { tempProject, type TempProject } from '../../support/project.js';

describe('the built CLI', () => {
  const projects: TempProject[] = [];
  afterAll(async () => {
    for (const p of projects) await p.cleanup();
  });

  it('names the error class in --json output as the library does (ConfigError for a wrong value in the file)', async () => {
    const p = await tempProject('built', 'services:\n  app:\n    image: 5\n');
    projects.push(p);
    const config = await p.cli(['--json', 'config']);
    expect(config.code).toBe(2);
    const error = JSON.parse(config.stdout) as { error: string; code: string };
    expect(error).toMatchObject({ error: ConfigError.name, code: 'CONFIG_INVALID' });
    expect(error.error).toBe('ConfigError');
  });

  it('prints its version and nothing else for --version', async () => {
    const p = await tempProject('builtv', 'services:\n  app:\n    image: busybox:latest\n');
    projects.push(p);
    const version = await p.cli(['--version']);
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string };
    expect(version).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });
});
