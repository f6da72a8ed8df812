# syntax=docker/dockerfile:1
# CharLM: build with the JDK, run on a small runtime image with Spring Boot's layered jar and a class-data
# sharing (CDS) archive made by a training run of the application, and Spring AOT in the embedded mode (README,
# "Starting faster").
#   docker build -t charlm .
#   docker run -p 8080:8080 -v charlm-data:/data charlm

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -ntp -q dependency:go-offline
COPY src src
# Extracted without the launcher: the application jar names its libraries in lib/, the layout CDS can read
RUN ./mvnw -B -ntp -q -DskipTests package \
 && cp target/charlm-*.jar app.jar \
 && java -Djarmode=tools -jar app.jar extract --layers --destination /layers --application-filename charlm.jar
# A runtime with every JDK module but the tools, so that jdk.incubator.vector (the fast matrix
# kernel) is there whatever the vendor's JRE includes; -Xshare:dump gives it the JDK's own CDS archive,
# which the application's archive below extends.
RUN jlink --add-modules ALL-MODULE-PATH --strip-debug --no-man-pages --no-header-files --compress=2 --output /jre \
 && /jre/bin/java -Xshare:dump > /dev/null

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app charlm \
 && mkdir -p /data /app \
 && chown charlm /data
COPY --from=build /jre /opt/java
ENV PATH=/opt/java/bin:$PATH \
    CHARLM_DATA_DIR=/data
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
# The CDS training run (as scripts/cds.sh does): start on a scratch data directory holding the 0.1 upgrade
# fixture's models, stop once the context is refreshed, and archive every class loaded until then. It runs here,
# in the final image, because an archive is valid only for the JVM and the jar files (paths, sizes, times) it was
# made with. A start whose archive does not match runs without it.
COPY --from=build /src/src/test/resources/upgrade/data-v0.1 /tmp/cds-data
# Two archives: one of a Spring AOT start (the embedded mode's), one of a plain start (cluster mode, which AOT
# refuses); /app/start below picks the one that matches the settings.
RUN for mode in aot plain; do \
      java --add-modules=jdk.incubator.vector -XX:ArchiveClassesAtExit=charlm-$mode.jsa -Xlog:cds=error \
        $([ $mode = aot ] && echo -Dspring.aot.enabled=true) \
        -Dspring.context.exit=onRefresh -jar charlm.jar --charlm.data-dir=/tmp/cds-data \
        --charlm.bootstrap.enabled=false --server.port=0 --logging.level.root=warn --spring.main.banner-mode=off || exit 1; \
    done \
 && rm -rf /tmp/cds-data \
 && printf '%s\n' '#!/bin/sh' \
    '# the engine reaches C2 after a twentieth of the usual calls, so the warm-up that readiness waits for is shorter' \
    '# (set -f: the pattern in it is not a file name)' \
    'set -f' \
    'JIT="-XX:CompileCommand=quiet -XX:CompileCommand=CompileThresholdScaling,dev.charlm.engine.*::*,0.05"' \
    '# AOT only in the embedded mode: its bean definitions were decided at build time without cluster mode' \
    'if [ "${CHARLM_CLUSTER_ENABLED:-false}" = true ]; then' \
    '  exec java --add-modules=jdk.incubator.vector $JIT -XX:SharedArchiveFile=charlm-plain.jsa -jar charlm.jar "$@"' \
    'fi' \
    'exec java --add-modules=jdk.incubator.vector $JIT -XX:SharedArchiveFile=charlm-aot.jsa -Dspring.aot.enabled=true -jar charlm.jar "$@"' \
    > /app/start && chmod +x /app/start
USER charlm
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS http://localhost:8080/actuator/health || exit 1
ENTRYPOINT ["/app/start"]
