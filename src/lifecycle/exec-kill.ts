/**
 * The engine cannot kill an exec. To stop one on a timeout or an abort, every exec made by
 * runCommand carries a marker in its environment, and a second exec kills the processes that
 * have it (the command and the children it started). This needs sh, tr and grep in the image;
 * without them the process lives on and only the waiting stops.
 */
import type { Engine } from '../engine/engine.js';

export const RUN_MARKER = 'TESTBED_RUN_ID';

const KILL_SCRIPT = `for p in /proc/[0-9]*; do
  if tr '\\0' '\\n' < "$p/environ" 2>/dev/null | grep -qxF "$1"; then kill -9 "\${p#/proc/}" 2>/dev/null; fi
done; exit 0`;

/** true when the kill ran; false when the container could not run it. */
export async function killMarkedProcesses(engine: Engine, containerId: string, runId: string): Promise<boolean> {
  try {
    const result = await engine.exec(containerId, {
      cmd: ['sh', '-c', KILL_SCRIPT, 'testbed-kill', `${RUN_MARKER}=${runId}`],
      user: '0',
    });
    return result.exitCode === 0;
  } catch {
    return false;
  }
}
