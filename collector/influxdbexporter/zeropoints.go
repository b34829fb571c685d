package influxdbexporter

import (
	"sync"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// Zero points. An OTLP cumulative series (histogram, monotonic sum) counts from 0 at its start time,
// but its first exported point already holds what it counted since then: a per-bucket difference has
// nothing before that point to subtract, so a new series (every app restart starts new ones) loses
// its first bucket. Writing the start itself as a point (every cumulative field 0, at the start time)
// is the missing earlier value; deploy/influxdb's continuous queries and the trends dashboard use it.
// perf-otel's direct exporter does the same (packages/exporter-influxdb/src/zero-points.ts).

// zeroPointMaxAge: a zero point is written only while its start lies at most this far before the
// point it comes with. Later, the hourly continuous query (RESAMPLE FOR 2h) no longer reads it and a
// start older than the raw retention would be refused; a series first seen long after its start (e.g.
// after this Collector restarted while the apps ran on) gets none.
const zeroPointMaxAge = time.Hour

// zeroPoints remembers which series got their zero point (series key → start), so each gets it once
// per start. Starts older than zeroPointMaxAge are forgotten (they would get none anyway): memory
// follows the series started in the last hour, not every series ever seen.
type zeroPoints struct {
	mu         sync.Mutex
	written    map[string]pcommon.Timestamp
	purgeAtLen int
}

func newZeroPoints() *zeroPoints {
	return &zeroPoints{written: map[string]pcommon.Timestamp{}, purgeAtLen: 1024}
}

// claim reports whether the series with this start needs its zero point now, and remembers it.
func (z *zeroPoints) claim(series string, start, at pcommon.Timestamp) bool {
	if start == 0 || at < start || time.Duration(at-start) > zeroPointMaxAge {
		return false
	}
	z.mu.Lock()
	defer z.mu.Unlock()
	if seen, ok := z.written[series]; ok && seen == start {
		return false
	}
	z.written[series] = start
	if len(z.written) >= z.purgeAtLen { // amortised: when the map doubled since the last purge
		oldest := at - pcommon.Timestamp(zeroPointMaxAge)
		for k, s := range z.written {
			if s < oldest {
				delete(z.written, k)
			}
		}
		z.purgeAtLen = max(1024, 2*len(z.written))
	}
	return true
}
