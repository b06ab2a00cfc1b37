// The dashboard page: preact and htm, served by testbed ui itself. Data comes from /api/, live
// changes from /api/events (server-sent events): a page fetches again when its set changes.
import { h, render } from '/vendor/preact.mjs';
import { useCallback, useEffect, useMemo, useRef, useState } from '/vendor/hooks.mjs';
import htm from '/vendor/htm.mjs';

const html = htm.bind(h);

async function api(path, body) {
  const res = await fetch(path, body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw Object.assign(new Error(data.error?.message ?? res.statusText), data.error ?? {});
  return data;
}

// One event stream for the page; components subscribe to it.
const listeners = new Set();
const events = new EventSource('/api/events');
for (const kind of ['set', 'operation', 'engine']) {
  events.addEventListener(kind, (e) => {
    const data = JSON.parse(e.data);
    for (const l of listeners) l(kind, data);
  });
}
function useEvents(listener) {
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => {
    const l = (kind, data) => ref.current(kind, data);
    listeners.add(l);
    return () => listeners.delete(l);
  }, []);
}

/** Data from a GET, fetched again when `changed(kind, event)` says an event concerns it. */
function useData(path, changed) {
  const [state, setState] = useState({ loading: true });
  const timer = useRef();
  const load = useCallback(() => {
    api(path).then((data) => setState({ data }), (error) => setState({ error }));
  }, [path]);
  useEffect(() => {
    setState({ loading: true });
    load();
  }, [load]);
  useEvents((kind, e) => {
    if (!changed || !changed(kind, e)) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(load, 250);
  });
  return { ...state, reload: load };
}

const ago = (iso) => {
  if (!iso) return '-';
  const s = Math.max(0, (Date.now() - new Date(iso).getTime()) / 1000);
  return s < 90 ? `${Math.round(s)}s` : s < 5400 ? `${Math.round(s / 60)}m` : s < 129600 ? `${Math.round(s / 3600)}h` : `${Math.round(s / 86400)}d`;
};
const bytes = (n) => (n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1048576).toFixed(1)} MiB`);
const base = (p) => p.split('/').pop();
const setPath = (p, s) => `#/set/${encodeURIComponent(p)}/${encodeURIComponent(s)}`;

function Failure({ error }) {
  if (!error) return null;
  return html`<div class="error" role="alert">${error.message}${error.hint ? html`<br /><span class="muted">${error.hint}</span>` : null}</div>`;
}

// Operations started from this page (up, tests...), with their live progress.
const operations = new Map();
function useOperation() {
  const [op, setOp] = useState();
  useEvents((kind, o) => {
    if (kind === 'operation' && op && o.id === op.id) setOp(o);
  });
  const start = async (path, body = {}) => {
    if (op?.state === 'running') return; // its buttons say so (aria-disabled), and keep the focus
    try {
      const started = await api(path, body);
      operations.set(started.id, started);
      setOp(started);
    } catch (error) {
      setOp({ state: 'failed', title: path, lines: [], error });
    }
  };
  return [op, start];
}

// While work runs its buttons are aria-disabled, not disabled: a disabled button drops the
// keyboard focus to the top of the page.
const waiting = (busy) => (busy ? 'true' : undefined);

function Progress({ op, label }) {
  if (!op) return null;
  return html`<section aria-live="polite" aria-label=${label ?? 'progress'}>
    <h3>${op.title}: <span class=${`op-${op.state}`}>${op.state}</span></h3>
    ${op.lines.length ? html`<pre>${op.lines.join('\n')}</pre>` : null}
    <${Failure} error=${op.error} />
  </section>`;
}

