#!/bin/bash
# One device run: render with the project's simulator on all cores, then the PyTorch scaling experiment.
set -u
cd "$(dirname "$0")"
D=/tmp/data; mkdir -p $D
CP=jars/simulator.jar:jars/schemas.jar:jars/consumers.jar:jars/producers.jar:gen
J="jre/bin/java -Xmx8g -cp $CP Gen"
nproc; free -g | head -2
$J seed-benchmark 10000 900013 $D/val
$J t1-balanced 4000 900014 $D/t1val
$J t3-two-corners 3000 900015 $D/t3val
if [ "${MV_N:-0}" -gt 0 ]; then $J seed-benchmark $MV_N 900016 $D/mv ${MV_VIEWS:-5}; fi
$J t3-two-corners 60000 900012 $D/t3train
timeout -s KILL ${GEN_CAP:-110} $J seed-benchmark ${TRAIN_N:-400000} 900011 $D/train
ls -la $D
DATA=$D OUTJ=$OUT/exp.json DEADLINE_S=${DEADLINE_S:-330} BATCH=${BATCH:-512} python3 exp.py
