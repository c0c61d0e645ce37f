# syntax=docker/dockerfile:1
# steerbot, compiled, on Node 20 (see compose.yaml for the whole server: PostgreSQL, Redis, workers).
#   docker build -t steerbot .
# test/deploy/container.test.ts runs this file's COPY and npm steps in a temp copy of the repository;
# the image itself has not been built on the development machine (no container engine there).

# --- build: every package, then tsc to dist/ (with the migrations and the unit directory) ---
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The npm cache is a build cache mount, never a layer of the image.
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY commands ./commands
COPY jobs ./jobs
COPY drizzle ./drizzle
COPY seed ./seed
RUN npm run build

# --- run: the production packages and dist/ only; no TypeScript tooling ---
FROM node:20-slim
# The weekly chart is drawn by resvg with the system fonts.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
# DATA_DIR holds the embedded database when DATABASE_URL is unset (one process only).
ENV NODE_ENV=production DATA_DIR=/data PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund
# dist/ holds dist/drizzle (the migrations) and dist/seed (the unit directory) beside the code.
COPY --from=build /app/dist ./dist
RUN mkdir -p /data /backups && chown node:node /data /backups
USER node
EXPOSE 3000
VOLUME ["/data"]
# SIGTERM: the bot stops its adapters, lets active jobs finish and closes the database, exit 0.
STOPSIGNAL SIGTERM
# No curl in the slim image: node's fetch asks /healthz (200 when the database answers).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/main.js"]
