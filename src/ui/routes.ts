/**
 * The dashboard's JSON API, one handler per route, each a call of the library (src/api/): the
 * page does nothing the CLI could not, and through the same code. Work that takes time (up,
 * tests, snapshots) starts an operation and answers at once; its progress comes on the event
 * stream.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Testbed } from '../api/testbed.js';
import type { TestbedSet } from '../api/testbed-set.js';
import { describeEvent, describeTestEvent } from './describe-event.js';
import { openEventStream, readJson, sendError, sendJson } from './http-util.js';
import type { Operations } from './operations.js';

export interface RouteContext {
  testbed: Testbed;
  operations: Operations;
  /** Subscribes to set and operation events for one event stream; returns the unsubscribe. */
  subscribe: (listener: (event: string, data: unknown) => void) => () => void;
}

type Handler = (ctx: RouteContext, req: IncomingMessage, res: ServerResponse, params: string[], url: URL) => Promise<void>;

const ACTIONS = ['up', 'stop', 'start', 'reset', 'destroy', 'remove'] as const;
type Action = (typeof ACTIONS)[number];

const NAME = '([a-z0-9][a-z0-9_.-]*)';

function openSet(ctx: RouteContext, project: string, set: string, needsProject = false): Promise<TestbedSet> {
  return ctx.testbed.set(set, { project, intent: 'use', needsProject });
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

const routes: { method: string; pattern: RegExp; handler: Handler }[] = [
  {
    method: 'GET',
    pattern: /^\/api\/sets$/,
    handler: async (ctx, _req, res) => {
      const sets = await ctx.testbed.listSets();
      const rows = await Promise.all(
        sets.map(async (s) => {
          const madeFrom = await openSet(ctx, s.project, s.set).then((set) => set.madeFrom(), () => undefined);
          return { ...s, ...(madeFrom ? { madeFrom: madeFrom.name } : {}) };
        }),
      );
      sendJson(res, 200, rows);
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/api/sets/${NAME}/${NAME}$`),
    handler: async (ctx, _req, res, [project, name]) => {
      const set = await openSet(ctx, project!, name!);
      const [services, madeWith, madeFrom] = await Promise.all([set.status(), set.madeWith(), set.madeFrom()]);
      sendJson(res, 200, { project: set.projectName, set: set.name, madeWith, madeFrom: madeFrom?.name, services });
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/api/sets/${NAME}/${NAME}/(${ACTIONS.join('|')})$`),
    handler: async (ctx, req, res, [project, name, action]) => {
      const body = await readJson(req);
      const set = await openSet(ctx, project!, name!, action === 'up' || action === 'start' || action === 'reset');
      const op = ctx.operations.start(project!, name!, `${action} ${name}`, (say) => runAction(set, action as Action, body, say));
      sendJson(res, 202, op);
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/api/sets/${NAME}/${NAME}/logs$`),
    handler: async (ctx, req, res, [project, name], url) => {
      const set = await openSet(ctx, project!, name!);
      const services = url.searchParams.getAll('service').filter(Boolean);
      const tail = Number(url.searchParams.get('tail') ?? 500);
      if (url.searchParams.get('download')) {
        const lines: string[] = [];
        await set.logs({ services, tail }, (l) => lines.push(`${l.service}-${l.replica} | ${l.line}`));
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}-logs.txt"`, 'Cache-Control': 'no-store' });
        return void res.end(lines.join('\n') + '\n');
      }
      const stream = openEventStream(req, res);
      const follow = url.searchParams.get('follow') !== '0';
      await set
        .logs({ services, tail, follow, signal: stream.closed }, (l) => stream.send('line', { service: l.service, replica: l.replica, stream: l.stream, text: l.line }))
        .catch((err: unknown) => stream.send('failed', { message: (err as Error).message }));
      if (!follow) stream.send('end', {});
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/api/sets/${NAME}/${NAME}/tests$`),
    handler: async (ctx, _req, res, [project, name]) => {
      const set = await openSet(ctx, project!, name!, true);
      const [suite, runs] = await Promise.all([set.tests(), set.testResults({ limit: 20 })]);
      sendJson(res, 200, { tests: suite.tests.map((t) => ({ name: t.name, description: t.description })), runs });
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/api/sets/${NAME}/${NAME}/tests$`),
    handler: async (ctx, req, res, [project, name]) => {
      const names = strings((await readJson(req)).names);
      const set = await openSet(ctx, project!, name!, true);
      const title = `test ${name}${names.length ? ` ${names.join(' ')}` : ''}`;
      sendJson(res, 202, ctx.operations.start(project!, name!, title, (say) => set.test({ names, events: (e) => say(describeTestEvent(e)) })));
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/api/sets/${NAME}/${NAME}/secrets$`),
    handler: async (ctx, _req, res, [project, name]) => {
      const set = await openSet(ctx, project!, name!, true);
      sendJson(res, 200, await set.secrets());
    },
  },
  {
    // A POST, so that a value never travels in a URL (history, logs) and only our page can ask.
    method: 'POST',
    pattern: new RegExp(`^/api/sets/${NAME}/${NAME}/secrets/reveal$`),
    handler: async (ctx, req, res, [project, name]) => {
      const wanted = (await readJson(req)).name;
      const set = await openSet(ctx, project!, name!, true);
      const secret = (await set.secrets({ reveal: true })).find((s) => s.name === wanted);
      if (!secret) return sendJson(res, 404, { error: { message: `set ${name} has no secret ${String(wanted)}` } });
      sendJson(res, 200, secret);
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/api/sets/${NAME}/${NAME}/snapshot$`),
    handler: async (ctx, req, res, [project, name]) => {
      const snapshot = (await readJson(req)).name;
      if (typeof snapshot !== 'string' || !/^[a-z0-9][a-z0-9_.-]*$/.test(snapshot)) {
        return sendJson(res, 400, { error: { message: 'a snapshot name: lower-case letters, digits, ".", "_" and "-"' } });
      }
      const set = await openSet(ctx, project!, name!, true);
      sendJson(res, 202, ctx.operations.start(project!, name!, `snapshot ${name} ${snapshot}`, (say) => set.snapshot(snapshot, { events: (e) => say(describeEvent(e)) })));
    },
  },
  {
    method: 'GET',
    pattern: /^\/api\/snapshots$/,
    handler: async (ctx, _req, res) => {
      const snapshots = ctx.testbed.snapshots();
      const list = await snapshots.list({ all: true });
      const rows = await Promise.all(
        list.map(async (s) => {
          const ref = s.refs[0];
          const imageId = ref ? await snapshots.inspect(ref).then((i) => i.imageId, () => undefined) : undefined;
          return { ...s, ...(imageId ? { imageId } : {}) };
        }),
      );
      sendJson(res, 200, rows);
    },
  },
  {
    method: 'POST',
    pattern: /^\/api\/snapshots\/start$/,
    handler: async (ctx, req, res) => {
      const body = await readJson(req);
      const [project, snapshot, name] = [body.project, body.snapshot, body.set];
      if (typeof project !== 'string' || typeof snapshot !== 'string' || typeof name !== 'string' || !/^[a-z0-9][a-z0-9_.-]*$/.test(name)) {
        return sendJson(res, 400, { error: { message: 'project, snapshot and a set name (lower-case letters, digits, ".", "_" and "-") are needed' } });
      }
      // Made with the files the snapshot's set was made with: the dashboard may run anywhere.
      const set = await ctx.testbed.setFromSnapshot(name, snapshot, project);
      sendJson(res, 202, ctx.operations.start(project, name, `up ${name} --from ${snapshot}`, (say) => set.up({ from: snapshot, events: (e) => say(describeEvent(e)) })));
    },
  },
  {
    method: 'POST',
    pattern: /^\/api\/compare$/,
    handler: async (ctx, req, res) => {
      const body = await readJson(req);
      const sets = strings(body.sets);
      const names = strings(body.names);
      if (typeof body.project !== 'string' || sets.length < 2) return sendJson(res, 400, { error: { message: 'a project and two sets to compare' } });
      const project = body.project;
      const title = `compare ${sets.join(', ')}`;
      sendJson(res, 202, ctx.operations.start(project, sets[0]!, title, (say) => ctx.testbed.compareSets(sets, { names, events: (e) => say(describeTestEvent(e)) }, project)));
    },
  },
  {
    method: 'GET',
    pattern: /^\/api\/operations$/,
    handler: async (ctx, _req, res) => sendJson(res, 200, ctx.operations.all()),
  },
  {
    method: 'GET',
    pattern: /^\/api\/events$/,
    handler: async (ctx, req, res) => {
      const stream = openEventStream(req, res);
      const unsubscribe = ctx.subscribe(stream.send);
      stream.closed.addEventListener('abort', unsubscribe, { once: true });
    },
  },
];

