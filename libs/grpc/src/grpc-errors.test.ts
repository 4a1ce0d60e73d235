import * as grpc from '@grpc/grpc-js';
import { grpcStatusOf, isBusinessOutcome } from './grpc-errors';

const serviceError = (code: grpc.status): grpc.ServiceError =>
  Object.assign(new Error(grpc.status[code]), { code, details: '', metadata: new grpc.Metadata() });

describe('grpcStatusOf', () => {
  it('reads the status of a call error', () => {
    expect(grpcStatusOf(serviceError(grpc.status.NOT_FOUND))).toBe(grpc.status.NOT_FOUND);
  });

  it('returns undefined for errors that did not come from a call', () => {
    expect(grpcStatusOf(Object.assign(new Error('x'), { code: 'CIRCUIT_OPEN' }))).toBeUndefined();
    expect(grpcStatusOf(Object.assign(new Error('x'), { code: 14 }))).toBeUndefined();
    expect(grpcStatusOf('boom')).toBeUndefined();
  });
});

describe('isBusinessOutcome', () => {
  it.each(['UNAVAILABLE', 'DEADLINE_EXCEEDED', 'INTERNAL', 'UNKNOWN', 'RESOURCE_EXHAUSTED'] as const)('counts %s as a dependency failure', (name) => {
    expect(isBusinessOutcome(serviceError(grpc.status[name]))).toBe(false);
  });

  it.each(['NOT_FOUND', 'PERMISSION_DENIED', 'INVALID_ARGUMENT', 'FAILED_PRECONDITION', 'ALREADY_EXISTS', 'UNAUTHENTICATED'] as const)(
    'treats %s as a business answer',
    (name) => {
      expect(isBusinessOutcome(serviceError(grpc.status[name]))).toBe(true);
    },
  );

  it('counts errors without a gRPC status as failures', () => {
    expect(isBusinessOutcome(new TypeError('bug'))).toBe(false);
  });
});
