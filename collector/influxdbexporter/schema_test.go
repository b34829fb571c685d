package influxdbexporter

import (
	"math"
	"strings"
	"testing"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/pmetric"
)

const start, end = pcommon.Timestamp(1_000), pcommon.Timestamp(2_000)

func newScope(md pmetric.Metrics) pmetric.MetricSlice {
	rm := md.ResourceMetrics().AppendEmpty()
	rm.Resource().Attributes().PutStr("service.name", "shop")
	rm.Resource().Attributes().PutStr("tenant", "from-resource")
	sm := rm.ScopeMetrics().AppendEmpty()
	sm.Scope().SetName("@org/perf-otel")
	sm.Scope().SetVersion("0.1.0")
	return sm.Metrics()
}

func lines(md pmetric.Metrics) string {
	var b strings.Builder
	for _, l := range convert(md, nil).lines {
		b.Write(l)
	}
	return b.String()
}

func TestGaugeAndSumsUseTheirFieldsAndValueTypes(t *testing.T) {
	md := pmetric.NewMetrics()
	ms := newScope(md)
	g := ms.AppendEmpty()
	g.SetName("db.client.connection.count")
	dp := g.SetEmptyGauge().DataPoints().AppendEmpty()
	dp.SetIntValue(3)
	dp.Attributes().PutStr("db.client.connection.state", "idle")
	dp.Attributes().PutStr("tenant", "from-point")
	dp.SetStartTimestamp(start)
	dp.SetTimestamp(end)

	c := ms.AppendEmpty()
	c.SetName("requests")
	c.SetEmptySum().SetIsMonotonic(true)
	cdp := c.Sum().DataPoints().AppendEmpty()
	cdp.SetDoubleValue(2.5)
	cdp.SetStartTimestamp(start)
	cdp.SetTimestamp(end)

	u := ms.AppendEmpty()
	u.SetName("active")
	u.SetEmptySum().SetIsMonotonic(false)
	udp := u.Sum().DataPoints().AppendEmpty()
	udp.SetDoubleValue(math.NaN()) // no line-protocol form: the point is left out
	udp2 := u.Sum().DataPoints().AppendEmpty()
	udp2.SetDoubleValue(-1)
	udp2.SetTimestamp(end)

	want := "db.client.connection.count,db.client.connection.state=idle,otel.library.name=@org/perf-otel,otel.library.version=0.1.0,service.name=shop,tenant=from-resource gauge=3i,start_time_unix_nano=1000i 2000\n" +
		"requests,otel.library.name=@org/perf-otel,otel.library.version=0.1.0,service.name=shop,tenant=from-resource counter=2.5,start_time_unix_nano=1000i 2000\n" +
		"active,otel.library.name=@org/perf-otel,otel.library.version=0.1.0,service.name=shop,tenant=from-resource gauge=-1,start_time_unix_nano=0i 2000\n"
	if got := lines(md); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

func TestHistogramHasCumulativeBoundsInfAndSumOnlyWhenPresent(t *testing.T) {
	md := pmetric.NewMetrics()
	h := newScope(md).AppendEmpty()
	h.SetName("http.server.request.duration")
	dps := h.SetEmptyHistogram().DataPoints()
	dp := dps.AppendEmpty()
	dp.ExplicitBounds().FromRaw([]float64{1e-7, 0.005, 0.1})
	dp.BucketCounts().FromRaw([]uint64{1, 2, 0, 4})
	dp.SetCount(7)
	dp.SetSum(1.25)
	dp.SetMin(0.001)
	dp.SetMax(3)
	dp.Attributes().PutStr("http.route", "/items/:id")
	dp.SetTimestamp(end)
	noSum := dps.AppendEmpty()
	noSum.ExplicitBounds().FromRaw([]float64{1})
	noSum.BucketCounts().FromRaw([]uint64{0, 2})
	noSum.SetCount(2)
	noSum.SetTimestamp(end)

	want := "http.server.request.duration,http.route=/items/:id,otel.library.name=@org/perf-otel,otel.library.version=0.1.0,service.name=shop,tenant=from-resource " +
		"+Inf=7,0.0000001=1,0.005=3,0.1=3,count=7,max=3,min=0.001,start_time_unix_nano=0i,sum=1.25 2000\n" +
		"http.server.request.duration,otel.library.name=@org/perf-otel,otel.library.version=0.1.0,service.name=shop,tenant=from-resource " +
		"+Inf=2,1=0,count=2,start_time_unix_nano=0i 2000\n"
	if got := lines(md); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

func TestNamesAreEscapedAndUnwritableCharactersReplaced(t *testing.T) {
	md := pmetric.NewMetrics()
	g := newScope(md).AppendEmpty()
	g.SetName("odd name,x")
	dp := g.SetEmptyGauge().DataPoints().AppendEmpty()
	dp.SetDoubleValue(1)
	dp.Attributes().PutStr("k=1", "a b\nc\\")
	dp.Attributes().PutStr("empty", "")
	dp.SetTimestamp(end)
	want := "odd\\ name\\,x,k\\=1=a\\ b\uFFFDc\uFFFD,otel.library.name=@org/perf-otel,otel.library.version=0.1.0,service.name=shop,tenant=from-resource gauge=1,start_time_unix_nano=0i 2000\n"
	if got := lines(md); got != want {
		t.Fatalf("got\n%q\nwant\n%q", got, want)
	}
}

func TestExponentialHistogramsAreReportedNotWritten(t *testing.T) {
	md := pmetric.NewMetrics()
	e := newScope(md).AppendEmpty()
	e.SetName("latency.exp")
	e.SetEmptyExponentialHistogram().DataPoints().AppendEmpty().SetCount(1)
	conv := convert(md, nil)
	if len(conv.lines) != 0 {
		t.Fatalf("wrote %d lines", len(conv.lines))
	}
	if _, ok := conv.unsupported["latency.exp"]; !ok {
		t.Fatal("latency.exp not reported as unsupported")
	}
}
