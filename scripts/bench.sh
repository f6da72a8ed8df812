#!/usr/bin/env bash
# CharLM benchmark: run on demand, never in CI. Prints one line per figure; raw outputs go to --out.
#
#   scripts/bench.sh [--quick] [--no-peer] [--long] [--report] [--quality-only] [--seconds N] [--out DIR]
#   scripts/bench.sh --big-corpus [--seconds 15] [--out DIR]
#   scripts/bench.sh --load [--clients 50] [--seconds 60] [--service-args "--charlm.x=y ..."] [--out DIR]
#   scripts/bench.sh --cold-start [--out DIR]
#   scripts/bench.sh --inference [--out DIR]
#   scripts/bench.sh --concurrency [--seconds 30] [--out DIR]
#
#   (default)  every training config with both kernels for --seconds (60), sampling over HTTP with 1 and
#              8 clients, the cold start, the 120 s quality comparison, and the peers (PyTorch, DL4J) on the same configs.
#   --report   the default run, then --big-corpus and --concurrency: every figure docs/PERFORMANCE.md reports, from one
#              run (about an hour).
#   --quick    8 s per config, no cold start, no quality runs, no peers: under 3 minutes.
#   --no-peer  skip PyTorch and DL4J.
#   --long     also the 600 s quality runs (ours and PyTorch's).
#   --quality-only  only the quality comparison (with --long: 120 s and 600 s, about 55 minutes; the whole --long run about 80).
#   --big-corpus  only the 100 MB corpus (tinyshakespeare 94 times over, built under /tmp; about 8 minutes):
#              encoding MB/s; training chars/s on it and on tinyshakespeare (LSTM 1x256 b32 t64, --seconds of
#              training time each, default 15, three times) and the peak RSS under -Xmx1g; the trainer's validation
#              time against its training time with the default options and with evalEvery 200, on both corpora;
#              then the packaged service under
#              -Xmx1g: upload MB/s, and jobs with maxSeconds 40 (wall) whose split between training and the rest
#              (validation, checkpoints, samples, the corpus's encoding) is printed, with the defaults and with
#              evalEvery 200, and the service's peak RSS while they train.
#   --load     only sampling under load while a model trains (about 3 minutes): the packaged service trains a
#              GRU 1x256 alone for 30 s, then --clients (50) clients sample a small finished model back to back
#              for --seconds (60, so the run stays under 5 minutes); prints the errors, p50, p99 and worst
#              latency, and training's speed alone and under the load. --service-args go to the service
#              (to try a setting without a rebuild).
#   --cold-start  only the cold start (about 2 minutes; also part of the default run): time from `java -jar` to
#              healthy and the first sample's latency, median of 5 starts: the jar, with the CDS archive, with CDS and AOT.
#   --inference  only generation against ONNX Runtime (about 1 minute; also part of the default run): LSTM 1x256,
#              CharLM's sampler and ONNX Runtime on CharLM's ONNX export of the same weights, warm-up plus 200
#              characters at temperature 0.8, one step per character, 1 stream and 64 batched, each side with 1
#              and 2 threads; prints chars/s per setting and the ratio of the two bests.
#   --concurrency  only two jobs at once (about 3 minutes): the packaged service trains LSTM 1x256 b32 t64 alone
#              (charlm.jobs.concurrency=1), then two such jobs with concurrency 2 (threads per job from the
#              default, charlm.jobs.threads=0), then two with 2 threads each (oversubscribed, the old default),
#              each measured over --seconds (30) of progress.step after 5 s of warm-up; prints chars/s summed
#              over the jobs and the share of the job alone.
#
# Needs gcc (the hardware peak), and for the peers Debian's python3-torch and libopenblas0-openmp
# (installed here with apt-get when missing) and Maven (DL4J is built from ../shared/peers/dl4j in a copy).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${CHARLM_SHARED:-../shared}
CORPUS=$SHARED/data/tinyshakespeare.txt
QUICK=0 PEERS=1 LONG=0 REPORT=0 SECS=60 OUT="" QUALITY_ONLY=0 LOAD=0 BIG=0 COLD_START=0 CLIENTS=50 SERVICE_ARGS="" INFERENCE=0 CONCURRENCY=0
while [ $# -gt 0 ]; do
  case $1 in
    --quick) QUICK=1; PEERS=0; SECS=8 ;;
    --no-peer) PEERS=0 ;;
    --long) LONG=1 ;;
    --quality-only) QUALITY_ONLY=1 ;;
    --load) LOAD=1 ;;
    --big-corpus) BIG=1 ;;
    --report) REPORT=1 ;;
    --cold-start) COLD_START=1 ;;
    --inference) INFERENCE=1 ;;
    --concurrency) CONCURRENCY=1 ;;
    --clients) CLIENTS=$2; shift ;;
    --service-args) SERVICE_ARGS=$2; shift ;;
    --seconds) SECS=$2; SECS_SET=$2; shift ;;
    --out) OUT=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