function SetsPage() {
  const { data, error } = useData('/api/sets', (kind) => kind === 'set');
  if (error) return html`<${Failure} error=${error} />`;
  if (!data) return html`<p>Loading…</p>`;
  return html`<h1>Sets</h1>
    ${data.length === 0 ? html`<p>No sets on this engine. Make one with <code>testbed up NAME</code>.</p>` : null}
    <table>
      <caption class="muted">Every set on the engine</caption>
      <thead><tr><th scope="col">Project</th><th scope="col">Set</th><th scope="col">State</th><th scope="col">Services up</th><th scope="col">Age</th><th scope="col">Files</th><th scope="col">Profiles</th><th scope="col">From snapshot</th></tr></thead>
      <tbody>
        ${data.map((s) => html`<tr>
          <td>${s.project}</td>
          <td><a href=${setPath(s.project, s.set)}>${s.set}</a></td>
          <td class=${`state-${s.state}`}>${s.state}</td>
          <td>${s.servicesUp}/${s.servicesTotal}</td>
          <td>${ago(s.createdAt)}</td>
          <td>${(s.files ?? []).map(base).join(', ') || '-'}</td>
          <td>${(s.profiles ?? []).join(', ') || '-'}</td>
          <td>${s.madeFrom ?? '-'}</td>
        </tr>`)}
      </tbody>
    </table>`;
}

// What each action loses, asked before it runs; actions not listed lose nothing and just run.
const CONFIRM = {
  reset: 'Reset goes back to the snapshot the set was made from: data written since is lost.',
  destroy: 'Destroy removes the containers and networks (volumes are kept unless you chose to remove them).',
  remove: 'Remove deletes everything of the set: containers, networks, volumes with their data, its folder.',
};
const title = (action) => action[0].toUpperCase() + action.slice(1);

/**
 * A modal dialog (the browser's own <dialog>: the page behind is inert): Cancel has the focus,
 * Escape cancels, Tab stays inside, and the focus goes back to the button that asked.
 */
function Confirm({ action, set, onAnswer }) {
  const dialog = useRef();
  const cancel = useRef();
  const opener = useRef();
  useEffect(() => {
    const d = dialog.current;
    if (action && !d.open) {
      opener.current = document.activeElement;
      d.showModal();
      cancel.current.focus();
    } else if (!action && d.open) {
      d.close();
      opener.current?.focus();
    }
  }, [action]);
  const trapTab = (e) => {
    if (e.key !== 'Tab') return;
    const buttons = [...dialog.current.querySelectorAll('button')];
    const [first, last] = [buttons[0], buttons[buttons.length - 1]];
    if (e.shiftKey && document.activeElement === first) (e.preventDefault(), last.focus());
    else if (!e.shiftKey && document.activeElement === last) (e.preventDefault(), first.focus());
  };
  return html`<dialog ref=${dialog} aria-labelledby="confirm-title" aria-describedby="confirm-text" onKeyDown=${trapTab}
      onCancel=${(e) => { e.preventDefault(); onAnswer(false); }}>
    ${action ? html`<h2 id="confirm-title">${title(action)} set ${set}?</h2>
    <p id="confirm-text">${CONFIRM[action]}</p>
    <div class="toolbar">
      <button ref=${cancel} onClick=${() => onAnswer(false)}>Cancel</button>
      <button class="danger" onClick=${() => onAnswer(true)}>${title(action)}</button>
    </div>` : null}
  </dialog>`;
}

function SetTabs({ project, set, current }) {
  const tab = (name, path, label) => html`<a href=${setPath(project, set) + path} aria-current=${current === name ? 'page' : undefined}>${label}</a>`;
  return html`<nav aria-label="set pages" class="toolbar">${tab('status', '', 'Status')} ${tab('logs', '/logs', 'Logs')} ${tab('tests', '/tests', 'Tests')}</nav>`;
}

