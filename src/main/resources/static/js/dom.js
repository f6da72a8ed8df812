// Small DOM helpers shared by the pages: element construction, labelled fields, formatting.

/** h('div', {class: 'x', onclick: fn}, child, 'text', [more]) builds an element. */
export function h(tag, attrs = {}, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
        if (v === undefined || v === null || v === false) continue;
        if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
        else if (k === 'class') el.className = v;
        else if (k === 'dataset') Object.assign(el.dataset, v);
        else if (k === 'style') el.style.cssText = v;   // through the CSSOM: the CSP allows no style attributes
        else if (k in el && typeof v !== 'string') el[k] = v;
        else el.setAttribute(k, v === true ? '' : v);
    }
    append(el, children);
    return el;
}

function append(el, children) {
    for (const c of children.flat(Infinity)) {
        if (c === undefined || c === null || c === false) continue;
        el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
}

let uid = 0;
/** A unique id for label/control pairs. */
export const nextId = (prefix = 'f') => `${prefix}-${++uid}`;

/**
 * A labelled control with a place for its error: the label's text is the control's accessible name,
 * and errorFor (a JSON path such as "optimizer.learningRate") names where a 400 puts its message.
 */
export function field(label, control, { errorFor, hint, wide } = {}) {
    const id = control.id || (control.id = nextId());
    const error = errorFor ? h('div', { class: 'field-error', 'data-error-for': errorFor, id: id + '-error' }) : null;
    const hintEl = hint ? h('div', { class: 'hint', id: id + '-hint' }, hint) : null;
    const described = [hintEl && hintEl.id, error && error.id].filter(Boolean).join(' ');
    if (described) control.setAttribute('aria-describedby', described);
    return h('div', { class: 'field' + (wide ? ' wide' : '') }, h('label', { for: id }, label), control, hintEl, error);
}

export function select(options, value) {
    const s = h('select');
    for (const o of options) {
        const [v, text] = Array.isArray(o) ? o : [o, o];
        s.append(h('option', { value: v }, text));
    }
    if (value !== undefined) s.value = value;
    return s;
}

export function clear(el) {
    while (el.firstChild) el.firstChild.remove();
    return el;
}

const NUM = new Intl.NumberFormat('en', { maximumFractionDigits: 3 });
/** A number for people: 3 significant decimals, thousands grouped; '–' when absent. */
export function num(v, digits) {
    if (v === undefined || v === null || Number.isNaN(v)) return '–';
    if (digits !== undefined) return Number(v).toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
    return NUM.format(v);
}

export function duration(seconds) {
    if (seconds === undefined || seconds === null || !Number.isFinite(seconds)) return '–';
    const s = Math.round(seconds);
    if (s < 60) return `${s} s`;
    if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
    return `${Math.floor(s / 3600)} h ${String(Math.floor(s % 3600 / 60)).padStart(2, '0')} min`;
}

export function when(iso) {
    if (!iso) return '–';
    const d = new Date(iso);
    return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export const LN2 = Math.log(2);
/** Bits per character of a loss in nats. */
export const bits = (nats) => (nats === undefined || nats === null ? null : nats / LN2);

/** A status badge with a live progress bar and ETA for an active run. */
export function statusCell(m) {
    const p = m.progress || {};
    const badge = h('span', { class: `status status-${m.status.toLowerCase()}` }, m.status);
    if (m.status !== 'RUNNING' && m.status !== 'QUEUED') return h('span', { class: 'status-cell' }, badge);
    const pct = Math.round((p.progress || 0) * 100);
    return h('span', { class: 'status-cell' }, badge,
        h('progress', { max: 100, value: pct, 'aria-label': `progress of ${m.id}` }, `${pct}%`),
        h('span', { class: 'eta' }, m.status === 'RUNNING' ? `${pct}% · ETA ${duration(p.etaSeconds)}` : 'waiting'));
}

/** Flattens a nested config into dotted paths: {optimizer: {type}} -> {"optimizer.type": ...}. */
export function flatten(obj, prefix = '', out = {}) {
    for (const [k, v] of Object.entries(obj || {})) {
        const path = prefix ? `${prefix}.${k}` : k;
        if (v && typeof v === 'object' && !Array.isArray(v)) flatten(v, path, out);
        else out[path] = v;
    }
    return out;
}

export function show(v) {
    if (Array.isArray(v)) return v.length ? v.map((x) => JSON.stringify(x)).join(', ') : '[]';
    if (v === undefined || v === null) return '–';
    return String(v);
}