OUT=${OUT:-target/bench/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
exec > >(tee "$OUT/bench.txt") 2>&1
note() { echo "# $*"; }
quiet() { [ -f "$SHARED/peers/peak/wait_quiet.py" ] && timeout 600 python3 "$SHARED/peers/peak/wait_quiet.py" || true; }
rss_mb() { awk -F: '/Maximum resident/ {printf "%.0f", $2/1024}' "$1"; }
field() { grep -o "$2=[^ ]*" <<<"$1" | head -1 | cut -d= -f2; }
json_get() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }   # JSON, key
pin_for() { [ "$1" = 1 ] && echo "taskset -c 0" || true; }   # one thread runs pinned to CPU 0
faster() { python3 -c "import sys; sys.exit(0 if $1 > $2 else 1)"; }

note "date $(date -u +%Y-%m-%dT%H:%M:%SZ) host $(hostname) cpus $(nproc) $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
note "java $(java -version 2>&1 | head -1)"
note "building"
./mvnw -q -B -DskipTests package   # compiles the test sources too: the benchmark mains live there, out of the jar
./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/cp.txt > /dev/null
JAVA=(java --add-modules jdk.incubator.vector)
# training runs: the serial collector and a small initial heap keep the footprint to what training needs
# (with G1's defaults on this 24 GB machine the heap alone grows to several hundred MB)
TRAIN_JAVA=(java --add-modules jdk.incubator.vector -XX:+UseSerialGC -Xms32m)
CP="target/classes:target/test-classes:$(cat target/cp.txt)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("",0)); print(s.getsockname()[1])'; }
model_field() { curl -fs "localhost:$PORT/models/$1" | python3 -c 'import json,sys; m=json.load(sys.stdin); print(eval(sys.argv[1], {}, m))' "$2"; }
post_model() { curl -fs -X POST "localhost:$PORT/models" -H 'Content-Type: application/json' -d "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }

# ---- inference against ONNX Runtime (--inference, and in the default run) ------------------------------
# ONNX Runtime (the test-scope com.microsoft.onnxruntime:onnxruntime, CPU) runs CharLM's own ONNX export in the
# same JVM; InferenceBenchmark's javadoc says what each side does per step.
inference() {
  quiet
  "${JAVA[@]}" -cp "$CP" dev.charlm.bench.InferenceBenchmark --corpus "$CORPUS" 2> "$OUT/inference.log" | grep '^inference'
}
if [ $INFERENCE = 1 ]; then
  inference
  note "raw outputs in $OUT"
  exit 0
fi

# ---- two jobs at once (--concurrency) -----------------------------------------------------------------
# Training speed from progress.step over wall time (batch 32 x seq 64 = 2048 characters a step), as --load does.
concurrency() {
  local SECS JAR JOB ALONE
  SECS=$([ $REPORT = 1 ] && echo 30 || echo "${SECS_SET:-30}")
  JAR=$(ls target/charlm-*.jar | head -1)
  JOB='{"corpus": "tinyshakespeare", "cell": "lstm", "hiddenSize": 256, "seqLength": 64, "batchSize": 32, "maxSeconds": 600, "evalEvery": 100000}'
  # one phase: a fresh service with these arguments, N jobs, chars/s of each over the window
  phase() {   # name, jobs, service args...
    local name=$1 n=$2; shift 2
    PORT=$(free_port)
    DATA=$(mktemp -d)
    "${JAVA[@]}" -jar "$JAR" --server.port="$PORT" --charlm.data-dir="$DATA" --charlm.bootstrap.enabled=false "$@" \
        > "$OUT/service-$name.log" 2>&1 &
    SERVICE=$!
    trap 'kill $SERVICE 2>/dev/null || true; rm -rf "$DATA"' EXIT
    for _ in $(seq 60); do curl -fs "localhost:$PORT/actuator/health" > /dev/null && break; sleep 1; done
    local ids=() id
    for _ in $(seq "$n"); do ids+=("$(post_model "$JOB")"); done
    for id in "${ids[@]}"; do
      for _ in $(seq 60); do [ "$(model_field "$id" "(progress or {}).get('step') or 0")" -gt 0 ] && break; sleep 1; done
    done
    sleep 5
    local t0 t1 s0=() s1=() rates=()
    t0=$(date +%s.%N); for id in "${ids[@]}"; do s0+=("$(model_field "$id" "progress['step']")"); done
    sleep "$SECS"
    t1=$(date +%s.%N); for id in "${ids[@]}"; do s1+=("$(model_field "$id" "progress['step']")"); done
    for i in "${!ids[@]}"; do rates+=("$(python3 -c "print(round((${s1[$i]} - ${s0[$i]}) * 2048 / ($t1 - $t0)))")"); done
    kill $SERVICE; wait $SERVICE 2>/dev/null || true
    rm -rf "$DATA"
    SUM=$(python3 -c "print(sum([${rates[*]/%/,}]))")
    echo "concurrency $name lstm-1x256-b32-t64 jobs=$n chars/s=$SUM per_job=$(IFS=,; echo "${rates[*]}") service_args=\"$*\""
  }
  quiet
  phase alone 1 --charlm.jobs.concurrency=1
  ALONE=$SUM
  quiet
  phase two-adaptive 2 --charlm.jobs.concurrency=2
  echo "concurrency two-adaptive share_of_alone=$(python3 -c "print(round($SUM / $ALONE, 2))") (goal >= 0.95)"
  quiet
  phase two-oversubscribed 2 --charlm.jobs.concurrency=2 --charlm.jobs.threads=2
  echo "concurrency two-oversubscribed share_of_alone=$(python3 -c "print(round($SUM / $ALONE, 2))")"
}
if [ $CONCURRENCY = 1 ]; then
  concurrency
  note "raw outputs in $OUT"
  exit 0
fi

# ---- load: sampling while a model trains (--load) ---------------------------------------------------
# Training speed is measured from progress.step over wall time (batch 32 x seq 64 = 2048 characters a
# step; no validation runs in the window), because progress.charsPerSecond averages over the whole run.
if [ $LOAD = 1 ]; then
  PORT=$(free_port)
  DATA=$(mktemp -d)
  JAR=$(ls target/charlm-*.jar | head -1)
  # shellcheck disable=SC2086 # SERVICE_ARGS is a list of --key=value arguments
  "${JAVA[@]}" -jar "$JAR" --server.port="$PORT" --charlm.data-dir="$DATA" --charlm.bootstrap.enabled=false $SERVICE_ARGS \
      > "$OUT/service.log" 2>&1 &
  SERVICE=$!
  POLLER=""
  trap 'kill $SERVICE $POLLER 2>/dev/null || true; rm -rf "$DATA"' EXIT
  for _ in $(seq 60); do curl -fs "localhost:$PORT/actuator/health" > /dev/null && break; sleep 1; done
  note "service args: ${SERVICE_ARGS:-none}"
  SMALL=$(post_model '{"corpus": "tinyshakespeare", "cell": "gru", "hiddenSize": 128, "seqLength": 64, "batchSize": 32, "maxSeconds": 10, "evalEvery": 100000}')
  for _ in $(seq 120); do [ "$(model_field "$SMALL" status)" = COMPLETED ] && break; sleep 1; done
  TRAINING=$(post_model '{"corpus": "tinyshakespeare", "cell": "gru", "hiddenSize": 256, "seqLength": 64, "batchSize": 32, "maxSeconds": 600, "evalEvery": 100000}')
  for _ in $(seq 60); do [ "$(model_field "$TRAINING" "(progress or {}).get('step') or 0")" -gt 0 ] && break; sleep 1; done
  note "sampling $SMALL (gru 1x128, 10 s) while $TRAINING trains (gru 1x256 b32 t64 on tinyshakespeare)"
  while true; do echo "$(date +%s.%N) $(model_field "$TRAINING" "progress['step']")"; sleep 1; done > "$OUT/steps.txt" &
  POLLER=$!
  now() { date +%s.%N; }
  sleep 5; A0=$(now); sleep 30; A1=$(now)   # alone: 30 s, after 5 s of warm-up
  note "progress.charsPerSecond after the alone phase (its average since the start): $(model_field "$TRAINING" "progress['charsPerSecond']")"
  line=$("${JAVA[@]}" -cp "$CP" dev.charlm.bench.SamplingLoad --base "http://localhost:$PORT" --model "$SMALL" \
      --clients "$CLIENTS" --seconds "$SECS" --warmup-seconds 5 --length 32 --corpus "$CORPUS" 2> "$OUT/load.log" | grep '^load')
  L1=$(now); L0=$(python3 -c "print($L1 - $SECS)")   # loaded: the timed requests (their warm-up excluded)
  kill $POLLER; wait $POLLER 2>/dev/null || true
  rates=$(python3 - "$OUT/steps.txt" "$A0" "$A1" "$L0" "$L1" <<'PY'
import sys
rows = [tuple(map(float, l.split())) for l in open(sys.argv[1]) if len(l.split()) == 2]
def rate(a, b):
    inside = [r for r in rows if a <= r[0] <= b]
    (t0, s0), (t1, s1) = inside[0], inside[-1]
    return (s1 - s0) * 32 * 64 / (t1 - t0)
alone, loaded = rate(float(sys.argv[2]), float(sys.argv[3])), rate(float(sys.argv[4]), float(sys.argv[5]))
print(f"train_chars_s_alone={alone:.0f} train_chars_s_loaded={loaded:.0f} share={loaded / alone:.2f}")
PY
)
  echo "$line $rates"
  kill $SERVICE; wait $SERVICE 2>/dev/null || true
  note "raw outputs in $OUT"
  exit 0
fi

# ---- big corpus (--big-corpus) ----------------------------------------------------------------------
# Engine figures from TrainingBenchmark (maxTrainSeconds: training time alone, no validation), service figures
# from the packaged jar: a job's wall time is finishedAt - startedAt, its training time step x 2048 / its
# charsPerSecond (characters over training seconds), the rest is validation, checkpoints, samples and encoding.
big_corpus() {
  local SECS BIGFILE BIGMB BIGID live
  SECS=$([ $REPORT = 1 ] && echo 15 || echo "${SECS_SET:-15}")
  BIGFILE=/tmp/charlm-big/tinyshakespeare-x94.txt
  if [ "$(stat -c %s "$BIGFILE" 2>/dev/null || echo 0)" != $(( $(stat -c %s "$CORPUS") * 94 )) ]; then
    mkdir -p /tmp/charlm-big
    for _ in $(seq 94); do cat "$CORPUS"; done > "$BIGFILE"
  fi
  BIGMB=$(python3 -c "print(round($(stat -c %s "$BIGFILE") / 1e6, 1))")
  note "big corpus $BIGFILE: $(stat -c %s "$BIGFILE") bytes ($BIGMB MB)"
  "${JAVA[@]}" -Xmx1g -cp "$CP" dev.charlm.bench.EncodingBenchmark --corpus "$BIGFILE" --runs 3
  engine() {   # label, corpus file, extra options: LSTM 1x256 b32 t64 for --seconds of training time under -Xmx1g
    /usr/bin/time -v -o "$OUT/big-train-$1.time" "${TRAIN_JAVA[@]}" -Xmx1g -cp "$CP" dev.charlm.bench.TrainingBenchmark \
        --corpus "$2" --cell lstm --layers 1 --hidden 256 --batch 32 --seq 64 --seconds "$SECS" ${PEAK:+--peak-gflops $PEAK} ${3:-} \
        2> "$OUT/big-train-$1.log" | grep '^train'
  }   # mfu against the run's measured peak under --report; alone (--big-corpus measures no peak) read only chars/s
  # training alone, the two corpora in turn (the order alternating), three times: the ratio of their medians
  declare -a CPS_big CPS_tiny
  for round in 1 2 3; do
    for name in $([ $round = 2 ] && echo big tiny || echo tiny big); do
      line=$(engine "$name-$round" "$([ $name = big ] && echo "$BIGFILE" || echo "$CORPUS")")
      echo "big-corpus engine corpus=$name round=$round $line peak_rss_mb=$(rss_mb "$OUT/big-train-$name-$round.time") xmx=1g"
      eval "CPS_$name+=($(field "$line" chars/s))"
    done
  done
  echo "big-corpus engine chars/s big/tiny=$(python3 -c "import statistics as s; print(round(s.median([${CPS_big[*]/%/,}]) / s.median([${CPS_tiny[*]/%/,}]), 3))") (medians of 3)"
  # the trainer's validations against its training time: default options (every epoch and at the end), evalEvery 200
  for opts in "--validate" "--validate --eval-every 200"; do
    for name in big tiny; do
      label="val-$name-$(tr -dc 'a-z0-9' <<<"$opts")"
      line=$(engine "$label" "$([ $name = big ] && echo "$BIGFILE" || echo "$CORPUS")" "$opts")
      echo "big-corpus engine corpus=$name options=\"$opts\" $line peak_rss_mb=$(rss_mb "$OUT/big-train-$label.time")"
    done
  done
  PORT=$(free_port)
  DATA=$(mktemp -d)
  JAR=$(ls target/charlm-*.jar | head -1)
  "${JAVA[@]}" -Xmx1g -Xlog:gc:file="$OUT/big-gc.log" -jar "$JAR" --server.port="$PORT" --charlm.data-dir="$DATA" \
      --charlm.bootstrap.enabled=false --charlm.corpus.max-size=200MB > "$OUT/big-service.log" 2>&1 &
  SERVICE=$!
  POLLER=""
  trap 'kill $SERVICE $POLLER 2>/dev/null || true; rm -rf "$DATA"' EXIT
  for _ in $(seq 60); do curl -fs "localhost:$PORT/actuator/health" > /dev/null && break; sleep 1; done
  rss_now() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$SERVICE/status"; }
  echo "big-corpus service rss_idle_mb=$(rss_now) xmx=1g"
  upload=$(curl -fs -o "$OUT/big-upload.json" -w '%{time_total}' -X POST "localhost:$PORT/corpora?name=x94" \
      -H 'Content-Type: text/plain; charset=utf-8' --data-binary @"$BIGFILE")
  BIGID=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$OUT/big-upload.json")
  echo "big-corpus upload mb=$BIGMB seconds=$upload mb/s=$(python3 -c "print(round($BIGMB / $upload))") rss_after_mb=$(rss_now)"
  while true; do echo "$(rss_now)"; sleep 0.5; done > "$OUT/big-rss.txt" &
  POLLER=$!
  job() {   # label, corpus, extra options: trains LSTM 1x256 b32 t64 for maxSeconds 40 and prints its split
    local id
    id=$(post_model "{\"corpus\": \"$2\", \"cell\": \"lstm\", \"hiddenSize\": 256, \"seqLength\": 64, \"batchSize\": 32, \"maxSeconds\": 40$3}")
    for _ in $(seq 120); do [ "$(model_field "$id" status)" = COMPLETED ] && break; sleep 1; done
    curl -fs "localhost:$PORT/models/$id" > "$OUT/big-job-$id.json"
    python3 - "$1" "$OUT/big-job-$id.json" <<'PY'
import json, sys
from datetime import datetime
m = json.load(open(sys.argv[2]))
p = m["progress"]
def t(s):   # an Instant: up to nine fractional digits
    base, _, frac = s.rstrip("Z").partition(".")
    return datetime.fromisoformat(base).timestamp() + float("0." + (frac or "0"))
wall = t(m["finishedAt"]) - t(m["startedAt"])
train = p["step"] * 32 * 64 / p["charsPerSecond"]
print(f'big-corpus job {sys.argv[1]} status={m["status"]} reason="{m["reason"]}" chars/s={p["charsPerSecond"]:.0f} '
      f'steps={p["step"]} wall_s={wall:.1f} train_s={train:.1f} other_s={wall - train:.1f} '
      f'other_share_of_train={(wall - train) / train:.3f} val_loss={p.get("validationLoss")}')
PY
  }
  job "corpus=x94 options=defaults" "$BIGID" ""
  job "corpus=x94 evalEvery=200" "$BIGID" ', "evalEvery": 200'
  job "corpus=tinyshakespeare evalEvery=200" tinyshakespeare ', "evalEvery": 200'
  kill $POLLER; wait $POLLER 2>/dev/null || true
  # the heap left after each collection is what the service holds; the RSS above it is the collector's room
  live=$(grep -o -- '->[0-9]*M' "$OUT/big-gc.log" | tr -dc '0-9\n' | sort -n | tail -1)
  echo "big-corpus service peak_rss_training_mb=$(sort -n "$OUT/big-rss.txt" | tail -1) peak_heap_after_gc_mb=$live corpus_mb=$BIGMB xmx=1g"
  kill $SERVICE; wait $SERVICE 2>/dev/null || true
}
if [ $BIG = 1 ]; then
  big_corpus
  note "raw outputs in $OUT"
  exit 0
fi

# ---- cold start (--cold-start; also in the default run) ---------------------------------------------
# On an existing data directory (the 0.1 upgrade fixture, plus an LSTM 1x256 trained here for 10 s, whose
# checkpoint is the newest and so the one the background warm-up loads): the time from spawning `java` to
# GET /actuator/health UP, and the latency of GET /models/{id}/sample?length=200 sent as soon as it is up.
# 5 starts of each, alternating: the packaged jar (`java -jar`), the extracted jar with the CDS archive of
# scripts/cds.sh made without AOT, the same with Spring AOT (-Dspring.aot.enabled=true and the AOT start's
# archive: the Dockerfile's and cds.sh's default), and that without the warm-up (charlm.sampling.warm-up-models=0),
# which shows its share. The CDS starts lower the engine's JIT thresholds, as the Dockerfile does. Healthy includes
# the warm-up: readiness, and so /actuator/health, is OUT_OF_SERVICE until it is over.
cold_start() {
  local jar data port service model cds
  jar=$(ls target/charlm-*.jar | head -1)
  scripts/cds.sh "$jar" > "$OUT/cds.log" 2>&1
  data=$(mktemp -d)
  cp -r src/test/resources/upgrade/data-v0.1/. "$data"
  port=$(free_port)
  "${JAVA[@]}" -jar "$jar" --server.port="$port" --charlm.data-dir="$data" > "$OUT/cold-train.log" 2>&1 &
  service=$!
  for _ in $(seq 60); do curl -fs "localhost:$port/actuator/health" > /dev/null && break; sleep 1; done
  model=$(curl -fs -X POST "localhost:$port/models" -H 'Content-Type: application/json' -d '{"corpus": "tinyshakespeare",
      "cell": "lstm", "hiddenSize": 256, "seqLength": 64, "batchSize": 32, "maxSeconds": 10, "evalEvery": 100000}' \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  for _ in $(seq 120); do
    [ "$(curl -fs "localhost:$port/models/$model" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')" = COMPLETED ] && break
    sleep 1
  done
  kill $service; wait $service 2>/dev/null || true
  note "cold start on $(ls "$data/models" | wc -l) models, sampling $model (lstm 1x256); archive $(du -h target/charlm.jsa | cut -f1)"
  # the CDS starts as README's "Starting faster" gives them: with the engine's lower JIT thresholds (the jar row stays plain)
  local jit="-XX:CompileCommand=quiet -XX:CompileCommand=CompileThresholdScaling,dev.charlm.engine.*::*,0.05"
  cds="${JAVA[*]} $jit -XX:SharedArchiveFile=target/charlm-no-aot.jsa -jar target/charlm/charlm.jar"
  aot="${JAVA[*]} $jit -XX:SharedArchiveFile=target/charlm.jsa -Dspring.aot.enabled=true -jar target/charlm/charlm.jar"
  quiet
  python3 scripts/cold_start.py --data "$data" --model "$model" --runs 5 --log "$OUT/cold-start.log" \
      --start "jar=${JAVA[*]} -jar $jar" --start "cds=$cds" --start "cds-aot=$aot" \
      --start "cds-aot-no-warm-up=$aot --charlm.sampling.warm-up-models=0"
  rm -rf "$data"
}
if [ $COLD_START = 1 ]; then
  cold_start
  note "raw outputs in $OUT"
  exit 0
fi

# ---- 1. hardware peak ------------------------------------------------------------------------------
gcc -O2 -mavx2 -mfma -fopenmp "$SHARED/peers/peak/fma_peak.c" -o "$OUT/fma_peak"
quiet
"$OUT/fma_peak" 2 > "$OUT/peak.txt"
PEAK=$(grep fp32 "$OUT/peak.txt" | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "peak fp32 gflops=$PEAK threads=2 (median of 3, fma_peak.c, 256-bit AVX2 FMA)"
# The mfu denominator is the higher of the two: on a CPU with AVX-512 the Vector API's preferred species is 512
# bits, and where the FMA units are that wide (Zen 5, not Zen 4's double-pumped 256-bit ones) the 256-bit peak
# would understate what the hardware can do by half.
if grep -q avx512f /proc/cpuinfo; then
  gcc -O2 -mavx512f -fopenmp scripts/fma_peak512.c -o "$OUT/fma_peak512"
  quiet
  "$OUT/fma_peak512" 2 > "$OUT/peak512.txt"
  PEAK512=$(awk '{print $3}' "$OUT/peak512.txt" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "peak512 fp32 gflops=$PEAK512 threads=2 (median of 3, scripts/fma_peak512.c, 512-bit AVX-512 FMA)"
  faster "$PEAK512" "$PEAK" && PEAK=$PEAK512
fi
echo "peak mfu_denominator gflops=$PEAK"

if [ $QUALITY_ONLY = 0 ]; then
# ---- 2. training throughput, both kernels ----------------------------------------------------------
CONFIGS=("lstm 1 256" "lstm 2 512" "gru 1 256" "rnn 1 256")
declare -A OURS
for cfg in "${CONFIGS[@]}"; do
  read -r cell layers hidden <<<"$cfg"
  for kernel in vector ojalgo; do
    secs=$SECS
    [ $kernel = ojalgo ] && [ "$secs" -gt 30 ] && secs=30   # ten times slower: fewer seconds give the same precision
    name="$cell-${layers}x$hidden-$kernel"
    quiet
    line=$(/usr/bin/time -v -o "$OUT/train-$name.time" "${TRAIN_JAVA[@]}" -cp "$CP" dev.charlm.bench.TrainingBenchmark \
        --corpus "$CORPUS" --cell "$cell" --layers "$layers" --hidden "$hidden" --batch 32 --seq 64 \
        --seconds "$secs" --kernel $kernel --peak-gflops "$PEAK" 2> "$OUT/train-$name.log" | grep '^train')
    echo "$line"
    echo "rss train $cell-${layers}x$hidden-b32-t64 kernel=$kernel peak_rss_mb=$(rss_mb "$OUT/train-$name.time")"
    [ $kernel = vector ] && OURS[$cell-${layers}x$hidden]=$(field "$line" chars/s)
  done
done

# ---- 3. sampling over HTTP -------------------------------------------------------------------------
PORT=$(free_port)
DATA=$(mktemp -d)
JAR=$(ls target/charlm-*.jar | head -1)
"${JAVA[@]}" -jar "$JAR" --server.port="$PORT" --charlm.data-dir="$DATA" --charlm.bootstrap.enabled=false > "$OUT/service.log" 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 60); do curl -fs "localhost:$PORT/actuator/health" > /dev/null && break; sleep 1; done
TRAIN_S=$([ $QUICK = 1 ] && echo 15 || echo 60)
MODEL=$(curl -fs -X POST "localhost:$PORT/models" -H 'Content-Type: application/json' -d "{\"corpus\": \"tinyshakespeare\",
    \"cell\": \"lstm\", \"hiddenSize\": 256, \"seqLength\": 64, \"batchSize\": 32, \"maxSeconds\": $TRAIN_S, \"evalEvery\": 100000}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
for _ in $(seq 300); do
  status=$(curl -fs "localhost:$PORT/models/$MODEL" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
  [ "$status" = COMPLETED ] && break; sleep 1
done
note "sampling model $MODEL ($status after ${TRAIN_S} s of training)"
for clients in 1 8; do
  quiet
  "${JAVA[@]}" -cp "$CP" dev.charlm.bench.SamplingLoad --base "http://localhost:$PORT" --model "$MODEL" --clients $clients \
      --requests $([ $QUICK = 1 ] && echo 15 || echo 50) --warmup-seconds $([ $QUICK = 1 ] && echo 4 || echo 10) \
      --length 200 --corpus "$CORPUS" --label lstm-1x256 | grep '^sample'
done
kill $SERVICE; wait $SERVICE 2>/dev/null || true
[ $QUICK = 1 ] || cold_start

# ---- 3b. generation against ONNX Runtime -------------------------------------------------------------
if [ $QUICK = 0 ]; then
  inference
fi
fi

# ---- 4. peers' throughput --------------------------------------------------------------------------
PY="$SHARED/peers/pytorch/char_lm_bench.py"
# OpenBLAS is checked on its own: python3-torch alone (scripts/check-export.sh installs it so) runs on the reference
# BLAS, about 12 times slower, and would make every PyTorch figure a tenth of what PyTorch can do
if [ $PEERS = 1 ] && { ! /usr/bin/python3 -c 'import torch' 2> /dev/null || ! dpkg -s libopenblas0-openmp > /dev/null 2>&1; }; then
  note "installing python3-torch and libopenblas0-openmp"
  apt-get install -y python3-torch libopenblas0-openmp > "$OUT/apt.log" 2>&1
fi
if [ $PEERS = 1 ] && [ $QUALITY_ONLY = 0 ]; then
  DL4J=target/peers/dl4j
  if [ ! -f $DL4J/target/dl4j-charlm-bench.jar ]; then
    note "building the DL4J peer"
    rm -rf $DL4J && mkdir -p target/peers && cp -r "$SHARED/peers/dl4j" $DL4J && chmod -R u+w $DL4J
    (cd $DL4J && mvn -q -B -DskipTests package > "$OLDPWD/$OUT/dl4j-build.log" 2>&1)
  fi
  for cfg in "${CONFIGS[@]}"; do
    read -r cell layers hidden <<<"$cfg"
    key=$cell-${layers}x$hidden
    best=0 bestt=0
    for threads in 1 2; do   # each peer in its best thread setting
      quiet
      pin=$(pin_for $threads)
      json=$(/usr/bin/time -v -o "$OUT/pytorch-$key-${threads}t.time" $pin /usr/bin/python3 "$PY" --cell "$cell" --hidden "$hidden" \
          --layers "$layers" --batch 32 --seq 64 --lr 2e-3 --clip 5 --seconds "$SECS" --threads $threads --val-chars 2000 \
          $([ "$key" = lstm-1x256 ] && echo "--sample 2000") --corpus "$CORPUS" 2> "$OUT/pytorch-$key-${threads}t.log")
      echo "$json" > "$OUT/pytorch-$key-${threads}t.json"
      cps=$(json_get "$json" chars_per_sec)
      if faster "$cps" "$best"; then best=$cps; bestt=$threads; fi
      if [ "$key" = lstm-1x256 ]; then
        echo "peer pytorch sample lstm-1x256 chars/s=$(json_get "$json" sample_chars_per_sec) threads=$threads"
      fi
    done
    [ "$key" = lstm-1x256 ] && PEER_QUALITY_THREADS=$bestt
    echo "peer pytorch train $key-b32-t64 chars/s=$best threads=$bestt peak_rss_mb=$(rss_mb "$OUT/pytorch-$key-${bestt}t.time") ratio=$(python3 -c "print(round(${OURS[$key]} / $best, 2))")"
    if [ "$cell" != gru ]; then   # the DL4J peer has LSTM and SimpleRnn layers only
      quiet
      json=$(OMP_NUM_THREADS=1 /usr/bin/time -v -o "$OUT/dl4j-$key.time" taskset -c 0 java -jar $DL4J/target/dl4j-charlm-bench.jar \
          --cell "$cell" --hidden "$hidden" --layers "$layers" --seconds "$SECS" --val-chars 2000 \
          $([ "$key" = lstm-1x256 ] && echo "--sample 2000") --corpus "$CORPUS" 2> "$OUT/dl4j-$key.log")
      echo "$json" > "$OUT/dl4j-$key.json"
      cps=$(json_get "$json" chars_per_sec)
      echo "peer dl4j train $key-b32-t64 chars/s=$cps threads=1 peak_rss_mb=$(rss_mb "$OUT/dl4j-$key.time") ratio=$(python3 -c "print(round(${OURS[$key]} / $cps, 2))")"
      if [ "$key" = lstm-1x256 ]; then
        echo "peer dl4j sample lstm-1x256 chars/s=$(json_get "$json" sample_chars_per_sec) threads=1"
      fi
    fi
  done
fi

# ---- 5. quality at equal time ----------------------------------------------------------------------
# LSTM 1x256 with a V x V embedding and PyTorch's default initialisation: the peer's model exactly. Two
# recipes, each given to both engines: "same" is the peer's (Adam 2e-3, global-norm clip 5, nothing else);
# "decay" adds char-rnn's per-epoch learning-rate decay (x0.85 after every epoch from the 3rd), which the
# peer gets from scripts/pytorch_lr_decay.py. Ours is validated every 250 steps and keeps its best weights,
# as a CharLM job does (val_bpc; val_bpc_last is the last weights'); validation time is not training time,
# for either engine. The peer's figure is its last weights' (it validates once, at the end). The peer runs in
# the thread setting that trained LSTM 1x256 faster in this run (probed for 20 s each when section 4 was skipped).
if [ $QUICK = 0 ] && [ $PEERS = 1 ] && [ -z "${PEER_QUALITY_THREADS:-}" ]; then
  best=0 PEER_QUALITY_THREADS=1
  for threads in 1 2; do
    quiet
    pin=$(pin_for $threads)
    json=$($pin /usr/bin/python3 "$PY" --cell lstm --hidden 256 --layers 1 --batch 32 --seq 64 --seconds 20 --threads $threads \
        --val-chars 2000 --corpus "$CORPUS" 2> /dev/null)
    cps=$(json_get "$json" chars_per_sec)
    if faster "$cps" "$best"; then best=$cps; PEER_QUALITY_THREADS=$threads; fi
  done
  note "pytorch quality runs use $PEER_QUALITY_THREADS thread(s) (20 s probe: $best chars/s)"
fi
if [ $QUICK = 0 ]; then
  for t in 120 $([ $LONG = 1 ] && echo 600); do
    for recipe in same decay; do
      sched=(); [ $recipe = decay ] && sched=(--lr-decay 0.85 --lr-decay-after 3)
      quiet
      ours=$("${TRAIN_JAVA[@]}" -cp "$CP" dev.charlm.bench.TrainingBenchmark --corpus "$CORPUS" --cell lstm --hidden 256 \
          --embed 65 --init torch "${sched[@]}" --seconds $t --val-chars 0 --eval-every 250 --peak-gflops "$PEAK" \
          2> "$OUT/quality-$t-$recipe.log" | grep '^train' | sed "s/^train/quality ${t}s recipe=$recipe/")
      echo "$ours"
      if [ $PEERS = 1 ]; then
        quiet
        pin=$(pin_for "$PEER_QUALITY_THREADS")
        json=$($pin /usr/bin/python3 scripts/pytorch_lr_decay.py "$PY" "${sched[@]}" --cell lstm --hidden 256 --layers 1 \
            --batch 32 --seq 64 --lr 2e-3 --clip 5 --seconds $t --threads "$PEER_QUALITY_THREADS" --corpus "$CORPUS" \
            2> "$OUT/pytorch-quality-$t-$recipe.log")
        echo "$json" > "$OUT/pytorch-quality-$t-$recipe.json"
        peer=$(json_get "$json" val_bits_per_char)
        echo "peer pytorch quality ${t}s recipe=$recipe lstm-1x256 val_bpc=$peer epochs=$(json_get "$json" epochs_completed) threads=$PEER_QUALITY_THREADS ours_minus_peer=$(python3 -c "print(round($(field "$ours" val_bpc) - $peer, 4))")"
      fi
    done
  done
fi

# ---- 6. the report's other figures (--report): the 100 MB corpus and two jobs at once, in the same run -------
if [ $REPORT = 1 ]; then
  big_corpus
  concurrency
fi
note "raw outputs in $OUT"
