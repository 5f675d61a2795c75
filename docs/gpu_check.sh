#!/usr/bin/env bash
# The GPU figures of docs/benchmarks.md, in one run on a machine with a CUDA
# GPU and torch: `sheetgd verify --device cuda`, the sweep benchmark
# (`sheetgd bench --sweep`) and a `sheetgd sweep` on CUDA.
#   usage: bash docs/gpu_check.sh OUT_FOLDER
# (DEVICE=cpu CONFIGS=100000 try it on a machine without one.)  Each step
# has its own time limit; its output goes to NAME.out, every step's errors
# to log.txt, and a step that fails does not stop the others.  Wheels found in .whl/ (sheetgd's pure-Python
# dependencies, for a machine without a package index) are installed first.
set -u
out=${1:?usage: bash docs/gpu_check.sh OUT_FOLDER}
mkdir -p "$out"
if [ -d .whl ]; then
    python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade \
        --target /tmp/sheetgd-site .whl/*.whl || exit 1
    export PYTHONPATH=/tmp/sheetgd-site
fi
export PYTHONPATH=$PWD${PYTHONPATH:+:$PYTHONPATH} PYTHONUNBUFFERED=1

device=${DEVICE:-cuda} configs=${CONFIGS:-100000000}

step() {  # step NAME SECONDS COMMAND...
    local name=$1 limit=$2; shift 2
    local start=$SECONDS
    echo "== $name" >>"$out/log.txt"
    timeout "$limit" "$@" >"$out/$name.out" 2>>"$out/log.txt"
    echo "$name: exit $? in $((SECONDS - start)) s" | tee -a "$out/log.txt"
}

step machine 30 sh -c 'nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv;
    python3 -c "import sys, torch; print(sys.version); print(torch.__version__, torch.version.cuda)"'
step verify 120 python3 -m sheetgd verify --device $device --epochs 5 --sweep 16 --json
step bench 300 python3 -m sheetgd bench --sweep $configs --epochs 5 --device $device --json
step sweep 90 python3 -m sheetgd sweep --sheet all --lr 1e-5:1:10000 --epochs 5 \
    --device $device --out "$out/sweep"
