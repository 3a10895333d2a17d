#!/usr/bin/env bash
# Runs `stem bench pipeline` from the bundles: .devpool's runtime and jars (unpacked by run.sh into
# DEVPOOL_DIR) plus the DL4J/ND4J/Streams jars in ND_DIR (unpacked from .devnd/a.tar.xz and
# b.tar.xz), with registry.py as the registry. OUT required; PIPE_WARMUP (default 150), PIPE_REQUESTS (3000).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
: "${OUT:?set OUT}"
B="${DEVPOOL_DIR:?set DEVPOOL_DIR}/devpool"
ND="${ND_DIR:?set ND_DIR}/nd/lib"
PORT="${REGISTRY_PORT:-8082}"
LOG="$OUT/bench-pipeline-16.log"
PY="$(command -v python3)"
"$PY" "$HERE/registry.py" --port "$PORT" > "$OUT/registry-pipeline.log" 2>&1 &
REG_PID=$!
trap 'kill $REG_PID 2>/dev/null || true' EXIT
URL="http://127.0.0.1:$PORT/apis/ccompat/v7"
for i in $(seq 50); do "$PY" -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1],timeout=1)" "$URL/subjects" 2>/dev/null && break; sleep 0.2; done
if [[ -z "${OPENBLAS_CORETYPE:-}" ]] && grep -q avx512f /proc/cpuinfo 2>/dev/null; then export OPENBLAS_CORETYPE=SkylakeX; fi
export OMP_NUM_THREADS=1 # as the launcher sets it for bench pipeline
echo "== bench pipeline --requests ${PIPE_REQUESTS:-3000} --warmup-seconds ${PIPE_WARMUP:-150} ($(nproc --all) cores)" | tee "$LOG"
set +e
"$B/jre/bin/java" -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -Xmx3g ${STEM_JAVA_OPTS:-} \
  -Dstem.registry.jar="$B/no-registry-runner.jar" -Dstem.home="$ROOT" -Dorg.apache.avro.SERIALIZABLE_PACKAGES=org.stemstream \
  -cp "$B/stem.jar:$B/lib/*:$ND/*" org.stemstream.cli.StemCli \
  bench pipeline --requests "${PIPE_REQUESTS:-3000}" --warmup-seconds "${PIPE_WARMUP:-150}" ${PIPE_ARGS:-} \
  --json "$OUT/bench-pipeline-16.json" --schema-registry-url "$URL" 2>&1 | tee -a "$LOG"
rc=${PIPESTATUS[0]}
echo "== exit $rc" | tee -a "$LOG"
exit $rc
