#!/bin/bash
# Builds the self-contained folder .dev/ that the device tool carries: a jlinked Java runtime
# (java.base, 34 MB), the project's simulator, schemas, consumers and producers jars, Gen.class, exp.py and
# run.sh. Run from the repository root after `./mvnw -o install -DskipTests`.
set -euo pipefail
here=docs/research/classifier-scaling
grep -q '^/.dev/' .git/info/exclude || echo '/.dev/' >> .git/info/exclude
rm -rf .dev && mkdir -p .dev/jars .dev/gen
jlink --add-modules java.base --strip-debug --no-man-pages --no-header-files --compress=2 --output .dev/jre
cp simulator/target/simulator-*.jar .dev/jars/simulator.jar
cp schemas/target/schemas-*.jar .dev/jars/schemas.jar
cp consumers/target/consumers-*.jar .dev/jars/consumers.jar
cp producers/target/producers-*.jar .dev/jars/producers.jar
javac -cp .dev/jars/simulator.jar:.dev/jars/schemas.jar:.dev/jars/consumers.jar:.dev/jars/producers.jar -d .dev/gen $here/Gen.java
cp $here/exp.py $here/run.sh .dev/
