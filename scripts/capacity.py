#!/usr/bin/env python3
"""Capacity of one CharLM replica (docs/SCALING.md, "Capacity"), measured over HTTP against running services.

    scripts/capacity.py --target embedded=http://localhost:8090 --target charlm-1=http://localhost:8081 \
                        [--both http://localhost:8081,http://localhost:8082] [--seconds 15] [--clients 8]

For each target, one after the other: the chars/s of one training job alone (LSTM 1x256, batch 32, seqLength 64,
tinyshakespeare, maxTrainSeconds --seconds x 2), then sampling chars/s with --clients concurrent clients asking for
200-character samples of a small finished model (GRU 1x256), with the latency p50 and p99. With --both, sampling
through both replicas at once, each client on one of them, to show what two replicas on the same cores give.
Prints one line per figure. Needs nothing but python3's standard library.
"""
import argparse
import json
import statistics
import threading
import time
import urllib.request


def call(base, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Content-Type": "application/json", "Accept": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read() or b"null")


def await_end(base, model_id, timeout=900):
    end = time.time() + timeout
    while time.time() < end:
        m = call(base, "GET", "/models/" + model_id)
        if m["status"] not in ("QUEUED", "RUNNING"):
            return m
        time.sleep(0.5)
    raise SystemExit("model %s did not end" % model_id)


def train(base, seconds):
    m = call(base, "POST", "/models", {"corpus": "tinyshakespeare", "cell": "lstm", "hiddenSize": 256, "seqLength": 64,
                                      "batchSize": 32, "maxTrainSeconds": seconds, "evalEvery": 100000, "seed": 1})
    done = await_end(base, m["id"])
    return done["progress"]["rates"]["charsPerSecond"] if "rates" in done["progress"] else done["progress"]["charsPerSecond"]


def small_model(base):
    m = call(base, "POST", "/models", {"corpus": "tinyshakespeare", "cell": "gru", "hiddenSize": 256, "seqLength": 64,
                                      "batchSize": 32, "maxSteps": 50, "evalEvery": 50, "seed": 1})
    await_end(base, m["id"])
    return m["id"]


def sample(bases_and_models, clients, seconds, length=200):
    stop = time.time() + seconds
    latencies, chars = [], [0]
    lock = threading.Lock()

    def client(i):
        base, model = bases_and_models[i % len(bases_and_models)]
        n = 0
        while time.time() < stop:
            t0 = time.perf_counter()
            r = call(base, "GET", "/models/%s/sample?length=%d&seed=%d" % (model, length, i * 100000 + n))
            dt = time.perf_counter() - t0
            n += 1
            with lock:
                latencies.append(dt)
                chars[0] += len(r["text"])

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    latencies.sort()
    return chars[0] / wall, statistics.median(latencies), latencies[int(0.99 * (len(latencies) - 1))], len(latencies)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--target", action="append", required=True, help="name=url")
    p.add_argument("--both", help="url,url: sampling through two replicas at once")
    p.add_argument("--seconds", type=int, default=15)
    p.add_argument("--clients", type=int, default=8)
    a = p.parse_args()
    models = {}
    for t in a.target:
        name, base = t.split("=", 1)
        cps = train(base, a.seconds * 2)
        print("%-10s training  LSTM 1x256 b32 t64 alone: %8.0f chars/s" % (name, cps), flush=True)
        models[base] = small_model(base)
        rate, p50, p99, n = sample([(base, models[base])], a.clients, a.seconds)
        print("%-10s sampling  GRU 1x256, %d clients, 200 chars: %8.0f chars/s  p50 %.0f ms  p99 %.0f ms  (%d samples)"
              % (name, a.clients, rate, p50 * 1000, p99 * 1000, n), flush=True)
    if a.both:
        bases = a.both.split(",")
        model = models.get(bases[0]) or small_model(bases[0])
        rate, p50, p99, n = sample([(b, model) for b in bases], a.clients, a.seconds)
        print("%-10s sampling  GRU 1x256, %d clients over %d replicas: %8.0f chars/s  p50 %.0f ms  p99 %.0f ms  (%d samples)"
              % ("both", a.clients, len(bases), rate, p50 * 1000, p99 * 1000, n), flush=True)


if __name__ == "__main__":
    main()
