/** The schema of a whole Compose file as Testbed reads it (Compose keys plus `x-testbed`). */
import { z } from 'zod';
import { closed, composeObject, unsupportedKeys } from './marks.js';
import { stringOrList } from './primitives.js';
import { fileObjectSchema, networkSchema, volumeSchema } from './resources.js';
import { serviceSchema } from './service.js';
import { testbedTopLevel } from './testbed.js';

/** Compose's rule for the names of services, networks, volumes, configs and secrets. */
const resourceName = z.string().regex(/^[a-zA-Z0-9._-]+$/, {
  error: 'is not a valid name; expected letters, digits, ".", "_" or "-"',
});

const includeEntry = z.union(
  [z.string(), closed(composeObject({ path: stringOrList, env_file: stringOrList.optional(), project_directory: z.string().optional() }))],
  { error: 'is not an include; expected a path or {path, project_directory, env_file}' },
);

export const composeSchema = composeObject(
  {
    version: z.union([z.string(), z.number()]).optional().describe('Obsolete: ignored, with a warning.'),
    name: z.string().optional().describe('Project name (lowercase letters, digits, "_" and "-").'),
    services: z.record(resourceName, serviceSchema).nullable().optional(),
    networks: z.record(resourceName, networkSchema.nullable()).nullable().optional(),
    volumes: z.record(resourceName, volumeSchema.nullable()).nullable().optional(),
    configs: z.record(resourceName, fileObjectSchema).nullable().optional(),
    secrets: z.record(resourceName, fileObjectSchema).nullable().optional(),
    'x-testbed': testbedTopLevel.optional(),
    include: z.array(includeEntry).optional(),
    ...unsupportedKeys({ models: 'AI models need Docker Model Runner, which Testbed does not drive' }),
  },
  'A Compose file as Testbed reads it. Testbed\'s own settings live under x-testbed, so the file stays valid for docker compose.',
);

export type ComposeFile = z.infer<typeof composeSchema>;