function SetPage({ project, set }) {
  const mine = (kind, e) => (kind === 'set' && e.project === project && e.set === set) || (kind === 'operation' && e.set === set && e.state !== 'running');
  const { data, error } = useData(`/api/sets/${project}/${set}`, mine);
  const [op, start] = useOperation();
  const [volumes, setVolumes] = useState(false);
  const [snapshotName, setSnapshotName] = useState('');
  const [asking, setAsking] = useState();
  const [done, setDone] = useState();
  const run = (action) => {
    setDone(action);
    start(`/api/sets/${project}/${set}/${action}`, action === 'destroy' ? { volumes } : {});
  };
  const busy = op?.state === 'running';
  const act = (action) => {
    if (busy) return;
    if (CONFIRM[action]) setAsking(action);
    else run(action);
  };
  const answer = (yes) => {
    const action = asking;
    setAsking(undefined);
    if (yes) run(action);
  };
  return html`<h1>Set ${set} <span class="muted">(project ${project})</span></h1>
    <${SetTabs} project=${project} set=${set} current="status" />
    <${Failure} error=${error} />
    ${data ? html`<p class="muted">${data.madeWith ? `Made with ${data.madeWith.files.map(base).join(', ')}${data.madeWith.profiles?.length ? `, profiles ${data.madeWith.profiles.join(', ')}` : ''}` : ''}${data.madeFrom ? `; from snapshot ${data.madeFrom}` : ''}</p>
    <table>
      <caption class="muted">Services</caption>
      <thead><tr><th scope="col">Service</th><th scope="col">State</th><th scope="col">Health</th><th scope="col">Address</th><th scope="col">Host names</th><th scope="col">Ports</th><th scope="col">Image</th></tr></thead>
      <tbody>${data.services.map((r) => html`<tr data-service=${r.service}>
        <td>${r.service}${r.replica > 1 ? `-${r.replica}` : ''}</td>
        <td class=${`state-${r.state}`}>${r.state}${r.exitCode !== undefined && r.state !== 'running' ? ` (exit ${r.exitCode})` : ''}</td>
        <td class=${`health-${r.health ?? 'none'}`}>${r.health ?? '-'}${r.healthOutput ? html`<pre aria-label=${`last probe output of ${r.service}`}>${r.healthOutput}</pre>` : null}</td>
        <td>${r.address ?? '-'}</td>
        <td>${r.hostnames.join(', ') || '-'}</td>
        <td>${r.ports.map((p) => html`<a href=${`http://${p.host}/`} target="_blank" rel="noopener noreferrer">${p.host}</a> <span class="muted">→ ${p.container}</span><br />`)}</td>
        <td>${r.image}</td>
      </tr>`)}</tbody>
    </table>` : html`<p>Loading…</p>`}
    <div class="toolbar" role="group" aria-label="set actions">
      ${['up', 'start', 'stop', 'reset'].map((a) => html`<button aria-disabled=${waiting(busy)} onClick=${() => act(a)}>${title(a)}</button>`)}
      <button class="danger" aria-disabled=${waiting(busy)} onClick=${() => act('destroy')}>Destroy</button>
      <label><input type="checkbox" checked=${volumes} onChange=${(e) => setVolumes(e.target.checked)} /> with its volumes</label>
      <button class="danger" aria-disabled=${waiting(busy)} onClick=${() => act('remove')}>Remove</button>
    </div>
    <${Confirm} action=${asking} set=${set} onAnswer=${answer} />
    <form class="toolbar" onSubmit=${(e) => { e.preventDefault(); start(`/api/sets/${project}/${set}/snapshot`, { name: snapshotName }); }}>
      <label for="snapshot-name">Snapshot name</label>
      <input id="snapshot-name" value=${snapshotName} onInput=${(e) => setSnapshotName(e.target.value)} required pattern="[a-z0-9][a-z0-9_.-]*" />
      <button type="submit" aria-disabled=${waiting(busy)}>Take snapshot</button>
    </form>
    <${Progress} op=${op} />
    ${done === 'remove' && op?.state === 'done' ? html`<p>Set ${set} is removed. <a href="#/">Back to the sets</a></p>` : null}
    <${Secrets} project=${project} set=${set} />`;
}

function Secrets({ project, set }) {
  const { data } = useData(`/api/sets/${project}/${set}/secrets`);
  const [shown, setShown] = useState({});
  if (!data || data.length === 0) return null;
  // A revealed value lives in this component's memory only: never in a URL, storage or log.
  const reveal = async (name) => {
    const s = await api(`/api/sets/${project}/${set}/secrets/reveal`, { name });
    setShown({ ...shown, [name]: s.value });
  };
  return html`<h2>Secrets</h2><table><thead><tr><th scope="col">Secret</th><th scope="col">Source</th><th scope="col">Value</th></tr></thead><tbody>
    ${data.map((s) => html`<tr><td>${s.name}</td><td>${s.source}</td><td>
      ${shown[s.name] !== undefined
        ? html`<code>${shown[s.name]}</code> <button aria-label=${`Hide ${s.name}`} onClick=${() => setShown({ ...shown, [s.name]: undefined })}>Hide</button>`
        : html`<code>${s.value}</code> <button aria-label=${`Reveal ${s.name}`} onClick=${() => reveal(s.name)}>Reveal</button>`}
    </td></tr>`)}</tbody></table>`;
}

