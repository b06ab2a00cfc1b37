import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/common/errors.js';
import { resolveEndpoint } from '../../../src/engine/connect.js';

const only = (...present: string[]) => (p: string) => present.includes(p);

describe('resolveEndpoint', () => {
  it('uses the Docker socket when DOCKER_HOST is unset', () => {
    expect(resolveEndpoint({}, only('/var/run/docker.sock'))).toEqual({
      kind: 'unix',
      socketPath: '/var/run/docker.sock',
      url: 'unix:///var/run/docker.sock',
    });
  });

  it('honours a unix:// DOCKER_HOST even when the default socket exists', () => {
    expect(resolveEndpoint({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }, only('/var/run/docker.sock'))).toMatchObject({
      kind: 'unix',
      socketPath: '/run/user/1000/docker.sock',
    });
    expect(resolveEndpoint({ DOCKER_HOST: 'unix://' }, only())).toMatchObject({ socketPath: '/var/run/docker.sock' });
  });

  it('reads tcp:// with and without TLS, with the docker CLI default ports', () => {
    expect(resolveEndpoint({ DOCKER_HOST: 'tcp://10.0.0.5:2375' }, only())).toEqual({
      kind: 'tcp',
      host: '10.0.0.5',
      port: 2375,
      url: 'tcp://10.0.0.5:2375',
    });
    expect(resolveEndpoint({ DOCKER_HOST: 'tcp://engine.local', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' }, only())).toEqual({
      kind: 'tcp',
      host: 'engine.local',
      port: 2376,
      tls: { certPath: '/certs' },
      url: 'tcp://engine.local:2376',
    });
    expect(resolveEndpoint({ DOCKER_HOST: 'tcp://h:1', DOCKER_TLS_VERIFY: '1', HOME: '/home/u' }, only())).toMatchObject({
      tls: { certPath: '/home/u/.docker' },
    });
    expect(resolveEndpoint({ DOCKER_HOST: '127.0.0.1:2375' }, only())).toMatchObject({ kind: 'tcp', host: '127.0.0.1', port: 2375 });
  });

  it("falls back to Podman's sockets when Docker's is absent, the user's first", () => {
    const userSocket = '/run/user/1000/podman/podman.sock';
    expect(resolveEndpoint({ XDG_RUNTIME_DIR: '/run/user/1000' }, only(userSocket, '/run/podman/podman.sock'))).toMatchObject({
      socketPath: userSocket,
    });
    expect(resolveEndpoint({ XDG_RUNTIME_DIR: '/run/user/1000' }, only('/run/podman/podman.sock'))).toMatchObject({
      socketPath: '/run/podman/podman.sock',
    });
    expect(resolveEndpoint({}, only('/var/run/docker.sock', '/run/podman/podman.sock'))).toMatchObject({
      socketPath: '/var/run/docker.sock',
    });
  });

  it("names Docker's default socket when nothing is found, so the error points where users look", () => {
    expect(resolveEndpoint({}, only()).url).toBe('unix:///var/run/docker.sock');
  });

  it('refuses schemes it cannot use, saying which it supports', () => {
    expect(() => resolveEndpoint({ DOCKER_HOST: 'npipe:////./pipe/docker_engine' }, only())).toThrow(/supports unix:\/\/.*tcp:\/\//);
  });

  it('refuses ssh:// with the schemes it supports, and how to reach that engine through an ssh tunnel', () => {
    const err = (() => {
      try {
        resolveEndpoint({ DOCKER_HOST: 'ssh://me@build-box:2222' }, only());
      } catch (e) {
        return e;
      }
    })() as UsageError;
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe(
      'DOCKER_HOST=ssh://me@build-box:2222: Testbed does not reach engines over ssh://; it supports unix:///path/to/docker.sock, ' +
        'tcp://host:port (http:// is the same; https:// or DOCKER_TLS_VERIFY=1 for TLS)',
    );
    expect(err.hint).toContain('ssh -nNT -L /tmp/testbed-docker.sock:/var/run/docker.sock -p 2222 me@build-box');
    expect(err.hint).toContain('DOCKER_HOST=unix:///tmp/testbed-docker.sock');
  });
});
