/**
 * Which set a command means, and the project it is loaded with. The rules (docs: README "Sets"):
 *
 * 1. The project is the one named with -p; else the project of the Compose file found (or -f);
 *    else, with no file here, the one project that has a set of that name (engine labels or
 *    state folder), said on stderr. Several: SET_AMBIGUOUS, listing them.
 * 2. A verb that only works on an existing set (`use`) whose set is not in the file's project
 *    but in exactly one other also takes that one, and says so.
 * 3. Destructive verbs (`destroy`) never guess: with no file and no -p, or when the set is only
 *    in other projects, they fail with SET_AMBIGUOUS and the exact command to run.
 * 4. A set with recorded choices (set-choices.ts) is loaded with them; choices given that differ
 *    fail with SET_CONFIG_CONFLICT, unless `reconfigure`, which makes the set from this command's
 *    choices as for a new set (create records them).
 */
import { ConfigNotFoundError, SetAmbiguousError, SetConfigConflictError } from '../common/errors.js';
import type { Engine } from '../engine/engine.js';
import type { LoadOptions } from '../model/load-project.js';
import { sanitizeProjectName } from '../model/project-name.js';
import type { Project } from '../model/project.js';
import { validateSetName } from '../plan/names.js';
import { projectsWithSet } from './find-set.js';
import {
  choiceConflicts,
  choicesOf,
  describeConflicts,
  givenChoices,
  recordedChoices,
  replayOptions,
  sameChoices,
  type SetChoices,
} from './set-choices.js';
import { SetFolder } from './set-folder.js';

/**
 * create: may make the set in the file's project (up, create, build; the library's default).
 * use: works on an existing set, and may take it from another project by its unique name.
 * destroy: removes or overwrites data (destroy, remove, reset), and never guesses a project.
 */
export type SetIntent = 'create' | 'use' | 'destroy';

export interface ResolveSetInput {
  /** Without one, only the state folder tells where sets are (Kubernetes verbs). */
  engine: Engine | undefined;
  stateRoot: string;
  /** What the command was given (-f, --env-file, --profile, -p, cwd, env). */
  options: LoadOptions;
  /** The project those options load here, when there is a Compose file. */
  here: Project | undefined;
  set: string | undefined;
  intent: SetIntent;
  reconfigure?: boolean;
  /** false: the verb works from labels alone, so a recorded file that no longer loads is no error. */
  needsProject?: boolean;
  /** The verb, for the command shown in errors ("remove"). */
  verb?: string;
}

export interface ResolvedSet {
  set: string;
  projectName: string;
  project: Project | undefined;
  /** How the project was chosen: -p, the Compose file here (or -f), or the set's name. */
  chosenBy: 'option' | 'file' | 'name';
  /** The choices the set was made with, if it has been made. */
  recorded: SetChoices | undefined;
  /** True when `reconfigure` replaces recorded choices that differ. */
  reconfigured: boolean;
}

export async function resolveSet(input: ResolveSetInput): Promise<ResolvedSet> {
  const set = input.set ?? input.here?.name;
  if (!set) {
    throw new ConfigNotFoundError('no Compose file here to take the set and its project from', {
      hint: 'Name the set (testbed ls lists them), run it in the project directory, or pass -f FILE.',
    });
  }
  validateSetName(set);
  const { projectName, chosenBy } = await chooseProject(input, set);
  const recorded = await recordedChoices(input.engine, new SetFolder(input.stateRoot, projectName, set));
  const here = input.here?.name === projectName ? input.here : undefined;
  const base = { set, projectName, chosenBy, recorded };
  if (!recorded) return { ...base, project: here, reconfigured: false };

  if (input.reconfigure) {
    const changed = !here || !sameChoices(choicesOf(here), recorded);
    return { ...base, project: here, reconfigured: changed };
  }
  const conflicts = choiceConflicts(givenChoices(input.options), recorded);
  if (conflicts.length > 0) {
    throw new SetConfigConflictError(`set ${set} of project ${projectName} was made with other choices than given here:\n${describeConflicts(conflicts)}`, {
      hint: `Leave them out to use the recorded ones (they are kept for the set), or add --reconfigure to remake the set from the new ones (up, create, start).`,
      details: { set, project: projectName, conflicts },
    });
  }
  if (here && sameChoices(choicesOf(here), recorded)) return { ...base, project: here, reconfigured: false };
  const replay = replayOptions(recorded, input.options, projectName);
  // Loaded here, not at import: `ls` resolves no set and needs neither YAML nor the schema.
  const load = import('../model/load-project.js').then(({ loadProject }) => loadProject(replay));
  const project = input.needsProject === false ? await load.catch(() => undefined) : await load;
  return { ...base, project, reconfigured: false };
}

async function chooseProject(input: ResolveSetInput, set: string): Promise<{ projectName: string; chosenBy: ResolvedSet['chosenBy'] }> {
  const named = input.options.projectName && sanitizeProjectName(input.options.projectName);
  if (named) return { projectName: named, chosenBy: 'option' };
  const here = input.here;
  if (here && input.intent === 'create') return { projectName: here.name, chosenBy: 'file' };
  const candidates = await projectsWithSet(input.engine, input.stateRoot, set);
  if (here && (candidates.length === 0 || candidates.includes(here.name))) return { projectName: here.name, chosenBy: 'file' };
  if (candidates.length === 0) {
    throw new ConfigNotFoundError(`no Compose file here, and no set named ${set} on the engine`, {
      hint: 'Run it in the project directory or pass -f FILE; testbed ls lists the sets that exist.',
    });
  }
  const where = here ? `set ${set} is not in project ${here.name} (of the Compose file here), but in ` : `no Compose file here says which project's set ${set} is meant; it is in `;
  const listed = `project${candidates.length > 1 ? 's' : ''} ${candidates.join(', ')}`;
  if (input.intent === 'destroy') {
    const verb = input.verb ?? 'remove';
    throw new SetAmbiguousError(`${where}${listed}: ${verb} never guesses a project, and nothing was touched`, {
      hint: `Name the project: ${candidates.map((p) => `testbed ${verb} ${set} -p ${p}`).join(' or ')}`,
      details: { set, projects: candidates },
    });
  }
  if (candidates.length === 1) return { projectName: candidates[0]!, chosenBy: 'name' };
  throw new SetAmbiguousError(`set ${set} exists in several projects (${candidates.join(', ')})`, {
    hint: `Add -p PROJECT to say which: ${candidates.map((p) => `-p ${p}`).join(', ')}.`,
    details: { set, projects: candidates },
  });
}
