import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env';
import { AppError } from './errors';

/**
 * Every sub-app is an OpenAPIHono with the same validation hook, so a schema
 * failure anywhere becomes one 400 "validation_error" listing the fields.
 */
export const newRouter = () =>
  new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw new AppError(400, 'validation_error', 'The request is not valid', fieldErrors(result.error));
      }
    },
  });

interface IssueLike {
  path: PropertyKey[];
  message: string;
  code: string;
  keys?: string[];
}

/** zod issues as [{field, message, code}], one per problem, for forms to show next to each field. */
export const fieldErrors = (error: { issues: IssueLike[] }) =>
  error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys' && i.keys
      ? i.keys.map((k) => ({ field: [...i.path, k].join('.'), code: 'unknown_field', message: `Unknown field: ${k}` }))
      : [{ field: i.path.map(String).join('.') || '(body)', code: i.code, message: i.message }],
  );
