#!/usr/bin/env bash
# Where a training step spends its time: trains one config for --seconds under Java Flight Recorder and
# prints the share of CPU samples in each phase of the step (on demand, never in CI).
#
#   scripts/profile.sh [--cell lstm --layers 1 --hidden 256 --seconds 20 ...]   (TrainingBenchmark options)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests test-compile   # TrainingBenchmark is in the test sources, out of the jar
./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/cp.txt > /dev/null
JFR=$(mktemp --suffix=.jfr)
java --add-modules jdk.incubator.vector -XX:+UseSerialGC -XX:StartFlightRecording=filename="$JFR",settings=profile \
     -cp "target/classes:target/test-classes:$(cat target/cp.txt)" dev.charlm.bench.TrainingBenchmark --seconds 20 "$@" 2> /dev/null | grep '^train'
jfr print --stack-depth 64 --events jdk.ExecutionSample "$JFR" | python3 -c '
import re, sys, collections
# a sample belongs to the innermost frame that names a phase of the step
phases = [
    ("Network.recurrence", "forward: recurrent products and cell arithmetic, step by step"),
    ("Network.backwardThroughTime", "backward: through time, step by step"),
    ("Network.weightGradients", "weight gradients: one product per matrix over all B*T rows"),
    ("Network.loss", "softmax and cross-entropy"),
    ("Network.forward", "forward: input projection and output layer (all steps at once)"),
    ("Network.backward", "backward: output layer and inputs (all steps at once)"),
    ("Optimizer", "optimizer update"),
    ("PackedWeights.refresh", "packing the weights for the kernel"),
    ("Clipping", "gradient norm and clipping"),
]
kinds = [("VectorMatMul", "matrix kernel"), ("PackedMatrix", "matrix kernel"),
         ("Pointwise", "element-wise"), ("FastMath", "element-wise")]
counts, kernel, total, stack = collections.Counter(), collections.Counter(), 0, []
def flush():
    global total
    if not stack:
        return
    total += 1
    phase = next((name for frame in stack for key, name in phases if key in frame),
                 "other (set-up, evaluation, glue)")
    # the innermost frame of ours: JDK frames on top are the Vector API and bounds checks it inlines
    own = next((frame for frame in stack if frame.startswith("dev.charlm")), "")
    kind = next((k for key, k in kinds if key in own), "other code")
    counts[phase] += 1
    kernel[(phase, kind)] += 1
for line in sys.stdin:
    if "jdk.ExecutionSample" in line:
        flush(); stack = []
    elif re.match(r"\s+[a-z].*line:", line):
        stack.append(line.strip())
flush()
print(" share  matrix kernel  element-wise  phase")
for name, n in counts.most_common():
    mk = 100.0 * kernel[(name, "matrix kernel")] / total
    ew = 100.0 * kernel[(name, "element-wise")] / total
    print(f"{100.0 * n / total:5.1f}%  {mk:12.1f}%  {ew:11.1f}%  {name}")
print(f"({total} samples of the threads running Java code; matrix kernel and element-wise are parts of the share)")
'
rm -f "$JFR"
