// New run: pick or upload a corpus, start from a preset, set the options, train.
import { models, corpora, presets, uploadCorpus, ApiError } from '../api.js';
import { showError } from '../alerts.js';
import { h, field, select, clear, num } from '../dom.js';

// The options the form shows, by JSON path. The key ones first; the rest under "Advanced".
const KEY_FIELDS = [
    { path: 'cell', label: 'Cell', options: ['rnn', 'gru', 'lstm'] },
    { path: 'layers', label: 'Layers', type: 'int', min: 1 },
    { path: 'hiddenSize', label: 'Hidden size', type: 'int', min: 1 },
    { path: 'seqLength', label: 'Sequence length', type: 'int', min: 1, hint: 'T: steps of backpropagation through time' },
    { path: 'batchSize', label: 'Batch size', type: 'int', min: 1 },
    { path: 'optimizer.type', label: 'Optimizer', options: ['sgd', 'adagrad', 'rmsprop', 'adam'] },
    { path: 'optimizer.learningRate', label: 'Learning rate', type: 'number' },
    { path: 'epochs', label: 'Epochs', type: 'int', min: 1 },
    { path: 'maxSeconds', label: 'Max seconds', type: 'number', min: 0, hint: '0: no time limit' },
    { path: 'dropout', label: 'Dropout', type: 'number', min: 0, hint: 'between layers; needs 2+ layers' },
    { path: 'seed', label: 'Seed', type: 'int' },
    { path: 'samplePrefixes', label: 'Sample prefixes', type: 'lines', hint: 'one per line; sampled every "Sample every" steps' },
];
const ADVANCED_FIELDS = [
    { path: 'embeddingSize', label: 'Embedding size', type: 'int', min: 0, hint: '0: none' },
    { path: 'init', label: 'Initialisation', options: ['normal', 'uniform', 'xavier', 'torch'] },
    { path: 'preprocessing', label: 'Preprocessing', options: ['none', 'lowercase', 'letters'] },
    { path: 'joinLines', label: 'Join lines', type: 'bool' },
    { path: 'maxChars', label: 'Max characters', type: 'int', min: 0, hint: '0: the whole corpus' },
    { path: 'maxVocab', label: 'Max vocabulary', type: 'int', min: 0, hint: '0: no limit' },
    { path: 'minFrequency', label: 'Min frequency', type: 'int', min: 1 },
    { path: 'batching', label: 'Batching', options: ['sequential', 'random', 'lines'] },
    { path: 'randomOffset', label: 'Random offset', type: 'bool' },
    { path: 'optimizer.momentum', label: 'Momentum', type: 'number' },
    { path: 'optimizer.beta1', label: 'Beta 1', type: 'number' },
    { path: 'optimizer.beta2', label: 'Beta 2', type: 'number' },
    { path: 'optimizer.alpha', label: 'Alpha', type: 'number' },
    { path: 'optimizer.epsilon', label: 'Epsilon', type: 'number' },
    { path: 'optimizer.weightDecay', label: 'Weight decay', type: 'number' },
    { path: 'lrDecay.factor', label: 'LR decay factor', type: 'number' },
    { path: 'lrDecay.afterEpoch', label: 'LR decay after epoch', type: 'int', min: 0 },
    { path: 'clip.mode', label: 'Clipping', options: ['none', 'value', 'norm'] },
    { path: 'clip.threshold', label: 'Clip threshold', type: 'number' },
    { path: 'lossReduction', label: 'Loss reduction', options: ['mean', 'sum'] },
    { path: 'maxSteps', label: 'Max steps', type: 'int', min: 0, hint: '0: no limit' },
    { path: 'valFraction', label: 'Validation fraction', type: 'number' },
    { path: 'evalEvery', label: 'Evaluate every', type: 'int', min: 0, hint: 'steps; 0: every epoch' },
    { path: 'sampleEvery', label: 'Sample every', type: 'int', min: 0, hint: 'steps; 0: never' },
    { path: 'sampleLength', label: 'Sample length', type: 'int', min: 1 },
    { path: 'sampleTemperature', label: 'Sample temperature', type: 'number', min: 0 },
    { path: 'logEvery', label: 'Log every', type: 'int', min: 1, hint: 'steps per history point' },
    { path: 'precision', label: 'Precision', options: ['float32', 'float64'] },
    { path: 'kernel', label: 'Kernel', options: ['auto', 'vector', 'ojalgo'] },
];
// Nested option groups are sent whole when any of their fields differs from the preset.
const GROUPS = ['optimizer', 'lrDecay', 'clip'];

