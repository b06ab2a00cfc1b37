/**
 * Issue 15: doctor's static checks read the file alone (no engine) and say, per service, what is
 * wrong by factor, with the evidence (values masked, file:line:col) and a fix.
 */
import { describe, expect, it } from 'vitest';
import { of, staticFindings } from './static-fixtures.js';

describe('III Config: literal credentials', () => {
  it('fails a password written in the file, masked, with its position', async () => {
    const f = await staticFindings({
      'compose.yaml': `services:
  db:
    image: mariadb:11.4
    environment:
      MARIADB_ROOT_PASSWORD: hunter2-hunter2
      MARIADB_DATABASE: wordpress
`,
    });
    const finding = of(f, 'config.literal-credentials', 'db');
    expect(finding.status).toBe('fail');
    expect(finding.evidence).toContain('MARIADB_ROOT_PASSWORD=h********2');
    expect(finding.evidence).toContain('compose.yaml:5:30');
    expect(finding.evidence).not.toContain('hunter2');
    expect(finding.fix).toMatch(/secret_environment/);
  });

  it('passes values from the environment and set secrets, and ignores switches and *_FILE paths', async () => {
    const f = await staticFindings({
      'compose.yaml': `services:
  app:
    image: app:1.0
    environment:
      - API_TOKEN=\${API_TOKEN}
      - DB_PASSWORD=\${DB_PASSWORD:-change-me}
      - DB_PASSWORD_FILE=/run/secrets/db
      - MYSQL_ALLOW_EMPTY_PASSWORD=yes
    x-testbed:
      secret_environment: { DB_PASSWORD: db }
x-testbed:
  secrets:
    db: { generate: { length: 10 } }
`,
    });
    const finding = of(f, 'config.literal-credentials', 'app');
    expect(finding.status).toBe('pass');
    expect(finding.evidence).toContain('DB_PASSWORD (set secret db)');
    expect(finding.evidence).toContain('API_TOKEN (from the environment)');
  });

  it('fails a literal default that is the value used', async () => {
    const f = await staticFindings({ 'compose.yaml': 'services:\n  app:\n    image: app:1.0\n    environment:\n      SECRET_KEY: ${SECRET_KEY:-dev-secret}\n' });
    expect(of(f, 'config.literal-credentials', 'app')).toMatchObject({ status: 'fail', evidence: expect.stringContaining('a literal default is used: SECRET_KEY=d********t') });
    const set = await staticFindings({ 'compose.yaml': 'services:\n  app:\n    image: app:1.0\n    environment:\n      SECRET_KEY: ${SECRET_KEY:-dev-secret}\n' }, { env: { SECRET_KEY: 'from-env' } });
    expect(of(set, 'config.literal-credentials', 'app').status).toBe('pass');
  });
});

describe('IV Backing services: hard-coded addresses', () => {
  it('fails an IP address or a container name of another service, warns about localhost', async () => {
    const f = await staticFindings({
      'compose.yaml': `name: shop
services:
  app:
    image: app:1.0
    environment:
      DB_HOST: 172.18.0.3
      CACHE_URL: redis://shop-cache-1:6379
  worker:
    image: app:1.0
    environment:
      DB_HOST: localhost
      BIND_ADDRESS: 10.0.0.1
  cache:
    image: redis:7.2
  ok:
    image: app:1.0
    environment:
      DB_HOST: db
      LISTEN: 0.0.0.0:80
`,
    });
    const app = of(f, 'backing-services.hardcoded-addresses', 'app');
    expect(app.status).toBe('fail');
    expect(app.evidence).toContain('DB_HOST=172.18.0.3: an IP address');
    expect(app.evidence).toContain('CACHE_URL=redis://shop-cache-1:6379: a container name');
    expect(of(f, 'backing-services.hardcoded-addresses', 'worker')).toMatchObject({ status: 'warn', evidence: expect.stringContaining('localhost is the container itself') });
    expect(of(f, 'backing-services.hardcoded-addresses', 'ok').status).toBe('pass');
  });
});

