// A run's live data: its history, then the job's Server-Sent Events on top. EventSource reconnects by
// itself and sends Last-Event-ID; the server replays what was missed (or sends 'reset', and the history
// is read again), so the chart has no gap after a dropped connection.
import { eventsUrl, models } from './api.js';

/** A run's points, evaluations and samples, kept in step order without duplicates. */
export class RunData {
    constructor(model, history) {
        this.model = model;
        this.points = [];
        this.evaluations = [];
        this.samples = [];
        this.epochs = [];
        this.load(history);
    }

    load(history) {
        this.points = [...(history.points || [])];
        this.evaluations = [...(history.evaluations || [])];
        this.samples = [...(history.samples || [])];
        this.epochs = [...(history.epochs || [])];
    }

    /** Adds a record keyed by step; a step at or before the last one (a resumed run relogs them) replaces from there. */
    static put(list, item) {
        while (list.length && list[list.length - 1].step >= item.step) list.pop();
        list.push(item);
    }

    point(p) { RunData.put(this.points, p); }

    evaluation(e) { if (e.validationLoss !== undefined && e.validationLoss !== null) RunData.put(this.evaluations, e); }

    sample(s) {
        if (!this.samples.some((x) => x.step === s.step && x.prefix === s.prefix)) this.samples.push(s);
    }
}

/**
 * Follows one run: loads the model and its history, then streams its events. onChange(kind) is called
 * after each change ('model', 'point', 'evaluation', 'sample', 'progress', 'connection', and 'history' when the
 * whole history was read again).
 * Returns {data, close, state()}.
 */
export async function followRun(id, onChange) {
    const [model, history] = await Promise.all([models.get(id), models.history(id)]);
    const data = new RunData(model, history);
    let source = null;
    let closed = false;
    let connection = 'connecting';

    const setConnection = (c) => { connection = c; onChange('connection'); };
    const json = (e) => JSON.parse(e.data);

    function open() {
        source = new EventSource(eventsUrl(id));
        source.onopen = () => setConnection('live');
        source.onerror = () => {
            if (closed) return;
            // CONNECTING: the browser retries by itself; CLOSED: the server refused (the run is gone)
            setConnection(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
        };
        const on = (name, f) => source.addEventListener(name, (e) => { f(json(e)); });
        on('status', (m) => { data.model = m; onChange('model'); });
        on('progress', (p) => { data.model = { ...data.model, progress: p }; onChange('progress'); });
        on('point', (p) => { data.point(p); onChange('point'); });
        on('checkpoint', (e) => {
            data.evaluation(e);
            data.model = { ...data.model, checkpointStep: e.step };
            onChange('evaluation');
        });
        on('epoch', (e) => { RunData.put(data.epochs, e); onChange('epoch'); });
        on('sample', (s) => { data.sample(s); onChange('sample'); });
        on('reset', async () => {
            data.load(await models.history(id));
            onChange('history');
        });
        on('end', (m) => {
            data.model = m;
            source.close();
            setConnection('ended');
            // the last points may have been logged after the last event the stream sent
            models.history(id).then((h) => { data.load(h); onChange('history'); }).catch(() => {});
            onChange('model');
        });
    }

    open();
    return {
        data,
        state: () => connection,
        /** Opens the stream again (after a resume, when the previous one has ended). */
        reopen() { if (source) source.close(); open(); },
        close() { closed = true; if (source) source.close(); },
    };
}