const get = (obj, path) => path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);
function set(obj, path, v) {
    const keys = path.split('.');
    let o = obj;
    keys.slice(0, -1).forEach((k) => { o = o[k] || (o[k] = {}); });
    o[keys[keys.length - 1]] = v;
}

function merge(base, over) {
    const out = JSON.parse(JSON.stringify(base));
    for (const [k, v] of Object.entries(over || {})) {
        if (v && typeof v === 'object' && !Array.isArray(v)) out[k] = { ...(out[k] || {}), ...v };
        else if (v !== undefined && v !== null) out[k] = v;
    }
    return out;
}

function control(spec) {
    if (spec.options) return select(spec.options);
    if (spec.type === 'bool') return h('input', { type: 'checkbox' });
    if (spec.type === 'lines') return h('textarea', { rows: 2, spellcheck: false });
    return h('input', { type: 'number', step: spec.type === 'int' ? 1 : 'any', min: spec.min, inputmode: spec.type === 'int' ? 'numeric' : 'decimal' });
}

function read(spec, el) {
    if (spec.type === 'bool') return el.checked;
    if (spec.type === 'lines') return el.value.split('\n').map((s) => s.replace(/\r$/, '')).filter((s) => s.length > 0);
    if (spec.options) return el.value;
    // what the browser cannot parse is sent as typed words, so the server's 400 names the field
    if (el.value.trim() === '') return el.validity.badInput ? 'not a number' : null;
    return Number(el.value);
}

function write(spec, el, v) {
    if (spec.type === 'bool') el.checked = !!v;
    else if (spec.type === 'lines') el.value = (v || []).join('\n');
    else el.value = v === undefined || v === null ? '' : v;
}

function corpusLabel(c) {
    return `${c.name} — ${num(c.chars, 0)} chars, ${num(c.distinctChars, 0)} distinct${c.builtIn ? ' (built-in)' : ''}`;
}

