#!/usr/bin/env bash
# Checks without Docker that deploy/docker/Dockerfile builds on a clean checkout: it copies the
# build context (the sources, filtered by .dockerignore), runs the `npm` commands of the
# Dockerfile's build stage there (npm ci, npm run build), then for each workload stages its image
# like the Dockerfile does, runs the runtime stage's `npm` commands (production dependencies
# only) and starts it once with an empty environment: it must get as far as rejecting its
# configuration, which proves every module it loads is in the image. When PostgreSQL answers at
# CHECK_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432), it also runs each image's
# migration step (node /app/migrate.js) twice against a throwaway database.
#
#   deploy/check-dockerfile-build.sh [workload ...]   (default: the four services and the sandbox)
#
# Needs the npm registry (or a warm npm cache); takes a few minutes. Meant for CI, not `npm test`.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DOCKERFILE="$ROOT/deploy/docker/Dockerfile"
WORKLOADS=("$@")
[ ${#WORKLOADS[@]} -gt 0 ] || WORKLOADS=(onboarding webhook-ingest channel-registry credential-vault d360-sandbox)

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
log() { printf '[check-dockerfile-build] %s\n' "$*"; }

# One Dockerfile stage's `RUN npm …` commands and its COPYs from the build context, one per line
# ("RUN <command>" / "COPY <sources…> <destination>"), continuation lines joined.
instructions_of_stage() {
  node -e '
    const [file, wanted] = process.argv.slice(1);
    const lines = require("node:fs").readFileSync(file, "utf8").replace(/\\\n\s*/g, " ").split("\n");
    let stage;
    for (const line of lines) {
      const from = /^FROM\s+\S+(?:\s+AS\s+(\S+))?/i.exec(line);
      if (from) stage = from[1];
      else if (stage === wanted && /^(RUN\s+npm\s|COPY\s+(?!--from))/.test(line)) console.log(line);
    }' "$DOCKERFILE" "$1"
}

# Runs a stage's npm commands in a directory that stands for the stage's WORKDIR; COPYs whose
# destination is under /app land in the same directory (the runtime stage's WORKDIR is /app).
replay_stage() { # stage, directory, log prefix
  local instruction
  while IFS= read -r instruction; do
    case "$instruction" in
      RUN\ *)
        log "$3: ${instruction#RUN }"
        (cd "$2" && bash -c "${instruction#RUN }") ;;
      COPY\ *)
        read -r -a words <<<"${instruction#COPY }"
        local destination="${words[-1]}"
        [[ "$destination" == /app/* ]] || continue
        for source in "${words[@]:0:${#words[@]}-1}"; do cp -a "$WORK/context/$source" "$2/${destination#/app/}"; done ;;
    esac
  done < <(instructions_of_stage "$1")
}

# Applies the staged image's migrations to a throwaway database, then again: the first run must
# apply them, the second must find the schema up to date.
check_migrations() { # workload, staged /app, service directory in it
  local database="deploy_check_${1//-/_}_$$" base="${CHECK_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}" first second
  first="$(cd "$2/$3" && env -i PATH="$PATH" SERVICE="$1" DATABASE_URL="$base/$database" node "$2/migrate.js" 2>&1 || true)"
  second="$(cd "$2/$3" && env -i PATH="$PATH" SERVICE="$1" DATABASE_URL="$base/$database" node "$2/migrate.js" 2>&1 || true)"
  psql "$base/postgres" -qc "DROP DATABASE IF EXISTS $database" >/dev/null
  if [[ "$first" != *'"msg":"database migrations applied"'* || "$second" != *'"msg":"database schema up to date"'* ]]; then
    printf '%s\n%s\n' "$first" "$second" >&2
    return 1
  fi
}

# Own npm cache (seeded from the usual one) so `npm cache clean` in the Dockerfile cleans only it.
export npm_config_cache="$WORK/npm-cache"
USER_CACHE="$(npm config get cache 2>/dev/null || true)"
if [ -d "$USER_CACHE" ]; then cp -a "$USER_CACHE/." "$npm_config_cache/" 2>/dev/null || mkdir -p "$npm_config_cache"; fi

log "copying the build context"
mkdir -p "$WORK/context"
grep -v -e '^#' -e '^$' "$ROOT/.dockerignore" | sed 's#^\*\*/##' >"$WORK/excludes"
tar -C "$ROOT" --exclude-from="$WORK/excludes" -cf - . | tar -C "$WORK/context" -xf -

replay_stage build "$WORK/context" "build stage"

for workload in "${WORKLOADS[@]}"; do
  service_dir="services/$workload"
  [ "$workload" = d360-sandbox ] && service_dir="test/d360-sandbox"
  stage="$WORK/stage/$workload"
  log "$workload: staging $service_dir"
  (cd "$WORK/context" && node deploy/docker/stage-service.js "$service_dir" "$stage")
  app="$stage/manifests"
  SERVICE="$workload" SERVICE_DIR="$service_dir" replay_stage runtime "$app" "$workload: runtime stage"
  cp -a "$stage/app/." "$app/"

  # An empty environment (the sandbox needs one bad value: it has defaults for everything).
  output="$(cd "$app/$service_dir" && env -i PATH="$PATH" SANDBOX_PORT=not-a-port node dist/src/main.js 2>&1 || true)"
  if ! grep -q 'invalid configuration' <<<"$output" || grep -q 'Cannot find module' <<<"$output"; then
    log "$workload: the staged image did not start as far as its configuration check:"
    printf '%s\n' "$output" >&2
    exit 1
  fi
  if [ "$workload" != d360-sandbox ] && pg_isready -q -d "${CHECK_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}/postgres" 2>/dev/null; then
    log "$workload: migration step"
    check_migrations "$workload" "$app" "$service_dir" || { log "$workload: the migration step failed"; exit 1; }
  fi
  log "$workload: ok ($(du -sh "$app" | cut -f1) staged)"
done
log "the Dockerfile's npm commands succeed on a clean checkout"
