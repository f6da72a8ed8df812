#!/usr/bin/env bash
# Class-data sharing (CDS) and Spring AOT for a faster start: the classes a start loads, parsed and verified once,
# mapped from an archive by every later start, and the bean definitions generated at build time (README, "Starting
# faster"; docs: Spring Boot's "Class Data Sharing" and "Ahead-of-Time Processing With the JVM").
#
#   scripts/cds.sh [JAR]    JAR defaults to target/charlm-*.jar (./mvnw package makes it, with the AOT classes)
#
# Writes target/charlm/ (the jar extracted: charlm.jar and lib/, which CDS needs: it cannot read classes nested in
# a jar), target/charlm.jsa (the archive of an AOT start, -Dspring.aot.enabled=true, for the embedded mode) and
# target/charlm-no-aot.jsa (of a start without AOT, for any other mode, e.g. cluster mode, which AOT refuses), then
# prints the commands that start with them. Each archive comes from a training run: the service starts on a
# scratch data directory holding a few models (the 0.1 upgrade fixture, when the sources are here) and stops as
# soon as its context is refreshed (spring.context.exit=onRefresh), so that the JVM writes every class loaded until
# then. An archive is valid only for this JVM and these jars: make them again after a rebuild or a JDK update (a
# stale archive is refused with a warning, and the service starts without it).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${1:-$(ls target/charlm-*.jar | head -1)}
OUT=target/charlm
ARCHIVE=target/charlm.jsa
PLAIN_ARCHIVE=target/charlm-no-aot.jsa
JAVA_OPTS=(--add-modules jdk.incubator.vector)

rm -rf "$OUT" "$ARCHIVE" "$PLAIN_ARCHIVE"
java -Djarmode=tools -jar "$JAR" extract --destination "$OUT" --application-filename charlm.jar
DATA=$(mktemp -d)
trap 'rm -rf "$DATA"' EXIT
FIXTURE=src/test/resources/upgrade/data-v0.1
[ -d "$FIXTURE" ] && cp -r "$FIXTURE"/. "$DATA"
# -Xlog keeps CDS's notes on classes it cannot archive (old bytecode, failed verification) out of the output
archive() {  # ARCHIVE [JVM options]
  local archive=$1; shift
  java "${JAVA_OPTS[@]}" "$@" -XX:ArchiveClassesAtExit="$archive" -Xlog:cds=error -Dspring.context.exit=onRefresh \
      -jar "$OUT/charlm.jar" --charlm.data-dir="$DATA" --charlm.bootstrap.enabled=false --server.port=0 \
      --logging.level.root=warn --spring.main.banner-mode=off
  [ -s "$archive" ] || { echo "no archive written to $archive" >&2; exit 1; }
}
archive "$ARCHIVE" -Dspring.aot.enabled=true
archive "$PLAIN_ARCHIVE"
echo "CDS archives: $ARCHIVE ($(du -h "$ARCHIVE" | cut -f1)), $PLAIN_ARCHIVE ($(du -h "$PLAIN_ARCHIVE" | cut -f1)). Start with:"
# the engine's lower JIT thresholds (README): they do not keep an archive from mapping
JIT="-XX:CompileCommand=quiet '-XX:CompileCommand=CompileThresholdScaling,dev.charlm.engine.*::*,0.05'"
echo "  java ${JAVA_OPTS[*]} $JIT -XX:SharedArchiveFile=$ARCHIVE -Dspring.aot.enabled=true -jar $OUT/charlm.jar"
echo "or, in cluster mode or with a setting the AOT build did not assume (the AOT start refuses it and says which):"
echo "  java ${JAVA_OPTS[*]} $JIT -XX:SharedArchiveFile=$PLAIN_ARCHIVE -jar $OUT/charlm.jar"
