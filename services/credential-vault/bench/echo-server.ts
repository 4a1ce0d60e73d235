// The baseline: a bare grpc-js server answering a unary echo, no interceptor, auth, logging or I/O.
import * as grpc from '@grpc/grpc-js';
import { loadProtoPackage } from '@chatpilot/grpc';
import type { PingServiceHandlers } from '@chatpilot/grpc/src/generated/chatpilot/ping/v1/PingService';
import type { ProtoGrpcType as PingProto } from '@chatpilot/grpc/src/generated/ping';
import { reportCpuOnRequest } from './server-cpu';

const { PingService } = loadProtoPackage<PingProto>('chatpilot/ping/v1/ping.proto').chatpilot.ping.v1;
const handlers: PingServiceHandlers = { Ping: (call, callback) => callback(null, { message: call.request.message, caller: '' }) };
const server = new grpc.Server();
server.addService(PingService.service, handlers);
server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) throw error;
  process.send?.({ port });
});
reportCpuOnRequest();
process.on('disconnect', () => server.forceShutdown());
