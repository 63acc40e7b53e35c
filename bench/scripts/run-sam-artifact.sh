#!/usr/bin/env bash
# Proves what `sam local invoke` would run, without Docker: AWS's runtime interface client (the java21
# runtime's own entry point) runs .aws-sam/build/<LogicalId>/ (build it first with `sam build`) as its task
# root, against a one-shot Lambda Runtime API on loopback and a moto_server you started, for one event.
#   bench/scripts/run-sam-artifact.sh <moto endpoint> <event.json> [LogicalId] [handler]
# Needs bench/target/ric (./mvnw -pl bench -am package -DskipTests) and a moto with the group and OpsState.
set -euo pipefail
cd "$(dirname "$0")/../.."
endpoint=$1 event=$2 id=${3:-ScalingTunerFunction} handler=${4:-link.buddyverse.ops.scaling.ScalingTunerHandler}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 bench/scripts/runtime_api_once.py "$port" "$event" &
api=$!
trap 'kill $api 2>/dev/null || true' EXIT
sleep 1
cd ".aws-sam/build/$id"
AWS_LAMBDA_RUNTIME_API=127.0.0.1:$port LAMBDA_TASK_ROOT=$PWD _HANDLER=$handler AWS_REGION=ap-northeast-2 \
  AWS_ENDPOINT_URL=$endpoint AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test OPS_STATE_TABLE=OpsState \
  AWS_LAMBDA_FUNCTION_NAME=$id AWS_LAMBDA_FUNCTION_MEMORY_SIZE=1024 AWS_LAMBDA_FUNCTION_VERSION='$LATEST' \
  timeout 60 java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "../../../bench/target/ric/*" \
  com.amazonaws.services.lambda.runtime.api.client.AWSLambda "$handler" 2>"../../../bench/target/sam-artifact.log" || true
wait $api || true
