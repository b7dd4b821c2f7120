#!/usr/bin/env bash
# Runs the extract, train and predict functions end to end on this machine. An S3 server and the
# three functions run as separate JVMs on 127.0.0.1, the AWS CLI uploads a Fashion-MNIST sample,
# and curl posts to each function the events that S3 notifications and EventBridge would send.
# Exits non-zero when any step fails, and stops every process it started in all cases.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/infra/local"

s3_port="${LINPROBE_LOCAL_S3_PORT:-9000}"
extract_port="${LINPROBE_LOCAL_EXTRACT_PORT:-8081}"
train_port="${LINPROBE_LOCAL_TRAIN_PORT:-8082}"
predict_port="${LINPROBE_LOCAL_PREDICT_PORT:-8083}"
train_count="${LINPROBE_LOCAL_TRAIN_COUNT:-500}"
predict_count="${LINPROBE_LOCAL_PREDICT_COUNT:-200}"
# The defaults gave 0.765 held-out accuracy in each of three runs (see README.md), so far below that is a bug.
min_accuracy="${LINPROBE_LOCAL_MIN_ACCURACY:-0.65}"
start_timeout="${LINPROBE_LOCAL_START_TIMEOUT:-120}"
model_cache="${LINPROBE_MODEL_CACHE:-$root/../shared/models}"
bucket=linprobe
dataset=fashion
batch=fashion-test
access_key=linprobe-local
secret_key=linprobe-local-secret

log() { printf '==> %s\n' "$*"; }
fail() { printf 'run.sh: error: %s\n' "$*" >&2; exit 1; }

# --- Tools and data -----------------------------------------------------------------------------

missing_packages=()
command -v aws >/dev/null 2>&1 || missing_packages+=(awscli)
[ -f /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz ] || missing_packages+=(dataset-fashion-mnist)
command -v python3 >/dev/null 2>&1 || missing_packages+=(python3)
command -v curl >/dev/null 2>&1 || missing_packages+=(curl)
if [ "${#missing_packages[@]}" -gt 0 ]; then
  [ "$(id -u)" -eq 0 ] || fail "missing Debian packages: ${missing_packages[*]}. Install them as root: apt-get install ${missing_packages[*]}"
  log "Installing ${missing_packages[*]} with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing_packages[@]}" >/dev/null
fi

if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ] || fail "Java 21 or newer is required: set JAVA_HOME to such a JDK"
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
java="$JAVA_HOME/bin/java"

jar_of() { printf '%s/functions/%s/target/quarkus-app/quarkus-run.jar' "$root" "$1"; }
if [ ! -f "$(jar_of cli)" ] || [ ! -f "$(jar_of extract)" ] || [ ! -f "$(jar_of train)" ] || [ ! -f "$(jar_of predict)" ]; then
  log "Building the CLI and the functions"
  (cd "$root" && ./mvnw -B -q -ntp -pl functions/cli,functions/extract,functions/train,functions/predict -am package -DskipTests)
fi

if [ ! -f "$model_cache/mobilenetv2-12-int8.onnx" ]; then
  log "NOTE: $model_cache has no mobilenetv2-12-int8.onnx, so the functions download it on first use"
fi

# --- Processes ----------------------------------------------------------------------------------

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

for port in "$s3_port" "$extract_port" "$train_port" "$predict_port"; do
  port_in_use "$port" && fail "port $port on 127.0.0.1 is already in use: stop its process or set LINPROBE_LOCAL_*_PORT (see infra/local/README.md)"
done

work="${LINPROBE_LOCAL_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/linprobe-local.XXXXXX")}"
mkdir -p "$work/logs"
pids=()
names=()

