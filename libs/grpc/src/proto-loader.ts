import fs from 'node:fs';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import sharedOptions from './proto-loader-options.json';

/**
 * The one set of proto-loader options: snake_case field names as in the .proto files, 64-bit
 * integers and enums as strings, defaults filled in, oneof names set. The JSON file is shared with
 * scripts/generate-grpc-types.js so the committed types always describe what the loader returns.
 */
export const PROTO_LOADER_OPTIONS: protoLoader.Options = {
  ...sharedOptions,
  longs: valueType(sharedOptions.longs),
  enums: valueType(sharedOptions.enums),
};

function valueType(name: string): typeof String | typeof Number {
  if (name === 'String') return String;
  if (name === 'Number') return Number;
  throw new Error(`proto-loader-options.json: unsupported value type "${name}"`);
}

/**
 * The repository's protos/ folder, found by walking up from this file so it works from src/
 * (ts-jest), from dist/ (compiled) and from an image that copies protos/ next to the app.
 */
export function findProtosDir(startDir: string = __dirname): string {
  for (let dir = startDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'protos');
    if (fs.existsSync(candidate) && fs.statSync(candidate).isDirectory()) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`No protos/ directory found above ${startDir}`);
  }
}

/** Loads a proto by its path under protos/ (e.g. 'chatpilot/ping/v1/ping.proto'). */
export function loadPackageDefinition(protoRelativePath: string, protosDir: string = findProtosDir()): protoLoader.PackageDefinition {
  return protoLoader.loadSync(protoRelativePath, { ...PROTO_LOADER_OPTIONS, includeDirs: [protosDir] });
}

/**
 * Loads a proto as a grpc-js object typed by its generated `ProtoGrpcType`, e.g.
 * `loadProtoPackage<PingProto>('chatpilot/ping/v1/ping.proto').chatpilot.ping.v1.PingService`.
 */
export function loadProtoPackage<TProtoGrpcType>(protoRelativePath: string, protosDir?: string): TProtoGrpcType {
  return grpc.loadPackageDefinition(loadPackageDefinition(protoRelativePath, protosDir)) as unknown as TProtoGrpcType;
}
