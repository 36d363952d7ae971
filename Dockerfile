# syntax=docker/dockerfile:1
# The grants platform as one image: the Remix build plus the TypeScript server, migration and
# seed scripts, which run with tsx at start-up (tsx, prisma and the WebAssembly schema engine
# are run-time dependencies). node_modules is copied whole, unpruned, to keep this simple.
# See docs/deployment.md.

FROM node:20-bookworm-slim AS base
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

# ---------------------------------------------------------------- dependencies
FROM base AS deps
# `npm ci` runs the postinstall `node scripts/prisma-generate.mjs`, which generates the Prisma
# client from prisma/schema.prisma into app/generated/. Generation never uses the native schema
# engine, so any executable satisfies Prisma's check (docs/decisions/0002-wasm-schema-engine.md).
ENV PRISMA_SCHEMA_ENGINE_BINARY=/bin/true \
    CHECKPOINT_DISABLE=1
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma/schema.prisma ./prisma/schema.prisma
COPY scripts/prisma-generate.mjs ./scripts/prisma-generate.mjs
# Dev dependencies included: the build needs them. NODE_ENV is deliberately unset here.
RUN npm ci

# ---------------------------------------------------------------- build
FROM deps AS build
# .dockerignore keeps node_modules, app/generated and local data out of the context, so this
# merges the sources into what `npm ci` produced without overwriting the generated client.
COPY . .
RUN npm run build

# ---------------------------------------------------------------- runtime
FROM base AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
# Owned by root and read-only for the app user: the server writes nothing under /app in
# production (data lives in PostgreSQL and S3; tsx caches in /tmp).
COPY --from=build /app /app
USER node
EXPOSE 3000

HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# Migrations take a PostgreSQL advisory lock, so replicas starting together are safe; reference
# data is seeded idempotently (demo data never: DATABASE_URL is set). Then the server starts
# with what `npm run serve` runs, but exec'd directly: `npm run` puts a shell between npm and
# tsx that does not pass SIGTERM on, so the server would be killed instead of closing
# gracefully. tsx relays SIGTERM to the server.
CMD ["sh", "-c", "npm run db:migrate && npm run db:seed && exec node_modules/.bin/tsx server/index.ts"]
