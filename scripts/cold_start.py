"""Cold start of the packaged service: time to healthy and the first sample's latency, over several starts.

    python3 scripts/cold_start.py --data DIR --model ID [--runs 5] [--log FILE] \
        --start "jar=java ... -jar app.jar" --start "cds=java ... -XX:SharedArchiveFile=... -jar ..."

Each --start is a label and a command; the starts alternate between them (one of each, --runs times), so that
whatever else the machine does weighs on each alike. Each start gets a fresh copy of --data (every start
restores the same directory), a free port, and the clock from just before the process is spawned. Time to
healthy: until GET /actuator/health first answers UP (polled every 10 ms). First sample: GET
/models/ID/sample?length=200 sent as soon as the service is healthy; the second sample's latency is printed
beside it as the warm figure. Prints one line per command with the medians.
"""
import argparse, json, os, shlex, shutil, socket, statistics, subprocess, tempfile, time, urllib.request


def free_port():
    s = socket.socket()
    s.bind(("", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def get(url, timeout=30):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.read()


def timed_sample(base, model):
    start = time.monotonic()
    get(f"{base}/models/{model}/sample?length=200&seed=1")
    return (time.monotonic() - start) * 1000


def one_start(command, data, model, log):
    with tempfile.TemporaryDirectory(prefix="charlm-cold-") as tmp:
        copy = os.path.join(tmp, "data")
        shutil.copytree(data, copy)
        port = free_port()
        base = f"http://localhost:{port}"
        start = time.monotonic()
        service = subprocess.Popen(command + [f"--server.port={port}", f"--charlm.data-dir={copy}"],
                                   stdout=log, stderr=subprocess.STDOUT)
        try:
            while True:
                if service.poll() is not None:
                    raise SystemExit(f"the service exited with {service.returncode} before it was healthy (see the log)")
                try:
                    if json.loads(get(f"{base}/actuator/health", timeout=1))["status"] == "UP":
                        break
                except OSError:
                    pass
                if time.monotonic() - start > 120:
                    raise SystemExit("not healthy after 120 s")
                time.sleep(0.01)
            healthy = (time.monotonic() - start) * 1000
            first = timed_sample(base, model)
            second = timed_sample(base, model)
            return healthy, first, second
        finally:
            service.terminate()
            service.wait()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--model", required=True)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--log", default=os.devnull)
    p.add_argument("--start", action="append", required=True, help="LABEL=COMMAND")
    a = p.parse_args()
    starts = [(label, shlex.split(command)) for label, command in (s.split("=", 1) for s in a.start)]
    rows = {label: [] for label, _ in starts}
    with open(a.log, "a") as log:
        for _ in range(a.runs):
            for label, command in starts:
                rows[label].append(one_start(command, a.data, a.model, log))
    for label, _ in starts:
        med = [statistics.median(col) for col in zip(*rows[label])]
        each = " ".join(f"{h:.0f}" for h, _, _ in rows[label])
        print(f"coldstart {label} runs={a.runs} healthy_ms={med[0]:.0f} first_sample_ms={med[1]:.0f} "
              f"second_sample_ms={med[2]:.0f} healthy_each_ms={each}")


if __name__ == "__main__":
    main()
