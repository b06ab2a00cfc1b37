/**
 * Set names from git branches (`--set-from-branch`): the branch as a set name (a DNS label of at
 * most 40 characters), and the branches that exist, for `gc` to find sets whose branch is gone.
 */
import { execFile } from 'node:child_process';
import { SET_NAME_PATTERN } from '../plan/names.js';
import { UsageError } from '../common/errors.js';
import { labelValue, shortHash } from './object-names.js';

/** feature/JIRA-12_new UI -> feature-jira-12-new-ui; kept unique by a hash when it must be cut. */
export function branchSetName(branch: string): string {
  let name = branch
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!/^[a-z]/.test(name)) name = `b-${name}`.replace(/-+$/, '');
  if (name.length > 40) name = `${name.slice(0, 31).replace(/-+$/, '')}-${shortHash(branch)}`;
  if (!SET_NAME_PATTERN.test(name)) throw new UsageError(`cannot make a set name from branch ${JSON.stringify(branch)}`);
  return name;
}

export type Git = (args: string[], cwd: string) => Promise<string>;

export const runGit: Git = (args, cwd) =>
  new Promise((done, fail) => {
    execFile('git', args, { cwd, timeout: 60_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => (err ? fail(Object.assign(err, { stderr })) : done(stdout.trim())));
  });

/**
 * The branch being built: git's, or in CI (where the checkout is a detached HEAD) the branch the
 * CI names: GitLab CI_COMMIT_REF_NAME, GitHub GITHUB_HEAD_REF (pull requests) or GITHUB_REF_NAME.
 */
export async function currentBranch(cwd: string, env: Record<string, string | undefined> = process.env, git: Git = runGit): Promise<string> {
  const fromGit = await git(['rev-parse', '--abbrev-ref', 'HEAD'], cwd).catch(() => '');
  if (fromGit && fromGit !== 'HEAD') return fromGit;
  const fromCi = env.CI_COMMIT_REF_NAME || env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME;
  if (fromCi) return fromCi;
  throw new UsageError(fromGit === 'HEAD' ? 'HEAD is detached: there is no branch to name the set after' : `no git repository at ${cwd}`, {
    hint: 'Name the set (testbed k8s render NAME), check out a branch, or set CI_COMMIT_REF_NAME.',
  });
}

/** Label values of the branches a remote has (what a namespace's branch label is compared to). */
export async function remoteBranches(cwd: string, remote = 'origin', git: Git = runGit): Promise<Set<string>> {
  const out = await git(['ls-remote', '--heads', remote], cwd);
  return new Set(
    out
      .split('\n')
      .map((line) => line.split('\t')[1]?.replace(/^refs\/heads\//, ''))
      .filter((b): b is string => Boolean(b))
      .map(labelValue),
  );
}
