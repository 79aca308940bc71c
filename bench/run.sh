#!/usr/bin/env bash
# Benchmarks mla on reference cases, each run in a new process, and prints
# the median wall time and peak memory per scenario. Usage: bench/run.sh
# (from anywhere; needs only Go). Go benchmarks of the hot paths:
#   go test -run '^$' -bench . -benchmem ./...
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/mla" ./cmd/mla
cp examples/us-embezzlement.json "$work/example.json"
cp examples/us-embezzlement.review.json "$work/example.review.json"
go run ./bench/gencase -from examples/us-embezzlement.json -copies 200 -outdir "$work/batch"
go run ./bench/gencase -from examples/us-embezzlement.json -evidence 10000 -persons 1000 -out "$work/big.json"
go run ./bench/gencase -from examples/us-embezzlement.json -evidence 100000 -persons 1000 -out "$work/huge.json"

echo "mla $("$work/mla" version | cut -d' ' -f2-), $(nproc) cores, $(date -u +%Y-%m-%d)"
go run ./bench/measure -mla "$work/mla" -dir "$work" "$@"
