// Training curves with uPlot: perplexity (or bits/char) of one or more runs against step, epoch or wall
// time, with TensorBoard's debiased EMA smoothing, and a second chart of learning rate and gradient norm.
import uPlot from '/webjars/uplot/dist/uPlot.esm.js';
import { h, field, select, LN2 } from './dom.js';

export const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#be185d', '#65a30d'];

/** TensorBoard's smoothing: an EMA started at 0 and divided by (1 - w^n), so early values are not dragged to 0. */
export function ema(values, weight) {
    if (!(weight > 0)) return values.slice();
    let last = 0;
    let n = 0;
    return values.map((v) => {
        if (v === null || !Number.isFinite(v)) return v;
        last = last * weight + (1 - weight) * v;
        n++;
        return last / (1 - Math.pow(weight, n));
    });
}

const REDRAW_MS = 200;

/**
 * A function that calls draw at most once per REDRAW_MS however often it is called: a small model logs
 * hundreds of points a second over the event stream.
 */
export function throttledRedraw(draw) {
    let pending = false;
    return () => {
        if (pending) return;
        pending = true;
        setTimeout(() => { pending = false; draw(); }, REDRAW_MS);
    };
}

/** What the curve charts show, as the controls set it. */
export function defaultView() {
    return { metric: 'perplexity', x: 'step', logY: false, smoothing: 0.6 };
}

const METRICS = {
    perplexity: { label: 'perplexity', of: (nats) => Math.exp(nats) },
    bits: { label: 'bits per character', of: (nats) => nats / LN2 },
};
const AXES = { step: 'step', epoch: 'epoch', time: 'wall time (s)' };

/** The controls above a chart; onChange(view) after each change. */
export function viewControls(view, onChange) {
    const metric = select([['perplexity', 'Perplexity'], ['bits', 'Bits per char']], view.metric);
    const x = select([['step', 'Step'], ['epoch', 'Epoch'], ['time', 'Wall time']], view.x);
    const logY = h('input', { type: 'checkbox', checked: view.logY });
    const smoothing = h('input', { type: 'range', min: 0, max: 0.99, step: 0.01, value: view.smoothing });
    const shown = h('output', { class: 'smoothing-value' }, String(view.smoothing));
    const fire = () => {
        Object.assign(view, { metric: metric.value, x: x.value, logY: logY.checked, smoothing: Number(smoothing.value) });
        shown.textContent = smoothing.value;
        onChange(view);
    };
    [metric, x, logY].forEach((c) => c.addEventListener('change', fire));
    smoothing.addEventListener('input', fire);
    const logLabel = h('label', { class: 'inline' }, logY, ' Log scale');
    return h('div', { class: 'chart-controls' },
        field('Show', metric), field('X axis', x), h('div', { class: 'field' }, h('span', { class: 'label-like' }, 'Y axis'), logLabel),
        h('div', { class: 'field smoothing' }, h('label', { for: smoothing.id || (smoothing.id = 'smooth-' + Math.random().toString(36).slice(2)) }, 'Smoothing'),
            h('div', { class: 'range-row' }, smoothing, shown)));
}

/** The x of each history point and evaluation on the chosen axis. Evaluations take the wall time of the nearest logged step. */
function xOf(axis, points) {
    if (axis === 'epoch') return (r) => r.epoch;
    if (axis === 'step') return (r) => r.step;
    return (r) => {
        if (r.elapsedSeconds !== undefined) return r.elapsedSeconds;
        let best = null;
        for (const p of points) { if (p.step <= r.step) best = p; else break; }
        return best ? best.elapsedSeconds : 0;
    };
}

/** Keeps xs strictly increasing (uPlot needs it): a later duplicate x replaces the earlier one. */
function table(xs, ...ys) {
    const outX = [];
    const outY = ys.map(() => []);
    xs.forEach((x, i) => {
        if (x === null || x === undefined || !Number.isFinite(x)) return;
        while (outX.length && outX[outX.length - 1] >= x) { outX.pop(); outY.forEach((c) => c.pop()); }
        outX.push(x);
        ys.forEach((y, j) => outY[j].push(y[i]));
    });
    return [outX, ...outY];
}

function baseOptions(width, height, xLabel, yLabel, logY) {
    return {
        width, height,
        legend: { live: true },
        cursor: { drag: { x: true, y: false } },
        scales: { x: { time: false }, y: logY ? { distr: 3 } : { auto: true } },
        axes: [{ label: xLabel, stroke: '#555' }, { label: yLabel, stroke: '#555', size: 60 }],
        series: [{ label: xLabel }],
    };
}