async function runAction(set: TestbedSet, action: Action, body: Record<string, unknown>, say: (line: string) => void): Promise<unknown> {
  const events = (e: Parameters<typeof describeEvent>[0]) => say(describeEvent(e));
  switch (action) {
    case 'up':
      return set.up({ events });
    case 'start':
      return set.start({ events });
    case 'stop':
      return set.stop({ events });
    case 'reset':
      return set.reset({ events });
    case 'destroy':
      return set.destroy({ events, volumes: body.volumes === true });
    case 'remove':
      return set.remove({ events });
  }
}

/** Answers an /api/ request; false when no route matches. */
export async function handleApi(ctx: RouteContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  for (const route of routes) {
    if (route.method !== req.method) continue;
    const match = route.pattern.exec(url.pathname);
    if (!match) continue;
    try {
      await route.handler(ctx, req, res, match.slice(1), url);
    } catch (err) {
      if (!res.headersSent) sendError(res, statusOf(err), err);
      else res.end();
    }
    return true;
  }
  return false;
}

function statusOf(err: unknown): number {
  const code = (err as { code?: string }).code ?? '';
  if (/NOT_FOUND$/.test(code)) return 404;
  if (code === 'SET_BUSY' || code === 'SET_AMBIGUOUS' || code === 'SNAPSHOT_IN_USE') return 409;
  if (code === 'CONFIG_INVALID' || code === 'USAGE' || err instanceof SyntaxError) return 400;
  return 500;
}
