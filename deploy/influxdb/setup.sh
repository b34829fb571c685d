#!/bin/sh
# perf-otel InfluxDB 1.x setup: database, retention tiers and downsampling continuous queries.
# Idempotent: run it on every start (compose runs it once InfluxDB is healthy); a second run changes
# nothing, a run with other retention settings alters the policies in place.
#
#   raw     METRICS_RETENTION_RAW_DAYS     (7)   default policy: what the Collector and the SDK write
#   hourly  METRICS_RETENTION_HOURLY_DAYS  (30)  1h buckets, filled from raw by cq_perf_otel_hourly
#   daily   METRICS_RETENTION_DAILY_DAYS   (90)  1d buckets, filled from hourly by cq_perf_otel_daily
#
# Downsampling follows the telegraf-prometheus-v1 schema's field types:
#   counter (cumulative)                    last()  -> rates still work: non_negative_derivative(last("counter"))
#   histogram count, sum, bucket fields     last()  (cumulative too), min -> min(), max -> max()
#   gauge                                   mean() as "gauge" and max() as "gauge_max"
# and, so that per-bucket increments stay exact when a series starts (every app restart starts new
# series at 0; both perf-otel exporters write a zero point at each new series' start time):
#   count_min, counter_min                  the bucket's smallest cumulative value: 0 where the series was
#                                           still at its start within the bucket
#   count_from_zero, sum_from_zero,         last() where that minimum is 0, else 0: what a series that
#   counter_from_zero                       started in the bucket added in it (no earlier point to
#                                           difference against). The trends dashboard adds it to the
#                                           non_negative_difference of the buckets that have one.
# Bucket fields are named by their upper bound; METRICS_HISTOGRAM_BUCKET_FIELDS lists the bounds to keep
# (default: every bound perf-otel's views use).
#
# Needs the `influx` 1.x CLI (in the influxdb:1.x image). Connection: INFLUX_HOST, INFLUX_PORT, and
# INFLUX_USERNAME / INFLUX_PASSWORD when auth is on (the CLI reads those two itself).
set -eu

DB="${INFLUXDB_DATABASE:-perf_otel}"
RAW_DAYS="${METRICS_RETENTION_RAW_DAYS:-7}"
HOURLY_DAYS="${METRICS_RETENTION_HOURLY_DAYS:-30}"
DAILY_DAYS="${METRICS_RETENTION_DAILY_DAYS:-90}"
HOST="${INFLUX_HOST:-localhost}"
PORT="${INFLUX_PORT:-8086}"
WAIT_SECONDS="${INFLUX_WAIT_SECONDS:-60}"
BUCKET_FIELDS="${METRICS_HISTOGRAM_BUCKET_FIELDS:-0 0.001 0.005 0.01 0.025 0.05 0.075 0.1 0.25 0.5 0.75 1 2.5 5 7.5 10 100 1000 10000 100000 1000000 10000000}"

fail() { echo "perf-otel influxdb setup: $*" >&2; exit 2; }

days() { # name value: a whole number of days >= 1
  case "$2" in
    ''|*[!0-9]*) fail "$1=$2 is not a whole number of days; set e.g. $1=7" ;;
  esac
  [ "$2" -ge 1 ] || fail "$1=$2 must be at least 1 day"
}
days METRICS_RETENTION_RAW_DAYS "$RAW_DAYS"
days METRICS_RETENTION_HOURLY_DAYS "$HOURLY_DAYS"
days METRICS_RETENTION_DAILY_DAYS "$DAILY_DAYS"
case "$DB" in
  ''|*[!A-Za-z0-9_]*) fail "INFLUXDB_DATABASE=$DB: use letters, digits and _ only" ;;
esac
for b in $BUCKET_FIELDS; do
  case "$b" in
    ''|*[!0-9.e+-]*) fail "METRICS_HISTOGRAM_BUCKET_FIELDS has \"$b\", which is not a number" ;;
  esac
