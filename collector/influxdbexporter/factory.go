// Package influxdbexporter writes OTLP metrics to InfluxDB (1.x /write, 2.x/3.x /api/v2/write) in the
// telegraf-prometheus-v1 schema. The contrib influxdb exporter is not served by the module proxy this
// distribution is built from; this one keeps its component type and keys for the metrics signal.
package influxdbexporter

import (
	"context"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/config/confighttp"
	"go.opentelemetry.io/collector/config/configoptional"
	"go.opentelemetry.io/collector/config/configretry"
	"go.opentelemetry.io/collector/exporter"
	"go.opentelemetry.io/collector/exporter/exporterhelper"
)

var componentType = component.MustNewType("influxdb")

func NewFactory() exporter.Factory {
	return exporter.NewFactory(componentType, createDefaultConfig,
		exporter.WithMetrics(createMetrics, component.StabilityLevelBeta))
}

func createDefaultConfig() component.Config {
	client := confighttp.NewDefaultClientConfig()
	client.Endpoint = "http://localhost:8086"
	return &Config{
		ClientConfig:    client,
		QueueSettings:   configoptional.Some(exporterhelper.NewDefaultQueueConfig()),
		BackOffConfig:   configretry.NewDefaultBackOffConfig(),
		MetricsSchema:   SchemaTelegrafPrometheusV1,
		PayloadMaxLines: 10_000,
		PayloadMaxBytes: 10_000_000,
	}
}

func createMetrics(ctx context.Context, set exporter.Settings, c component.Config) (exporter.Metrics, error) {
	cfg := c.(*Config)
	if cfg.V1Compatibility.Enabled && cfg.Token != "" {
		set.Logger.Warn("token is set but v1_compatibility.enabled is true: the 1.x API takes username/password and the token is not sent; set v1_compatibility.enabled: false (with org and bucket) to use it")
	}
	w := newWriter(cfg, set.TelemetrySettings)
	return exporterhelper.NewMetrics(ctx, set, cfg, w.pushMetrics,
		exporterhelper.WithStart(w.start),
		exporterhelper.WithQueue(cfg.QueueSettings),
		exporterhelper.WithRetry(cfg.BackOffConfig),
		// Each HTTP request has the client's own timeout; a timeout here would cut the retry loop.
		exporterhelper.WithTimeout(exporterhelper.TimeoutConfig{Timeout: 0}),
	)
}
