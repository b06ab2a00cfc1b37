/** Schemas of the top-level networks, volumes, configs and secrets. */
import { z } from 'zod';
import { closed, composeObject, unsupportedKeys } from './marks.js';
import { newerApi, SWARM } from './reasons.js';
import { booleanLike, mapOrList } from './primitives.js';
import { testbedFileObject } from './testbed.js';

const external = z.union([booleanLike, composeObject({ name: z.string().optional() })], {
  error: 'is not valid for external; expected true, false or {name}',
});

const ipamConfig = composeObject({
  subnet: z.string().optional(),
  ip_range: z.string().optional(),
  gateway: z.string().optional(),
  aux_addresses: z.record(z.string(), z.string()).optional(),
});

export const ipam = composeObject({
  driver: z.string().optional(),
  config: z.array(ipamConfig).optional(),
  options: z.record(z.string(), z.string()).optional(),
});

export const networkSchema = composeObject(
  {
    name: z.string().optional().describe('Engine name: of an external network as it is; of another network with the set\'s name appended.'),
    driver: z.string().optional(),
    internal: booleanLike.optional().describe('An internal network has no route outside the set.'),
    external: external.optional(),
    labels: mapOrList.optional(),
    enable_ipv6: booleanLike.optional(),
    driver_opts: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    attachable: booleanLike.optional(),
    ipam: ipam.optional(),
    ...unsupportedKeys({ enable_ipv4: newerApi('1.48') }),
  },
  'A network; each set gets its own copy unless it is external.',
);

export const volumeSchema = composeObject(
  {
    name: z.string().optional().describe('Engine name: of an external volume as it is; of another volume with the set\'s name appended.'),
    driver: z.string().optional(),
    driver_opts: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    external: external.optional(),
    labels: mapOrList.optional(),
  },
  'A named volume; each set gets its own copy unless it is external.',
);

export const fileObjectSchema = closed(
  composeObject(
  {
    file: z.string().optional().describe('Path on the host, relative to the project directory.'),
    content: z.string().optional(),
    environment: z.string().optional().describe('Name of the environment variable holding the content.'),
    external: external.optional(),
    name: z.string().optional(),
    'x-testbed': testbedFileObject.optional(),
    ...unsupportedKeys({
      labels: 'configs and secrets are files Testbed writes into the set folder and mounts; files carry no labels',
      driver: SWARM,
      driver_opts: SWARM,
      template_driver: 'Testbed renders templates with Liquid: name the file *.tmpl or mark it x-testbed: {template: true}',
    }),
  },
  'A config or secret, from a file, inline content or an environment variable.',
).superRefine((entry, ctx) => {
  const generated = entry['x-testbed']?.generate !== undefined || entry['x-testbed']?.derive !== undefined;
  if (entry.file === undefined && entry.content === undefined && entry.environment === undefined && !entry.external && !generated) {
    ctx.addIssue({ code: 'custom', message: 'has no content; expected one of file, content, environment or external' });
  }
  }),
);
