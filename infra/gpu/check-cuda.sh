#!/usr/bin/env bash
# On a machine with an NVIDIA GPU: builds the CLI against ONNX Runtime's CUDA build, checks that
# features extracted on CUDA match the CPU's within a relative tolerance, and prints throughput.
#
#   bash infra/gpu/check-cuda.sh [MODEL] [TOLERANCE]
#
# MODEL defaults to resnet50-v2-7 (float32; int8 models run mostly on the CPU provider anyway);
# TOLERANCE (default 1e-3) bounds max|cuda - cpu| / max|cpu| over a batch of 64 images.
# Needs: NVIDIA driver, CUDA 12.x and cuDNN 9.x libraries on the library path (what ONNX Runtime
# 1.23's CUDA build links against), a JDK 21+, and Maven Central for the onnxruntime_gpu jar.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
model="${1:-resnet50-v2-7}"
tolerance="${2:-0.001}"

if ! command -v nvidia-smi >/dev/null 2>&1 || ! nvidia-smi -L >/dev/null 2>&1; then
  echo "check-cuda: no NVIDIA GPU found (nvidia-smi failed); run this on a GPU machine" >&2
  exit 2
fi
nvidia-smi -L

export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
cd "$root"
./mvnw -B -q -ntp -Pgpu -pl functions/cli -am package -DskipTests

"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar functions/cli/target/quarkus-app/quarkus-run.jar \
  bench --model "$model" --device cuda --compare-cpu --tolerance "$tolerance" --images 512 --extract-batch-size 64 \
  ${LINPROBE_MODEL_CACHE:+--model-cache "$LINPROBE_MODEL_CACHE"}
