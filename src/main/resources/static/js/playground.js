// The playground: generate from a model with streamed characters and a Stop button, and score a text.
import { models, streamSample, ApiError } from './api.js';
import { h, field, num } from './dom.js';

/** "\n" and "\t" typed as two characters mean a line break and a tab. */
const unescape = (s) => s.replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\\\/g, '\\');

/**
 * A playground for the model modelId() names (a fixed run, or the standalone page's picker).
 * Returns {element, dispose}.
 */
export function playground(modelId, { title = 'Playground' } = {}) {
    const prefix = h('input', { type: 'text', autocomplete: 'off', spellcheck: false });
    const temperature = h('input', { type: 'number', step: 'any', min: 0, value: 0.8 });
    const length = h('input', { type: 'number', step: 1, min: 1, value: 200 });
    const topK = h('input', { type: 'number', step: 1, min: 0, value: 0 });
    const topP = h('input', { type: 'number', step: 'any', min: 0, max: 1, value: 1 });
    const seed = h('input', { type: 'number', step: 1, placeholder: 'random' });
    const stop = h('textarea', { rows: 1, spellcheck: false, placeholder: 'e.g. \\n' });
    const generate = h('button', { type: 'submit', class: 'primary' }, 'Generate');
    const stopButton = h('button', { type: 'button', disabled: true }, 'Stop');
    const shownPrefix = h('span', { class: 'prefix' });
    const generated = h('span', { class: 'generated' });
    const output = h('pre', { class: 'sample-output', 'data-testid': 'sample-output', 'aria-live': 'polite', 'aria-label': 'generated text' },
        shownPrefix, generated);
    const info = h('div', { class: 'hint', 'aria-live': 'polite' });
    const error = h('div', { class: 'form-error', role: 'alert' });

    let controller = null;

    const form = h('form', { class: 'playground-form', novalidate: true },
        h('div', { class: 'grid' },
            field('Prefix', prefix, { errorFor: 'prefix', wide: true, hint: 'text to continue; empty starts from a likely character' }),
            field('Temperature', temperature, { errorFor: 'temperature', hint: '0: greedy' }),
            field('Length', length, { errorFor: 'length' }),
            field('Top-k', topK, { errorFor: 'topK', hint: '0: all characters' }),
            field('Top-p', topP, { errorFor: 'topP' }),
            field('Seed', seed, { errorFor: 'seed' }),
            field('Stop strings', stop, { errorFor: 'stop', hint: 'one per line; \\n is a line break' })),
        h('div', { class: 'actions' }, generate, stopButton));

    form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        const id = modelId();
        error.textContent = '';
        form.querySelectorAll('[data-error-for]').forEach((e) => { e.textContent = ''; });
        if (!id) { error.textContent = 'Pick a model first.'; return; }
        if (controller) controller.abort();
        controller = new AbortController();
        const mine = controller;
        shownPrefix.textContent = prefix.value;
        generated.textContent = '';
        info.textContent = 'generating…';
        generate.disabled = true;
        stopButton.disabled = false;
        const started = performance.now();
        let chars = 0;
        const params = {
            prefix: prefix.value, temperature: temperature.value, length: length.value, topK: topK.value, topP: topP.value,
            seed: seed.value, stop: stop.value.split('\n').filter((s) => s.length).map(unescape),
        };
        try {
            const result = await streamSample(id, params, {
                signal: mine.signal,
                onToken: (t) => { generated.textContent += t; chars += [...t].length; },
            });
            const secs = (performance.now() - started) / 1000;
            info.textContent = result
                ? `${chars} characters in ${num(secs, 2)} s · finished by ${result.finishReason} · seed ${result.seed}`
                : `${chars} characters; the stream ended early`;
        } catch (e) {
            if (e.name === 'AbortError') {
                info.textContent = `stopped after ${chars} characters`;
            } else {
                info.textContent = '';
                error.textContent = e.message;
                if (e instanceof ApiError) {
                    for (const fe of e.fieldErrors) {
                        const slot = form.querySelector(`[data-error-for="${CSS.escape(fe.field)}"]`);
                        if (slot) slot.textContent = fe.message;
                    }
                }
            }
        } finally {
            if (controller === mine) controller = null;
            generate.disabled = false;
            stopButton.disabled = true;
        }
    });
    stopButton.addEventListener('click', () => controller && controller.abort());

    // scoring
    const text = h('textarea', { rows: 3, spellcheck: false });
    const score = h('button', { type: 'submit' }, 'Score');
    const scoreResult = h('div', { class: 'score-result', 'data-testid': 'score-result', 'aria-live': 'polite' });
    const scoreForm = h('form', { class: 'score-form', novalidate: true },
        field('Text to score', text, { errorFor: 'text', wide: true, hint: 'bits per character and perplexity of this text under the model' }),
        h('div', { class: 'actions' }, score), scoreResult);
    scoreForm.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        const id = modelId();
        if (!id) { scoreResult.textContent = 'Pick a model first.'; return; }
        scoreResult.textContent = 'scoring…';
        scoreResult.classList.remove('error');
        try {
            const s = await models.score(id, text.value);
            scoreResult.textContent = `${num(s.bitsPerChar, 3)} bits/char · perplexity ${num(s.perplexity, 2)} · ${num(s.chars, 0)} characters predicted`;
        } catch (e) {
            scoreResult.textContent = e.message;
            scoreResult.classList.add('error');
        }
    });

    const element = h('section', { class: 'card playground', 'aria-label': title },
        h('h2', {}, title), form, error, output, info, h('h3', {}, 'Score a text'), scoreForm);
    return { element, dispose: () => controller && controller.abort() };
}
