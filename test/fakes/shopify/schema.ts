/**
 * Shopify's own Admin GraphQL schema, for a fake instance that validates what
 * it receives the way Shopify does before running it (POST __fake/config
 * {validateAgainstSchema: true}).
 *
 * Source: the official introspection of every supported Admin API version,
 * shipped by Shopify in the npm package @shopify/dev-mcp
 * (dist/data/admin_<version>.json.gz; 1.16.0 carries 2025-10 to 2026-10 and
 * unstable), read with the `graphql` package (buildClientSchema, validate,
 * getVariableValues). graphql is a dev dependency; the schema data is unpacked
 * by test/fakes/shopify/fetch-schema.mjs (npm test's pretest). When either is
 * missing, schemaFor answers why, and GET __fake/schema says so, so a test can
 * tell "not checked here" from "checked and valid".
 *
 * Only erasable TypeScript (Node strips the types). The module names are
 * passed through variables so that TypeScript does not need their types.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** The few graphql-js functions used here, typed loosely (the package is optional). */
interface GraphqlJs {
  buildClientSchema(introspection: unknown): unknown;
  parse(source: string): unknown;
  validate(schema: unknown, document: unknown): { message: string; locations?: unknown }[];
  getOperationAST(document: unknown, operationName?: string | null): { variableDefinitions?: unknown[] } | null;
  getVariableValues(schema: unknown, definitions: unknown[], inputs: Record<string, unknown>): { errors?: { message: string }[] };
}

export type SchemaCheck = { ok: true; errors: { message: string; extensions: { code: string } }[] } | { ok: false; reason: string };

let graphqlJs: Promise<GraphqlJs | string> | null = null;
const schemas = new Map<string, Promise<unknown>>();

const loadGraphql = (): Promise<GraphqlJs | string> => {
  if (!graphqlJs) {
    const name = 'graphql';
    graphqlJs = import(name).then(
      (m: GraphqlJs & { default?: GraphqlJs }) => (typeof m.buildClientSchema === 'function' ? m : (m.default ?? 'the graphql package has no buildClientSchema')),
      () => 'the npm package graphql is not installed',
    );
  }
  return graphqlJs;
};

/** node_modules/@shopify/dev-mcp/dist/data/admin_<version>.json.gz, looked for upwards from this file and from the working directory. */
const schemaFile = (version: string): string | null => {
  const rel = join('node_modules', '@shopify', 'dev-mcp', 'dist', 'data', `admin_${version}.json.gz`);
  const starts = [dirname(fileURLToPath(import.meta.url)), process.cwd()];
  for (const start of starts) {
    for (let dir = start; ; dir = dirname(dir)) {
      const candidate = join(dir, rel);
      if (existsSync(candidate)) return candidate;
      if (dirname(dir) === dir) break;
    }
  }
  return null;
};

/** The built schema of one Admin API version, or why there is none. Built once per process. */
const schemaFor = async (version: string): Promise<{ gql: GraphqlJs; schema: unknown } | string> => {
  const gql = await loadGraphql();
  if (typeof gql === 'string') return gql;
  let built = schemas.get(version);
  if (!built) {
    built = (async () => {
      const file = schemaFile(version);
      if (!file) return `@shopify/dev-mcp with admin_${version}.json.gz is not installed`;
      const introspection = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as { data?: unknown };
      return gql.buildClientSchema(introspection.data ?? introspection);
    })();
    schemas.set(version, built);
  }
  const schema = await built;
  return typeof schema === 'string' ? schema : { gql, schema };
};

/** Whether this process can check documents against `version`. */
export const schemaAvailable = async (version: string): Promise<{ available: boolean; reason?: string }> => {
  const s = await schemaFor(version);
  return typeof s === 'string' ? { available: false, reason: s } : { available: true };
};

/**
 * Validates one request as Shopify would before running it: the document
 * against the schema (fields, arguments, their types, enum values, variable
 * use), then the variables against the operation's declarations (an enum
 * value or an input object field that does not exist is refused).
 */
export const checkAgainstSchema = async (version: string, query: string, variables: Record<string, unknown>, operationName: string | null): Promise<SchemaCheck> => {
  const s = await schemaFor(version);
  if (typeof s === 'string') return { ok: false, reason: s };
  const { gql, schema } = s;
  let document: unknown;
  try {
    document = gql.parse(query);
  } catch (e) {
    return { ok: true, errors: [{ message: (e as Error).message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }] };
  }
  const errors = gql.validate(schema, document).map((e) => ({ message: e.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
  if (errors.length) return { ok: true, errors };
  const op = gql.getOperationAST(document, operationName);
  if (!op) return { ok: true, errors: [{ message: 'An operation name is required', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] };
  const coerced = gql.getVariableValues(schema, op.variableDefinitions ?? [], variables);
  return { ok: true, errors: (coerced.errors ?? []).map((e) => ({ message: e.message, extensions: { code: 'INVALID_VARIABLE' } })) };
};
