package influxdbexporter

import (
	"errors"
	"fmt"
	"net/url"

	"go.opentelemetry.io/collector/config/confighttp"
	"go.opentelemetry.io/collector/config/configopaque"
	"go.opentelemetry.io/collector/config/configoptional"
	"go.opentelemetry.io/collector/config/configretry"
	"go.opentelemetry.io/collector/exporter/exporterhelper"
)

// SchemaTelegrafPrometheusV1 is the only metrics schema written: the one of the contrib influxdb
// exporter's default and of perf-otel's direct exporter, so one set of queries fits every path.
const SchemaTelegrafPrometheusV1 = "telegraf-prometheus-v1"

// Config keeps the contrib influxdb exporter's keys, so its metrics configuration carries over as is.
type Config struct {
	confighttp.ClientConfig `mapstructure:",squash"`
	QueueSettings           configoptional.Optional[exporterhelper.QueueBatchConfig] `mapstructure:"sending_queue"`
	BackOffConfig           configretry.BackOffConfig                                `mapstructure:"retry_on_failure"`

	// InfluxDB 2.x/3.x API (/api/v2/write).
	Org    string              `mapstructure:"org"`
	Bucket string              `mapstructure:"bucket"`
	Token  configopaque.String `mapstructure:"token"`
	// InfluxDB 1.x API (/write?db=).
	V1Compatibility V1Compatibility `mapstructure:"v1_compatibility"`

	MetricsSchema   string `mapstructure:"metrics_schema"`
	PayloadMaxLines int    `mapstructure:"payload_max_lines"`
	PayloadMaxBytes int    `mapstructure:"payload_max_bytes"`
}

type V1Compatibility struct {
	Enabled         bool                `mapstructure:"enabled"`
	DB              string              `mapstructure:"db"`
	RetentionPolicy string              `mapstructure:"retention_policy"`
	Username        string              `mapstructure:"username"`
	Password        configopaque.String `mapstructure:"password"`
}

func (cfg *Config) Validate() error {
	var errs []error
	if cfg.Endpoint == "" {
		errs = append(errs, errors.New("endpoint is required (the InfluxDB base URL, e.g. http://localhost:8086)"))
	} else if u, err := url.Parse(cfg.Endpoint); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("endpoint %q is not an http(s) URL with a host", cfg.Endpoint))
	}
	if cfg.MetricsSchema != SchemaTelegrafPrometheusV1 {
		errs = append(errs, fmt.Errorf("metrics_schema %q is not supported: only %q is", cfg.MetricsSchema, SchemaTelegrafPrometheusV1))
	}
	if cfg.V1Compatibility.Enabled {
		if cfg.V1Compatibility.DB == "" {
			errs = append(errs, errors.New("v1_compatibility.db is required when v1_compatibility.enabled is true"))
		}
	} else if cfg.Org == "" || cfg.Bucket == "" {
		errs = append(errs, errors.New("org and bucket are required for the InfluxDB 2.x/3.x API (or set v1_compatibility.enabled: true for 1.x)"))
	}
	if cfg.PayloadMaxLines < 1 || cfg.PayloadMaxBytes < 1 {
		errs = append(errs, errors.New("payload_max_lines and payload_max_bytes must be positive"))
	}
	return errors.Join(errs...)
}