stop_all() {
  local status=$?
  trap - EXIT INT TERM
  local i
  for i in "${!pids[@]}"; do
    kill -TERM "${pids[$i]}" 2>/dev/null || true
  done
  for i in "${!pids[@]}"; do
    for _ in $(seq 1 100); do
      kill -0 "${pids[$i]}" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "${pids[$i]}" 2>/dev/null; then
      echo "run.sh: ${names[$i]} (pid ${pids[$i]}) did not stop within 10 s of SIGTERM; sending SIGKILL" >&2
      kill -KILL "${pids[$i]}" 2>/dev/null || true
    fi
    wait "${pids[$i]}" 2>/dev/null || true
  done
  if [ "$status" -ne 0 ]; then
    for i in "${!names[@]}"; do
      echo "--- last lines of $work/logs/${names[$i]}.log" >&2
      tail -n 10 "$work/logs/${names[$i]}.log" >&2 || true
    done
    echo "run.sh: failed; logs and data are kept in $work" >&2
  elif [ -z "${LINPROBE_LOCAL_WORK:-}" ] && [ -z "${LINPROBE_LOCAL_KEEP:-}" ]; then
    rm -rf "$work"
  else
    echo "Logs and data are kept in $work"
  fi
  exit "$status"
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Starts a JVM in the background with its output in $work/logs/NAME.log.
start() {
  local name=$1
  shift
  "$@" >"$work/logs/$name.log" 2>&1 &
  pids+=($!)
  names+=("$name")
}

# Waits until NAME responds to HTTP on PORT with any status, failing early when its process exits.
await_http() {
  local name=$1 pid=$2 port=$3 deadline=$((SECONDS + start_timeout))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/")" != "000" ]; do
    kill -0 "$pid" 2>/dev/null || fail "$name exited during startup: see $work/logs/$name.log"
    [ "$SECONDS" -lt "$deadline" ] || fail "$name did not answer on 127.0.0.1:$port within $start_timeout s"
    sleep 0.2
  done
}

export AWS_EC2_METADATA_DISABLED=true
export AWS_ACCESS_KEY_ID="$access_key" AWS_SECRET_ACCESS_KEY="$secret_key"
export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
# Empty config files keep a profile of the user's ~/.aws from changing the endpoint or the keys.
: >"$work/aws-config"
export AWS_CONFIG_FILE="$work/aws-config" AWS_SHARED_CREDENTIALS_FILE="$work/aws-config"
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL
# S3Proxy 2.6.0 rejects with 501 the flexible checksum headers that AWS CLI 1.45 sends by default
# (Debian 12's AWS CLI 2.9 sends none), so checksums are limited to the operations that require them.
export AWS_REQUEST_CHECKSUM_CALCULATION=when_required AWS_RESPONSE_CHECKSUM_VALIDATION=when_required
endpoint="http://127.0.0.1:$s3_port"
s3() { aws --endpoint-url "$endpoint" s3 "$@"; }

began=$SECONDS
log "Starting the S3 server on 127.0.0.1:$s3_port (data in $work/s3)"
start s3-server "$java" -jar "$(jar_of cli)" s3-server --port "$s3_port" --data "$work/s3" \
  --access-key "$access_key" --secret-key "$secret_key" --bucket "$bucket"
s3_pid=${pids[-1]}

function_env=(
  LINPROBE_S3_ENDPOINT="$endpoint" LINPROBE_S3_REGION=us-east-1
  LINPROBE_S3_ACCESS_KEY="$access_key" LINPROBE_S3_SECRET_KEY="$secret_key"
  LINPROBE_BUCKET="$bucket" LINPROBE_MODEL_CACHE="$model_cache"
  LINPROBE_TRAIN_DATASETS="$dataset" LINPROBE_PREDICT_DATASET="$dataset"
  QUARKUS_HTTP_HOST=127.0.0.1
)
log "Starting extract on :$extract_port, train on :$train_port, predict on :$predict_port"
for f in extract train predict; do
  port_var="${f}_port"
  start "$f" env "${function_env[@]}" QUARKUS_HTTP_PORT="${!port_var}" \
    "$java" --enable-native-access=ALL-UNNAMED ${LINPROBE_LOCAL_JAVA_OPTS:-} -jar "$(jar_of "$f")"
done

await_http s3-server "$s3_pid" "$s3_port"
await_http extract "${pids[1]}" "$extract_port"
await_http train "${pids[2]}" "$train_port"
await_http predict "${pids[3]}" "$predict_port"
s3 ls "s3://$bucket" >/dev/null || fail "the AWS CLI cannot list s3://$bucket at $endpoint"
log "All four processes answer after $((SECONDS - began)) s"

# Posts a JSON file to a function, prints the response and fails on any status but 200.
invoke() {
  local name=$1 port=$2 body=$3 out="$work/$1-response.json" status
  status=$(curl -sS -o "$out" -w '%{http_code}' -H 'Content-Type: application/json' \
    --data-binary "@$body" "http://127.0.0.1:$port/$name") || fail "POST /$name on port $port failed"
  printf '    POST /%s -> %s %s\n' "$name" "$status" "$(head -c 400 "$out")"
  [ "$status" = 200 ] || fail "$name answered HTTP $status: $(cat "$out")"
}

# Prints one field of the last response of a function, such as "extracted" or "runs.0.examples".
field() {
  python3 - "$work/$1-response.json" "$2" <<'PY'
import json, sys
value = json.load(open(sys.argv[1]))
for part in sys.argv[2].split("."):
    value = value[int(part)] if isinstance(value, list) else value[part]
print(value)
PY
}

