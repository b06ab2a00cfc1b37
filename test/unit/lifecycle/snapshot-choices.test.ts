/** Which Compose files a set made from a snapshot is loaded with when the dashboard runs outside the project. */
import { describe, expect, it } from 'vitest';
import { choicesOfSnapshot } from '../../../src/lifecycle/snapshot/snapshot-choices.js';
import type { SetChoices } from '../../../src/lifecycle/set-choices.js';

const recorded: SetChoices = { projectDirectory: '/work/shop', files: ['/work/shop/compose.yaml', '/work/shop/compose.prod.yaml'], envFiles: ['/work/shop/.env'], profiles: ['seed'] };
const sourceSet: SetChoices = { projectDirectory: '/work/shop', files: ['/work/shop/compose.yaml'], profiles: [] };

describe('the files a set made from a snapshot is loaded with', () => {
  it('are those the snapshot recorded, when they are on this machine', async () => {
    expect(await choicesOfSnapshot({ madeWith: recorded }, async () => sourceSet, () => true)).toEqual(recorded);
  });

  it("are the source set's when the recorded files are not here (a snapshot pulled from another machine)", async () => {
    const here = (path: string) => path !== '/work/shop/compose.prod.yaml';
    expect(await choicesOfSnapshot({ madeWith: recorded }, async () => sourceSet, here)).toEqual(sourceSet);
  });

  it("are the source set's for a snapshot taken before snapshots recorded them, and none when that set is gone", async () => {
    expect(await choicesOfSnapshot({}, async () => sourceSet, () => true)).toEqual(sourceSet);
    expect(await choicesOfSnapshot({}, async () => undefined, () => true)).toBeUndefined();
  });
});
