/** Hand-built projects for plan tests: every required field filled with a neutral default. */
import { noContainerOptions } from '../../../src/model/container-options.js';
import type { Project, Service } from '../../../src/model/project.js';

export function service(name: string, overrides: Partial<Service> = {}): Service {
  return {
    name,
    image: 'debian:bookworm-slim',
    environment: {},
    ports: [],
    expose: [],
    volumes: [],
    networks: { default: { aliases: [] } },
    dependsOn: {},
    labels: {},
    restart: 'no',
    profiles: [],
    capAdd: [],
    capDrop: [],
    readOnly: false,
    tmpfs: [],
    extraHosts: [],
    limits: {},
    replicas: 1,
    configs: [],
    secrets: [],
    secretEnvironment: {},
    afterJobs: [],
    oneShot: false,
    readyOnStart: false,
    writablePaths: [],
    livenessProbe: false,
    container: noContainerOptions(),
    hooks: { postStart: [], preStop: [] },
    ...overrides,
  };
}

/** `dependsOn` shorthand: names -> service_started, required. */
export function deps(...names: string[]): Service['dependsOn'] {
  return Object.fromEntries(names.map((n) => [n, { condition: 'service_started', required: true, restart: false }]));
}

export function project(services: Service[], overrides: Partial<Project> = {}): Project {
  return {
    name: 'shop',
    directory: '/src/shop',
    files: ['/src/shop/compose.yaml'],
    envFiles: [],
    profiles: [],
    services: Object.fromEntries(services.map((s) => [s.name, s])),
    inactiveServices: [],
    networks: {},
    volumes: {},
    configs: {},
    secrets: {},
    values: {},
    variables: {},
    secretSources: {},
    jobs: {},
    tests: { inline: {}, include: [] },
    kubernetes: { volumeSizes: {}, arbitraryUid: false },
    extensions: {},
    warnings: [],
    ...overrides,
  };
}

/** Services by name, for graph functions. */
export function services(...list: Service[]): Record<string, Service> {
  return Object.fromEntries(list.map((s) => [s.name, s]));
}
