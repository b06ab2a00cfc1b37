/** Set names from git branches, for one namespace per branch. */
import { describe, expect, it } from 'vitest';
import { branchSetName, currentBranch, remoteBranches, type Git } from '../../../src/k8s/branch.js';
import { SET_NAME_PATTERN } from '../../../src/plan/names.js';

describe('--set-from-branch', () => {
  it('turns branch names into set names', () => {
    expect(branchSetName('main')).toBe('main');
    expect(branchSetName('feature/JIRA-12_New UI')).toBe('feature-jira-12-new-ui');
    expect(branchSetName('123-hotfix')).toBe('b-123-hotfix');
    expect(branchSetName('renovate/@types/node-20.x')).toBe('renovate-types-node-20-x');
  });

  it('keeps long branch names apart, within 40 characters', () => {
    const a = branchSetName('feature/a-very-long-branch-name-about-the-new-search-page');
    const b = branchSetName('feature/a-very-long-branch-name-about-the-new-search-index');
    expect(a).not.toBe(b);
    for (const name of [a, b]) expect(name).toMatch(SET_NAME_PATTERN);
  });

  it('reads the branch from git, or from the CI when the checkout is a detached HEAD', async () => {
    const git = (out: string): Git => async () => out;
    expect(await currentBranch('/repo', {}, git('feature/x'))).toBe('feature/x');
    expect(await currentBranch('/repo', { CI_COMMIT_REF_NAME: 'feature/gitlab' }, git('HEAD'))).toBe('feature/gitlab');
    expect(await currentBranch('/repo', { GITHUB_HEAD_REF: '', GITHUB_REF_NAME: 'feature/gh' }, git('HEAD'))).toBe('feature/gh');
    await expect(currentBranch('/repo', {}, git('HEAD'))).rejects.toThrow(/detached/);
  });

  it('lists the remote\'s branches as the label values namespaces carry', async () => {
    const git: Git = async (args) => {
      expect(args).toEqual(['ls-remote', '--heads', 'origin']);
      return 'a1\trefs/heads/main\nb2\trefs/heads/feature/x';
    };
    expect(await remoteBranches('/repo', 'origin', git)).toEqual(new Set(['main', 'feature-x']));
  });
});
