// A minimal OTLP/protobuf encoder for ExportMetricsServiceRequest (opentelemetry-proto
// collector/metrics/v1): only what the load generator sends (string attributes, cumulative monotonic
// sums, gauges, explicit-bucket histograms). Hand-written so that simulating thousands of app
// instances costs the generator little next to the Collector it measures.

const WIRE_VARINT = 0;
const WIRE_64 = 1;
const WIRE_LEN = 2;
const CUMULATIVE = 2;

/** Growable byte buffer with protobuf primitives; nested messages are length-prefixed on close. */
class Writer {
  constructor() {
    this.buf = Buffer.allocUnsafe(1 << 16);
    this.pos = 0;
    this.stack = [];
  }
  ensure(n) {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
  varint(v) {
    this.ensure(10);
    while (v > 0x7f) {
      this.buf[this.pos++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.pos++] = v;
  }
  tag(field, wire) {
    this.varint(field * 8 + wire);
  }
  string(field, s) {
    const len = Buffer.byteLength(s);
    this.tag(field, WIRE_LEN);
    this.varint(len);
    this.ensure(len);
    this.pos += this.buf.write(s, this.pos);
  }
  fixed64(field, bigint) {
    this.tag(field, WIRE_64);
    this.ensure(8);
    this.buf.writeBigUInt64LE(bigint, this.pos);
    this.pos += 8;
  }
  double(field, v) {
    this.tag(field, WIRE_64);
    this.ensure(8);
    this.buf.writeDoubleLE(v, this.pos);
    this.pos += 8;
  }
  bool(field, v) {
    this.tag(field, WIRE_VARINT);
    this.varint(v ? 1 : 0);
  }
  /** Starts a nested message; its length is written by end(). */
  begin(field) {
    this.tag(field, WIRE_LEN);
    this.ensure(5);
    this.stack.push(this.pos);
    this.pos += 5;
  }
  end() {
    const start = this.stack.pop();
    const len = this.pos - start - 5;
    // A fixed 5-byte varint (padded with continuation bits) keeps the body in place.
    for (let i = 0; i < 4; i++) this.buf[start + i] = ((len >>> (7 * i)) & 0x7f) | 0x80;
    this.buf[start + 4] = (len >>> 28) & 0x7f;
  }
  packedFixed64(field, values) {
    this.tag(field, WIRE_LEN);
    this.varint(values.length * 8);
    this.ensure(values.length * 8);
    for (const v of values) {
      this.buf.writeBigUInt64LE(BigInt(v), this.pos);
      this.pos += 8;
    }
  }
  packedDouble(field, values) {
    this.tag(field, WIRE_LEN);
    this.varint(values.length * 8);
    this.ensure(values.length * 8);
    for (const v of values) {
      this.buf.writeDoubleLE(v, this.pos);
      this.pos += 8;
    }
  }
  bytes() {
    return this.buf.subarray(0, this.pos);
  }
}

function keyValue(w, field, key, value) {
  w.begin(field);
  w.string(1, key);
  w.begin(2);
  w.string(1, value);
  w.end();
  w.end();
}

/**
 * One request for one app instance.
 * resource: { [key]: string }; metrics: Array<{ name, unit, kind: 'sum'|'gauge'|'histogram', points: Array<{ attributes, value | { count, sum, buckets, bounds } }> }>
 * startNanos/timeNanos: BigInt nanoseconds.
 */
export function encodeExport({ resource, scope, metrics, startNanos, timeNanos }) {
  const w = new Writer();
  w.begin(1); // resource_metrics
  w.begin(1); // resource
  for (const [k, v] of Object.entries(resource)) keyValue(w, 1, k, v);
  w.end();
  w.begin(2); // scope_metrics
  w.begin(1);
  w.string(1, scope.name);
  w.string(2, scope.version);
  w.end();
  for (const m of metrics) {
    w.begin(2);
    w.string(1, m.name);
    if (m.unit) w.string(3, m.unit);
    const field = m.kind === 'gauge' ? 5 : m.kind === 'sum' ? 7 : 9;
    w.begin(field);
    for (const p of m.points) {
      w.begin(1);
      w.fixed64(2, startNanos);
      w.fixed64(3, timeNanos);
      if (m.kind === 'histogram') {
        w.fixed64(4, BigInt(p.count));
        w.double(5, p.sum);
        w.packedFixed64(6, p.buckets);
        w.packedDouble(7, p.bounds);
        for (const [k, v] of Object.entries(p.attributes)) keyValue(w, 9, k, v);
      } else {
        w.double(4, p.value);
        for (const [k, v] of Object.entries(p.attributes)) keyValue(w, 7, k, v);
      }
      w.end();
    }
    if (m.kind !== 'gauge') {
      w.tag(2, WIRE_VARINT);
      w.varint(CUMULATIVE);
    }
    if (m.kind === 'sum') w.bool(3, true);
    w.end();
    w.end();
  }
  w.end();
  w.end();
  return Buffer.from(w.bytes());
}