/** A uPlot chart in a role="img" figure that it resizes with; rebuilt when its series change shape. */
class Chart {
    constructor(container, height) {
        this.container = container;
        this.height = height;
        this.plot = null;
        this.key = null;
        // resized in the next frame: resizing inside the observer's callback would re-trigger it
        this.resize = new ResizeObserver(() => requestAnimationFrame(() => {
            if (this.plot && Math.abs(this.plot.width - this.width()) > 1) this.plot.setSize({ width: this.width(), height: this.height });
        }));
        this.resize.observe(container);
    }

    width() { return Math.max(280, this.container.clientWidth || 600); }

    draw(key, makeOptions, data) {
        if (this.plot && this.key === key) {
            this.plot.setData(data);
            return;
        }
        if (this.plot) this.plot.destroy();
        this.key = key;
        this.plot = new uPlot(makeOptions(this.width(), this.height), data, this.container);
    }

    destroy() {
        this.resize.disconnect();
        if (this.plot) this.plot.destroy();
    }
}

/**
 * Perplexity (or bits/char) of runs: [{id, name, data: RunData}]. One run shows raw training loss
 * faintly, its smoothed curve, and validation; several runs show smoothed training and validation each.
 */
export class CurveChart {
    constructor(figure, height = 320) {
        this.figure = figure;
        this.chart = new Chart(figure, height);
    }

    update(runs, view) {
        const metric = METRICS[view.metric];
        const single = runs.length === 1;
        const tables = [];
        const series = [];
        let count = 0;
        runs.forEach((run, i) => {
            const color = PALETTE[i % PALETTE.length];
            const pts = run.data.points;
            const x = xOf(view.x, pts);
            const losses = pts.map((p) => p.trainLoss);
            const smooth = ema(losses, view.smoothing).map((v) => (v === null ? null : metric.of(v)));
            const raw = losses.map((v) => (v === null ? null : metric.of(v)));
            count += pts.length;
            const name = single ? '' : `${run.name || run.id} `;
            if (single) {
                tables.push(table(pts.map(x), raw, smooth));
                series.push({ label: 'train (raw)', stroke: color + '44', width: 1, points: { show: false } },
                    { label: 'train', stroke: color, width: 2, points: { show: false } });
            } else {
                tables.push(table(pts.map(x), smooth));
                series.push({ label: `${name}train`, stroke: color, width: 2, points: { show: false } });
            }
            const evals = run.data.evaluations;
            tables.push(table(evals.map(x), evals.map((e) => metric.of(e.validationLoss))));
            series.push({ label: `${name}validation`, stroke: single ? PALETTE[1] : color, width: 2, dash: [6, 4], spanGaps: true,
                points: { show: true, size: 5 } });
        });
        const what = `${metric.label} of ${runs.map((r) => r.id).join(', ')}`;
        this.figure.setAttribute('aria-label', what);
        this.figure.dataset.points = String(count);
        const data = tables.length ? uPlot.join(tables) : [[]];
        series.forEach((s) => { if (s.spanGaps === undefined) s.spanGaps = true; });
        const key = JSON.stringify([view.metric, view.x, view.logY, series.map((s) => s.label)]);
        this.chart.draw(key, (w, hgt) => {
            const o = baseOptions(w, hgt, AXES[view.x], metric.label, view.logY);
            o.series.push(...series);
            return o;
        }, data);
    }

    destroy() { this.chart.destroy(); }
}

/** Learning rate (left axis) and global gradient norm (right axis) of one run. */
export class OptimizerChart {
    constructor(figure, height = 200) {
        this.figure = figure;
        this.chart = new Chart(figure, height);
    }

    update(run, view) {
        const pts = run.data.points;
        const x = xOf(view.x, pts);
        const data = table(pts.map(x), pts.map((p) => p.learningRate), pts.map((p) => p.gradientNorm ?? null));
        this.figure.setAttribute('aria-label', `learning rate and gradient norm of ${run.id}`);
        this.figure.dataset.points = String(pts.length);
        this.chart.draw(view.x, (w, hgt) => ({
            width: w, height: hgt,
            legend: { live: true },
            scales: { x: { time: false }, lr: { auto: true }, gn: { auto: true } },
            axes: [{ label: AXES[view.x], stroke: '#555' },
                { scale: 'lr', label: 'learning rate', stroke: PALETTE[0], size: 70 },
                { scale: 'gn', label: 'gradient norm', stroke: PALETTE[4], side: 1, size: 60, grid: { show: false } }],
            series: [{ label: AXES[view.x] },
                { label: 'learning rate', scale: 'lr', stroke: PALETTE[0], width: 2, points: { show: false } },
                { label: 'gradient norm', scale: 'gn', stroke: PALETTE[4], width: 1, points: { show: false }, spanGaps: true }],
        }), data);
    }

    destroy() { this.chart.destroy(); }
}
