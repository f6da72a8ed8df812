"""PyTorch against CharLM on safetensors files, both ways, for each cell (run by scripts/check-export.sh).

Export: CharLM trains a small model, exports it; PyTorch loads it into nn.Embedding / nn.RNN|GRU|LSTM /
nn.Linear and computes the mean cross-entropy of a text and the greedy continuation of a prefix, which must
equal CharLM's POST /models/{id}/score and GET /models/{id}/sample?temperature=0. Import: PyTorch makes a
random model (with a nonzero bias_hh, b_hn = 0 for the GRU), writes it, CharLM imports it and scores the same
text. The score is a function of every logit of the text, so equal scores mean equal logits; the tolerance on
the mean NLL is 1e-5 nats (float32 models, PyTorch computing in float64).
"""
import argparse, json, os, struct, sys, urllib.request, uuid
import numpy as np
import torch

TOLERANCE = 1e-5
DTYPES = {"F32": np.float32, "F64": np.float64, "F16": np.float16}


def load(blob):
    """A safetensors file as (metadata, state_dict): 8-byte length, JSON header, little-endian tensors."""
    n = struct.unpack("<Q", blob[:8])[0]
    header = json.loads(blob[8:8 + n])
    meta = header.pop("__metadata__", {})
    state = {}
    for name, t in header.items():
        begin, end = t["data_offsets"]
        array = np.frombuffer(blob[8 + n + begin:8 + n + end], dtype=DTYPES[t["dtype"]]).reshape(t["shape"])
        state[name] = torch.from_numpy(array.copy())
    return meta, state


def save(meta, state):
    """The inverse of load, F32, header padded with spaces to 8 bytes."""
    header, data, at = {"__metadata__": meta}, b"", 0
    for name, t in state.items():
        raw = t.detach().to(torch.float32).contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [at, at + len(raw)]}
        data, at = data + raw, at + len(raw)
    h = json.dumps(header).encode()
    h += b" " * (-len(h) % 8)
    return struct.pack("<Q", len(h)) + h + data


class CharModel(torch.nn.Module):
    """The modules a CharLM export loads into."""

    def __init__(self, meta, embedding_size):
        super().__init__()
        self.vocab = len(json.loads(meta["vocabulary"]))
        hidden, layers = int(meta["hidden_size"]), int(meta["layers"])
        cell = {"rnn": torch.nn.RNN, "gru": torch.nn.GRU, "lstm": torch.nn.LSTM}[meta["cell"]]
        self.embedding = torch.nn.Embedding(self.vocab, embedding_size) if meta["input"] == "embedding" else None
        self.rnn = cell(embedding_size if self.embedding is not None else self.vocab, hidden, layers, batch_first=True)
        self.decoder = torch.nn.Linear(hidden, self.vocab)

    def forward(self, ids, state=None):
        x = self.embedding(ids) if self.embedding is not None else torch.nn.functional.one_hot(ids, self.vocab).double()
        out, state = self.rnn(x, state)
        return self.decoder(out), state


def from_file(blob):
    meta, state = load(blob)
    e = state["embedding.weight"].shape[1] if "embedding.weight" in state else 0
    model = CharModel(meta, e).double()
    model.load_state_dict({k: v.double() for k, v in state.items()})
    return meta, model.eval()


def encode(meta, text):
    tokens = json.loads(meta["vocabulary"])
    ids = {t: i for i, t in enumerate(tokens)}
    return [ids.get(c, ids.get("<unk>")) for c in text]


def torch_nll(meta, model, text):
    ids = torch.tensor([encode(meta, text)])
    with torch.no_grad():
        logits, _ = model(ids[:, :-1])
    return torch.nn.functional.cross_entropy(logits[0], ids[0, 1:]).item()


def torch_greedy(meta, model, prefix, length):
    tokens = json.loads(meta["vocabulary"])
    with torch.no_grad():
        logits, state = model(torch.tensor([encode(meta, prefix)]))
        out = ""
        for _ in range(length):
            nxt = int(logits[0, -1].argmax())
            out += "\ufffd" if tokens[nxt] == "<unk>" else tokens[nxt]
            logits, state = model(torch.tensor([[nxt]]), state)
    return out


