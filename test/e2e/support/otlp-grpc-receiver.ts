// A real OTLP/gRPC receiver (grpc-js server, the OTLP protobuf messages): what the SDK's gRPC exporters
// sent, metrics and logs, and the metadata (headers) each export carried.
import { Server, ServerCredentials, type Metadata, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import { decode, normalise, normaliseLogs, type ReceivedExport, type ReceivedLog } from './otlp-receiver';

export interface OtlpGrpcReceiver {
  url: string;
  exports: ReceivedExport[];
  logs: ReceivedLog[];
  /** The metadata of every metrics export and every logs export, as plain key → value. */
  metricsMetadata: Array<Record<string, string>>;
  logsMetadata: Array<Record<string, string>>;
  stop(): Promise<void>;
}

const asIs = (buffer: Buffer) => buffer;
const unary = (path: string) => ({
  Export: {
    path,
    requestStream: false,
    responseStream: false,
    requestSerialize: asIs,
    requestDeserialize: asIs,
    responseSerialize: asIs,
    responseDeserialize: asIs,
  },
});
const plain = (metadata: Metadata) => Object.fromEntries(Object.entries(metadata.getMap()).map(([key, value]) => [key, String(value)]));

export async function startOtlpGrpcReceiver(): Promise<OtlpGrpcReceiver> {
  const received = {
    exports: [] as ReceivedExport[],
    logs: [] as ReceivedLog[],
    metricsMetadata: [] as Array<Record<string, string>>,
    logsMetadata: [] as Array<Record<string, string>>,
  };
  const server = new Server();
  // An empty buffer is a valid (empty) Export*ServiceResponse.
  server.addService(unary('/opentelemetry.proto.collector.metrics.v1.MetricsService/Export'), {
    Export: (call: ServerUnaryCall<Buffer, Buffer>, done: sendUnaryData<Buffer>) => {
      received.metricsMetadata.push(plain(call.metadata));
      received.exports.push(...normalise(decode('otlp.ExportMetricsServiceRequest', call.request), 'grpc'));
      done(null, Buffer.alloc(0));
    },
  });
  server.addService(unary('/opentelemetry.proto.collector.logs.v1.LogsService/Export'), {
    Export: (call: ServerUnaryCall<Buffer, Buffer>, done: sendUnaryData<Buffer>) => {
      received.logsMetadata.push(plain(call.metadata));
      received.logs.push(...normaliseLogs(decode('otlp.ExportLogsServiceRequest', call.request)));
      done(null, Buffer.alloc(0));
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return {
    url: `http://127.0.0.1:${port}`,
    ...received,
    stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}