function LogsPage({ project, set }) {
  const { data } = useData(`/api/sets/${project}/${set}`);
  const [service, setService] = useState('');
  const [follow, setFollow] = useState(true);
  const [search, setSearch] = useState('');
  const [lines, setLines] = useState([]);
  const [failure, setFailure] = useState();
  useEffect(() => {
    setLines([]);
    setFailure(undefined);
    const q = new URLSearchParams({ tail: '500', follow: follow ? '1' : '0' });
    if (service) q.append('service', service);
    const source = new EventSource(`/api/sets/${project}/${set}/logs?${q}`);
    let buffer = [];
    const flush = setInterval(() => {
      if (buffer.length === 0) return;
      const add = buffer;
      buffer = [];
      setLines((old) => [...old, ...add].slice(-5000));
    }, 200);
    source.addEventListener('line', (e) => buffer.push(JSON.parse(e.data)));
    source.addEventListener('failed', (e) => setFailure(JSON.parse(e.data)));
    source.addEventListener('end', () => source.close());
    return () => {
      clearInterval(flush);
      source.close();
    };
  }, [project, set, service, follow]);
  const services = useMemo(() => [...new Set((data?.services ?? []).map((r) => r.service))], [data]);
  const shown = search ? lines.filter((l) => l.text.toLowerCase().includes(search.toLowerCase())) : lines;
  const download = `/api/sets/${project}/${set}/logs?download=1&tail=100000${service ? `&service=${encodeURIComponent(service)}` : ''}`;
  return html`<h1>Logs of ${set}</h1>
    <${SetTabs} project=${project} set=${set} current="logs" />
    <div class="toolbar">
      <label for="log-service">Service</label>
      <select id="log-service" value=${service} onChange=${(e) => setService(e.target.value)}>
        <option value="">all (merged)</option>
        ${services.map((s) => html`<option value=${s}>${s}</option>`)}
      </select>
      <label><input type="checkbox" checked=${follow} onChange=${(e) => setFollow(e.target.checked)} /> Follow</label>
      <label for="log-search">Search</label>
      <input id="log-search" type="search" value=${search} onInput=${(e) => setSearch(e.target.value)} />
      <a href=${download} download>Download</a>
    </div>
    <${Failure} error=${failure} />
    <pre class="logs" role="log" aria-label="log lines" aria-live="off" tabindex="0">${shown.map((l) => `${l.service}${l.replica > 1 ? `-${l.replica}` : ''} | ${l.text}`).join('\n')}</pre>
    <p class="muted">${shown.length} of ${lines.length} lines</p>`;
}

function Result({ r }) {
  return html`<details open=${r.outcome === 'failed'}>
    <summary><span class=${`outcome-${r.outcome}`}>${r.outcome}</span> ${r.test} <span class="muted">${r.durationMs} ms${r.ranIn ? `, ${r.ranIn}` : ''}</span></summary>
    ${r.failures?.length ? html`<ul>${r.failures.map((f) => html`<li>${f}</li>`)}</ul>` : null}
    ${r.error ? html`<p class="error">${r.error.message}</p>` : null}
    ${r.skipReason ? html`<p>${r.skipReason}</p>` : null}
    ${r.stdout ? html`<h4>stdout</h4><pre>${r.stdout}</pre>` : null}
    ${r.stderr ? html`<h4>stderr</h4><pre>${r.stderr}</pre>` : null}
  </details>`;
}