class Api:
    def __init__(self, base):
        self.base = base.rstrip("/")
        token = os.environ.get("CHARLM_API_TOKEN")
        self.headers = {"Authorization": "Bearer " + token} if token else {}

    def call(self, method, path, body=None, content_type="application/json", raw=False):
        data = json.dumps(body).encode() if isinstance(body, dict) else body
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=dict(self.headers))
        if data is not None:
            req.add_header("Content-Type", content_type)
        with urllib.request.urlopen(req, timeout=120) as r:
            blob = r.read()
        return blob if raw else json.loads(blob)

    def upload(self, blob, filename):
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n"
                f"Content-Type: application/octet-stream\r\n\r\n").encode() + blob + f"\r\n--{boundary}--\r\n".encode()
        return self.call("POST", "/models/import", body, "multipart/form-data; boundary=" + boundary)

    def wait(self, model_id):
        import time
        for _ in range(600):
            m = self.call("GET", f"/models/{model_id}")
            if m["status"] not in ("QUEUED", "RUNNING"):
                return m
            time.sleep(0.5)
        raise SystemExit(f"model {model_id} did not finish")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--base", required=True)
    api = Api(p.parse_args().base)
    text = api.call("GET", "/corpora/timemachine?preview=3000")["preview"]
    scored = text[1000:1600]
    prefix = text[1000:1010]
    worst = 0.0
    failed = False
    shapes = [("rnn", 1, 0), ("gru", 2, 0), ("lstm", 2, 16), ("gru", 1, 8), ("lstm", 1, 0), ("rnn", 2, 8)]
    print(f"{'cell':5} {'layers':>6} {'emb':>4}  {'export: |dNLL|':>15} {'greedy':>7}  {'import: |dNLL|':>15}")
    for cell, layers, emb in shapes:
        job = api.call("POST", "/models", {"corpus": "timemachine", "cell": cell, "layers": layers, "hiddenSize": 32,
                                           "embeddingSize": emb, "seqLength": 32, "batchSize": 16, "maxSteps": 60,
                                           "evalEvery": 30, "maxChars": 20000})
        trained = api.wait(job["id"])
        if trained["status"] != "COMPLETED":
            raise SystemExit(f"training failed: {trained}")
        meta, model = from_file(api.call("GET", f"/models/{job['id']}/export?format=safetensors", raw=True))
        d_export = abs(torch_nll(meta, model, scored) - api.call("POST", f"/models/{job['id']}/score", {"text": scored})["nll"])
        charlm_greedy = api.call("GET", f"/models/{job['id']}/sample?prefix={urllib.parse.quote(prefix)}&length=80&temperature=0")["text"]
        greedy = charlm_greedy == torch_greedy(meta, model, prefix, 80)

        # the other way: a PyTorch model with both biases (b_hn = 0 for the GRU), imported by CharLM
        torch.manual_seed(len(cell) * 10 + layers)
        fresh = CharModel(meta, emb).double()
        for l in range(layers):
            if cell == "gru":
                with torch.no_grad():
                    getattr(fresh.rnn, f"bias_hh_l{l}")[2 * 32:] = 0
        blob = save(meta, fresh.state_dict())
        imported = api.upload(blob, f"torch-{cell}.safetensors")
        _, reread = from_file(blob)   # the F32 weights CharLM received, in float64
        d_import = abs(torch_nll(meta, reread, scored) - api.call("POST", f"/models/{imported['id']}/score", {"text": scored})["nll"])

        worst = max(worst, d_export, d_import)
        ok = d_export <= TOLERANCE and d_import <= TOLERANCE and greedy
        failed |= not ok
        print(f"{cell:5} {layers:>6} {emb:>4}  {d_export:15.2e} {'same' if greedy else 'DIFFERS':>7}  {d_import:15.2e}  {'ok' if ok else 'FAIL'}")
    print(f"largest |dNLL| {worst:.2e} nats (tolerance {TOLERANCE:g})")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    import urllib.parse
    main()
