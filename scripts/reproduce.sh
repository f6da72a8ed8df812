#!/usr/bin/env bash
# Reproduces the seed experiments through the HTTP API and writes docs/REPRODUCTIONS.md and docs/img/*.png.
# On demand, never in CI: about half an hour on 2 cores.
#
#   scripts/reproduce.sh [experiment ...]     (default: all of d2l-jaychou d2l-timemachine min-char-rnn
#                                              dinosaurs numpy-rnn char-rnn)
#
# Starts the service on a free port with a temporary data directory, runs scripts/reproduce.py against it
# (Debian's python3 with matplotlib, installed with apt-get when missing), then stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! /usr/bin/python3 -c 'import matplotlib' 2> /dev/null; then
  echo "# installing python3-matplotlib" >&2
  apt-get install -y python3-matplotlib > /dev/null
fi
./mvnw -q -B -DskipTests package
JAR=$(ls target/charlm-*.jar | head -1)
PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("",0)); print(s.getsockname()[1])')
DATA=$(mktemp -d)
java --add-modules jdk.incubator.vector -jar "$JAR" --server.port="$PORT" --charlm.data-dir="$DATA" \
     --charlm.bootstrap.enabled=false > "$DATA.log" 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 60); do curl -fs "localhost:$PORT/actuator/health" > /dev/null && break; sleep 1; done
/usr/bin/python3 scripts/reproduce.py --base "http://localhost:$PORT" --out docs ${1:+--only "$@"}
echo "# wrote docs/REPRODUCTIONS.md (service log: $DATA.log)" >&2
