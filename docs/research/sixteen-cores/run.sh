#!/usr/bin/env bash
# Runs `stem bench pool` from the self-contained bundle in this folder (.devpool/, made by
# prepare.sh): a jlink'd Java 17 runtime and the jars that path needs, in payload.tar.xz, plus
# registry.py, a Python stand-in for the schema registry. No Java and no network needed.
#
#   OUT=/some/empty/dir bash .devpool/run.sh
#
# Environment: OUT (required: bench-pool-16.json, bench-pool-16.log and registry.log go there),
# MEMBERS (default 1,2,4), WARMUP (seconds per pool size, default 45), REQUESTS (default 100000),
# EXTRA_ARGS (more bench pool options, e.g. "--library-seconds 5"), STEM_JAVA_OPTS (added after the
# launcher's defaults; the last -Xmx wins), REGISTRY_PORT (default 8081), DEVPOOL_DIR (where the
# payload is unpacked; default /tmp/devpool-<checksum>).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
: "${OUT:?set OUT to a writable folder}"
mkdir -p "$OUT"
MEMBERS="${MEMBERS:-1,2,4}"
WARMUP="${WARMUP:-45}"
REQUESTS="${REQUESTS:-100000}"
PORT="${REGISTRY_PORT:-8081}"
LOG="$OUT/bench-pool-16.log"
JSON="$OUT/bench-pool-16.json"
PY="$(command -v python3 || command -v python)"

: > "$LOG"
say() { echo "$@" | tee -a "$LOG"; }

# unpack the runtime and jars once per payload
SUM="$(cksum < "$HERE/payload.tar.xz" | cut -d' ' -f1)"
DIR="${DEVPOOL_DIR:-/tmp/devpool-$SUM}"
if [[ ! -f "$DIR/.complete" ]]; then
  rm -rf "$DIR" && mkdir -p "$DIR"
  t0=$(date +%s)
  if command -v xz >/dev/null && command -v tar >/dev/null; then
    xz -dc "$HERE/payload.tar.xz" | tar -C "$DIR" -xf -
  else
    "$PY" -c 'import sys, tarfile
t = tarfile.open(sys.argv[1], "r:xz")
t.extractall(sys.argv[2], **({"filter": "tar"} if hasattr(tarfile, "tar_filter") else {}))' "$HERE/payload.tar.xz" "$DIR"
  fi
  touch "$DIR/.complete"
  say "unpacked the bundle into $DIR in $(( $(date +%s) - t0 )) s"
fi
B="$DIR/devpool"
JAVA="$B/jre/bin/java"
# libjvm.so was linked on Debian 12 (glibc >= 2.34, libstdc++): bring our libstdc++/libgcc_s only where missing
if command -v ldd >/dev/null && ldd "$B/jre/lib/server/libjvm.so" 2>/dev/null | grep -q 'not found'; then
  export LD_LIBRARY_PATH="$B/fallback-libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  say "using the bundled libstdc++/libgcc_s"
fi

# the schema registry stand-in (contacted once per schema; not on the measured path)
REG_PID=""
cleanup() { if [[ -n "$REG_PID" ]]; then kill "$REG_PID" 2>/dev/null || true; wait "$REG_PID" 2>/dev/null || true; fi; }
trap cleanup EXIT
"$PY" "$HERE/registry.py" --port "$PORT" > "$OUT/registry.log" 2>&1 &
REG_PID=$!
URL="http://127.0.0.1:$PORT/apis/ccompat/v7"
"$PY" - "$URL/subjects" <<'EOF' || { cat "$OUT/registry.log" >&2; echo "the registry did not answer" >&2; exit 1; }
import sys, time, urllib.request
for _ in range(100):
    try:
        urllib.request.urlopen(sys.argv[1], timeout=1).read()
        sys.exit(0)
    except Exception:
        time.sleep(0.1)
sys.exit(1)
EOF

{
  echo "== machine"
  echo "nproc: $(nproc)"
  free -g 2>/dev/null || grep -E "^(MemTotal|MemAvailable)" /proc/meminfo
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "kernel: $(uname -r); $(ldd --version 2>/dev/null | head -1 || true)"
  "$JAVA" -version 2>&1
  echo "== bench pool --members $MEMBERS --warmup-seconds $WARMUP --requests $REQUESTS ${EXTRA_ARGS:-}"
} 2>&1 | tee -a "$LOG"

# as the stem launcher starts it (OPENBLAS/OMP settings do not apply: no DL4J on this path)
set +e
"$JAVA" -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -Xmx3g ${STEM_JAVA_OPTS:-} \
  -Dstem.registry.jar="$B/no-registry-runner.jar" \
  -Dstem.home="$ROOT" \
  -Dorg.apache.avro.SERIALIZABLE_PACKAGES=org.stemstream \
  -cp "$B/stem.jar:$B/lib/*" org.stemstream.cli.StemCli \
  bench pool --members "$MEMBERS" --warmup-seconds "$WARMUP" --requests "$REQUESTS" ${EXTRA_ARGS:-} \
  --json "$JSON" --schema-registry-url "$URL" 2>&1 | tee -a "$LOG"
rc=${PIPESTATUS[0]}
set -e
say "== exit $rc; json: $JSON"
exit "$rc"