describe('V Build, release, run: image tags', () => {
  it('fails latest and missing tags, passes pinned tags and digests, warns about a floating FROM', async () => {
    const f = await staticFindings({
      'compose.yaml': `services:
  a: { image: "busybox:latest" }
  b: { image: "registry.local:5000/team/app" }
  c: { image: "postgres:16.4" }
  d: { image: "app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" }
  e: { build: ./e }
  f: { build: ./f }
`,
      'e/Dockerfile': 'FROM debian AS base\nFROM base\nRUN true\n',
      'f/Dockerfile': 'FROM debian:bookworm-slim AS build\nFROM build\n',
    });
    expect(of(f, 'build-release-run.image-tags', 'a')).toMatchObject({ status: 'fail', evidence: expect.stringContaining('latest') });
    expect(of(f, 'build-release-run.image-tags', 'b')).toMatchObject({ status: 'fail', evidence: expect.stringContaining('no tag') });
    expect(of(f, 'build-release-run.image-tags', 'c').status).toBe('pass');
    expect(of(f, 'build-release-run.image-tags', 'd').status).toBe('pass');
    expect(of(f, 'build-release-run.image-tags', 'e')).toMatchObject({ status: 'warn', evidence: expect.stringContaining('FROM debian (e/Dockerfile:1)') });
    expect(of(f, 'build-release-run.image-tags', 'f').status).toBe('pass');
  });
});

describe('X Dev/prod parity: bind-mounted code', () => {
  const base = `services:
  app:
    image: app:1.0
`;
  it('passes a bind mount of the checkout in an override file only', async () => {
    const f = await staticFindings({ 'compose.yaml': base, 'compose.override.yaml': 'services:\n  app:\n    volumes: ["./src:/app/src"]\n' });
    expect(of(f, 'dev-prod-parity.bind-mounted-code', 'app')).toMatchObject({ status: 'pass', evidence: expect.stringContaining('compose.override.yaml:3:15') });
  });

  it('warns about one in the base file, fails one in a production file', async () => {
    const inBase = await staticFindings({ 'compose.yaml': `${base}    volumes: ["./src:/app/src", "/var/run/docker.sock:/var/run/docker.sock"]\n` });
    expect(of(inBase, 'dev-prod-parity.bind-mounted-code', 'app')).toMatchObject({ status: 'warn', evidence: expect.stringContaining('./src:/app/src') });
    const prod = await staticFindings(
      { 'compose.yaml': base, 'compose.prod.yaml': 'services:\n  app:\n    volumes:\n      - { type: bind, source: ./src, target: /app/src }\n' },
      { files: ['compose.yaml', 'compose.prod.yaml'] },
    );
    expect(of(prod, 'dev-prod-parity.bind-mounted-code', 'app')).toMatchObject({ status: 'fail', evidence: expect.stringContaining('compose.prod.yaml') });
  });
});

describe('Security, as the file asks for it', () => {
  it('fails privileged and dangerous capabilities, warns about a writable root and ports without a host address', async () => {
    const f = await staticFindings({
      'compose.yaml': `services:
  bad:
    image: app:1.0
    privileged: true
    cap_add: [SYS_ADMIN]
    ports: ["8080:80", "0.0.0.0:9000:9000"]
  meh:
    image: app:1.0
    cap_add: [NET_BIND_SERVICE]
    ports: ["8080:80"]
  good:
    image: app:1.0
    read_only: true
    ports: ["127.0.0.1:8080:80"]
`,
    });
    expect(of(f, 'security.privileged', 'bad')).toMatchObject({ status: 'fail', evidence: expect.stringContaining('compose.yaml:4:17') });
    expect(of(f, 'security.capabilities', 'bad').status).toBe('fail');
    expect(of(f, 'security.capabilities', 'meh').status).toBe('warn');
    expect(of(f, 'security.published-all-interfaces', 'bad')).toMatchObject({ status: 'fail', evidence: expect.stringContaining('0.0.0.0:9000:9000') });
    expect(of(f, 'security.published-all-interfaces', 'meh').status).toBe('warn');
    expect(of(f, 'security.published-all-interfaces', 'good').status).toBe('pass');
    expect(of(f, 'security.writable-root', 'meh').status).toBe('warn');
    expect(of(f, 'security.writable-root', 'good').status).toBe('pass');
    expect(of(f, 'security.privileged', 'good').status).toBe('pass');
  });
});

describe('Arbitrary UID keys', () => {
  it('warns about writable_paths without arbitrary_uid, and a user: that arbitrary_uid replaces', async () => {
    const f = await staticFindings({
      'compose.yaml': `services:
  a:
    image: app:1.0
    x-testbed: { writable_paths: [/var/cache/app] }
  b:
    image: app:1.0
    user: "1000"
    x-testbed: { arbitrary_uid: true }
  c:
    image: app:1.0
    x-testbed: { arbitrary_uid: true, writable_paths: [/var/cache/app] }
  d:
    image: app:1.0
`,
    });
    expect(of(f, 'arbitrary-uid.keys', 'a').status).toBe('warn');
    expect(of(f, 'arbitrary-uid.keys', 'b').status).toBe('warn');
    expect(of(f, 'arbitrary-uid.keys', 'c')).toMatchObject({ status: 'pass', evidence: 'arbitrary_uid: true, writable_paths: /var/cache/app' });
    expect(f.filter((x) => x.check === 'arbitrary-uid.keys' && x.service === 'd')).toEqual([]);
  });
});

