import { BadRequestException, NotFoundException } from '@nestjs/common';
import { DomainError } from '../errors';
import { toProblem } from './problem.filter';

describe('toProblem', () => {
  it('never shows internals of an unexpected error', () => {
    const problem = toProblem(new Error('relation "secret_table" does not exist at 19121212-1212'), 'c-1');
    expect(problem).toEqual({
      type: expect.stringContaining('internal-error'),
      title: 'Internal error',
      status: 500,
      detail: 'An unexpected error occurred.',
      code: 'INTERNAL_ERROR',
      correlationId: 'c-1',
    });
    expect(JSON.stringify(problem)).not.toMatch(/secret_table|1212/);
  });

  it('keeps the code, field errors and extras of a domain error', () => {
    const problem = toProblem(
      new DomainError('CONSENT_MISSING', 'No consent covers repayment_plan.', undefined, { missing: ['repayment_plan'] }),
    );
    expect(problem).toMatchObject({ status: 403, code: 'CONSENT_MISSING', missing: ['repayment_plan'] });
    const invalid = toProblem(new DomainError('VALIDATION_FAILED', 'x', [{ field: 'receivedOn', message: 'must be a date' }]));
    expect(invalid.errors).toEqual([{ field: 'receivedOn', message: 'must be a date' }]);
  });

  it('never repeats a personnummer, whatever a detail or a field error was built from', () => {
    const problem = toProblem(
      new DomainError('VALIDATION_FAILED', '19121212-1212: is not a known field', [
        { field: '121212+1212', message: 'property 191212121212 should not exist' },
      ]),
    );
    expect(problem.detail).toBe('[personnummer]: is not a known field');
    expect(problem.errors).toEqual([{ field: '[personnummer]', message: 'property [personnummer] should not exist' }]);
  });

  it("maps Fastify's own errors and Nest's HTTP exceptions to stable codes", () => {
    const parse = new BadRequestException('Body is not valid JSON', {
      cause: Object.assign(new Error('x'), { code: 'FST_ERR_CTP_INVALID_JSON_BODY' }),
    });
    expect(toProblem(parse).code).toBe('MALFORMED_JSON');
    expect(toProblem({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 })).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(toProblem(new NotFoundException('Cannot GET /x'))).toMatchObject({ status: 404, code: 'NOT_FOUND', detail: 'No such route.' });
  });

  it('answers a database that is restarting or out of reach with 503, a full disk with 507, never 500', () => {
    const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });
    const wrapped = (driverError: Error) => Object.assign(new Error('Query failed'), { name: 'QueryFailedError', driverError });
    for (const error of [
      pgError('57P01', 'terminating connection due to administrator command'),
      pgError('57P03', 'the database system is starting up'),
      pgError('08006'),
      pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      wrapped(pgError('57P01')),
      Object.assign(new Error('Query runner already released'), { name: 'QueryRunnerProviderAlreadyReleasedError' }),
    ]) {
      expect(toProblem(error, 'c')).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    }
    expect(toProblem(wrapped(pgError('53100', 'could not extend file: No space left on device')))).toMatchObject({
      status: 507,
      code: 'STORAGE_FULL',
    });
    expect(toProblem(pgError('ENOSPC'))).toMatchObject({ status: 507, code: 'STORAGE_FULL' });
    expect(toProblem(wrapped(pgError('42P01', 'relation "x" does not exist')))).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
  });
});
