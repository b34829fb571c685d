import * as cog from '@grafana/grafana-foundation-sdk/cog';
import { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';

/** A raw InfluxQL target as Grafana's InfluxDB datasource stores it (the SDK has no InfluxDB builder). */
export interface InfluxqlQuery extends cog.Dataquery {
  refId: string;
  datasource: DataSourceRef;
  query: string;
  rawQuery: true;
  resultFormat: 'time_series' | 'table';
  alias?: string;
}

export class InfluxqlQueryBuilder implements cog.Builder<cog.Dataquery> {
  private readonly internal: InfluxqlQuery;

  constructor(datasource: DataSourceRef, query: string) {
    this.internal = { _implementsDataqueryVariant: () => {}, refId: 'A', datasource, query, rawQuery: true, resultFormat: 'time_series' };
  }

  refId(refId: string): this {
    this.internal.refId = refId;
    return this;
  }

  alias(alias: string): this {
    this.internal.alias = alias;
    return this;
  }

  build(): InfluxqlQuery {
    return this.internal;
  }
}
