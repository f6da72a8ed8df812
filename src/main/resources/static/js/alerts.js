// Messages for people: every failed request ends up here (or beside its field), never silently.
import { h } from './dom.js';

const region = () => document.getElementById('alerts');

/** Shows an error (an ApiError with its problem, or any Error) until dismissed. */
export function showError(e, context) {
    if (e && e.name === 'AbortError') return;
    console.error(context || '', e);
    const message = (context ? `${context}: ` : '') + (e && e.message ? e.message : String(e));
    const close = h('button', { class: 'link', type: 'button', 'aria-label': 'Dismiss' }, '×');
    const item = h('div', { class: 'alert error' }, h('span', {}, message), close);
    close.addEventListener('click', () => item.remove());
    region().append(item);
    setTimeout(() => item.remove(), 15000);
}

/** A short confirmation that goes away by itself. */
export function showInfo(message) {
    const item = h('div', { class: 'alert info' }, message);
    region().append(item);
    setTimeout(() => item.remove(), 4000);
}

export function clearAlerts() {
    region().replaceChildren();
}