function TestsPage({ project, set }) {
  const [op, start] = useOperation();
  const { data, error } = useData(`/api/sets/${project}/${set}/tests`, (kind, e) => kind === 'operation' && e.set === set && e.state !== 'running');
  const run = (names) => start(`/api/sets/${project}/${set}/tests`, { names });
  const busy = op?.state === 'running';
  const report = op?.state === 'done' ? op.result : undefined;
  return html`<h1>Tests of ${set}</h1>
    <${SetTabs} project=${project} set=${set} current="tests" />
    <${Failure} error=${error} />
    ${data ? html`<table><caption class="muted">The project's tests</caption><thead><tr><th scope="col">Test</th><th scope="col">Description</th><th scope="col"><span class="muted">Run</span></th></tr></thead><tbody>
      ${data.tests.map((t) => html`<tr><td>${t.name}</td><td>${t.description ?? ''}</td><td><button aria-disabled=${waiting(busy)} aria-label=${`Run ${t.name}`} onClick=${() => run([t.name])}>Run</button></td></tr>`)}
    </tbody></table>
    <div class="toolbar"><button aria-disabled=${waiting(busy)} onClick=${() => run([])}>Run all tests</button> <a href="#/compare">Compare sets…</a></div>` : html`<p>Loading…</p>`}
    <${Progress} op=${op} label="test progress" />
    ${report ? html`<section aria-label="results"><h2>Results: ${report.summary.passed} passed, ${report.summary.failed} failed, ${report.summary.skipped} skipped</h2>${report.results.map((r) => html`<${Result} r=${r} />`)}</section>` : null}
    ${data?.runs?.length ? html`<h2>History</h2><table><caption class="muted">Stored runs, newest first</caption><thead><tr><th scope="col">Run</th><th scope="col">Passed</th><th scope="col">Failed</th><th scope="col">Skipped</th><th scope="col">Tests</th></tr></thead><tbody>
      ${data.runs.map((run) => html`<tr><td>${run.startedAt ?? run.runId ?? ''}</td><td>${run.summary?.passed}</td><td>${run.summary?.failed}</td><td>${run.summary?.skipped}</td><td>${run.results.map((r) => html`<span class=${`outcome-${r.outcome}`}>${r.test}</span> `)}</td></tr>`)}
    </tbody></table>` : null}`;
}

function Diff({ text }) {
  return html`<pre>${text.split('\n').map((l) => html`<span class=${l.startsWith('+') ? 'diff-add' : l.startsWith('-') ? 'diff-del' : ''}>${l}\n</span>`)}</pre>`;
}

function ComparePage() {
  const { data: sets } = useData('/api/sets', (kind) => kind === 'set');
  const [project, setProject] = useState('');
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const [op, start] = useOperation();
  const projects = [...new Set((sets ?? []).map((s) => s.project))];
  const chosen = project || projects[0] || '';
  const names = (sets ?? []).filter((s) => s.project === chosen).map((s) => s.set);
  const comparison = op?.state === 'done' ? op.result : undefined;
  return html`<h1>Compare two sets</h1>
    <form class="toolbar" onSubmit=${(e) => { e.preventDefault(); start('/api/compare', { project: chosen, sets: [a || names[0], b || names[1]] }); }}>
      <label for="cmp-project">Project</label>
      <select id="cmp-project" value=${chosen} onChange=${(e) => setProject(e.target.value)}>${projects.map((p) => html`<option value=${p}>${p}</option>`)}</select>
      <label for="cmp-a">First set</label>
      <select id="cmp-a" value=${a || names[0]} onChange=${(e) => setA(e.target.value)}>${names.map((n) => html`<option value=${n}>${n}</option>`)}</select>
      <label for="cmp-b">Second set</label>
      <select id="cmp-b" value=${b || names[1]} onChange=${(e) => setB(e.target.value)}>${names.map((n) => html`<option value=${n}>${n}</option>`)}</select>
      <button type="submit" aria-disabled=${waiting(op?.state === 'running')} disabled=${names.length < 2}>Compare</button>
    </form>
    <${Progress} op=${op} label="comparison progress" />
    ${comparison ? html`<section aria-label="comparison"><table><thead><tr><th scope="col">Test</th>${comparison.sets.map((s) => html`<th scope="col">${s}</th>`)}<th scope="col">Same</th></tr></thead><tbody>
      ${comparison.tests.map((t) => html`<tr><td>${t.test}</td>${t.results.map((r) => html`<td class=${`outcome-${r.outcome}`}>${r.outcome}</td>`)}<td>${t.same ? 'yes' : 'no'}</td></tr>
        ${t.differences.map((d) => html`<tr><td colspan=${comparison.sets.length + 2}><strong>${t.test}: ${d.what}</strong> (${comparison.sets[0]} vs ${d.set})<${Diff} text=${d.diff} /></td></tr>`)}`)}
    </tbody></table></section>` : null}`;
}

