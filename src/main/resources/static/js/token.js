// The API token (charlm.security.api-token), asked for on the first 401 and kept for the tab's session only.

const TOKEN = 'charlm.token';
const READS = 'charlm.readsProtected';

export const token = () => sessionStorage.getItem(TOKEN) || '';

/** The Authorization header when a token is known, else none (a CharLM without a token needs none). */
export function authHeaders() {
    const t = token();
    return t ? { Authorization: `Bearer ${t}` } : {};
}

/** A GET was refused: reads are protected, so the job stream (EventSource, which cannot set headers) needs the token in its URL. */
export const noteReadsProtected = () => sessionStorage.setItem(READS, 'true');
export const readsProtected = () => sessionStorage.getItem(READS) === 'true';

let asking = null;

/** Asks once for the token (concurrent 401s share the one question); resolves true when one was given. */
export function askForToken() {
    if (!asking) {
        asking = Promise.resolve().then(() => {
            const given = window.prompt(token() ? 'CharLM refused the API token. Enter it again:' : 'This CharLM needs its API token:');
            asking = null;
            if (!given || !given.trim()) return false;
            sessionStorage.setItem(TOKEN, given.trim());
            return true;
        });
    }
    return asking;
}