check_equal() {
  [ "$2" = "$3" ] || fail "$1 is $2, expected $3"
}

# --- Data ---------------------------------------------------------------------------------------

log "Writing $train_count labelled and $predict_count unlabelled Fashion-MNIST PNGs"
python3 "$here/make_dataset.py" "$work/data" --train-count "$train_count" --predict-count "$predict_count"
data="$work/data"
images="datasets/$dataset/images"
bulk_count=$(find "$data/train" -name '*.png' | wc -l)

log "Uploading $bulk_count labelled images and labels.csv with the AWS CLI"
s3 sync --only-show-errors "$data/train" "s3://$bucket/$images"
s3 cp --only-show-errors "$data/labels.csv" "s3://$bucket/datasets/$dataset/labels.csv"

# --- Extract ------------------------------------------------------------------------------------

step=$SECONDS
log "extract: backfill of s3://$bucket/$images/"
printf '{"bucket": "%s", "prefix": "%s/"}\n' "$bucket" "$images" >"$work/backfill.json"
invoke extract "$extract_port" "$work/backfill.json"
check_equal "extracted images of the backfill" "$(field extract extracted)" "$bulk_count"
check_equal "failed images of the backfill" "$(field extract failed)" 0

log "extract: S3 notifications of images uploaded later, keys URL-encoded with '+' for spaces"
while IFS= read -r -d '' file; do
  key="$images/${file#"$data/train-late/"}"
  s3 cp --only-show-errors "$file" "s3://$bucket/$key"
  python3 "$here/events.py" s3-created "$bucket" "$key" "$(stat -c %s "$file")" >"$work/notification.json"
  printf '    key %s arrives as %s\n' "$key" "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["Records"][0]["s3"]["object"]["key"])' "$work/notification.json")"
  invoke extract "$extract_port" "$work/notification.json"
  check_equal "extracted images of the notification for $key" "$(field extract extracted)" 1
done < <(find "$data/train-late" -name '*.png' -print0 | sort -z)
log "extract took $((SECONDS - step)) s"

# --- Train --------------------------------------------------------------------------------------

step=$SECONDS
log "train: EventBridge scheduled event (trains LINPROBE_TRAIN_DATASETS=$dataset)"
python3 "$here/events.py" scheduled "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$work/scheduled.json"
invoke train "$train_port" "$work/scheduled.json"
check_equal "labelled images trained on" "$(field train runs.0.examples)" "$train_count"
check_equal "labelled ids without features" "$(field train runs.0.idsWithoutFeatures)" 0

log "train: direct call with options"
printf '{"dataset": "%s", "runId": "local-direct", "options": {"epochs": 100, "seed": 42}}\n' "$dataset" >"$work/train.json"
invoke train "$train_port" "$work/train.json"
check_equal "run id of the direct call" "$(field train runs.0.runId)" local-direct
printf '    validation accuracy %s\n' "$(field train runs.0.validationAccuracy)"
latest=$(s3 cp "s3://$bucket/datasets/$dataset/runs/latest" - | tr -d '[:space:]')
check_equal "datasets/$dataset/runs/latest" "$latest" local-direct
log "train took $((SECONDS - step)) s"

# --- Predict ------------------------------------------------------------------------------------

step=$SECONDS
log "predict: upload batches/$batch/ and its _READY marker, then send the marker's S3 notification"
s3 sync --only-show-errors "$data/predict" "s3://$bucket/batches/$batch"
printf '{"dataset": "%s"}\n' "$dataset" >"$work/_READY"
s3 cp --only-show-errors "$work/_READY" "s3://$bucket/batches/$batch/_READY"
python3 "$here/events.py" s3-created "$bucket" "batches/$batch/_READY" "$(stat -c %s "$work/_READY")" >"$work/marker.json"
invoke predict "$predict_port" "$work/marker.json"
check_equal "predicted images" "$(field predict batches.0.predicted)" "$predict_count"
check_equal "failed images" "$(field predict batches.0.failed)" 0
log "predict took $((SECONDS - step)) s"

log "Downloading predictions/$batch.csv"
s3 cp --only-show-errors "s3://$bucket/predictions/$batch.csv" "$work/predictions.csv"
head -n 6 "$work/predictions.csv"
echo "... ($(($(wc -l <"$work/predictions.csv") - 1)) rows)"
python3 "$here/score.py" "$work/predictions.csv" "$data/predict-truth.csv" "$min_accuracy"

log "Passed in $((SECONDS - began)) s after the build"
