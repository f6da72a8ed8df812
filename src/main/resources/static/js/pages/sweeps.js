// Sweeps: the list (#/sweeps), and one sweep (#/sweeps/{id}) as its runs ranked by best validation perplexity, the best
// marked, each linking to its run page, with a link that compares the best 8 on the compare page.
import { sweeps } from '../api.js';
import { showError } from '../alerts.js';
import { h, clear, num, when, show } from '../dom.js';

const POLL_ACTIVE_MS = 1500;
const POLL_IDLE_MS = 5000;
/** The compare page shows at most this many runs. */
const COMPARE_MAX = 8;

const badge = (status) => h('span', { class: `status status-${status.toLowerCase()}` }, status);
const best = (s) => s.runs.find((r) => r.best);

/** Polls load() until the page is left: quickly while the sweep(s) run, slowly once they are done. */
function poll(load, render, active) {
    let timer = null;
    let stopped = false;
    async function refresh() {
        let data = null;
        try {
            data = await load();
            render(data);
        } catch (e) {
            showError(e, 'Could not load the sweeps');
        }
        if (!stopped) timer = setTimeout(refresh, data && active(data) ? POLL_ACTIVE_MS : POLL_IDLE_MS);
    }
    refresh();
    return () => { stopped = true; clearTimeout(timer); };
}

export function sweepsPage(main) {
    const tbody = h('tbody');
    const empty = h('p', { class: 'empty', hidden: true }, 'No sweeps yet. Start one with POST /sweeps (see the API).');
    main.append(h('div', { class: 'page-head' }, h('h1', {}, 'Sweeps')),
        h('div', { class: 'table-scroll' }, h('table', { class: 'runs', 'data-testid': 'sweeps-table' },
            h('thead', {}, h('tr', {}, ['Name', 'Status', 'Grid', 'Runs', 'Best run', 'Best val. perplexity', 'Created']
                .map((t) => h('th', { scope: 'col' }, t)))), tbody)),
        empty);
    return poll(() => sweeps.list(), (list) => {
        clear(tbody);
        for (const s of list) {
            const b = best(s);
            tbody.append(h('tr', { 'data-id': s.id },
                h('td', {}, h('a', { href: `#/sweeps/${encodeURIComponent(s.id)}` }, s.name)),
                h('td', {}, badge(s.status)),
                h('td', {}, Object.entries(s.grid).map(([k, v]) => `${k}: ${show(v)}`).join('; ')),
                h('td', { class: 'num' }, s.runs.length),
                h('td', {}, b ? h('a', { href: `#/models/${encodeURIComponent(b.modelId)}` }, b.name || b.modelId) : '–'),
                h('td', { class: 'num' }, num(b?.bestValidationPerplexity)),
                h('td', {}, when(s.createdAt))));
        }
        empty.hidden = list.length > 0;
    }, (list) => list.some((s) => s.status === 'RUNNING'));
}

export function sweepPage(main, { id }) {
    const title = h('h1', {}, 'Sweep');
    const status = h('span');
    const compare = h('a', { class: 'button primary', 'data-testid': 'sweep-compare' }, 'Compare');
    const compareNote = h('span', { class: 'hint' });
    const cancel = h('button', { type: 'button' }, 'Cancel sweep');
    const summary = h('p', { class: 'hint' });
    const keys = [];
    const thead = h('thead');
    const tbody = h('tbody');
    main.append(
        h('div', { class: 'page-head' }, title, h('div', { class: 'toolbar' }, status, compare, compareNote, cancel)),
        summary,
        h('div', { class: 'table-scroll' }, h('table', { class: 'runs', 'data-testid': 'sweep-runs' }, thead, tbody)));

    cancel.addEventListener('click', async () => {
        cancel.disabled = true;
        try {
            await sweeps.cancel(id);
        } catch (e) {
            showError(e, 'Could not cancel the sweep');
        }
    });

    return poll(() => sweeps.get(id), (s) => {
        title.textContent = `Sweep ${s.name}`;
        clear(status).append(badge(s.status));
        cancel.hidden = s.status !== 'RUNNING';
        cancel.disabled = false;
        summary.textContent = `${s.runs.length} runs on ${s.corpus}, ranked by best validation perplexity; ${s.id}, created ${when(s.createdAt)}.`;
        // the runs that have a model, best first, as many as the compare page takes
        const ids = s.runs.filter((r) => r.status !== 'DELETED').slice(0, COMPARE_MAX).map((r) => r.modelId);
        compare.href = `#/compare?ids=${ids.join(',')}`;
        compare.hidden = ids.length < 2;
        compareNote.textContent = s.runs.length > COMPARE_MAX ? `the best ${COMPARE_MAX} of ${s.runs.length} runs` : '';
        keys.splice(0, keys.length, ...Object.keys(s.grid));
        clear(thead).append(h('tr', {}, h('th', { scope: 'col' }, '#'), h('th', { scope: 'col' }, 'Run'),
            keys.map((k) => h('th', { scope: 'col' }, k)),
            ['Status', 'Best val. perplexity', 'Bits/char', 'Chars/s'].map((t) => h('th', { scope: 'col', class: t === 'Status' ? '' : 'num' }, t))));
        clear(tbody);
        s.runs.forEach((r, i) => {
            const name = r.status === 'DELETED' ? `${r.modelId} (deleted)`
                : h('a', { href: `#/models/${encodeURIComponent(r.modelId)}` }, r.name || r.modelId);
            tbody.append(h('tr', { 'data-id': r.modelId, class: r.best ? 'best' : '' },
                h('td', { class: 'num' }, i + 1),
                h('td', {}, name, r.best ? h('span', { class: 'best-mark', title: 'lowest best validation perplexity' }, ' ★ best') : ''),
                keys.map((k) => h('td', { 'data-col': k }, show(r.values[k]))),
                h('td', {}, badge(r.status)),
                h('td', { class: 'num', 'data-col': 'ppl' }, num(r.bestValidationPerplexity)),
                h('td', { class: 'num' }, num(r.bitsPerChar)),
                h('td', { class: 'num' }, num(r.charsPerSecond, 0))));
        });
    }, (s) => s.status === 'RUNNING');
}
