/**
 * X Dev/prod parity: bind-mounting the checkout (`./src:/app`) is for development; production
 * runs the code baked into the image. A bind mount from the project directory is fine in an
 * override file (compose.override.yaml, loaded only on a developer's machine), a warning in the
 * base file (production reads it too), and a failure in a file named for production.
 */
import { isAbsolute, resolve, sep } from 'node:path';
import { basename } from 'node:path';
import type { SourcePosition } from '../../../common/errors.js';
import { nodeAt } from '../../../config/config-tree.js';
import { finding, type StaticCheck } from '../check.js';
import { serviceBlocks, type RawFile } from '../static-input.js';

interface WrittenBind {
  source: string;
  target: string;
  file: RawFile;
  position: SourcePosition;
}

function writtenBinds(blocks: ReturnType<typeof serviceBlocks>): WrittenBind[] {
  const out: WrittenBind[] = [];
  for (const { file, node } of blocks) {
    const volumes = nodeAt(node, ['volumes']);
    if (volumes?.kind !== 'sequence') continue;
    for (const item of volumes.items) {
      if (item.kind === 'scalar' && typeof item.value === 'string') {
        const [source = '', target = ''] = item.value.split(':');
        if (/^[./~]/.test(source)) out.push({ source, target, file, position: item.position });
      } else if (item.kind === 'mapping') {
        const type = nodeAt(item, ['type']);
        const source = nodeAt(item, ['source']);
        const target = nodeAt(item, ['target']);
        if (type?.kind === 'scalar' && type.value === 'bind' && source?.kind === 'scalar') {
          out.push({ source: String(source.value), target: target?.kind === 'scalar' ? String(target.value) : '', file, position: item.position });
        }
      }
    }
  }
  return out;
}

const PRODUCTION_FILE = /prod/i;

export const bindMountedCode: StaticCheck = {
  id: 'dev-prod-parity.bind-mounted-code',
  factor: 'dev-prod-parity',
  title: 'the checkout bind-mounted into a service by a file production uses',
  run(input, service) {
    const { directory, files } = input.project;
    // A relative source means the folder of the file's project (an extended file's own folder, an included project's).
    const inProject = (b: WrittenBind) => {
      if (b.source.startsWith('~') || b.source.includes('$')) return false;
      const absolute = isAbsolute(b.source) ? b.source : resolve(b.file.base, b.source);
      return absolute === directory || absolute.startsWith(directory + sep);
    };
    const binds = writtenBinds(serviceBlocks(input, service.name)).filter(inProject);
    if (binds.length === 0) return [finding(this, service.name, 'pass', 'no bind mounts of the project directory')];
    const show = (b: WrittenBind) => `${b.source}:${b.target} in ${b.file.display}:${b.position.line}:${b.position.col}`;
    const fix = 'Build the code into the image (COPY) for production, and keep bind mounts of the checkout in compose.override.yaml for development.';
    // A file brought in by include or extends is read whenever the named file that brings it in is.
    const inProduction = binds.filter((b) => PRODUCTION_FILE.test(basename(b.file.path)) || PRODUCTION_FILE.test(basename(b.file.owner)));
    if (inProduction.length) return [finding(this, service.name, 'fail', `bind-mounted from the checkout in a production file: ${inProduction.map(show).join(', ')}`, fix)];
    const inBase = binds.filter((b) => b.file.owner === files[0]);
    if (inBase.length) return [finding(this, service.name, 'warn', `bind-mounted from the checkout in the base file, which production reads too: ${inBase.map(show).join(', ')}`, fix)];
    return [finding(this, service.name, 'pass', `bind mounts of the checkout only in override files: ${binds.map(show).join(', ')}`)];
  },
};
