"""Builds .devnd/a.tar.xz and .devnd/b.tar.xz: the jars `bench pipeline` needs beyond .devpool's
(prepare.sh), in two parts that each travel under the device tool's 64 MiB limit beside the
repository.

  part a: ND4J's oneDNN natives (libnd4jcpu.so, 374 MB, symbols stripped: 337 MB) and OpenBLAS's
          linux-x86_64 jar: 42 MB as xz. The first device call carries it and unpacks it into
          /tmp/nd, where the next call on the same warm machine finds it.
  part b: every other jar of deploy/target/lib that .devpool leaves out (DL4J, ND4J's Java side,
          JavaCPP, Kafka Streams, RocksDB with its linux64 library only, zstd/snappy/JNA/jline with
          their linux x86_64 libraries only): 22 MB as xz, carried with .devpool by the second call.

Jars are rewritten stored (uncompressed): xz does far better on the whole than zip per entry.

  python3 docs/research/sixteen-cores/split-dl4j.py [LIB_DIR (default deploy/target/lib)]
"""
import os, re, subprocess, sys, tempfile, zipfile

LIB = sys.argv[1] if len(sys.argv) > 1 else 'deploy/target/lib'
OUT = '.devnd'
# the jars in .devpool (prepare.sh's JARS), names without versions
POOL = set("""HdrHistogram argparse4j avro commons-validator consumers jackson-annotations jackson-core jackson-databind
kafka-clients kafka-coordinator-common kafka-group-coordinator kafka-group-coordinator-api kafka-metadata kafka-raft
kafka-server kafka-server-common kafka-share-coordinator kafka-storage kafka-transaction-coordinator kafka_2.13
log4j-api log4j-to-slf4j logback-classic logback-core lz4-java metrics-core micrometer-commons micrometer-core
micrometer-registry-prometheus pcollections picocli producers progressbar prometheus-metrics-config
prometheus-metrics-exposition-formats prometheus-metrics-exposition-textformats prometheus-metrics-model re2j
scala-library scala-logging_2.13 schemas simulator slf4j-api stem-infra stream-processors""".split())
PART_A = ('nd4j-native-1.0.0-M2.1-linux', 'openblas-0.3.19-1.5.7-linux')


def base(jar):
    return re.sub(r'-[0-9][^/]*\.jar$', '', jar)


def keep(jar, name):
    """Native libraries for linux x86_64 (glibc) only."""
    if name.endswith('/'):
        return True
    if jar.startswith('rocksdbjni'):
        return not name.startswith('librocksdbjni') or name == 'librocksdbjni-linux64.so'
    if jar.startswith('zstd-jni'):
        return not name.startswith(('linux/', 'darwin/', 'win/', 'freebsd/', 'aix/')) or name.startswith('linux/amd64/')
    if jar.startswith('snappy-java'):
        return not name.startswith('org/xerial/snappy/native/') or name.startswith('org/xerial/snappy/native/Linux/x86_64/')
    if jar.startswith('jna'):
        return not (name.startswith('com/sun/jna/') and name.endswith('.jar') or '/jnidispatch' in name) or 'linux-x86-64' in name
    if jar.startswith('jline-native'):
        return not name.startswith('org/jline/nativ/') or name.endswith('.class') or '/Linux/x86_64/' in name
    return True


def main():
    jars = sorted(os.listdir(LIB))
    parts = {'a': [j for j in jars if j.startswith(PART_A)],
             'b': [j for j in jars if base(j) not in POOL and not j.startswith(PART_A)]}
    os.makedirs(OUT, exist_ok=True)
    exclude = '.git/info/exclude'
    if os.path.isdir('.git') and f'/{OUT}/' not in open(exclude).read().split():
        with open(exclude, 'a') as f:
            f.write(f'/{OUT}/\n')
    with tempfile.TemporaryDirectory() as work:
        for part, names in parts.items():
            lib = os.path.join(work, part, 'nd', 'lib')
            os.makedirs(lib)
            for j in names:
                with zipfile.ZipFile(os.path.join(LIB, j)) as src, zipfile.ZipFile(os.path.join(lib, j), 'w', zipfile.ZIP_STORED) as dst:
                    for info in src.infolist():
                        if not keep(j, info.filename):
                            continue
                        data = src.read(info)
                        if info.filename.endswith('libnd4jcpu.so'):
                            so = os.path.join(work, 'x.so')
                            with open(so, 'wb') as f:
                                f.write(data)
                            subprocess.run(['strip', '--strip-unneeded', so], check=True)
                            with open(so, 'rb') as f:
                                data = f.read()
                        info.compress_type = zipfile.ZIP_STORED
                        dst.writestr(info, data)
            archive = os.path.join(OUT, part + '.tar.xz')
            subprocess.run(f"tar -C '{os.path.join(work, part)}' -cf - nd | xz -6 -T0 > '{archive}'", shell=True, check=True)
            print(archive, len(names), 'jars,', os.path.getsize(archive), 'bytes')


if __name__ == '__main__':
    main()
