/**
 * The pure parts of doctor's live checks: how the engine's list of file changes is read, how
 * /proc/net/tcp is read, what in an image's configuration file is per-environment, and what
 * answer is an installer.
 */
import { describe, expect, it } from 'vitest';
import { describeChanges, sortChanges } from '../../../src/model/doctor/file-changes.js';
import { parseListening, reachable } from '../../../src/model/doctor/listening.js';
import { scanConfigText, CONFIG_FILE_NAME, SKIPPED_FOLDER } from '../../../src/model/doctor/config-scan.js';
import { installerAnswer } from '../../../src/model/doctor/installer.js';

describe('the engine\'s list of a container\'s changes', () => {
  const changes = [
    { path: '/var', kind: 'changed' as const },
    { path: '/var/www', kind: 'changed' as const },
    { path: '/var/www/html/index.php', kind: 'added' as const },
    { path: '/var/lib/app', kind: 'changed' as const },
    { path: '/var/lib/app/state.db', kind: 'added' as const },
    { path: '/var/log/apache2/access.log', kind: 'added' as const },
    { path: '/tmp/x', kind: 'added' as const },
    { path: '/run/apache2.pid', kind: 'added' as const },
    { path: '/etc', kind: 'changed' as const },
    { path: '/etc/app/app.conf', kind: 'added' as const },
    { path: '/etc/hosts', kind: 'changed' as const },
    { path: '/srv/app/cache/x', kind: 'added' as const },
    { path: '/var/lib/wordpress', kind: 'added' as const },
    { path: '/var/lib/wordpress/wp-content/uploads', kind: 'added' as const },
  ];

  it('sorts code, state and logs, leaving out scratch space, engine files, copied-in configs, mount points and parent folders', () => {
    const sorted = sortChanges(changes, { workingDir: '/srv/app', injected: ['/etc/app/app.conf'], mountPoints: ['/var/lib/wordpress/wp-content/uploads'] });
    expect(sorted.code.map((c) => c.path)).toEqual(['/var/www/html/index.php', '/srv/app/cache/x']);
    expect(sorted.state.map((c) => c.path)).toEqual(['/var/lib/app/state.db']);
    expect(sorted.logs.map((c) => c.path)).toEqual(['/var/log/apache2/access.log']);
  });

  it('describes a long list briefly', () => {
    expect(describeChanges(changes.slice(2, 4), 1)).toBe('A /var/www/html/index.php (and 1 more)');
  });
});

describe('/proc/net/tcp', () => {
  it('reads addresses and ports, v4 and v6, and tells loopback-only from reachable', () => {
    const sockets = parseListening(['0100007F:0CEA', '00000000:1F90', '00000000000000000000000001000000:0050', '0000000000000000FFFF00000100007F:01BB', '00000000000000000000000000000000:2328', 'garbage'].join('\n'));
    expect(sockets).toEqual([
      { port: 3306, address: '127.0.0.1', reach: 'loopback' },
      { port: 8080, address: '0.0.0.0', reach: 'any' },
      { port: 80, address: '::1', reach: 'loopback' },
      { port: 443, address: '::ffff:127.0.0.1', reach: 'loopback' },
      { port: 9000, address: '::', reach: 'any' },
    ]);
    expect(reachable(sockets, 3306)).toBe(false);
    expect(reachable(sockets, 8080)).toBe(true);
  });
});

describe('configuration files an image ships', () => {
  it('finds literal credentials and other services\' host names, masked, by line; not placeholders or getenv', () => {
    const text = [
      '<?php',
      "define( 'DB_NAME', 'wordpress' );",
      "define( 'DB_PASSWORD', 'wordpress-password' );",
      "define( 'DB_HOST', 'db' );",
      "define( 'AUTH_KEY', 'put your unique phrase here' );",
      "define( 'SECURE_AUTH_KEY', getenv('KEY') );",
      "$cfg['secret_token'] = 'abc123def';",
      'REDIS_HOST=cache',
      'API_KEY=${API_KEY}',
    ].join('\n');
    expect(scanConfigText(text, ['db', 'cache'])).toEqual([
      { line: 3, name: 'DB_PASSWORD', shown: 'w********d', kind: 'credential' },
      { line: 4, name: 'DB_HOST', shown: 'db', kind: 'service-host' },
      { line: 7, name: 'secret_token', shown: 'a*******f', kind: 'credential' },
      { line: 8, name: 'REDIS_HOST', shown: 'cache', kind: 'service-host' },
    ]);
  });

  it('reads files named for configuration, outside library code', () => {
    expect(['wp-config.php', 'local.php', '.env', 'settings.yaml', 'database.yml'].every((n) => CONFIG_FILE_NAME.test(n))).toBe(true);
    expect(['index.php', 'README.md', 'app.js'].some((n) => CONFIG_FILE_NAME.test(n))).toBe(false);
    expect(SKIPPED_FOLDER.test('/var/www/html/vendor/x/config.php')).toBe(true);
    expect(SKIPPED_FOLDER.test('/var/www/html/wp-config.php')).toBe(false);
  });
});

describe('an installer answer', () => {
  it('is a redirect to an installer, or a page that asks to set up first', () => {
    expect(installerAnswer(302, 'http://x/wp-admin/install.php', '')).toBe('redirects to http://x/wp-admin/install.php');
    expect(installerAnswer(200, undefined, '<p>LocalSettings.php not found. Please <a href="mw-config/">set up the wiki</a> first.</p>')).toMatch(/installer/);
    expect(installerAnswer(301, 'http://x/blog/', '')).toBeUndefined();
    expect(installerAnswer(200, undefined, '<h1>My blog</h1>')).toBeUndefined();
  });
});
