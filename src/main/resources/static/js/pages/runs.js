// Runs: every model with its shape, status, progress and best validation; filter, sort, select to compare.
import { models, corpora } from '../api.js';
import { showError } from '../alerts.js';
import { h, field, select, clear, num, when, bits, statusCell } from '../dom.js';

const STATUSES = ['QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'INTERRUPTED'];
const POLL_ACTIVE_MS = 1500;
const POLL_IDLE_MS = 5000;

const COLUMNS = [
    { key: 'name', title: 'Name', value: (m) => m.name || m.id },
    { key: 'cell', title: 'Cell', value: (m) => m.cell },
    { key: 'shape', title: 'Layers × hidden', value: (m) => (m.config?.layers ?? 0) * 1e6 + (m.config?.hiddenSize ?? 0),
        show: (m) => `${m.config?.layers ?? '?'} × ${m.config?.hiddenSize ?? '?'}` },
    { key: 'corpus', title: 'Corpus', value: (m, names) => (m.corpus ? names[m.corpus] || m.corpus : 'imported') },   // an imported model has none
    { key: 'status', title: 'Status', value: (m) => STATUSES.indexOf(m.status) * 10 + (m.progress?.progress || 0) },
    { key: 'ppl', title: 'Best val. perplexity', value: (m) => m.progress?.bestValidationPerplexity, show: (m) => num(m.progress?.bestValidationPerplexity), numeric: true },
    { key: 'bpc', title: 'Bits/char', value: (m) => bits(m.progress?.bestValidationLoss), show: (m) => num(bits(m.progress?.bestValidationLoss)), numeric: true },
    { key: 'speed', title: 'Chars/s', value: (m) => m.progress?.charsPerSecond, show: (m) => num(m.progress?.charsPerSecond, 0), numeric: true },
    { key: 'created', title: 'Created', value: (m) => m.createdAt, show: (m) => when(m.createdAt) },
];

export function runsPage(main) {
    const state = { status: '', sort: 'created', dir: -1, selected: new Set(), list: [], names: {} };
    let timer = null;
    let stopped = false;

    const filter = select([['', 'All'], ...STATUSES.map((s) => [s, s[0] + s.slice(1).toLowerCase()])], '');
    filter.addEventListener('change', () => { state.status = filter.value; render(); });
    const compare = h('button', { type: 'button', class: 'primary', disabled: true }, 'Compare');
    compare.addEventListener('click', () => { location.hash = `#/compare?ids=${[...state.selected].join(',')}`; });
    const hint = h('span', { class: 'hint', 'aria-live': 'polite' });
    const tbody = h('tbody');
    const thead = h('thead');
    const empty = h('p', { class: 'empty', hidden: true }, 'No runs yet. ', h('a', { href: '#/new' }, 'Start one'), '.');

    main.append(
        h('div', { class: 'page-head' }, h('h1', {}, 'Runs'),
            h('div', { class: 'toolbar' }, field('Status', filter), h('div', { class: 'compare-box' }, compare, hint))),
        h('div', { class: 'table-scroll' }, h('table', { class: 'runs' }, thead, tbody)),
        empty);

    function header() {
        clear(thead);
        const row = h('tr', {}, h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Select')));
        for (const c of COLUMNS) {
            const sorted = state.sort === c.key;
            const button = h('button', { type: 'button', class: 'sort' }, c.title, sorted ? (state.dir > 0 ? ' ▲' : ' ▼') : '');
            button.addEventListener('click', () => {
                state.dir = sorted ? -state.dir : (c.key === 'created' ? -1 : 1);
                state.sort = c.key;
                render();
            });
            row.append(h('th', { scope: 'col', 'aria-sort': sorted ? (state.dir > 0 ? 'ascending' : 'descending') : 'none',
                class: c.numeric ? 'num' : '' }, button));
        }
        thead.append(row);
    }

    function render() {
        header();
        const column = COLUMNS.find((c) => c.key === state.sort);
        const rows = state.list.filter((m) => !state.status || m.status === state.status);
        rows.sort((a, b) => {
            const x = column.value(a, state.names);
            const y = column.value(b, state.names);
            if (x === y) return 0;
            if (x === undefined || x === null) return 1;
            if (y === undefined || y === null) return -1;
            return (x < y ? -1 : 1) * state.dir;
        });
        clear(tbody);
        for (const m of rows) {
            const box = h('input', { type: 'checkbox', 'aria-label': `Select ${m.id}`, checked: state.selected.has(m.id) });
            box.addEventListener('change', () => {
                if (box.checked) state.selected.add(m.id); else state.selected.delete(m.id);
                updateCompare();
            });
            const cells = COLUMNS.map((c) => {
                let content;
                if (c.key === 'name') content = h('a', { href: `#/models/${encodeURIComponent(m.id)}` }, m.name || m.id);
                else if (c.key === 'status') content = statusCell(m);
                else content = c.show ? c.show(m) : c.value(m, state.names);
                return h('td', { 'data-col': c.key, class: c.numeric ? 'num' : '' }, content);
            });
            tbody.append(h('tr', { 'data-id': m.id }, h('td', {}, box), cells));
        }
        empty.hidden = state.list.length > 0;
        updateCompare();
    }

    function updateCompare() {
        const known = new Set(state.list.map((m) => m.id));
        [...state.selected].forEach((id) => known.has(id) || state.selected.delete(id));
        const n = state.selected.size;
        compare.disabled = n < 2 || n > 8;
        hint.textContent = n === 0 ? 'select 2–8 runs to compare' : n > 8 ? `${n} selected: at most 8` : `${n} selected`;
    }

    async function refresh() {
        try {
            state.list = await models.list();
            render();
        } catch (e) {
            showError(e, 'Could not list the runs');
        }
        if (stopped) return;
        const active = state.list.some((m) => m.status === 'RUNNING' || m.status === 'QUEUED');
        timer = setTimeout(refresh, active ? POLL_ACTIVE_MS : POLL_IDLE_MS);
    }

    corpora.list().then((list) => { state.names = Object.fromEntries(list.map((c) => [c.id, c.name])); render(); })
        .catch((e) => showError(e, 'Could not list the corpora'));
    refresh();
    return () => { stopped = true; clearTimeout(timer); };
}
