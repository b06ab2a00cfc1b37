import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/common/errors.js';
import { hasMarkup, parseTemplate, renderTemplate, TemplateError } from '../../../src/set-config/template-render.js';

const context = {
  set: { name: 'demo', project: 'wiki' },
  services: { db: { host: 'db', lan: 'db.demo.lan', address: '127.4.5.6', ports: [{ target: 3306, published: 3306 }], replicas: 1 } },
  secrets: { db_password: 's3cret' },
  values: { wikis: ['en', 'el'], title: 'Ελληνικά' },
  env: { HOME: '/root' },
};

describe('templates', () => {
  it('renders the set context with loops, filters and non-ASCII text', async () => {
    const text = [
      '$wgDBserver = "{{ services.db.host }}:{{ services.db.ports[0].target }}";',
      '{% for w in values.wikis %}{{ w | upcase }} {% endfor %}',
      '{{ values.title }} {{ set.name }}/{{ set.project }} {{ secrets.db_password | size }}',
    ].join('\n');
    expect(await renderTemplate({ name: 'configs.ls', text, file: 'LocalSettings.php.liquid' }, context)).toBe(
      '$wgDBserver = "db:3306";\nEN EL \nΕλληνικά demo/wiki 6',
    );
  });

  it('an unknown variable is an error at the template file, line and column', async () => {
    const error = await renderTemplate({ name: 'configs.app', text: 'a = 1\nb = {{ values.nope }}\n', file: 'app.conf.liquid' }, context).catch((e) => e);
    expect(error).toBeInstanceOf(TemplateError);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.issues[0].position).toEqual({ file: 'app.conf.liquid', line: 2, col: 8 });
    expect(error.message).toContain('app.conf.liquid:2:8: template configs.app: undefined variable: values.nope');
    expect(error.hint).toContain('--set-value');
  });

  it('an unknown filter and a syntax error are errors with positions too', async () => {
    const filter = await renderTemplate({ name: 'x', text: '{{ set.name | shout }}', file: 'x.liquid' }, context).catch((e) => e);
    expect(filter.issues[0]).toMatchObject({ position: { file: 'x.liquid', line: 1 } });
    expect(filter.message).toContain('undefined filter: shout');
    await expect(parseTemplate({ name: 'y', text: 'ok\n{% if %}', file: 'y.liquid' })).rejects.toThrow(/y\.liquid:2:\d+/);
  });

  it('an error in inline content points at the content in its file and gives the line within it', async () => {
    const error = await renderTemplate(
      { name: 'configs.inline', text: 'x\n  {{ nope }}', origin: { file: 'compose.yaml', line: 10, col: 14 } },
      context,
    ).catch((e) => e);
    expect(error.issues[0].position).toEqual({ file: 'compose.yaml', line: 10, col: 14 });
    expect(error.message).toContain('compose.yaml:10:14: template configs.inline: undefined variable: nope (line 2, column 6 of the template)');
  });

  it('runs no code: prototype members are not reachable', async () => {
    await expect(renderTemplate({ name: 'x', text: '{{ set.constructor }}' }, context)).rejects.toThrow(/undefined variable/);
  });

  it('knows when text has markup', () => {
    expect(hasMarkup('plain')).toBe(false);
    expect(hasMarkup('{{ a }}')).toBe(true);
    expect(hasMarkup('{% if a %}{% endif %}')).toBe(true);
  });
});
