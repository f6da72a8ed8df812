// A run: live curves from the event stream, progress, periodic samples, actions, config, playground.
import { models } from '../api.js';
import { showError, showInfo } from '../alerts.js';
import { h, field, clear, num, duration, when, bits, flatten, show } from '../dom.js';
import { followRun } from '../jobstream.js';
import { CurveChart, OptimizerChart, viewControls, defaultView, throttledRedraw } from '../chart.js';
import { playground } from '../playground.js';

const RESUMABLE = ['COMPLETED', 'FAILED', 'CANCELLED', 'INTERRUPTED'];

export function runPage(main, { id }) {
    const view = defaultView();
    const title = h('h1', {}, id);
    const status = h('span', { class: 'status', 'data-testid': 'status' }, '…');
    const connection = h('span', { class: 'connection', 'aria-live': 'polite' });
    const reason = h('p', { class: 'reason' });
    const bar = h('progress', { max: 100, value: 0, 'aria-label': 'training progress' });
    const stats = h('dl', { class: 'stats' });
    const cancel = h('button', { type: 'button' }, 'Cancel');
    const moreEpochs = h('input', { type: 'number', min: 1, step: 1 });
    const resume = h('button', { type: 'button' }, 'Resume');
    const remove = h('button', { type: 'button', class: 'danger' }, 'Delete');
    const enc = encodeURIComponent(id);
    const downloads = h('div', { class: 'downloads' },
        h('a', { href: `/models/${enc}/file`, download: `${id}.clm`, class: 'button' }, 'Model file'),
        h('a', { href: `/models/${enc}/history.csv`, download: `${id}-history.csv`, class: 'button' }, 'History CSV'),
        h('a', { href: `/models/${enc}/history`, download: `${id}-history.json`, class: 'button' }, 'History JSON'),
        h('a', { href: `/models/${enc}/export?format=safetensors`, download: `${id}.safetensors`, class: 'button' }, 'Export safetensors'),
        h('a', { href: `/models/${enc}/export?format=onnx`, download: `${id}.onnx`, class: 'button' }, 'Export ONNX'));
    const curves = h('figure', { role: 'img', class: 'chart', 'aria-label': `perplexity of ${id}`, 'data-points': '0' });
    const optim = h('figure', { role: 'img', class: 'chart', 'aria-label': `learning rate and gradient norm of ${id}`, 'data-points': '0' });
    const samples = h('ol', { class: 'samples', reversed: true });
    const config = h('table', { class: 'config' });
    const pg = playground(() => id);

    const confirmDelete = h('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-title' },
        h('h2', { id: 'confirm-title' }, `Delete ${id}?`),
        h('p', {}, 'Its checkpoints, history and metrics are deleted; this cannot be undone.'),
        h('form', { method: 'dialog', class: 'actions' },
            h('button', { value: 'keep', autofocus: true }, 'Keep'), h('button', { value: 'delete', class: 'danger' }, 'Yes, delete')));

    main.append(
        h('div', { class: 'page-head' }, h('div', {}, title, h('div', { class: 'subtitle' }, h('code', {}, id), ' ', status, ' ', connection)),
            h('div', { class: 'toolbar actions' }, cancel, field('Epochs in all', moreEpochs, { errorFor: 'epochs' }), resume, remove)),
        reason,
        h('section', { class: 'card' }, bar, stats, downloads),
        h('section', { class: 'card' }, h('h2', {}, 'Curves'), viewControls(view, () => redraw()), curves,
            h('h3', {}, 'Learning rate and gradient norm'), optim),
        h('div', { class: 'two-col' },
            h('section', { class: 'card' }, h('h2', {}, 'Samples during training'), samples),
            pg.element),
        h('section', { class: 'card' }, h('h2', {}, 'Resolved configuration'), h('div', { class: 'table-scroll' }, config)),
        confirmDelete);

    const curveChart = new CurveChart(curves);
    const optimChart = new OptimizerChart(optim);
    let run = null;
    let disposed = false;

    const redraw = throttledRedraw(() => {
        if (disposed || !run) return;
        const r = { id, name: run.data.model.name, data: run.data };
        curveChart.update([r], view);
        optimChart.update(r, view);
    });

    function renderModel() {
        const m = run.data.model;
        const p = m.progress || {};
        title.textContent = m.name || id;
        document.title = `${m.name || id} · CharLM`;
        status.textContent = m.status;
        status.className = `status status-${m.status.toLowerCase()}`;
        reason.textContent = m.reason || '';
        bar.value = Math.round((p.progress || 0) * 100);
        const active = m.status === 'RUNNING' || m.status === 'QUEUED';
        cancel.disabled = !active;
        // an imported model has no corpus to train on, and the service refuses its resume
        resume.disabled = !RESUMABLE.includes(m.status) || !m.corpus;
        resume.title = m.corpus ? '' : 'an imported model has no corpus to train on';
        if (!moreEpochs.value && m.config) moreEpochs.value = m.config.epochs;
        const items = [
            ['Progress', `${num((p.progress || 0) * 100, 1)} %`],
            ['Step', num(p.step, 0)],
            ['Epoch', `${num(p.epoch, 2)} / ${p.epochs ?? '–'}`],
            ['ETA', active ? duration(p.etaSeconds) : '–'],
            ['Elapsed', duration(p.elapsedSeconds)],
            ['Chars/s', num(p.charsPerSecond, 0)],
            ['Train perplexity', num(p.trainPerplexity)],
            ['Val. perplexity', num(p.validationPerplexity)],
            ['Best val. perplexity', num(p.bestValidationPerplexity)],
            ['Best val. bits/char', num(bits(p.bestValidationLoss))],
            ['Learning rate', num(p.learningRate, 6)],
            ['Parameters', num(m.parameters, 0)],
            ['Vocabulary', num(m.vocabularySize, 0)],
            ['Checkpoint step', m.checkpointStep ?? '–'],
            ['Created', when(m.createdAt)],
        ];
        clear(stats);
        for (const [k, v] of items) stats.append(h('div', {}, h('dt', {}, k), h('dd', {}, v)));
    }

    function renderConfig() {
        clear(config);
        const flat = flatten(run.data.model.config);
        config.append(h('tbody', {}, Object.entries(flat).map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, show(v))))));
    }

    function renderSamples() {
        clear(samples);
        const list = [...run.data.samples].sort((a, b) => b.step - a.step);
        if (!list.length) samples.append(h('li', { class: 'hint' }, 'none yet (set "Sample prefixes" and "Sample every" to get them)'));
        for (const s of list) {
            samples.append(h('li', {}, h('div', { class: 'sample-meta' }, `step ${s.step} · epoch ${num(s.epoch, 2)}`),
                h('pre', {}, h('span', { class: 'prefix' }, s.prefix), s.text)));
        }
    }

    const labels = { connecting: 'connecting…', live: '● live', reconnecting: 'reconnecting…', ended: '', closed: 'stream closed' };
    function onChange(kind) {
        if (disposed) return;
        if (kind === 'model' || kind === 'progress') renderModel();
        if (kind === 'model') renderConfig();
        if (kind === 'sample') renderSamples();
        if (kind === 'connection') connection.textContent = labels[run.state()] ?? '';
        if (kind === 'point' || kind === 'evaluation' || kind === 'model' || kind === 'history') redraw();
        if (kind === 'history') renderSamples();
    }

    followRun(id, (k) => run && onChange(k)).then((r) => {
        run = r;
        if (disposed) { r.close(); return; }
        renderModel(); renderConfig(); renderSamples(); redraw();
        connection.textContent = labels[r.state()] ?? '';
    }).catch((e) => {
        status.textContent = e.status === 404 ? 'not found' : 'unavailable';
        showError(e, `Could not load ${id}`);
    });

    cancel.addEventListener('click', async () => {
        try { run.data.model = await models.cancel(id); renderModel(); showInfo(`Cancelling ${id}`); } catch (e) { showError(e, 'Cancel failed'); }
    });
    resume.addEventListener('click', async () => {
        const slot = main.querySelector('[data-error-for="epochs"]');
        slot.textContent = '';
        try {
            const more = moreEpochs.value ? { epochs: Number(moreEpochs.value) } : {};
            run.data.model = await models.resume(id, more);
            renderModel();
            run.reopen();
            showInfo(`Resumed ${id}`);
        } catch (e) {
            const fe = e.fieldErrors?.find((x) => x.field === 'epochs');
            if (fe) slot.textContent = fe.message; else showError(e, 'Resume failed');
        }
    });
    remove.addEventListener('click', () => confirmDelete.showModal());
    confirmDelete.addEventListener('close', async () => {
        if (confirmDelete.returnValue !== 'delete') return;
        try { await models.remove(id); showInfo(`Deleted ${id}`); location.hash = '#/runs'; } catch (e) { showError(e, 'Delete failed'); }
    });

    return () => {
        disposed = true;
        if (run) run.close();
        curveChart.destroy();
        optimChart.destroy();
        pg.dispose();
    };
}