export function newRunPage(main) {
    const controls = new Map();   // path -> [spec, element]
    let defaults = {};
    let presetList = [];

    const corpus = h('select', { required: true });
    const preset = select([['', 'None (defaults)']]);
    const name = h('input', { type: 'text', placeholder: 'e.g. gru on my lyrics' });
    const file = h('input', { type: 'file', accept: '.txt,text/plain' });
    const uploadBar = h('progress', { max: 100, value: 0, hidden: true, 'aria-label': 'upload progress' });
    const uploadStatus = h('span', { class: 'hint', 'aria-live': 'polite' });
    const drop = h('div', { class: 'drop-zone' }, field('Upload a corpus', file, { errorFor: 'file', hint: 'UTF-8 text; or drop a file here' }),
        uploadBar, uploadStatus);
    const train = h('button', { type: 'submit', class: 'primary' }, 'Train');
    const formError = h('div', { class: 'form-error', role: 'alert' });

    const keyGrid = h('div', { class: 'grid' });
    const advGrid = h('div', { class: 'grid' });
    for (const [specs, grid] of [[KEY_FIELDS, keyGrid], [ADVANCED_FIELDS, advGrid]]) {
        for (const spec of specs) {
            const el = control(spec);
            controls.set(spec.path, [spec, el]);
            grid.append(field(spec.label, el, { errorFor: spec.path, hint: spec.hint, wide: spec.type === 'lines' }));
        }
    }
    const advanced = h('details', { class: 'advanced' }, h('summary', {}, 'Advanced'), advGrid);

    const form = h('form', { class: 'run-form', novalidate: true },
        h('section', { class: 'card' }, h('h2', {}, 'Data'),
            h('div', { class: 'grid' }, field('Corpus', corpus, { errorFor: 'corpus', wide: true }), field('Name', name, { errorFor: 'name' })),
            drop),
        h('section', { class: 'card' }, h('h2', {}, 'Options'),
            h('div', { class: 'grid' }, field('Preset', preset, { errorFor: 'preset', hint: 'fills the form with a classic experiment' })),
            keyGrid, advanced),
        formError,
        h('div', { class: 'actions' }, train));
    main.append(h('h1', {}, 'New run'), form);

    const baseline = () => merge(defaults, presetList.find((p) => p.name === preset.value)?.options);
    const fill = () => { const b = baseline(); controls.forEach(([spec, el], path) => write(spec, el, get(b, path))); };
    preset.addEventListener('change', fill);

    async function loadCorpora(selectId) {
        const list = await corpora.list();
        const keep = selectId || corpus.value;
        clear(corpus);
        for (const c of list) corpus.append(h('option', { value: c.id }, corpusLabel(c)));
        if (keep && list.some((c) => c.id === keep)) corpus.value = keep;
    }

    async function upload(f) {
        clearErrors();
        uploadBar.hidden = false;
        uploadBar.value = 0;
        uploadStatus.textContent = `uploading ${f.name}…`;
        try {
            const c = await uploadCorpus(f, f.name.replace(/\.[A-Za-z0-9]{1,5}$/, ''), (p) => { uploadBar.value = Math.round(p * 100); });
            uploadBar.value = 100;
            await loadCorpora(c.id);
            uploadStatus.textContent = `uploaded ${c.name}: ${num(c.chars, 0)} characters, ${num(c.distinctChars, 0)} distinct`;
        } catch (e) {
            uploadStatus.textContent = '';
            uploadBar.hidden = true;
            showFieldErrors(e, { file: true });
        }
    }
    file.addEventListener('change', () => file.files[0] && upload(file.files[0]));
    drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', (e) => {
        e.preventDefault();
        drop.classList.remove('over');
        if (e.dataTransfer.files[0]) upload(e.dataTransfer.files[0]);
    });

    function request() {
        const b = baseline();
        const r = { corpus: corpus.value };
        if (preset.value) r.preset = preset.value;
        if (name.value.trim()) r.name = name.value.trim();
        const groups = {};
        controls.forEach(([spec, el], path) => {
            const v = read(spec, el);
            const changed = JSON.stringify(v) !== JSON.stringify(get(b, path));
            const group = GROUPS.find((g) => path.startsWith(g + '.'));
            if (group) { groups[group] = groups[group] || changed; return; }
            if (changed) set(r, path, v);
        });
        for (const g of GROUPS) {
            if (!groups[g]) continue;
            controls.forEach(([spec, el], path) => {
                if (path.startsWith(g + '.')) set(r, path, read(spec, el));
            });
        }
        return r;
    }

    function clearErrors() {
        formError.textContent = '';
        main.querySelectorAll('[data-error-for]').forEach((e) => { e.textContent = ''; });
        main.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
    }

    /** Puts each field error of a 400 beside its field; anything else goes above the button. */
    function showFieldErrors(e, only) {
        if (!(e instanceof ApiError)) { showError(e); return; }
        const rest = [];
        let first = null;
        for (const fe of e.fieldErrors) {
            const slot = main.querySelector(`[data-error-for="${CSS.escape(fe.field)}"]`);
            if (slot && (!only || only[fe.field])) {
                slot.textContent = fe.message;
                const c = slot.parentElement.querySelector('input, select, textarea');
                if (c) { c.setAttribute('aria-invalid', 'true'); first = first || c; }
                if (advanced.contains(slot)) advanced.open = true;
            } else {
                rest.push(`${fe.field}: ${fe.message}`);
            }
        }
        if (only && e.fieldErrors.length === 0) {
            const slot = main.querySelector('[data-error-for="file"]');
            slot.textContent = e.message;
        } else if (rest.length || e.fieldErrors.length === 0) {
            formError.textContent = e.fieldErrors.length === 0 ? e.message : `${e.problem.title || 'Invalid request'}: ${rest.join('; ')}`;
        }
        if (first) first.focus();
    }

    form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        clearErrors();
        train.disabled = true;
        try {
            const m = await models.train(request());
            location.hash = `#/models/${encodeURIComponent(m.id)}`;
        } catch (e) {
            showFieldErrors(e);
        } finally {
            train.disabled = false;
        }
    });

    Promise.all([loadCorpora(), presets()]).then(([, list]) => {
        defaults = list.find((p) => p.name === 'defaults')?.options || {};
        presetList = list.filter((p) => p.name !== 'defaults');
        for (const p of presetList) preset.append(h('option', { value: p.name, title: p.description }, p.name));
        fill();
    }).catch((e) => showError(e, 'Could not load corpora and presets'));
}
