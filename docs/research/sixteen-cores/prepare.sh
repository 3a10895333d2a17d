#!/usr/bin/env bash
# Builds .devpool/: a self-contained bundle that runs `stem bench pool` on a machine with no Java
# and no network (only python3 there, for registry.py), within 50 MiB so that it travels with the
# repository under a 64 MiB transfer limit.
#
#   ./mvnw -o -q -B -Dmaven.test.skip=true -pl deploy/registry,deploy -am package   (or: install -DskipTests)
#   bash docs/research/sixteen-cores/prepare.sh [DEPLOY_TARGET]      (default: deploy/target)
#   bash .devpool/run.sh                                            (on the target; see run.sh)
#   For bench pipeline, also split-dl4j.py (the DL4J/Streams jars, in two parts) and
#   .devpool/run-pipeline.sh on the target: docs/research/sixteen-cores.md.
#
# Needs a JDK 17 here (jlink, strip), python3, xz. What it does:
#  - a jlink'd runtime with only the modules the bench pool path loads (found with
#    -Xlog:class+load on a real run and jdeps), uncompressed (--compress=0: xz does far better on
#    the whole than jlink's per-resource zip), libjvm.so's symbol table stripped;
#  - only the jars that run loaded classes from (no DL4J/ND4J/JavaCPP/OpenBLAS, RocksDB,
#    kafka-streams, zstd/snappy ...), rewritten as stored (uncompressed) zips for the same reason,
#    and lz4-java with only its linux/amd64 native library;
#  - libstdc++/libgcc_s from this machine as a fallback, used by run.sh only where the target
#    lacks them (libjvm.so needs glibc >= 2.34 and libstdc++);
#  - all of it in one payload.tar.xz that run.sh unpacks into /tmp on first use.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(git -C "$HERE" rev-parse --show-toplevel)"
SRC="$(cd "${1:-$ROOT/deploy/target}" && pwd)"
DEST="${DEST:-$ROOT/.devpool}"
LIMIT=52428800 # 50 MiB

# the modules: java.desktop is left out on purpose (only Jackson's optional java.beans lookups
# touch it on this path, and they tolerate its absence); the security/naming/sasl/jgss modules
# are what kafka-clients links against and the default security providers load
MODULES=java.base,java.logging,java.management,jdk.management,java.net.http,java.xml,java.sql,java.naming,java.security.sasl,java.security.jgss,jdk.crypto.ec,jdk.unsupported,jdk.net,jdk.httpserver,jdk.zipfs

# the jars `bench pool` loads classes from (names without versions), besides stem.jar
JARS="HdrHistogram argparse4j avro commons-validator consumers jackson-annotations jackson-core jackson-databind
kafka-clients kafka-coordinator-common kafka-group-coordinator kafka-group-coordinator-api kafka-metadata kafka-raft
kafka-server kafka-server-common kafka-share-coordinator kafka-storage kafka-transaction-coordinator kafka_2.13
log4j-api log4j-to-slf4j logback-classic logback-core lz4-java metrics-core micrometer-commons micrometer-core
micrometer-registry-prometheus pcollections picocli producers progressbar prometheus-metrics-config
prometheus-metrics-exposition-formats prometheus-metrics-exposition-textformats prometheus-metrics-model re2j
scala-library scala-logging_2.13 schemas simulator slf4j-api stem-infra stream-processors"

[[ -f "$SRC/stem.jar" && -d "$SRC/lib" ]] || { echo "no stem.jar and lib/ in $SRC: build first" >&2; exit 1; }
command -v jlink >/dev/null || { echo "jlink not found: a JDK 17 is needed" >&2; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
STAGE="$WORK/devpool"
mkdir -p "$STAGE/lib" "$STAGE/fallback-libs"

echo "jlink: $MODULES"
jlink --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files --compress=0 --output "$STAGE/jre"
strip --strip-unneeded "$STAGE/jre/lib/server/libjvm.so"

cp "$SRC/stem.jar" "$STAGE/"
for name in $JARS; do
  found="$(ls "$SRC/lib" | grep -E "^${name//./\\.}-[0-9][^/]*\.jar$" || true)"
  [[ "$(wc -w <<<"$found")" == 1 ]] || { echo "expected one jar for $name in $SRC/lib, found: '$found'" >&2; exit 1; }
  cp "$SRC/lib/$found" "$STAGE/lib/"
done

# stored (uncompressed) jars; lz4-java keeps only its linux/amd64 native library
python3 - "$STAGE" <<'EOF'
import os, sys, zipfile
stage = sys.argv[1]
jars = [os.path.join(stage, "stem.jar")] + [os.path.join(stage, "lib", n) for n in sorted(os.listdir(os.path.join(stage, "lib")))]
for path in jars:
    tmp = path + ".tmp"
    lz4 = os.path.basename(path).startswith("lz4-java")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            if lz4 and info.filename.startswith("net/jpountz/util/") and not info.is_dir() \
                    and not info.filename.endswith(".class") and "/linux/amd64/" not in info.filename:
                continue
            data = src.read(info)
            info.compress_type = zipfile.ZIP_STORED
            dst.writestr(info, data)
    os.replace(tmp, path)
EOF

for lib in libstdc++.so.6 libgcc_s.so.1; do
  cp -L "$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64/ {print $NF; exit}')" "$STAGE/fallback-libs/$lib"
done
(cd "$STAGE" && ls stem.jar lib > MANIFEST.txt && "$STAGE/jre/bin/java" -version >> MANIFEST.txt 2>&1)

mkdir -p "$DEST"
grep -qx "/$(basename "$DEST")/" "$ROOT/.git/info/exclude" 2>/dev/null || echo "/$(basename "$DEST")/" >> "$ROOT/.git/info/exclude"
rm -f "$DEST/payload.tar.xz"
tar -C "$WORK" -cf - devpool | xz -9e -T0 > "$DEST/payload.tar.xz"
if [[ "$HERE" != "$DEST" ]]; then
  cp "$HERE/registry.py" "$HERE/run.sh" "$HERE/run-pipeline.sh" "$HERE/prepare.sh" "$DEST/"
fi
size=$(du -sb "$DEST" | cut -f1)
echo "$DEST: $size bytes (limit $LIMIT)"
(( size <= LIMIT )) || { echo "too big" >&2; exit 1; }
