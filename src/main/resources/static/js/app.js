// The console's router: each page is a module that renders into <main> and returns a cleanup function
// (closing its event streams and timers) that runs when the route changes.
import { clearAlerts, showError } from './alerts.js';
import { clear } from './dom.js';
import { runsPage } from './pages/runs.js';
import { newRunPage } from './pages/newrun.js';
import { runPage } from './pages/run.js';
import { comparePage } from './pages/compare.js';
import { playgroundPage } from './pages/playground.js';
import { sweepsPage, sweepPage } from './pages/sweeps.js';

const routes = [
    [/^#?\/?$/, () => runsPage, 'runs'],
    [/^#\/runs$/, () => runsPage, 'runs'],
    [/^#\/new$/, () => newRunPage, 'new'],
    [/^#\/models\/([^/?]+)$/, () => runPage, 'runs'],
    [/^#\/compare$/, () => comparePage, 'runs'],
    [/^#\/sweeps$/, () => sweepsPage, 'sweeps'],
    [/^#\/sweeps\/([^/?]+)$/, () => sweepPage, 'sweeps'],
    [/^#\/playground$/, () => playgroundPage, 'playground'],
];

let cleanup = null;

function route() {
    const [path, search] = location.hash.split('?');
    const params = new URLSearchParams(search || '');
    if (cleanup) {
        try { cleanup(); } catch (e) { console.error(e); }
        cleanup = null;
    }
    clearAlerts();
    const main = clear(document.getElementById('app'));
    const match = routes.map(([re, page, nav]) => [path.match(re), page, nav]).find(([m]) => m);
    document.querySelectorAll('[data-nav]').forEach((a) => a.removeAttribute('aria-current'));
    if (!match) {
        main.append(Object.assign(document.createElement('h1'), { textContent: 'Not found' }),
            Object.assign(document.createElement('p'), { textContent: `No page at ${location.hash}.` }));
        return;
    }
    const [m, page, nav] = match;
    document.querySelector(`[data-nav="${nav}"]`)?.setAttribute('aria-current', 'page');
    try {
        cleanup = page()(main, { id: m[1] && decodeURIComponent(m[1]), params }) || null;
    } catch (e) {
        showError(e);
    }
}

window.addEventListener('hashchange', route);
window.addEventListener('unhandledrejection', (e) => showError(e.reason));
route();