done

q() { influx -host "$HOST" -port "$PORT" -execute "$1"; }

i=0
until answer=$(q 'SHOW DATABASES' 2>&1); do
  # A refused login will not get better by waiting: say so now, not as a time-out.
  case "$answer" in
    *authorization\ failed*|*unable\ to\ parse\ authentication*|*create\ admin\ user\ first*|*authentication*)
      fail "InfluxDB at $HOST:$PORT refused the credentials ($answer): set INFLUX_USERNAME/INFLUX_PASSWORD (compose: INFLUXDB_ADMIN_USERNAME/INFLUXDB_ADMIN_PASSWORD) to its admin user" ;;
  esac
  i=$((i + 1))
  [ "$i" -lt "$WAIT_SECONDS" ] || fail "InfluxDB at $HOST:$PORT did not answer within ${WAIT_SECONDS}s (last: $answer)"
  sleep 1
done

q "CREATE DATABASE \"$DB\""

# CREATE succeeds when the policy exists with the same settings and fails when they differ:
# then ALTER brings it to the configured ones.
rp() { # name days [DEFAULT]
  q "CREATE RETENTION POLICY \"$1\" ON \"$DB\" DURATION $2d REPLICATION 1 ${3:-}" >/dev/null 2>&1 ||
    q "ALTER RETENTION POLICY \"$1\" ON \"$DB\" DURATION $2d REPLICATION 1 ${3:-}"
}
rp raw "$RAW_DAYS" DEFAULT
rp hourly "$HOURLY_DAYS"
rp daily "$DAILY_DAYS"

# Field list of a downsampling SELECT. $1 = the source tier's name for the gauge maximum:
# from raw it is max("gauge"), from hourly the already-kept max("gauge_max"); $2 = the suffix of the
# source's minimum of a cumulative field: none from raw (min("count")), "_min" from hourly.
# pow(0, m) is 1 when m is 0 and 0 when m > 0 (cumulative values are never negative).
select_fields() {
  fields="last(\"counter\") AS \"counter\", mean(\"gauge\") AS \"gauge\", max(\"$1\") AS \"gauge_max\""
  fields="$fields, last(\"count\") AS \"count\", last(\"sum\") AS \"sum\", min(\"min\") AS \"min\", max(\"max\") AS \"max\""
  fields="$fields, min(\"counter$2\") AS \"counter_min\", last(\"counter\") * pow(0, min(\"counter$2\")) AS \"counter_from_zero\""
  fields="$fields, min(\"count$2\") AS \"count_min\", last(\"count\") * pow(0, min(\"count$2\")) AS \"count_from_zero\""
  fields="$fields, last(\"sum\") * pow(0, min(\"count$2\")) AS \"sum_from_zero\""
  for b in $BUCKET_FIELDS; do
    fields="$fields, last(\"$b\") AS \"$b\""
  done
  echo "$fields"
}

# Continuous queries cannot be altered: drop (if present) and create, so a changed definition applies.
cq() { # name resample-for interval source-rp target-rp gauge-max-source min-suffix
  q "DROP CONTINUOUS QUERY \"$1\" ON \"$DB\"" >/dev/null 2>&1 || true
  q "CREATE CONTINUOUS QUERY \"$1\" ON \"$DB\" RESAMPLE FOR $2 BEGIN SELECT $(select_fields "$6" "$7") INTO \"$DB\".\"$5\".:MEASUREMENT FROM \"$DB\".\"$4\"./.*/ GROUP BY time($3), * END"
}
cq cq_perf_otel_hourly 2h 1h raw hourly gauge ""
cq cq_perf_otel_daily 2d 1d hourly daily gauge_max _min

echo "perf-otel influxdb setup: database $DB, retention raw ${RAW_DAYS}d (default), hourly ${HOURLY_DAYS}d, daily ${DAILY_DAYS}d, continuous queries cq_perf_otel_hourly and cq_perf_otel_daily"
