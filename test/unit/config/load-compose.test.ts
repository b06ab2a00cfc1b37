import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/common/errors.js';
import { lookupIn } from '../../../src/config/interpolate.js';
import { loadComposeFiles } from '../../../src/config/load-compose.js';
import { loadError, loadFiles } from './load-files.js';
import { yaml } from './temp-files.js';

describe('interpolation in a file', () => {
  it('fills in variables in values, never in keys', async () => {
    const { compose } = await loadFiles(
      { 'compose.yaml': 'services:\n  web:\n    image: "nginx:${TAG:-latest}"\n    environment:\n      $KEY: ${VALUE}\n' },
      { VALUE: 'v' },
    );
    expect(compose.services?.web?.image).toBe('nginx:latest');
    expect(compose.services?.web?.environment).toEqual({ $KEY: 'v' });
  });

  it('warns once per unset variable, at the first value that used it', async () => {
    const { warnings } = await loadFiles({
      'compose.yaml': 'services:\n  web:\n    image: "nginx:${TAG}"\n    hostname: "${TAG}"\n',
    });
    expect(warnings).toEqual([
      {
        message: 'the "TAG" variable is not set; defaulting to a blank string',
        position: { file: 'compose.yaml', line: 3, col: 12 },
        path: 'services.web.image',
      },
    ]);
  });

  it('fails a ${VAR:?err} with file:line:col, the path and the message', async () => {
    const err = await loadError({
      'compose.yaml': yaml`
        services:
          db:
            image: postgres
            environment:
              POSTGRES_PASSWORD: \${DB_PASSWORD:?set DB_PASSWORD in .env}
      `,
    });
    expect(err.issues).toEqual([
      {
        message: 'services.db.environment.POSTGRES_PASSWORD: required variable DB_PASSWORD is not set: set DB_PASSWORD in .env',
        position: { file: 'compose.yaml', line: 5, col: 26 },
        path: 'services.db.environment.POSTGRES_PASSWORD',
      },
    ]);
    expect(err.message).toBe(
      'compose.yaml:5:26: services.db.environment.POSTGRES_PASSWORD: required variable DB_PASSWORD is not set: set DB_PASSWORD in .env',
    );
  });

  it('fails a ${VAR?err} only when unset', async () => {
    const file = { 'compose.yaml': 'services:\n  web:\n    image: "nginx${TAG?TAG is needed}"\n' };
    await expect(loadFiles(file, { TAG: '' })).resolves.toBeDefined();
    const err = await loadError(file);
    expect(err.issues[0]!.message).toContain('required variable TAG is not set: TAG is needed');
    expect(err.issues[0]!.position).toEqual({ file: 'compose.yaml', line: 3, col: 12 });
  });

  it('reports a malformed ${ with its position', async () => {
    const err = await loadError({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    command: echo ${oops\n' });
    expect(err.issues[0]!.message).toMatch(/^services\.web\.command: invalid interpolation format "\$\{oops"/);
    expect(err.issues[0]!.position).toEqual({ file: 'compose.yaml', line: 4, col: 14 });
  });

  it('turns $$ into $ (for a shell inside the container to expand)', async () => {
    const { compose } = await loadFiles({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    command: sh -c "echo $$HOME"\n' });
    expect(compose.services?.web?.command).toBe('sh -c "echo $HOME"');
  });

  it('interpolates inside anchors once and everywhere they are used', async () => {
    const { compose } = await loadFiles(
      { 'compose.yaml': 'x-img: &img "app:${V}"\nservices:\n  a: { image: *img }\n  b: { image: *img }\n' },
      { V: '2' },
    );
    expect([compose.services?.a?.image, compose.services?.b?.image]).toEqual(['app:2', 'app:2']);
  });
});

describe('problems in the files', () => {
  it('collects every problem of every file before failing', async () => {
    const err = await loadError({
      'a.yaml': 'services:\n  web:\n    image: nginx\n    ports: ["99999:80"]\n',
      'b.yaml': 'services:\n  web:\n    restart: sometimes\n    image: ${X:?x is required}\n',
    });
    expect(err.issues.map((i) => `${i.position?.file}:${i.position?.line}`)).toEqual(['a.yaml:4', 'b.yaml:3', 'b.yaml:4']);
    expect(err.message).toMatch(/^3 problems in the configuration:/);
  });

  it('reports a YAML syntax error with file and line', async () => {
    const err = await loadError({ 'compose.yaml': 'services:\n  web:\n  image: nginx\n   bad: indent\n' });
    expect(err.issues[0]!.message).toMatch(/^YAML syntax error/);
    expect(err.issues[0]!.position?.file).toBe('compose.yaml');
  });

  it('rejects a file whose top level is not a mapping', async () => {
    const err = await loadError({ 'compose.yaml': '- web\n- db\n' });
    expect(err.issues).toEqual([
      {
        message: 'compose.yaml is not a Compose file: its top level must be a mapping with keys such as services',
        position: { file: 'compose.yaml', line: 1, col: 1 },
      },
    ]);
  });

  it('reports a file it cannot read', async () => {
    const err = await loadComposeFiles([{ path: '/nonexistent/compose.yaml', display: 'compose.yaml' }], lookupIn({})).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).issues[0]!.message).toMatch(/^cannot read compose\.yaml/);
  });
});
