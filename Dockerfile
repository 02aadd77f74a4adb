# deploy-lint as a container: the Drone plugin image, also usable as
#   docker run --rm -v "$PWD:/drone/src" IMAGE --format concise
# With no arguments and DRONE=true it runs in plugin mode (PLUGIN_* settings,
# see README "Integrations").

# Build stage: the TypeScript build needs the dev dependencies.
FROM node:20-slim AS build
WORKDIR /src
COPY package.json package-lock.json .npmrc tsconfig.json tsconfig.build.json ./
COPY bin bin
COPY data data
COPY rules rules
COPY scripts scripts
COPY bench bench
# The build compiles bench/, which imports the reference Nix printer the differential test uses
# (bench/nix-parse-child.ts --print) and the unit-set generator (bench/units.ts, bench/run.ts).
COPY test/nix-reference test/nix-reference
COPY test/helpers/unit-gen.ts test/helpers/unit-gen.ts
COPY src src
# The build lints the example and the rule cases once to make the bundle's V8 code cache (scripts/train-code-cache.mjs).
COPY examples examples
COPY fixtures fixtures
# `prepare` runs the build (tsc → dist/).
RUN npm ci --no-audit --no-fund

# Runtime stage: production dependencies and the build output only.
FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /opt/deploy-lint
COPY package.json package-lock.json .npmrc ./
# --ignore-scripts: `prepare` would need the dev dependencies (tsc), and the
# parsers load their tree-sitter grammars as wasm, so no native build is needed.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist dist
COPY bin bin
COPY data data
RUN ln -s /opt/deploy-lint/bin/deploy-lint.js /usr/local/bin/deploy-lint
# Drone mounts the repository here and runs steps in it.
WORKDIR /drone/src
ENTRYPOINT ["deploy-lint"]
