import { describe, expect, it } from 'vitest';
import { EngineError, EngineUnreachableError, ImageNotFoundError, NetworksExhaustedError, PortInUseError, SubnetTakenError } from '../../../src/common/errors.js';
import { parsePortClash, toTestbedError } from '../../../src/engine/docker/docker-errors.js';

function httpError(statusCode: number, message: string): Error {
  return Object.assign(new Error(`(HTTP code ${statusCode}) x - ${message} `), { statusCode, json: { message } });
}

const context = { endpoint: 'unix:///var/run/docker.sock', action: 'start container web-1', container: 'web-1', image: 'app:1' };

describe("mapping the engine's errors", () => {
  it("finds the host address in both of Docker's port clash messages", () => {
    expect(parsePortClash('driver failed programming external connectivity on endpoint x (abc): Bind for 127.64.0.2:8080 failed: port is already allocated')).toBe('127.64.0.2:8080');
    expect(parsePortClash('Error starting userland proxy: listen tcp4 127.77.0.9:41229: bind: address already in use')).toBe('127.77.0.9:41229');
    expect(parsePortClash('no such container')).toBeUndefined();
  });

  it('maps by what the engine said', () => {
    expect(toTestbedError(Object.assign(new Error('connect ENOENT /x.sock'), { code: 'ENOENT' }), context)).toBeInstanceOf(EngineUnreachableError);
    expect(toTestbedError(httpError(500, 'Bind for 0.0.0.0:80 failed: port is already allocated'), context)).toBeInstanceOf(PortInUseError);
    expect(toTestbedError(httpError(404, 'No such image: app:1'), context)).toBeInstanceOf(ImageNotFoundError);
    const conflict = toTestbedError(httpError(409, 'Conflict. The container name "/web-1" is already in use by container "abc".'), context);
    expect(conflict).toBeInstanceOf(EngineError);
    expect(conflict.hint).toBeTruthy();
    const other = toTestbedError(httpError(500, 'something broke'), context);
    expect(other).toBeInstanceOf(EngineError);
    expect(other.message).toBe('cannot start container web-1: something broke');
  });

  it("says the engine's address pools are used up, with the fix, instead of its raw message", () => {
    const network = { endpoint: context.endpoint, action: 'create network shop-pr7-default' };
    for (const message of [
      'could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network',
      'all predefined address pools have been fully subnetted',
    ]) {
      const mapped = toTestbedError(httpError(400, message), network);
      expect(mapped).toBeInstanceOf(NetworksExhaustedError);
      expect(mapped.code).toBe('NETWORKS_EXHAUSTED');
      expect(mapped.message).toContain('create network shop-pr7-default');
      expect(mapped.hint).toContain('TESTBED_ADDRESS_POOL');
    }
    expect(toTestbedError(httpError(403, 'Pool overlaps with other one on this address space'), network)).toBeInstanceOf(SubnetTakenError);
  });
});
