/**
 * Which set and project a command means, and what it is loaded with, from the state folder
 * alone (no engine: the rules are the same, the engine only adds where sets are found).
 */
import { describe, expect, it } from 'vitest';
import { SetAmbiguousError, SetConfigConflictError, ConfigNotFoundError } from '../../../src/common/errors.js';
import { loadProject, type LoadOptions } from '../../../src/model/load-project.js';
import { resolveSet, type SetIntent } from '../../../src/lifecycle/resolve-set.js';
import { choiceConflicts, givenChoices } from '../../../src/lifecycle/set-choices.js';
import { SetFolder } from '../../../src/lifecycle/set-folder.js';
import { tempFiles, type TempFiles } from '../config/temp-files.js';

const BASE = 'services:\n  web: { image: busybox:latest }\n  tools: { image: busybox:latest, profiles: [debug] }\n';

/** A project "shop" with a prod file, and a set recorded as made with it and the debug profile. */
async function shopWithProdSet(): Promise<{ temp: TempFiles; state: string; elsewhere: string }> {
  const temp = await tempFiles({
    'shop/compose.yaml': `name: shop\n${BASE}`,
    'shop/compose.prod.yaml': 'services:\n  web: { labels: { tier: prod } }\n',
    'shop/compose.override.yaml': 'services:\n  web: { labels: { tier: dev } }\n',
    'shop/.env.prod': 'TIER=prod\n',
    'elsewhere/readme.txt': 'no Compose file here\n',
  });
  const state = temp.path('state');
  const made = await loadProject({ cwd: temp.path('shop'), env: {}, files: ['compose.yaml', 'compose.prod.yaml'], envFiles: ['.env.prod'], profiles: ['debug'] });
  await new SetFolder(state, 'shop', 'prod').write({
    project: 'shop',
    set: 'prod',
    projectDirectory: made.directory,
    files: made.files,
    envFiles: made.envFiles,
    profiles: made.profiles,
    createdAt: new Date().toISOString(),
    addresses: {},
  });
  return { temp, state, elsewhere: temp.path('elsewhere') };
}

async function resolve(state: string, options: LoadOptions, set: string | undefined, intent: SetIntent = 'use', reconfigure = false) {
  const here = await loadProject(options).catch((err: unknown) => {
    if (err instanceof ConfigNotFoundError) return undefined;
    throw err;
  });
  return resolveSet({ engine: undefined, stateRoot: state, options, here, set, intent, reconfigure, verb: intent === 'destroy' ? 'remove' : 'up' });
}

describe('resolving a set', () => {
  it('from a directory without a Compose file, a unique set name finds its project and loads its recorded files and profiles', async () => {
    const { temp, state, elsewhere } = await shopWithProdSet();
    const r = await resolve(state, { cwd: elsewhere, env: {} }, 'prod');
    expect(r.chosenBy).toBe('name');
    expect(r.projectName).toBe('shop');
    expect(r.project?.files).toEqual([temp.path('shop/compose.yaml'), temp.path('shop/compose.prod.yaml')]);
    expect(r.project?.envFiles).toEqual([temp.path('shop/.env.prod')]);
    expect(r.project?.services.web?.labels.tier).toBe('prod');
    expect(Object.keys(r.project?.services ?? {}).sort()).toEqual(['tools', 'web']);
  });

  it('in the project directory a bare command still loads the recorded files, not the override the directory would add', async () => {
    const { temp, state } = await shopWithProdSet();
    const r = await resolve(state, { cwd: temp.path('shop'), env: {} }, 'prod', 'create');
    expect(r.chosenBy).toBe('file');
    expect(r.project?.services.web?.labels.tier).toBe('prod');
    expect(r.project?.profiles).toEqual(['debug']);
  });

  it('a destructive verb never takes a project from the set name: it lists it with the command to run', async () => {
    const { state, elsewhere } = await shopWithProdSet();
    const err = await resolve(state, { cwd: elsewhere, env: {} }, 'prod', 'destroy').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SetAmbiguousError);
    expect((err as SetAmbiguousError).message).toContain('project shop');
    expect((err as SetAmbiguousError).hint).toBe('Name the project: testbed remove prod -p shop');
    const named = await resolve(state, { cwd: elsewhere, env: {}, projectName: 'shop' }, 'prod', 'destroy');
    expect([named.projectName, named.chosenBy]).toEqual(['shop', 'option']);
  });

  it('a name that two projects have is ambiguous without -p, listing both', async () => {
    const { state, elsewhere } = await shopWithProdSet();
    const record = (await new SetFolder(state, 'shop', 'prod').read())!;
    await new SetFolder(state, 'bakery', 'prod').write({ ...record, project: 'bakery' });
    const err = await resolve(state, { cwd: elsewhere, env: {} }, 'prod').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SetAmbiguousError);
    expect((err as Error).message).toContain('bakery, shop');
  });

  it('choices given that differ are refused with both sides; -p alone is no conflict; --reconfigure takes the new ones', async () => {
    const { temp, state } = await shopWithProdSet();
    const cwd = temp.path('shop');
    const err = await resolve(state, { cwd, env: {}, files: ['compose.yaml'] }, 'prod', 'create').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SetConfigConflictError);
    expect((err as Error).message).toMatch(/Compose files: recorded .*compose\.yaml, .*compose\.prod\.yaml\n +given +.*compose\.yaml$/);

    const envProfiles = await resolve(state, { cwd, env: { COMPOSE_PROFILES: 'other' } }, 'prod', 'create').catch((e: unknown) => e);
    expect(envProfiles).toBeInstanceOf(SetConfigConflictError);

    const same = await resolve(state, { cwd, env: {}, projectName: 'shop', profiles: ['debug'] }, 'prod', 'create');
    expect(same.project?.services.web?.labels.tier).toBe('prod');

    const re = await resolve(state, { cwd, env: {}, files: ['compose.yaml'] }, 'prod', 'create', true);
    expect(re.reconfigured).toBe(true);
    expect(re.project?.files).toEqual([temp.path('shop/compose.yaml')]);
  });
});

describe('given choices', () => {
  it('count COMPOSE_FILE and COMPOSE_PROFILES from the environment, with paths made absolute', () => {
    expect(givenChoices({ cwd: '/p', env: { COMPOSE_FILE: 'a.yaml:b.yaml', COMPOSE_PATH_SEPARATOR: ':', COMPOSE_PROFILES: 'x,y' } })).toEqual({
      files: ['/p/a.yaml', '/p/b.yaml'],
      profiles: ['x', 'y'],
    });
    expect(givenChoices({ cwd: '/p', env: {}, envFiles: ['.env.prod'], projectDirectory: '..' })).toEqual({ envFiles: ['/p/.env.prod'], projectDirectory: '/' });
  });

  it('compare profiles as a set, and files in their order', () => {
    const recorded = { projectDirectory: '/p', files: ['/p/a.yaml', '/p/b.yaml'], envFiles: [], profiles: ['x', 'y'] };
    expect(choiceConflicts({ profiles: ['y', 'x'] }, recorded)).toEqual([]);
    expect(choiceConflicts({ files: ['/p/b.yaml', '/p/a.yaml'] }, recorded).map((c) => c.choice)).toEqual(['files']);
    expect(choiceConflicts({ envFiles: ['/p/.env'] }, recorded)).toEqual([{ choice: 'envFiles', recorded: [], given: ['/p/.env'] }]);
  });
});
