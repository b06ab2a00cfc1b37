import { describe, expect, it } from 'vitest';
import { MAX_COMPOSE_FILES } from '../../../src/config/read-compose-file.js';
import { loadErrorFrom, loadFrom } from './load.js';

describe('include', () => {
  it('brings in the services and resources of another project, its paths resolved from its own directory', async () => {
    const { project, temp } = await loadFrom({
      'app/compose.yaml': 'include:\n  - ../shared/db.yaml\nservices:\n  web:\n    image: nginx\n    depends_on: [db]\n',
      'shared/db.yaml': 'services:\n  db:\n    image: postgres\n    env_file: db.env\n    volumes: [data:/var/lib/postgresql/data, ./init:/docker-entrypoint-initdb.d]\nvolumes:\n  data: {}\n',
      'shared/db.env': 'POSTGRES_PASSWORD=x\n',
    }, { files: ['app/compose.yaml'] });
    expect(Object.keys(project.services).sort()).toEqual(['db', 'web']);
    expect(project.services.db!.environment).toEqual({ POSTGRES_PASSWORD: 'x' });
    expect(project.volumes.data).toBeDefined();
    expect(project.services.web!.dependsOn.db).toBeDefined();
    expect(project.services.db!.volumes[1]).toMatchObject({ type: 'bind', source: temp.path('shared/init') });
    expect(project.directory).toBe(temp.path('app'));
  });

  it('interpolates an included file with its own .env, the including project\'s variables winning', async () => {
    const { project } = await loadFrom({
      'compose.yaml': 'include:\n  - path: sub/compose.yaml\n',
      'sub/compose.yaml': 'services:\n  app:\n    image: "busybox:${TAG}"\n    environment: { WHO: "${WHO}" }\n',
      'sub/.env': 'TAG=from-sub\nWHO=sub\n',
    }, { env: { WHO: 'parent' } });
    expect(project.services.app!.image).toBe('busybox:from-sub');
    expect(project.services.app!.environment.WHO).toBe('parent');
  });

  it('takes the long syntax: several files merged, project_directory and env_file', async () => {
    const { project, temp } = await loadFrom({
      'compose.yaml': 'include:\n  - path: [lib/a.yaml, lib/a.override.yaml]\n    project_directory: lib/root\n    env_file: lib/vars.env\n',
      'lib/a.yaml': 'services:\n  app:\n    image: "busybox:${V}"\n    volumes: ["./x:/x"]\n',
      'lib/a.override.yaml': 'services:\n  app:\n    environment: { O: "1" }\n',
      'lib/vars.env': 'V=7\n',
    });
    expect(project.services.app!.image).toBe('busybox:7');
    expect(project.services.app!.environment).toEqual({ O: '1' });
    expect(project.services.app!.volumes[0]).toMatchObject({ source: temp.path('lib/root/x') });
  });

  it('refuses a service defined differently here and in the included file, naming both places', async () => {
    const err = await loadErrorFrom({
      'compose.yaml': 'include: [other.yaml]\nservices:\n  db:\n    image: mariadb\n',
      'other.yaml': 'services:\n  db:\n    image: postgres\n',
    });
    expect(err.message).toMatch(/compose\.yaml:3:3: services\.db is defined both here and in the included other\.yaml \(line 2\), differently/);
  });

  it('accepts the same definition on both sides', async () => {
    const { project } = await loadFrom({
      'compose.yaml': 'include: [a.yaml, b.yaml]\n',
      'a.yaml': 'include: [common.yaml]\nservices:\n  a:\n    image: x\n',
      'b.yaml': 'include: [common.yaml]\nservices:\n  b:\n    image: x\n',
      'common.yaml': 'services:\n  c:\n    image: x\n',
    });
    expect(Object.keys(project.services).sort()).toEqual(['a', 'b', 'c']);
  });

  it('refuses an include cycle, naming the files', async () => {
    const err = await loadErrorFrom({
      'compose.yaml': 'include: [a.yaml]\nservices:\n  web:\n    image: x\n',
      'a.yaml': 'include: [b.yaml]\n',
      'b.yaml': 'include: [a.yaml]\n',
    });
    expect(err.message).toMatch(/include makes a cycle: a\.yaml -> b\.yaml -> a\.yaml/);
  });

  it('stops reading at the file budget when includes fan out', async () => {
    // Each level includes the next twice: 2^12 reads without a budget.
    const files: Record<string, string> = { 'compose.yaml': 'include: [l1.yaml, l1.yaml]\nservices:\n  web:\n    image: x\n' };
    for (let i = 1; i < 12; i++) files[`l${i}.yaml`] = `include: [l${i + 1}.yaml, l${i + 1}.yaml]\n`;
    files['l12.yaml'] = 'services:\n  leaf:\n    image: x\n';
    const err = await loadErrorFrom(files);
    expect(err.message).toContain(`more than ${MAX_COMPOSE_FILES} Compose files`);
  });

  it('reports a missing included file where the include is written', async () => {
    const err = await loadErrorFrom({ 'compose.yaml': 'include:\n  - nowhere.yaml\nservices:\n  web:\n    image: x\n' });
    expect(err.message).toMatch(/compose\.yaml:2:5: cannot read .*nowhere\.yaml/);
  });
});
