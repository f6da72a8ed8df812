// The standalone playground: any model with a checkpoint, picked from a list.
import { models } from '../api.js';
import { showError } from '../alerts.js';
import { h, field } from '../dom.js';
import { playground } from '../playground.js';

export function playgroundPage(main, { params }) {
    const picker = h('select');
    const pg = playground(() => picker.value, { title: 'Generate and score' });
    const note = h('p', { class: 'hint' });
    main.append(h('h1', {}, 'Playground'), h('div', { class: 'card' }, field('Model', picker), note), pg.element);
    picker.addEventListener('change', () => history.replaceState(null, '', `#/playground?model=${encodeURIComponent(picker.value)}`));

    models.list().then((list) => {
        const usable = list.filter((m) => m.checkpointStep !== undefined && m.checkpointStep !== null);
        for (const m of usable) {
            picker.append(h('option', { value: m.id }, `${m.name} (${m.id}, ${m.status.toLowerCase()}, step ${m.checkpointStep})`));
        }
        const wanted = params.get('model');
        if (wanted && usable.some((m) => m.id === wanted)) picker.value = wanted;
        note.textContent = usable.length ? 'Samples come from the model\'s latest checkpoint, also while it trains.'
            : 'No model has a checkpoint yet: a run writes its first at its first evaluation.';
    }).catch((e) => showError(e, 'Could not list the models'));
    return pg.dispose;
}
