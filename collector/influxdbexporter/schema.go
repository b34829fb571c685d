package influxdbexporter

import (

	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/influxdata/line-protocol/v2/lineprotocol"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/pmetric"
)

// The telegraf-prometheus-v1 schema, exactly as perf-otel's direct exporter writes it
// (packages/exporter-influxdb/src/telegraf-prometheus-v1.ts):
//
//	measurement  the OTel metric name, unchanged (http.server.request.duration)
//	tags         point attributes, then resource attributes (which win on a clash), then
//	             otel.library.name / otel.library.version of the scope; empty keys and values left out
//	fields       gauge: gauge; monotonic sum: counter; other sums: gauge; histogram: count, sum (when the
//	             point has one), min, max, one field per finite bound holding the cumulative count up to
//	             it, and +Inf (= count); every point: start_time_unix_nano (integer)
//	timestamp    the point's time, nanoseconds
//
// and, given a zeroPoints, a zero point once per cumulative series (histogram, monotonic sum) and start:
// the same tags, every cumulative field 0 (count, +Inf, bucket fields, sum when the point has one;
// counter), start_time_unix_nano, at the start time (1 ns before it when the point's own time is the
// start too; see zeropoints.go).
const (
	tagScopeName    = "otel.library.name"
	tagScopeVersion = "otel.library.version"
	fieldGauge      = "gauge"
	fieldCounter    = "counter"
	fieldCount      = "count"
	fieldSum        = "sum"
	fieldMin        = "min"
	fieldMax        = "max"
	fieldInf        = "+Inf"
	fieldStartTime  = "start_time_unix_nano"
)

type field struct {
	key   string
	value lineprotocol.Value
}

// conversion is one export's lines plus what the schema could not express.
type conversion struct {
	lines       [][]byte
	unsupported map[string]struct{} // metric names of exponential histograms and summaries
}

func convert(md pmetric.Metrics, zero *zeroPoints) conversion {
	out := conversion{unsupported: map[string]struct{}{}}
	var enc lineprotocol.Encoder
	enc.SetPrecision(lineprotocol.Nanosecond)
	rms := md.ResourceMetrics()
	for i := 0; i < rms.Len(); i++ {
		rm := rms.At(i)
		resourceTags := map[string]string{}
		addTags(resourceTags, rm.Resource().Attributes())
		sms := rm.ScopeMetrics()
		for j := 0; j < sms.Len(); j++ {
			sm := sms.At(j)
			scopeTags := map[string]string{}
			if n := sm.Scope().Name(); n != "" {
				scopeTags[tagScopeName] = n
			}
			if v := sm.Scope().Version(); v != "" {
				scopeTags[tagScopeVersion] = v
			}
			ms := sm.Metrics()
			for k := 0; k < ms.Len(); k++ {
				m := ms.At(k)
				p := point{enc: &enc, out: &out, name: m.Name(), resource: resourceTags, scope: scopeTags}
				switch m.Type() {
				case pmetric.MetricTypeGauge:
					p.numbers(m.Gauge().DataPoints(), fieldGauge)
				case pmetric.MetricTypeSum:
					key := fieldGauge
					if m.Sum().IsMonotonic() {
						key = fieldCounter
						p.zero = zero
					}
					p.numbers(m.Sum().DataPoints(), key)
				case pmetric.MetricTypeHistogram:
					p.zero = zero
					p.histograms(m.Histogram().DataPoints())
				default:
					out.unsupported[m.Name()] = struct{}{}
				}
			}
		}
	}
	return out
}

type point struct {
	enc             *lineprotocol.Encoder
	out             *conversion
	name            string
	resource, scope map[string]string
	zero            *zeroPoints // set for cumulative series when zero points are wanted
}

func (p point) numbers(dps pmetric.NumberDataPointSlice, key string) {
	for i := 0; i < dps.Len(); i++ {
		dp := dps.At(i)
		var v lineprotocol.Value
		if dp.ValueType() == pmetric.NumberDataPointValueTypeInt {
			v = lineprotocol.IntValue(dp.IntValue())
		} else if fv, ok := lineprotocol.FloatValue(dp.DoubleValue()); ok {
			v = fv
		} else {
			continue // NaN and ±Inf have no line-protocol form
		}
		p.write(dp.Attributes(), dp.StartTimestamp(), dp.Timestamp(), []field{{key, v}})
	}
}

