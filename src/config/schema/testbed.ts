/**
 * Testbed's own keys (`x-testbed`): per-set values, secrets, jobs and tests at the top
 * level; secret environment at the service level; template and generate marks on
 * configs and secrets. Part of the one schema, so they get the same positions in errors,
 * "did you mean" warnings and the editor's JSON Schema. See docs/x-testbed.md.
 */
import { z } from 'zod';
import { composeObject } from './marks.js';
import { booleanLike, duration, integerLike, integerUpTo, mapOrList, stringList } from './primitives.js';

const secretName = z.string().regex(/^[a-zA-Z0-9._-]+$/, { error: 'is not a valid name; expected letters, digits, ".", "_" or "-"' });

export const ALPHABETS = ['alnum', 'hex', 'base64url', 'alpha', 'digits'] as const;

/** Characters of a generated secret: far more than any password needs, and small enough to hold in every set's files. */
export const MAX_SECRET_LENGTH = 4096;

export const generateSpec = composeObject(
  {
    length: integerUpTo(1, MAX_SECRET_LENGTH, 'characters')
      .optional()
      .describe(`Number of characters (default 24, at most ${MAX_SECRET_LENGTH}).`),
    alphabet: z
      .string()
      .min(2, { error: 'is too short; an alphabet needs at least two characters' })
      .optional()
      .describe(`One of ${ALPHABETS.join(', ')}, or the characters to use (default alnum).`),
  },
  'A random value made once per set.',
);

export const deriveSpec = composeObject(
  {
    from: secretName.describe('The secret this one is computed from.'),
    hash: z.enum(['sha256', 'sha512', 'bcrypt'], { error: 'is not a hash; expected sha256, sha512 or bcrypt' }),
  },
  'A value computed from another secret, e.g. the bcrypt hash an application stores.',
);

export const secretSpec = composeObject(
  {
    generate: generateSpec.optional(),
    derive: deriveSpec.optional(),
    environment: z.string().optional().describe('Read from this environment variable (or .env).'),
    file: z.string().optional().describe('Read from this file, relative to the project directory.'),
  },
  'Where a secret comes from: exactly one of generate, derive, environment, file.',
).superRefine((spec, ctx) => {
  const sources = ['generate', 'derive', 'environment', 'file'].filter((k) => spec[k as keyof typeof spec] !== undefined);
  if (sources.length !== 1) {
    ctx.addIssue({
      code: 'custom',
      message: sources.length === 0 ? 'has no source; expected one of generate, derive, environment, file' : `has ${sources.join(' and ')}; expected only one source`,
    });
  }
});

/** Where a job or test runs: exec in a service, or a new container. */
export const runTarget = {
  service: z.string().optional().describe('Exec in this running service.'),
  replica: integerLike.optional().describe('Replica of the service to exec in (default 1).'),
  run: z.string().optional().describe('A new container from this service\'s image and environment.'),
  image: z.string().optional().describe('A new container from this image.'),
  mounts: stringList.optional().describe('Project files for a new container, "./path:/target[:ro]".'),
  command: z.union([z.string(), z.array(z.union([z.string(), z.number()]))], { error: 'expected a command string or a list of arguments' }).optional(),
  environment: mapOrList.optional(),
  user: z.union([z.string(), z.number().int()]).optional(),
  working_dir: z.string().optional(),
  timeout: duration.optional(),
};

export const jobSpec = composeObject(
  {
    description: z.string().optional(),
    ...runTarget,
    when: z.enum(['after-start', 'manual'], { error: 'is not a time to run; expected after-start or manual' }).optional(),
    once: booleanLike.optional().describe('Run once per set; `testbed run --force` repeats it.'),
    depends_on: stringList.optional().describe('Services and jobs that must be ready or done first.'),
    schedule: z.string().optional().describe('A cron schedule, e.g. "0 3 * * *" (UTC): a CronJob on Kubernetes; on Docker `up` does not run it, `testbed run` does.'),
  },
  'A named command run for a set: seeding, migrations, wiring.',
).superRefine((job, ctx) => {
  const targets = ['service', 'run', 'image'].filter((k) => job[k as keyof typeof job] !== undefined);
  if (targets.length !== 1) {
    ctx.addIssue({ code: 'custom', message: 'expected exactly one of service (exec), run (a service\'s image) or image' });
  }
  if (job.command === undefined && job.service !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['command'], message: 'is missing; exec in a service needs a command' });
  }
});

export const testbedTopLevel = composeObject(
  {
    values: z.record(z.string(), z.unknown()).optional().describe('Values for templates, jobs and tests; --set-value key=value overrides.'),
    secrets: z.record(secretName, secretSpec).optional(),
    jobs: z.record(secretName, jobSpec).optional(),
    tests: z.record(z.string(), z.unknown()).optional().describe('Named tests (see `testbed tests`).'),
    include_tests: z.union([z.string(), stringList]).optional().describe('More test files (globs, relative to the project).'),
    kubernetes: composeObject(
      {
        storage_class: z.string().optional(),
        volume_sizes: z.record(z.string(), z.string()).optional().describe('Volume name -> size of its claim, e.g. 5Gi.'),
        wait_image: z.string().optional().describe('Image of the init containers that wait for dependencies.'),
        kubectl_image: z.string().optional().describe('Image of the Jobs that exec into services.'),
        arbitrary_uid: booleanLike.optional(),
      },
      'Settings used only by testbed k8s.',
    ).optional(),
  },
  'Testbed\'s own settings for the project.',
);

export const testbedService = composeObject(
  {
    secret_environment: z.record(z.string(), secretName).optional().describe('Environment variable -> secret name.'),
    after_jobs: stringList.optional().describe('Jobs that must have succeeded before this service starts (e.g. a migration).'),
    arbitrary_uid: booleanLike.optional().describe('Run under a UID the platform (or, on Docker, the set) picks, with group 0, as OpenShift does.'),
    writable_paths: stringList.optional().describe('With arbitrary_uid: paths of the image it writes, made group-0 writable (seeded from the image).'),
    liveness_probe: booleanLike.optional().describe('Kubernetes: also use the healthcheck as a liveness probe.'),
    oneshot: booleanLike.optional().describe('Runs to completion: `up` waits for it to exit, and exit 0 is success.'),
    ready: z
      .enum(['started'], { error: 'is not a readiness; expected started' })
      .optional()
      .describe('started: ready once running, without waiting for its ports to accept connections.'),
  },
  'Testbed\'s own settings for this service.',
);

export const testbedFileObject = composeObject(
  {
    template: booleanLike.optional().describe('Render this config with Liquid for each set.'),
    generate: generateSpec.optional().describe('Generate this secret per set instead of reading it.'),
    derive: deriveSpec.optional(),
  },
  'Testbed\'s own settings for this config or secret.',
);

/** The `x-testbed` blocks as the schema checked them (what `testbed config` prints back). */
export type TestbedBlock = z.infer<typeof testbedTopLevel>;
export type TestbedServiceBlock = z.infer<typeof testbedService>;
export type TestbedFileBlock = z.infer<typeof testbedFileObject>;
