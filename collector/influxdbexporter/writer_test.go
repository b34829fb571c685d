package influxdbexporter

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumererror"
	"go.opentelemetry.io/collector/pdata/pmetric"
)

func gauges(n int) pmetric.Metrics {
	md := pmetric.NewMetrics()
	ms := newScope(md)
	for i := 0; i < n; i++ {
		g := ms.AppendEmpty()
		g.SetName("g")
		g.SetEmptyGauge().DataPoints().AppendEmpty().SetIntValue(int64(i))
	}
	return md
}

type received struct {
	urls, auth []string
	lines      int
}

func serve(t *testing.T, status int, got *received) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		got.urls = append(got.urls, r.URL.String())
		got.auth = append(got.auth, r.Header.Get("Authorization"))
		got.lines += strings.Count(string(body), "\n")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`{"error":"database not found: \"nope\""}`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func startedWriter(t *testing.T, cfg *Config) *writer {
	w := newWriter(cfg, componenttest.NewNopTelemetrySettings())
	if err := w.start(context.Background(), componenttest.NewNopHost()); err != nil {
		t.Fatal(err)
	}
	return w
}

func TestV1WritesInPayloadsOfAtMostMaxLines(t *testing.T) {
	var got received
	cfg := createDefaultConfig().(*Config)
	cfg.Endpoint = serve(t, http.StatusNoContent, &got).URL
	cfg.V1Compatibility = V1Compatibility{Enabled: true, DB: "perf_otel", RetentionPolicy: "raw", Username: "u", Password: "p"}
	cfg.PayloadMaxLines = 2
	if err := startedWriter(t, cfg).pushMetrics(context.Background(), gauges(5)); err != nil {
		t.Fatal(err)
	}
	if len(got.urls) != 3 || got.lines != 5 {
		t.Fatalf("requests %d, lines %d; want 3 and 5", len(got.urls), got.lines)
	}
	if got.urls[0] != "/write?db=perf_otel&precision=ns&rp=raw" || !strings.HasPrefix(got.auth[0], "Basic ") {
		t.Fatalf("url %q auth %q", got.urls[0], got.auth[0])
	}
}

func TestV2UsesOrgBucketAndToken(t *testing.T) {
	var got received
	cfg := createDefaultConfig().(*Config)
	cfg.Endpoint = serve(t, http.StatusNoContent, &got).URL + "/"
	cfg.Org, cfg.Bucket, cfg.Token = "acme", "perf", "s3cret"
	if err := startedWriter(t, cfg).pushMetrics(context.Background(), gauges(1)); err != nil {
		t.Fatal(err)
	}
	if got.urls[0] != "/api/v2/write?bucket=perf&org=acme&precision=ns" || got.auth[0] != "Token s3cret" {
		t.Fatalf("url %q auth %q", got.urls[0], got.auth[0])
	}
}

func TestClientErrorsArePermanentAndServerErrorsRetried(t *testing.T) {
	for status, permanent := range map[int]bool{400: true, 401: true, 404: true, 429: false, 500: false, 503: false} {
		var got received
		cfg := createDefaultConfig().(*Config)
		cfg.Endpoint = serve(t, status, &got).URL
		cfg.V1Compatibility = V1Compatibility{Enabled: true, DB: "nope"}
		err := startedWriter(t, cfg).pushMetrics(context.Background(), gauges(1))
		if err == nil || consumererror.IsPermanent(err) != permanent {
			t.Errorf("status %d: err %v, permanent %v; want permanent %v", status, err, consumererror.IsPermanent(err), permanent)
		}
		if err != nil && !strings.Contains(err.Error(), "database not found") {
			t.Errorf("status %d: error %q does not carry InfluxDB's message", status, err)
		}
	}
}

func TestValidateNamesWhatIsMissing(t *testing.T) {
	cfg := createDefaultConfig().(*Config)
	cfg.MetricsSchema = "telegraf-prometheus-v2"
	err := cfg.Validate()
	for _, want := range []string{`metrics_schema "telegraf-prometheus-v2" is not supported`, "org and bucket are required"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not say %q", err, want)
		}
	}
}
