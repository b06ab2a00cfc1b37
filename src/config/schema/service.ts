/**
 * The schema of one service. Every key Compose defines is listed: the ones Testbed
 * acts on are validated, the others are `unsupported(reason)` and warned about with the reason.
 */
import { z } from 'zod';
import { composeObject, unsupportedKeys } from './marks.js';
import { newerApi, WINDOWS } from './reasons.js';
import { runtimeKeys } from './service-runtime.js';
import { booleanLike, byteSize, duration, mapOrList, stringList, stringOrList } from './primitives.js';
import {
  build,
  command,
  deploy,
  dependsOn,
  envFile,
  exposeEntry,
  extraHosts,
  fileReference,
  healthcheck,
  portEntry,
  replicaCount,
  restartPolicy,
  serviceNetworks,
  volumeEntry,
} from './service-fields.js';
import { testbedService } from './testbed.js';

/** Compose service keys that Testbed does not act on, and why (each is warned about by name). */
export const UNSUPPORTED_SERVICE_KEYS = {
  annotations: newerApi('1.43'),
  attach: 'testbed up does not follow service logs; read them with testbed logs',
  cpu_count: WINDOWS,
  cpu_percent: WINDOWS,
  credential_spec: WINDOWS,
  isolation: WINDOWS,
  develop: 'Testbed has no watch mode (docker compose watch); run testbed up again after a change',
  domainname: 'Testbed sets each container\'s domain name to <set>.lan, so that the names of one set resolve apart from another\'s',
  external_links: 'a set reaches containers outside it only through networks declared external: join one of those instead',
  models: 'AI models need Docker Model Runner, which Testbed does not drive',
  pull_refresh_after: 'Testbed pulls an image only when it is missing and never refreshes it on a schedule',
  use_api_socket: 'Testbed does not hand the engine\'s socket to a set; mount /var/run/docker.sock as a volume if a service really needs it',
} as const;
export const serviceSchema = composeObject(
  {
    image: z.string().optional().describe('Image to run (and the tag given to a built image).'),
    build: build.optional(),
    command: command.optional().describe('Overrides the image\'s CMD; a string is split like a shell would.'),
    entrypoint: command.optional().describe('Overrides the image\'s ENTRYPOINT.'),
    environment: mapOrList.optional(),
    env_file: envFile.optional(),
    ports: z.array(portEntry).optional(),
    expose: z.array(exposeEntry).optional(),
    volumes: z.array(volumeEntry).optional(),
    networks: serviceNetworks.optional(),
    depends_on: dependsOn.optional(),
    healthcheck: healthcheck.optional(),
    user: z.union([z.string(), z.number().int()], { error: 'is not a user; expected a name or uid[:gid]' }).optional(),
    init: booleanLike.optional(),
    working_dir: z.string().optional(),
    labels: mapOrList.optional(),
    restart: restartPolicy.optional(),
    profiles: stringList.optional().describe('The service starts only when one of these profiles is enabled.'),
    cap_add: stringList.optional(),
    cap_drop: stringList.optional(),
    read_only: booleanLike.optional(),
    tmpfs: stringOrList.optional(),
    stop_signal: z.string().optional(),
    stop_grace_period: duration.optional(),
    hostname: z.string().optional(),
    extra_hosts: extraHosts.optional(),
    mem_limit: byteSize.optional(),
    deploy: deploy.nullable().optional(),
    scale: replicaCount.optional(),
    configs: z.array(fileReference).optional(),
    secrets: z.array(fileReference).optional(),
    ...runtimeKeys,
    'x-testbed': testbedService.optional(),
    ...unsupportedKeys(UNSUPPORTED_SERVICE_KEYS),
  },
  'A service: one container (or several replicas) of the set.',
);

export type ComposeService = z.infer<typeof serviceSchema>;
