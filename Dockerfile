# syntax=docker/dockerfile:1.7
# quoth: multi-stage build. The runtime image is distroless (glibc, no shell), runs as the
# non-root uid 65532 on a read-only root filesystem, carries the vendored model and needs no
# network at run time. CI replays the runtime stage without Docker (.ci/run).
ARG RUST_VERSION=1.95

FROM rust:${RUST_VERSION}-slim-bookworm AS chef
RUN cargo install cargo-chef --locked --version 0.1.78
WORKDIR /build

# Dependency recipe: a source change does not rebuild every crate.
FROM chef AS planner
COPY Cargo.toml Cargo.lock ./
COPY crates ./crates
COPY src ./src
COPY benches ./benches
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS builder
COPY --from=planner /build/recipe.json recipe.json
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    cargo chef cook --release --locked --recipe-path recipe.json
COPY Cargo.toml Cargo.lock ./
COPY crates ./crates
COPY src ./src
COPY openapi ./openapi
COPY benches ./benches
COPY tests ./tests
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    cargo build --release --locked --bin quoth \
 && cp target/release/quoth /usr/local/bin/quoth

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=builder /usr/local/bin/quoth /quoth
COPY models /models
ENV QUOTH_BIND=0.0.0.0 \
    QUOTH_PORT=8080 \
    QUOTH_MODEL=/models/en_core_web_sm-3.8.0 \
    QUOTH_LOG_FORMAT=json
WORKDIR /
EXPOSE 8080
USER 65532:65532
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=3s --start-period=30s --retries=3 \
  CMD ["/quoth", "healthcheck"]
ENTRYPOINT ["/quoth"]
CMD ["serve"]
