import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listContextFiles } from '../../../src/common/build-context.js';

describe('listContextFiles', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'testbed-ctx-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function files(entries: Record<string, string>): Promise<void> {
    for (const [name, content] of Object.entries(entries)) {
      await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
      await writeFile(path.join(dir, name), content);
    }
  }

  it('lists every file, sorted, when there is no .dockerignore', async () => {
    await files({ Dockerfile: 'FROM x', 'src/b.js': '', 'src/a.js': '', 'README.md': '' });
    await symlink('src/a.js', path.join(dir, 'link.js'));
    expect(await listContextFiles(dir, 'Dockerfile')).toEqual(['Dockerfile', 'README.md', 'link.js', 'src/a.js', 'src/b.js']);
  });

  it("applies .dockerignore with Docker's rules, exceptions included", async () => {
    await files({
      Dockerfile: 'FROM x',
      '.dockerignore': '# comment\n\nnode_modules\n*.log\n!important.log\nbuild/**\n!build/keep/**\n/secret.txt\n',
      'node_modules/pkg/index.js': '',
      'app.log': '',
      'important.log': '',
      'sub/app.log': '',
      'build/out.bin': '',
      'build/keep/x.txt': '',
      'secret.txt': '',
      'src/index.js': '',
    });
    expect(await listContextFiles(dir, 'Dockerfile')).toEqual([
      '.dockerignore',
      'Dockerfile',
      'build/keep/x.txt',
      'important.log',
      'src/index.js',
      // "*.log" matches at the top only, like Docker (not like .gitignore).
      'sub/app.log',
    ]);
  });

  it('always keeps the Dockerfile and .dockerignore, even when ignored', async () => {
    await files({ 'docker/web.Dockerfile': 'FROM x', '.dockerignore': 'docker\n.dockerignore\n', 'app.js': '' });
    expect(await listContextFiles(dir, './docker/web.Dockerfile')).toEqual(['.dockerignore', 'app.js', 'docker/web.Dockerfile']);
  });
});
