// Decodes an OTLP/HTTP protobuf trace export (an ExportTraceServiceRequest)
// with the OpenTelemetry JS project's own generated decoder (protobufjs,
// built from the official opentelemetry-proto schema), and prints it as
// JSON: the independent check of the gateway's encoder. Bytes fields are
// printed as lower-case hex, 64-bit integers as decimal strings, enums as
// numbers. Reads the message from the file named by the first argument, or
// from standard input.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = require('@opentelemetry/otlp-transformer/build/src/generated/root.js');
const Request = root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

const bytes = readFileSync(process.argv[2] ?? 0);
const message = Request.decode(bytes);
const plain = Request.toObject(message, { longs: String, enums: Number, bytes: Array, defaults: false });
const hex = (value) =>
  Array.isArray(value) && value.every((b) => Number.isInteger(b) && b >= 0 && b < 256)
    ? Buffer.from(value).toString('hex')
    : value;
const idFields = new Set(['traceId', 'spanId', 'parentSpanId']);
process.stdout.write(JSON.stringify(plain, (key, value) => (idFields.has(key) ? hex(value) : value)));
