import {
  BadRequestException,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import type { Request } from 'express';
import type { Observable } from 'rxjs';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every body schema is closed, and a route that declares no body takes none: a write whose handler
 * has no `@Body()` refuses any field sent to it (`__proto__` included) with the same 400 naming the
 * field as a closed schema gives, instead of ignoring it. Global, so no route has to remember.
 */
@Injectable()
export class NoBodyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    if (!SAFE_METHODS.has(request.method) && !declaresBody(context)) {
      const field = firstField(request.body);
      if (field !== undefined) {
        throw new BadRequestException({
          error: {
            code: 'VALIDATION_FAILED',
            message: `${field}: is not a field here`,
            details: { field },
          },
        });
      }
    }
    return next.handle();
  }
}

function declaresBody(context: ExecutionContext): boolean {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), context.getHandler().name) ??
    {}) as Record<string, unknown>;
  return Object.keys(args).some((key) => key.split(':')[0] === String(RouteParamtypes.BODY));
}

/** The first field of a parsed body, or `body` for one that is not an object; undefined when empty. */
function firstField(body: unknown): string | undefined {
  if (body === undefined || body === null || body === '') return undefined;
  if (typeof body !== 'object') return 'body';
  if (Buffer.isBuffer(body)) return body.length > 0 ? 'body' : undefined;
  return Object.keys(body)[0];
}
