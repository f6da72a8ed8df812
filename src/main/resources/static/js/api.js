// Talking to CharLM's REST API: JSON in and out, problem+json errors turned into ApiError. With an API token,
// every request carries it; a 401 asks for it once (token.js) and the request is sent again.

import { askForToken, authHeaders, noteReadsProtected, readsProtected, token } from './token.js';

/** A failed request, carrying the RFC 9457 problem the server sent (title, detail, errors[]). */
export class ApiError extends Error {
    constructor(status, problem) {
        super(describe(status, problem));
        this.status = status;
        this.problem = problem || {};
    }

    /** Per-field errors of a 400: [{field, message}]. */
    get fieldErrors() {
        return Array.isArray(this.problem.errors) ? this.problem.errors : [];
    }
}

function describe(status, p) {
    if (!p) return `HTTP ${status}`;
    const title = p.title || `HTTP ${status}`;
    return p.detail ? `${title}: ${p.detail}` : title;
}

async function problemOf(res) {
    const type = res.headers.get('content-type') || '';
    try {
        if (type.includes('json')) return await res.json();
        const text = await res.text();
        return { title: `HTTP ${res.status}`, detail: text.slice(0, 300) };
    } catch {
        return { title: `HTTP ${res.status}` };
    }
}

/** fetch with JSON: api('/models', {method: 'POST', body: {...}}); resolves to the parsed body (or null on 204). */
export async function api(path, { method = 'GET', body, signal, headers = {} } = {}) {
    const res = await withToken(method, async () => {
        try {
            return await fetch(path, {
                method, signal,
                headers: { Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...authHeaders(), ...headers },
                body: body !== undefined ? JSON.stringify(body) : undefined,
            });
        } catch (e) {
            if (e.name === 'AbortError') throw e;
            throw new ApiError(0, { title: 'CharLM is not reachable', detail: `${method} ${path} failed: ${e.message}` });
        }
    });
    if (!res.ok) throw new ApiError(res.status, await problemOf(res));
    if (res.status === 204) return null;
    return res.json();
}

/** Sends once; on a 401 asks for the token and, when one is given, sends once more. send() resolves to {status}. */
async function withToken(method, send) {
    const sent = token();
    const first = await send();
    if (first.status !== 401) return first;
    if (method === 'GET') noteReadsProtected();
    if (token() !== sent) return send();   // a concurrent request's question was answered meanwhile
    return (await askForToken()) ? send() : first;
}

/** The job stream's URL: EventSource cannot set headers, so with protected reads the token goes in ?access_token= (accepted there only). */
export function eventsUrl(id) {
    const url = `/models/${encodeURIComponent(id)}/events`;
    return token() && readsProtected() ? `${url}?access_token=${encodeURIComponent(token())}` : url;
}

export const models = {
    list: (status) => api('/models' + (status ? `?status=${encodeURIComponent(status)}` : '')),
    get: (id) => api(`/models/${encodeURIComponent(id)}`),
    history: (id) => api(`/models/${encodeURIComponent(id)}/history`),
    train: (request) => api('/models', { method: 'POST', body: request }),
    cancel: (id) => api(`/models/${encodeURIComponent(id)}/cancel`, { method: 'POST' }),
    resume: (id, more) => api(`/models/${encodeURIComponent(id)}/resume`, { method: 'POST', body: more || {} }),
    remove: (id) => api(`/models/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    sample: (id, params, signal) => api(`/models/${encodeURIComponent(id)}/sample?${query(params)}`, { signal }),
    score: (id, text) => api(`/models/${encodeURIComponent(id)}/score`, { method: 'POST', body: { text } }),
};

export const sweeps = {
    list: () => api('/sweeps'),
    get: (id) => api(`/sweeps/${encodeURIComponent(id)}`),
    cancel: (id) => api(`/sweeps/${encodeURIComponent(id)}/cancel`, { method: 'POST' }),
};

export const corpora = {
    list: () => api('/corpora'),
};

export const presets = () => api('/presets');

/** Query string from an object; arrays repeat the key, empty values are left out. */
export function query(params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
        if (v === undefined || v === null || v === '') continue;
        if (Array.isArray(v)) v.forEach((x) => q.append(k, x));
        else q.append(k, v);
    }
    return q.toString();
}

/**
 * Uploads a corpus file as multipart, reporting progress (0..1) as it goes. XMLHttpRequest, because
 * fetch cannot report upload progress.
 */
export function uploadCorpus(file, name, onProgress, retried = false) {
    const sent = token();
    return new Promise((resolve, reject) => {
        const form = new FormData();
        form.append('file', file);
        if (name) form.append('name', name);
        const xhr = new XMLHttpRequest();
        xhr.open('POST', '/corpora');
        xhr.setRequestHeader('Accept', 'application/json');
        for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v);
        xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
        xhr.onload = () => {
            let body = null;
            try { body = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
            if (xhr.status >= 200 && xhr.status < 300) resolve(body);
            else if (xhr.status === 401 && !retried) {
                (token() !== sent ? Promise.resolve(true) : askForToken()).then((given) => given
                    ? uploadCorpus(file, name, onProgress, true).then(resolve, reject)
                    : reject(new ApiError(401, body || { title: 'Unauthorized' })));
            }
            else reject(new ApiError(xhr.status, body || { title: `HTTP ${xhr.status}`, detail: xhr.responseText.slice(0, 300) }));
        };
        xhr.onerror = () => reject(new ApiError(0, { title: 'Upload failed', detail: 'the connection to CharLM was lost' }));
        xhr.send(form);
    });
}

/**
 * Streams a sample as Server-Sent Events over fetch (not EventSource: fetch shows the problem+json of a
 * refused request, and its AbortController is the Stop button). Calls onToken(text) per character and
 * resolves to the final sample.
 */
export async function streamSample(id, params, { onToken, signal }) {
    const res = await withToken('GET', async () => {
        try {
            return await fetch(`/models/${encodeURIComponent(id)}/sample?${query(params)}`,
                { headers: { Accept: 'text/event-stream', ...authHeaders() }, signal });
        } catch (e) {
            if (e.name === 'AbortError') throw e;
            throw new ApiError(0, { title: 'CharLM is not reachable', detail: e.message });
        }
    });
    if (!res.ok) throw new ApiError(res.status, await problemOf(res));
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let final = null;
    for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let cut;
        while ((cut = buffer.search(/\r?\n\r?\n/)) >= 0) {
            const frame = buffer.slice(0, cut);
            buffer = buffer.slice(cut).replace(/^\r?\n\r?\n/, '');
            const event = parseFrame(frame);
            if (event.name === 'token') onToken(JSON.parse(event.data).text);
            else if (event.name === 'end') final = JSON.parse(event.data);
            else if (event.name === 'error') throw new ApiError(500, { title: 'Sampling failed', detail: event.data });
        }
    }
    return final;
}

function parseFrame(frame) {
    let name = 'message';
    const data = [];
    for (const line of frame.split(/\r?\n/)) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    return { name, data: data.join('\n') };
}
