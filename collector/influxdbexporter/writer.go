package influxdbexporter

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer/consumererror"
	"go.opentelemetry.io/collector/exporter/exporterhelper"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.uber.org/zap"
)

type writer struct {
	cfg      *Config
	settings component.TelemetrySettings
	client   *http.Client
	writeURL string
	warned   sync.Map // metric names already reported as unsupported
	zero     *zeroPoints
}

func newWriter(cfg *Config, settings component.TelemetrySettings) *writer {
	return &writer{cfg: cfg, settings: settings, writeURL: writeURL(cfg), zero: newZeroPoints()}
}

func writeURL(cfg *Config) string {
	base := strings.TrimRight(cfg.Endpoint, "/")
	q := url.Values{"precision": {"ns"}}
	if cfg.V1Compatibility.Enabled {
		q.Set("db", cfg.V1Compatibility.DB)
		if rp := cfg.V1Compatibility.RetentionPolicy; rp != "" {
			q.Set("rp", rp)
		}
		return base + "/write?" + q.Encode()
	}
	q.Set("org", cfg.Org)
	q.Set("bucket", cfg.Bucket)
	return base + "/api/v2/write?" + q.Encode()
}

func (w *writer) start(ctx context.Context, host component.Host) error {
	client, err := w.cfg.ToClient(ctx, host.GetExtensions(), w.settings)
	if err != nil {
		return err
	}
	w.client = client
	return nil
}

func (w *writer) pushMetrics(ctx context.Context, md pmetric.Metrics) error {
	conv := convert(md, w.zero)
	for name := range conv.unsupported {
		if _, seen := w.warned.LoadOrStore(name, true); !seen {
			w.settings.Logger.Warn("metric has no form in the telegraf-prometheus-v1 schema and is not written to InfluxDB",
				zap.String("metric", name))
		}
	}
	var body bytes.Buffer
	n := 0
	for _, line := range conv.lines {
		if n > 0 && (n >= w.cfg.PayloadMaxLines || body.Len()+len(line) > w.cfg.PayloadMaxBytes) {
			if err := w.post(ctx, body.Bytes()); err != nil {
				return err
			}
			body.Reset()
			n = 0
		}
		body.Write(line)
		n++
	}
	if n == 0 {
		return nil
	}
	return w.post(ctx, body.Bytes())
}

// post sends one payload. 429 and 5xx are retried by the exporterhelper (honouring Retry-After);
// any other non-2xx (bad credentials, no such database, a field type conflict) cannot succeed later.
func (w *writer) post(ctx context.Context, payload []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.writeURL, bytes.NewReader(payload))
	if err != nil {
		return consumererror.NewPermanent(err)
	}
	req.Header.Set("Content-Type", "text/plain; charset=utf-8")
	if v1 := w.cfg.V1Compatibility; v1.Enabled {
		if v1.Username != "" || v1.Password != "" {
			req.SetBasicAuth(v1.Username, string(v1.Password))
		}
	} else if w.cfg.Token != "" {
		req.Header.Set("Authorization", "Token "+string(w.cfg.Token))
	}
	res, err := w.client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(res.Body, 1024))
	if res.StatusCode/100 == 2 {
		return nil
	}
	err = fmt.Errorf("InfluxDB answered %s: %s", res.Status, strings.TrimSpace(string(msg)))
	if res.StatusCode == http.StatusTooManyRequests || res.StatusCode == http.StatusServiceUnavailable {
		if s, convErr := strconv.Atoi(res.Header.Get("Retry-After")); convErr == nil && s > 0 {
			return exporterhelper.NewThrottleRetry(err, time.Duration(s)*time.Second)
		}
	}
	if res.StatusCode == http.StatusTooManyRequests || res.StatusCode >= 500 {
		return err
	}
	return consumererror.NewPermanent(err)
}
