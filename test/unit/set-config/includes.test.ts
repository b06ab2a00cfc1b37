/**
 * `{% include %}` and `{% render %}` read files of the project directory only: not of the
 * current directory, not through `..`, an absolute path or a symbolic link out of the project.
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderTemplate, TemplateError } from '../../../src/set-config/template-render.js';
import { tempFiles } from '../config/temp-files.js';

const context = { values: { who: 'world' } };

async function layout() {
  const temp = await tempFiles({
    'outside/secret.txt': 'TOP SECRET',
    'project/partials/greeting.liquid': 'hello {{ values.who }}',
    'project/partials/nested.liquid': "{% include 'partials/greeting.liquid' %}!",
  });
  const directory = join(temp.dir, 'project');
  await symlink(join(temp.dir, 'outside'), join(directory, 'linked'));
  await symlink(join(temp.dir, 'outside', 'secret.txt'), join(directory, 'partials', 'secret.liquid'));
  return { temp, directory };
}

const render = (text: string, directory?: string) =>
  renderTemplate({ name: 'configs.app', text, file: 'app.conf.liquid', ...(directory ? { directory } : {}) }, context);

describe('template includes', () => {
  it('include and render read files of the project directory, whatever the current directory', async () => {
    const { directory } = await layout();
    expect(await render("{% include 'partials/greeting.liquid' %}", directory)).toBe('hello world');
    expect(await render("{% render 'partials/greeting.liquid', values: values %}", directory)).toBe('hello world');
    expect(await render("{% include 'partials/nested.liquid' %}", directory)).toBe('hello world!');
    expect(process.cwd()).not.toBe(directory);
  });

  it.each([
    ['a path with ..', "{% include '../outside/secret.txt' %}", /"\.\.\/outside\/secret\.txt" is outside the project directory/],
    ['an absolute path', "{% include '/etc/passwd' %}", /"\/etc\/passwd" is outside the project directory/],
    ['render with ..', "{% render '../outside/secret.txt' %}", /is outside the project directory/],
    ['a directory symlink out of the project', "{% include 'linked/secret.txt' %}", /leads outside the project directory through a symbolic link/],
    ['a file symlink out of the project', "{% include 'partials/secret.liquid' %}", /leads outside the project directory through a symbolic link/],
  ])('%s is refused with a config error at the template', async (_what, text, message) => {
    const { directory } = await layout();
    const error = await render(text, directory).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as TemplateError).code).toBe('CONFIG_INVALID');
    expect((error as TemplateError).message).toMatch(message);
    expect((error as TemplateError).message).toMatch(/^app\.conf\.liquid:1:\d+: template configs\.app: /);
    expect((error as TemplateError).message).not.toContain('TOP SECRET');
  });

  it('a template without a project directory includes nothing', async () => {
    const temp = await tempFiles({ 'here.liquid': 'local file' });
    const cwd = process.cwd();
    process.chdir(temp.dir);
    try {
      const error = await render("{% include 'here.liquid' %}").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TemplateError);
      expect((error as TemplateError).message).toMatch(/Failed to lookup "here\.liquid"/);
      expect((error as TemplateError).message).not.toContain('local file');
    } finally {
      process.chdir(cwd);
    }
  });

  it('a missing file is an error naming it', async () => {
    const { directory } = await layout();
    await mkdir(join(directory, 'empty'), { recursive: true });
    await writeFile(join(directory, 'empty', '.keep'), '');
    const error = await render("{% include 'partials/nope.liquid' %}", directory).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as TemplateError).message).toMatch(/partials\/nope\.liquid/);
  });
});