describe('keys that come through extends and include are checked where the loader reads them', () => {
  it('finds privileged, a literal credential and a bind mount written in a file the service extends', async () => {
    const f = await staticFindings({
      'compose.yaml': 'services:\n  app:\n    extends: { file: lib/base.yaml, service: base }\n    image: app:1.0\n',
      'lib/base.yaml': 'services:\n  base:\n    image: app:1.0\n    privileged: true\n    environment:\n      DB_PASSWORD: hunter2-hunter2\n    volumes: ["../src:/app/src"]\n',
    });
    expect(of(f, 'security.privileged', 'app')).toMatchObject({ status: 'fail', evidence: expect.stringContaining('lib/base.yaml:4:17') });
    expect(of(f, 'config.literal-credentials', 'app')).toMatchObject({ status: 'fail', evidence: expect.stringContaining('lib/base.yaml:6:20') });
    // ../src from lib/ is the project's src: the base file's own folder is what the path means.
    expect(of(f, 'dev-prod-parity.bind-mounted-code', 'app')).toMatchObject({ status: 'warn', evidence: expect.stringContaining('../src:/app/src in lib/base.yaml') });
  });

  it('lets the extending service turn privileged off', async () => {
    const f = await staticFindings({
      'compose.yaml': 'services:\n  base:\n    image: app:1.0\n    privileged: true\n  app:\n    extends: base\n    privileged: false\n',
    });
    expect(of(f, 'security.privileged', 'app').status).toBe('pass');
    expect(of(f, 'security.privileged', 'base').status).toBe('fail');
  });

  it('finds a literal credential in a service an included project defines', async () => {
    const f = await staticFindings({
      'compose.yaml': 'include: [cache/compose.yaml]\nservices:\n  app:\n    image: app:1.0\n',
      'cache/compose.yaml': 'services:\n  cache:\n    image: redis:7.2\n    environment:\n      REDIS_PASSWORD: swordfish\n',
    });
    expect(of(f, 'config.literal-credentials', 'cache')).toMatchObject({ status: 'fail', evidence: expect.stringContaining('cache/compose.yaml:5:23') });
  });

  it('follows include and extends paths written with variables, as the loader interpolates them', async () => {
    const f = await staticFindings({
      '.env': 'CACHE_DIR=cache\nBASE=lib/base.yaml\n',
      'compose.yaml': 'include: ["${CACHE_DIR}/compose.yaml"]\nservices:\n  app:\n    extends: { file: "${BASE}", service: base }\n',
      'cache/compose.yaml': 'services:\n  cache:\n    image: redis:7.2\n    environment:\n      REDIS_PASSWORD: swordfish\n',
      'lib/base.yaml': 'services:\n  base:\n    image: app:1.0\n    privileged: true\n',
    });
    expect(of(f, 'config.literal-credentials', 'cache')).toMatchObject({ status: 'fail', evidence: expect.stringContaining('cache/compose.yaml:5:23') });
    expect(of(f, 'security.privileged', 'app')).toMatchObject({ status: 'fail', evidence: expect.stringContaining('lib/base.yaml:4:17') });
  });

  it('reads the base images of a dockerfile_inline', async () => {
    const f = await staticFindings({
      'compose.yaml': 'services:\n  app:\n    build:\n      context: .\n      dockerfile_inline: |\n        FROM debian\n        RUN true\n',
    });
    expect(of(f, 'build-release-run.image-tags', 'app')).toMatchObject({ status: 'warn', evidence: expect.stringContaining('FROM debian (services.app.build.dockerfile_inline:1)') });
  });

  it('fails a container_name in another service\'s environment: each set appends its name to it', async () => {
    const f = await staticFindings({
      'compose.yaml': 'services:\n  db:\n    image: mariadb:11.4\n    container_name: shop-db\n  app:\n    image: app:1.0\n    environment:\n      DB_HOST: shop-db\n      OTHER_HOST: shop-dbx\n',
    });
    expect(of(f, 'backing-services.hardcoded-addresses', 'app')).toMatchObject({ status: 'fail', evidence: 'DB_HOST=shop-db: a container name' });
  });
});
