#!/usr/bin/env bash
# Checks that PyTorch computes CharLM's logits from a safetensors export, and that CharLM computes PyTorch's
# from an import, for each cell (docs/EXPORT.md). On demand, never in CI: about a minute on 2 cores.
#
#   scripts/check-export.sh                      starts the service on a free port with a temporary data directory
#   CHARLM_URL=http://localhost:8080 scripts/check-export.sh        uses a running one (with its API token in
#                                                                   CHARLM_API_TOKEN, if it has one)
#   CHARLM_JAR=target/charlm-0.1.0-SNAPSHOT.jar scripts/check-export.sh    starts that jar without building
#
# Uses Debian's python3-torch and python3-numpy (installed with apt-get when missing); the safetensors file is
# parsed by a few lines of scripts/check_export.py, as Debian has no python3-safetensors.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! /usr/bin/python3 -c 'import torch, numpy' 2> /dev/null; then
  echo "# installing python3-torch python3-numpy" >&2
  apt-get install -y python3-torch python3-numpy > /dev/null
fi
if [ -n "${CHARLM_URL:-}" ]; then
  exec /usr/bin/python3 scripts/check_export.py --base "$CHARLM_URL"
fi
if [ -z "${CHARLM_JAR:-}" ]; then
  ./mvnw -q -B -DskipTests package
  CHARLM_JAR=$(ls target/charlm-*.jar | head -1)
fi
PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("",0)); print(s.getsockname()[1])')
DATA=$(mktemp -d)
java --add-modules jdk.incubator.vector -jar "$CHARLM_JAR" --server.port="$PORT" --charlm.data-dir="$DATA" \
     --charlm.bootstrap.enabled=false > "$DATA.log" 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 60); do curl -fs "localhost:$PORT/actuator/health" > /dev/null && break; sleep 1; done
/usr/bin/python3 scripts/check_export.py --base "http://localhost:$PORT"
