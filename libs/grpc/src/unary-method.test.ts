import type { HealthClient } from './generated/grpc/health/v1/Health';
import type { HealthCheckRequest } from './generated/grpc/health/v1/HealthCheckRequest';
import type { HealthCheckResponse__Output } from './generated/grpc/health/v1/HealthCheckResponse';
import type { UnaryMethodName, UnaryRequest, UnaryResponse } from './unary-method';

// These are compile-time checks: `npm test` type-checks test files before running them.
describe('unary method types read off a generated client', () => {
  it('name the unary methods only, not streaming ones or grpc.Client members', () => {
    const unary: Array<UnaryMethodName<HealthClient>> = ['Check', 'check'];
    // @ts-expect-error Watch is server-streaming
    const streaming: UnaryMethodName<HealthClient> = 'Watch';
    // @ts-expect-error close() belongs to grpc.Client
    const clientMember: UnaryMethodName<HealthClient> = 'close';

    expect([...unary, streaming, clientMember]).toHaveLength(4);
  });

  it('carry the request and output response types of the method', () => {
    const request: UnaryRequest<HealthClient, 'Check'> = { service: 'x' } satisfies HealthCheckRequest;
    const response: UnaryResponse<HealthClient, 'Check'> = { status: 'SERVING' } satisfies HealthCheckResponse__Output;
    // @ts-expect-error unknown request field
    const wrong: UnaryRequest<HealthClient, 'Check'> = { services: 'x' };

    expect([request, response, wrong]).toHaveLength(3);
  });
});