function SnapshotsPage() {
  const { data, error } = useData('/api/snapshots', (kind, e) => kind === 'operation' && e.state !== 'running');
  const [op, start] = useOperation();
  const [names, setNames] = useState({});
  return html`<h1>Snapshots</h1>
    <${Failure} error=${error} />
    ${data ? html`<table><caption class="muted">Snapshots on the engine</caption><thead><tr><th scope="col">Snapshot</th><th scope="col">Project</th><th scope="col">From set</th><th scope="col">Taken</th><th scope="col">Data size</th><th scope="col">Checksum</th><th scope="col">Services</th><th scope="col">Start a set from it</th></tr></thead><tbody>
      ${data.map((s) => {
        const key = `${s.project}/${s.name}`;
        return html`<tr><td>${s.name}</td><td>${s.project}</td><td>${s.set}</td><td>${ago(s.createdAt)} ago</td><td>${bytes(s.dataBytes)}</td><td><code title=${s.imageId ?? ''}>${(s.imageId ?? '-').replace('sha256:', '').slice(0, 12)}</code></td><td>${s.services.join(', ')}</td>
        <td><form onSubmit=${(e) => { e.preventDefault(); start('/api/snapshots/start', { project: s.project, snapshot: s.name, set: names[key] ?? '' }); }}>
          <label for=${`new-${key}`}>New set name<span class="visually-hidden"> from snapshot ${s.name} of ${s.project}</span></label>
          <input id=${`new-${key}`} value=${names[key] ?? ''} onInput=${(e) => setNames({ ...names, [key]: e.target.value })} required pattern="[a-z0-9][a-z0-9_.-]*" />
          <button type="submit" aria-disabled=${waiting(op?.state === 'running')}>Start</button>
        </form></td></tr>`;
      })}
    </tbody></table>` : html`<p>Loading…</p>`}
    <${Progress} op=${op} />
    ${op?.state === 'done' ? html`<p><a href=${setPath(op.project, op.set)}>Open set ${op.set}</a></p>` : null}`;
}

function route(hash) {
  const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 'set' && parts[1] && parts[2]) {
    const props = { project: parts[1], set: parts[2] };
    if (parts[3] === 'logs') return html`<${LogsPage} ...${props} />`;
    if (parts[3] === 'tests') return html`<${TestsPage} ...${props} />`;
    return html`<${SetPage} ...${props} />`;
  }
  if (parts[0] === 'snapshots') return html`<${SnapshotsPage} />`;
  if (parts[0] === 'compare') return html`<${ComparePage} />`;
  return html`<${SetsPage} />`;
}

function App() {
  const [hash, setHash] = useState(location.hash);
  const [engine, setEngine] = useState();
  useEffect(() => {
    // A new page replaces the link that led to it: the focus goes to the page, not to the top.
    const on = () => {
      setHash(location.hash);
      document.getElementById('main')?.focus({ preventScroll: true });
    };
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  useEvents((kind, e) => {
    if (kind === 'engine') setEngine(e);
    else if (kind === 'set') setEngine(undefined);
  });
  const key = hash.replace(/^#\/?/, '') || 'sets';
  return html`<header><strong>Testbed</strong><nav aria-label="main">
      <a href="#/" aria-current=${key === 'sets' ? 'page' : undefined}>Sets</a>
      <a href="#/snapshots" aria-current=${key === 'snapshots' ? 'page' : undefined}>Snapshots</a>
      <a href="#/compare" aria-current=${key === 'compare' ? 'page' : undefined}>Compare</a>
    </nav></header>
    <main id="main" tabindex="-1">${engine ? html`<p class="error" role="alert">Engine events: ${engine.message}</p>` : null}${route(hash)}</main>`;
}

// The skip link's #main would be taken for a page by the hash router: it moves the focus instead.
document.querySelector('.skip')?.addEventListener('click', (e) => {
  e.preventDefault();
  document.getElementById('main')?.focus();
});

const root = document.getElementById('app');
root.textContent = ''; // the "Loading…" shown before this script ran
render(html`<${App} />`, root);
