#!/usr/bin/env bash
# Class-data sharing (CDS) for a faster start: the classes a start loads, parsed and verified once, mapped from
# an archive by every later start (README, "Running"; docs: Spring Boot's "Class Data Sharing").
#
#   scripts/cds.sh [JAR]    JAR defaults to target/charlm-*.jar (./mvnw package makes it)
#
# Writes target/charlm/ (the jar extracted: charlm.jar and lib/, which CDS needs: it cannot read classes nested in
# a jar) and target/charlm.jsa (the archive), then prints the command that starts with it. The archive comes from a
# training run: the service starts on a scratch data directory holding a few models (the 0.1 upgrade fixture, when
# the sources are here) and stops as soon as its context is refreshed (spring.context.exit=onRefresh), so that the
# JVM writes every class loaded until then. The archive is valid only for this JVM and these jars: make it again
# after a rebuild or a JDK update (a stale archive is refused with a warning, and the service starts without it).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${1:-$(ls target/charlm-*.jar | head -1)}
OUT=target/charlm
ARCHIVE=target/charlm.jsa
JAVA_OPTS=(--add-modules jdk.incubator.vector)

rm -rf "$OUT" "$ARCHIVE"
java -Djarmode=tools -jar "$JAR" extract --destination "$OUT" --application-filename charlm.jar
DATA=$(mktemp -d)
trap 'rm -rf "$DATA"' EXIT
FIXTURE=src/test/resources/upgrade/data-v0.1
[ -d "$FIXTURE" ] && cp -r "$FIXTURE"/. "$DATA"
# -Xlog keeps CDS's notes on classes it cannot archive (old bytecode, failed verification) out of the output
java "${JAVA_OPTS[@]}" -XX:ArchiveClassesAtExit="$ARCHIVE" -Xlog:cds=error -Dspring.context.exit=onRefresh \
    -jar "$OUT/charlm.jar" --charlm.data-dir="$DATA" --charlm.bootstrap.enabled=false --server.port=0 \
    --logging.level.root=warn --spring.main.banner-mode=off
[ -s "$ARCHIVE" ] || { echo "no archive written to $ARCHIVE" >&2; exit 1; }
echo "CDS archive: $ARCHIVE ($(du -h "$ARCHIVE" | cut -f1)). Start with:"
echo "  java ${JAVA_OPTS[*]} -XX:SharedArchiveFile=$ARCHIVE -jar $OUT/charlm.jar"