func (p point) histograms(dps pmetric.HistogramDataPointSlice) {
	for i := 0; i < dps.Len(); i++ {
		dp := dps.At(i)
		fields := []field{}
		addFloat := func(key string, v float64) {
			if fv, ok := lineprotocol.FloatValue(v); ok {
				fields = append(fields, field{key, fv})
			}
		}
		addFloat(fieldCount, float64(dp.Count()))
		if dp.HasSum() {
			addFloat(fieldSum, dp.Sum())
		}
		if dp.HasMin() {
			addFloat(fieldMin, dp.Min())
		}
		if dp.HasMax() {
			addFloat(fieldMax, dp.Max())
		}
		bounds, counts := dp.ExplicitBounds(), dp.BucketCounts()
		var cumulative uint64
		for b := 0; b < bounds.Len(); b++ {
			if b < counts.Len() {
				cumulative += counts.At(b)
			}
			addFloat(strconv.FormatFloat(bounds.At(b), 'f', -1, 64), float64(cumulative))
		}
		addFloat(fieldInf, float64(dp.Count()))
		p.write(dp.Attributes(), dp.StartTimestamp(), dp.Timestamp(), fields)
	}
}

func (p point) write(attrs pcommon.Map, start, end pcommon.Timestamp, fields []field) {
	tags := map[string]string{}
	addTags(tags, attrs)
	for k, v := range p.resource {
		tags[k] = v
	}
	for k, v := range p.scope {
		tags[k] = v
	}
	keys := make([]string, 0, len(tags))
	for k, v := range tags {
		if k != "" && v != "" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	line, series, ok := p.encode(keys, tags, fields, start, end)
	if !ok {
		return // a name the encoder cannot write even after clean(): skip the point, never the batch
	}
	if p.zero != nil && p.zero.claim(series, start, end) {
		at := start
		if end == start { // the zero point would be overwritten by the point: 1 ns before it
			at--
		}
		if zeroLine, _, ok := p.encode(keys, tags, zeroFields(fields), start, at); ok {
			p.out.lines = append(p.out.lines, zeroLine)
		}
	}
	p.out.lines = append(p.out.lines, line)
}

// zeroFields: a cumulative series' values at its start, every field of its point at 0 (of the same
// type) but min and max, which have no value before the first record.
func zeroFields(fields []field) []field {
	zero := make([]field, 0, len(fields))
	for _, f := range fields {
		switch {
		case f.key == fieldMin || f.key == fieldMax:
		case f.value.Kind() == lineprotocol.Int:
			zero = append(zero, field{f.key, lineprotocol.IntValue(0)})
		default:
			zero = append(zero, field{f.key, lineprotocol.MustNewValue(0.0)})
		}
	}
	return zero
}

// encode writes one line (fields plus start_time_unix_nano, sorted) and returns it with its series
// key (measurement and tags as the line starts).
func (p point) encode(keys []string, tags map[string]string, fields []field, start, at pcommon.Timestamp) (line []byte, series string, ok bool) {
	fields = append(fields[:len(fields):len(fields)], field{fieldStartTime, lineprotocol.IntValue(int64(start))})
	sort.Slice(fields, func(a, b int) bool { return fields[a].key < fields[b].key })
	enc := p.enc
	enc.Reset()
	enc.StartLine(clean(p.name))
	for _, k := range keys {
		enc.AddTag(clean(k), clean(tags[k]))
	}
	if p.zero != nil {
		series = string(enc.Bytes())
	}
	for _, f := range fields {
		enc.AddField(clean(f.key), f.value)
	}
	enc.EndLine(time.Unix(0, int64(at)))
	if enc.Err() != nil {
		return nil, "", false
	}
	return append([]byte(nil), enc.Bytes()...), series, true
}

func addTags(tags map[string]string, attrs pcommon.Map) {
	attrs.Range(func(k string, v pcommon.Value) bool {
		tags[k] = v.AsString()
		return true
	})
}

// clean replaces what line protocol cannot carry with U+FFFD instead of losing the point: control
// characters (they end a line) and a backslash before a character the encoder escapes or at the end
// (InfluxDB 1.x would read it as escaping what follows). The direct exporter does the same.
func clean(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' }) {
		return s
	}
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case r < 0x20 || r == 0x7f:
			b.WriteRune('\uFFFD')
		case r == '\\' && (i == len(rs)-1 || strings.ContainsRune(" ,=", rs[i+1])):
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}


