# syntax=docker/dockerfile:1
# CharLM: build with the JDK, run on a small runtime image with Spring Boot's layered jar.
#   docker build -t charlm .
#   docker run -p 8080:8080 -v charlm-data:/data charlm

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -ntp -q dependency:go-offline
COPY src src
RUN ./mvnw -B -ntp -q -DskipTests package \
 && cp target/charlm-*.jar app.jar \
 && java -Djarmode=tools -jar app.jar extract --layers --launcher --destination /layers
# A runtime with every JDK module but the tools, so that jdk.incubator.vector (the fast matrix
# kernel) is there whatever the vendor's JRE includes.
RUN jlink --add-modules ALL-MODULE-PATH --strip-debug --no-man-pages --no-header-files --compress=2 --output /jre

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app charlm \
 && mkdir -p /data /app \
 && chown charlm /data
COPY --from=build /jre /opt/java
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
USER charlm
VOLUME /data
EXPOSE 8080
ENV PATH=/opt/java/bin:$PATH \
    CHARLM_DATA_DIR=/data
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS http://localhost:8080/actuator/health || exit 1
ENTRYPOINT ["java", "--add-modules=jdk.incubator.vector", "org.springframework.boot.loader.launch.JarLauncher"]
