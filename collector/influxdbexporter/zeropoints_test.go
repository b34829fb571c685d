package influxdbexporter

import (
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/pmetric"
)

const tagsOfShop = "otel.library.name=@org/perf-otel,otel.library.version=0.1.0,service.name=shop,tenant=from-resource"

// One export: a histogram, an int counter, a double counter, an up-down counter and a gauge, all
// started at `started` and reported at `at`.
func cumulativeExport(started, at pcommon.Timestamp, count uint64) pmetric.Metrics {
	md := pmetric.NewMetrics()
	ms := newScope(md)
	h := ms.AppendEmpty()
	h.SetName("http.server.request.duration")
	hdp := h.SetEmptyHistogram().DataPoints().AppendEmpty()
	hdp.ExplicitBounds().FromRaw([]float64{0.1, 1})
	hdp.BucketCounts().FromRaw([]uint64{count, 0, 0})
	hdp.SetCount(count)
	hdp.SetSum(0.05 * float64(count))
	hdp.SetMin(0.05)
	hdp.SetMax(0.05)
	hdp.SetStartTimestamp(started)
	hdp.SetTimestamp(at)
	for _, c := range []struct {
		name      string
		monotonic bool
		int       bool
	}{{"orders", true, true}, {"bytes", true, false}, {"active", false, true}} {
		m := ms.AppendEmpty()
		m.SetName(c.name)
		m.SetEmptySum().SetIsMonotonic(c.monotonic)
		dp := m.Sum().DataPoints().AppendEmpty()
		if c.int {
			dp.SetIntValue(int64(count))
		} else {
			dp.SetDoubleValue(float64(count))
		}
		dp.SetStartTimestamp(started)
		dp.SetTimestamp(at)
	}
	g := ms.AppendEmpty()
	g.SetName("heap")
	gdp := g.SetEmptyGauge().DataPoints().AppendEmpty()
	gdp.SetDoubleValue(7)
	gdp.SetStartTimestamp(started)
	gdp.SetTimestamp(at)
	return md
}

func convertedLines(md pmetric.Metrics, zero *zeroPoints) []string {
	var out []string
	for _, l := range convert(md, zero).lines {
		out = append(out, strings.TrimSuffix(string(l), "\n"))
	}
	return out
}

func TestZeroPointOncePerCumulativeSeriesAndStart(t *testing.T) {
	const s0 = pcommon.Timestamp(1_700_000_000_000_000_000)
	at := s0 + pcommon.Timestamp(10*time.Second)
	zero := newZeroPoints()

	got := convertedLines(cumulativeExport(s0, at, 3), zero)
	want := []string{
		"http.server.request.duration," + tagsOfShop + " +Inf=0,0.1=0,1=0,count=0,start_time_unix_nano=1700000000000000000i,sum=0 1700000000000000000",
		"http.server.request.duration," + tagsOfShop + " +Inf=3,0.1=3,1=3,count=3,max=0.05,min=0.05,start_time_unix_nano=1700000000000000000i,sum=0.15000000000000002 1700000010000000000",
		"orders," + tagsOfShop + " counter=0i,start_time_unix_nano=1700000000000000000i 1700000000000000000",
		"orders," + tagsOfShop + " counter=3i,start_time_unix_nano=1700000000000000000i 1700000010000000000",
		"bytes," + tagsOfShop + " counter=0,start_time_unix_nano=1700000000000000000i 1700000000000000000",
		"bytes," + tagsOfShop + " counter=3,start_time_unix_nano=1700000000000000000i 1700000010000000000",
		// An up-down counter and a gauge have no start to count from: no zero point.
		"active," + tagsOfShop + " gauge=3i,start_time_unix_nano=1700000000000000000i 1700000010000000000",
		"heap," + tagsOfShop + " gauge=7,start_time_unix_nano=1700000000000000000i 1700000010000000000",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("first export:\ngot\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// The next export of the same series: no second zero point.
	if got := convertedLines(cumulativeExport(s0, at+pcommon.Timestamp(time.Minute), 5), zero); len(got) != 5 {
		t.Fatalf("second export wrote %d lines, want 5 (no zero points):\n%s", len(got), strings.Join(got, "\n"))
	}

	// The same series with a new start (the sender restarted without a new instance id): a new zero point each.
	s1 := at + pcommon.Timestamp(2*time.Minute)
	got = convertedLines(cumulativeExport(s1, s1+pcommon.Timestamp(10*time.Second), 1), zero)
	zeros := 0
	for _, l := range got {
		if strings.HasSuffix(l, " 1700000130000000000") {
			zeros++
		}
	}
	if len(got) != 8 || zeros != 3 {
		t.Fatalf("after a new start: %d lines, %d zero points; want 8 and 3:\n%s", len(got), zeros, strings.Join(got, "\n"))
	}
}

func TestNoZeroPointForAStartMoreThanAnHourBeforeThePoint(t *testing.T) {
	const s0 = pcommon.Timestamp(1_700_000_000_000_000_000)
	late := convertedLines(cumulativeExport(s0, s0+pcommon.Timestamp(time.Hour+time.Second), 3), newZeroPoints())
	if len(late) != 5 {
		t.Fatalf("a series first seen more than an hour after its start got zero points:\n%s", strings.Join(late, "\n"))
	}
	unknown := convertedLines(cumulativeExport(0, s0, 3), newZeroPoints())
	if len(unknown) != 5 {
		t.Fatalf("a series without a start time got zero points:\n%s", strings.Join(unknown, "\n"))
	}
	if inTime := convertedLines(cumulativeExport(s0, s0+pcommon.Timestamp(time.Hour), 3), newZeroPoints()); len(inTime) != 8 {
		t.Fatalf("a series first seen exactly an hour after its start: %d lines, want 8", len(inTime))
	}
}

func TestZeroPointMemoryForgetsStartsOlderThanAnHour(t *testing.T) {
	z := newZeroPoints()
	const s0 = pcommon.Timestamp(1_700_000_000_000_000_000)
	for i := 0; i < 1023; i++ {
		if !z.claim("old,i="+string(rune('a'+i%26))+strings.Repeat("x", i/26), s0, s0) {
			t.Fatalf("series %d not claimed", i)
		}
	}
	later := s0 + pcommon.Timestamp(2*time.Hour)
	if !z.claim("new", later, later) {
		t.Fatal("new series not claimed")
	}
	if len(z.written) != 1 {
		t.Fatalf("kept %d series after they were all older than an hour, want 1", len(z.written))
	}
}

func TestZeroPointOneNanosecondBeforeAPointAtItsOwnStart(t *testing.T) {
	const s0 = pcommon.Timestamp(1_700_000_000_000_000_000)
	got := convertedLines(cumulativeExport(s0, s0, 1), newZeroPoints())
	want := "orders," + tagsOfShop + " counter=0i,start_time_unix_nano=1700000000000000000i 1699999999999999999"
	if len(got) != 8 || got[2] != want {
		t.Fatalf("got\n%s\nwant line 3\n%s", strings.Join(got, "\n"), want)
	}
}
