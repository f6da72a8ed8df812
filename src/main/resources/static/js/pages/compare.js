// Compare 2-8 runs: curves overlaid on one chart, the options that differ, the same prefix and seed sampled from each.
import { models } from '../api.js';
import { showError } from '../alerts.js';
import { h, field, clear, flatten, show, num, bits } from '../dom.js';
import { followRun } from '../jobstream.js';
import { CurveChart, viewControls, defaultView, throttledRedraw, PALETTE } from '../chart.js';

// Not options: they differ between any two runs
const IGNORED = new Set(['name']);

export function comparePage(main, { params }) {
    const ids = (params.get('ids') || '').split(',').map((s) => s.trim()).filter(Boolean).slice(0, 8);
    const view = defaultView();
    main.append(h('h1', {}, 'Compare runs'));
    if (ids.length < 2) {
        main.append(h('p', {}, 'Select 2–8 runs on the ', h('a', { href: '#/runs' }, 'Runs'), ' page to compare them.'));
        return null;
    }
    const figure = h('figure', { role: 'img', class: 'chart', 'aria-label': `perplexity of ${ids.join(', ')}`, 'data-points': '0' });
    const legend = h('ul', { class: 'run-legend' });
    const diff = h('table', { class: 'diff', 'data-testid': 'diff-table' });
    const prefix = h('input', { type: 'text', autocomplete: 'off' });
    const seed = h('input', { type: 'number', step: 1, value: 42 });
    const temperature = h('input', { type: 'number', step: 'any', min: 0, value: 0.8 });
    const length = h('input', { type: 'number', step: 1, min: 1, value: 100 });
    const generate = h('button', { type: 'submit', class: 'primary' }, 'Generate');
    const sampleGrid = h('div', { class: 'compare-samples', 'data-testid': 'compare-samples' });
    const sampleForm = h('form', { class: 'grid', novalidate: true },
        field('Prefix', prefix, { wide: true }), field('Seed', seed), field('Temperature', temperature), field('Length', length),
        h('div', { class: 'actions' }, generate));

    main.append(
        h('section', { class: 'card' }, h('h2', {}, 'Curves'), viewControls(view, () => redraw()), legend, figure),
        h('section', { class: 'card' }, h('h2', {}, 'Options that differ'), h('div', { class: 'table-scroll' }, diff)),
        h('section', { class: 'card' }, h('h2', {}, 'Same prefix, same seed'), sampleForm, sampleGrid));

    const chart = new CurveChart(figure);
    const runs = [];
    let disposed = false;

    const redraw = throttledRedraw(() => {
        if (disposed || !runs.length) return;
        chart.update(runs.map((r) => ({ id: r.id, name: r.follow.data.model.name, data: r.follow.data })), view);
    });

    function renderLegend() {
        clear(legend);
        runs.forEach((r, i) => {
            const m = r.follow.data.model;
            legend.append(h('li', {}, h('span', { class: 'swatch', style: `background:${PALETTE[i % PALETTE.length]}` }),
                h('a', { href: `#/models/${encodeURIComponent(r.id)}` }, m.name || r.id), ` ${r.id} · ${m.status.toLowerCase()}`,
                ` · best val. perplexity ${num(m.progress?.bestValidationPerplexity)} (${num(bits(m.progress?.bestValidationLoss))} bits/char)`));
        });
    }

    function renderDiff() {
        clear(diff);
        const flats = runs.map((r) => flatten({ corpus: r.follow.data.model.corpus, ...r.follow.data.model.config }));
        const keys = [...new Set(flats.flatMap(Object.keys))].filter((k) => !IGNORED.has(k));
        const differing = keys.filter((k) => new Set(flats.map((f) => JSON.stringify(f[k] ?? null))).size > 1);
        diff.append(h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'option'), runs.map((r) => h('th', { scope: 'col' }, r.follow.data.model.name || r.id)))));
        const body = h('tbody');
        if (!differing.length) body.append(h('tr', {}, h('td', { colspan: runs.length + 1 }, 'The runs have the same options.')));
        for (const k of differing) body.append(h('tr', {}, h('th', { scope: 'row' }, k), flats.map((f) => h('td', {}, show(f[k])))));
        diff.append(body);
    }

    sampleForm.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        clear(sampleGrid);
        generate.disabled = true;
        const cards = runs.map((r, i) => {
            const text = h('pre', { 'data-testid': 'compare-sample' }, h('span', { class: 'prefix' }, prefix.value));
            const card = h('div', { class: 'card sample-card', style: `border-top:4px solid ${PALETTE[i % PALETTE.length]}` },
                h('h3', {}, r.follow.data.model.name || r.id), text);
            sampleGrid.append(card);
            return [r, text, card];
        });
        await Promise.all(cards.map(async ([r, text, card]) => {
            try {
                const s = await models.sample(r.id, { prefix: prefix.value, seed: seed.value, temperature: temperature.value, length: length.value });
                text.append(s.text);
            } catch (e) {
                card.append(h('p', { class: 'form-error', role: 'alert' }, e.message));
            }
        }));
        generate.disabled = false;
    });

    Promise.all(ids.map((id) => followRun(id, (kind) => {
        if (disposed) return;
        if (kind === 'model' || kind === 'progress') renderLegend();
        if (kind === 'point' || kind === 'evaluation' || kind === 'model' || kind === 'history') redraw();
    }).then((follow) => ({ id, follow })))).then((list) => {
        runs.push(...list);
        if (disposed) { runs.forEach((r) => r.follow.close()); return; }
        renderLegend(); renderDiff(); redraw();
    }).catch((e) => showError(e, 'Could not load the runs'));

    return () => { disposed = true; runs.forEach((r) => r.follow.close()); chart.destroy(); };
}
