/**
 * Just enough GraphQL for the Shopify fake: parse one operation (fields,
 * aliases, arguments, variables, directives, inline fragments), answer only
 * the fields that were selected, and price the query the way Shopify's
 * calculated query cost does.
 *
 * Cost rules (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits):
 * scalars and enums 0, objects 1, a connection 2 + first × (its node's cost),
 * a mutation 10. The bucket is charged the requested cost up front and
 * refunded down to the actual cost, computed from what was really returned.
 *
 * Resolvers are plain objects whose fields are values or functions of the
 * field's arguments; a field missing on an object is reported the way GraphQL
 * does ("Field 'x' doesn't exist on type 'Order'"), so an adapter that asks
 * for a field the model lacks fails here instead of in production.
 */

export type GqlValue = null | boolean | number | string | GqlValue[] | { [k: string]: GqlValue };

export interface FieldNode {
  kind: 'field';
  alias: string | null;
  name: string;
  args: Record<string, unknown>;
  directives: { name: string; args: Record<string, unknown> }[];
  selections: Selection[] | null;
}
export interface InlineFragment {
  kind: 'inline';
  on: string | null;
  selections: Selection[];
}
export type Selection = FieldNode | InlineFragment;

export interface Operation {
  type: 'query' | 'mutation';
  name: string | null;
  selections: Selection[];
  /** the operation's declared variables, with their types and defaults */
  variableDefinitions: Record<string, { type: string; defaultValue?: unknown }>;
}

export class GqlError extends Error {
  code: string;
  extra: Record<string, unknown>;
  constructor(message: string, code = 'GRAPHQL_PARSE_FAILED', extra: Record<string, unknown> = {}) {
    super(message);
    this.code = code;
    this.extra = extra;
  }
}

// ---------------------------------------------------------------- tokenizer

type Token = { kind: 'punct' | 'name' | 'number' | 'string'; value: string };

const tokenize = (src: string): Token[] => {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (/[\s,\ufeff]/.test(ch)) {
      i++;
    } else if (ch === '#') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (src.startsWith('...', i)) {
      tokens.push({ kind: 'punct', value: '...' });
      i += 3;
    } else if ('!$():=@[]{}|'.includes(ch)) {
      tokens.push({ kind: 'punct', value: ch });
      i++;
    } else if (/[_A-Za-z]/.test(ch)) {
      const m = /^[_A-Za-z][_0-9A-Za-z]*/.exec(src.slice(i))!;
      tokens.push({ kind: 'name', value: m[0] });
      i += m[0].length;
    } else if (/[-0-9]/.test(ch)) {
      const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(src.slice(i));
      if (!m) throw new GqlError(`Parse error on "${ch}"`);
      tokens.push({ kind: 'number', value: m[0] });
      i += m[0].length;
    } else if (ch === '"') {
      let j = i + 1;
      let out = '';
      while (j < src.length && src[j] !== '"') {
        if (src[j] === '\\') {
          const esc = src[j + 1];
          if (esc === 'u') {
            out += String.fromCharCode(parseInt(src.slice(j + 2, j + 6), 16));
            j += 6;
            continue;
          }
          out += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[esc] ?? esc;
          j += 2;
        } else {
          out += src[j++];
        }
      }
      if (j >= src.length) throw new GqlError('Parse error: unterminated string');
      tokens.push({ kind: 'string', value: out });
      i = j + 1;
    } else {
      throw new GqlError(`Parse error on "${ch}"`);
    }
  }
  return tokens;
};

// ------------------------------------------------------------------- parser

type ValueAst =
  | { kind: 'var'; name: string }
  | { kind: 'const'; value: unknown }
  | { kind: 'list'; items: ValueAst[] }
  | { kind: 'object'; fields: Record<string, ValueAst> };

class Parser {
  private pos = 0;
  private tokens: Token[];
  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }
  peek(): Token | undefined {
    return this.tokens[this.pos];
  }
  is(value: string): boolean {
    const t = this.peek();
    return !!t && (t.kind === 'punct' || t.kind === 'name') && t.value === value;
  }
  expect(value: string): void {
    const t = this.tokens[this.pos++];
    if (!t || t.value !== value) throw new GqlError(`Parse error on ${t ? JSON.stringify(t.value) : 'end of query'}: expected ${value}`);
  }
  name(): string {
    const t = this.tokens[this.pos++];
    if (!t || t.kind !== 'name') throw new GqlError(`Parse error on ${t ? JSON.stringify(t.value) : 'end of query'}: expected a name`);
    return t.value;
  }
  done(): boolean {
    return this.pos >= this.tokens.length;
  }

  type(): string {
    let out: string;
    if (this.is('[')) {
      this.expect('[');
      out = `[${this.type()}]`;
      this.expect(']');
    } else {
      out = this.name();
    }
    if (this.is('!')) {
      this.expect('!');
      out += '!';
    }
    return out;
  }

  value(): ValueAst {
    const t = this.peek();
    if (!t) throw new GqlError('Parse error: expected a value');
    if (t.kind === 'punct' && t.value === '$') {
      this.pos++;
      return { kind: 'var', name: this.name() };
    }
    if (t.kind === 'punct' && t.value === '[') {
      this.pos++;
      const items: ValueAst[] = [];
      while (!this.is(']')) items.push(this.value());
      this.expect(']');
      return { kind: 'list', items };
    }
    if (t.kind === 'punct' && t.value === '{') {
      this.pos++;
      const fields: Record<string, ValueAst> = {};
      while (!this.is('}')) {
        const k = this.name();
        this.expect(':');
        fields[k] = this.value();
      }
      this.expect('}');
      return { kind: 'object', fields };
    }
    this.pos++;
    if (t.kind === 'number') return { kind: 'const', value: Number(t.value) };
    if (t.kind === 'string') return { kind: 'const', value: t.value };
    if (t.kind === 'name') {
      if (t.value === 'true') return { kind: 'const', value: true };
      if (t.value === 'false') return { kind: 'const', value: false };
      if (t.value === 'null') return { kind: 'const', value: null };
      return { kind: 'const', value: t.value }; // enum value
    }
    throw new GqlError(`Parse error on ${JSON.stringify(t.value)}`);
  }

  arguments(): Record<string, ValueAst> {
    const args: Record<string, ValueAst> = {};
    if (!this.is('(')) return args;
    this.expect('(');
    while (!this.is(')')) {
      const k = this.name();
      this.expect(':');
      args[k] = this.value();
    }
    this.expect(')');
    return args;
  }

  directives(): { name: string; args: Record<string, ValueAst> }[] {
    const out: { name: string; args: Record<string, ValueAst> }[] = [];
    while (this.is('@')) {
      this.expect('@');
      out.push({ name: this.name(), args: this.arguments() });
    }
    return out;
  }

  selectionSet(): RawSelection[] {
    this.expect('{');
    const out: RawSelection[] = [];
    while (!this.is('}')) {
      if (this.is('...')) {
        this.expect('...');
        if (!this.is('on')) throw new GqlError('Named fragments are not supported by this fake');
        this.expect('on');
        const on = this.name();
        this.directives();
        out.push({ kind: 'inline', on, selections: this.selectionSet() });
        continue;
      }
      let name = this.name();
      let alias: string | null = null;
      if (this.is(':')) {
        this.expect(':');
        alias = name;
        name = this.name();
      }
      const args = this.arguments();
      const directives = this.directives();
      const selections = this.is('{') ? this.selectionSet() : null;
      out.push({ kind: 'field', alias, name, args, directives, selections });
    }
    this.expect('}');
    if (out.length === 0) throw new GqlError('Parse error: empty selection set');
    return out;
  }
}

type RawSelection =
  | { kind: 'field'; alias: string | null; name: string; args: Record<string, ValueAst>; directives: { name: string; args: Record<string, ValueAst> }[]; selections: RawSelection[] | null }
  | { kind: 'inline'; on: string; selections: RawSelection[] };

const resolveValue = (v: ValueAst, vars: Record<string, unknown>, defs: Operation['variableDefinitions']): unknown => {
  switch (v.kind) {
    case 'var': {
      if (!(v.name in defs)) throw new GqlError(`Variable $${v.name} is used by anonymous query but not declared`, 'variableNotDefined');
      return v.name in vars ? vars[v.name] : (defs[v.name].defaultValue ?? null);
    }
    case 'const':
      return v.value;
    case 'list':
      return v.items.map((i) => resolveValue(i, vars, defs));
    case 'object':
      return Object.fromEntries(Object.entries(v.fields).map(([k, f]) => [k, resolveValue(f, vars, defs)]));
  }
};

const bind = (sels: RawSelection[], vars: Record<string, unknown>, defs: Operation['variableDefinitions']): Selection[] =>
  sels.map((s) =>
    s.kind === 'inline'
      ? { kind: 'inline', on: s.on, selections: bind(s.selections, vars, defs) }
      : {
          kind: 'field',
          alias: s.alias,
          name: s.name,
          args: Object.fromEntries(Object.entries(s.args).map(([k, v]) => [k, resolveValue(v, vars, defs)])),
          directives: s.directives.map((d) => ({ name: d.name, args: Object.fromEntries(Object.entries(d.args).map(([k, v]) => [k, resolveValue(v, vars, defs)])) })),
          selections: s.selections ? bind(s.selections, vars, defs) : null,
        },
  );

/** Parses the document and binds the variables: the operation named `operationName`, or the only one. */
export const parseOperation = (query: string, variables: Record<string, unknown> = {}, operationName?: string | null): Operation => {
  const p = new Parser(tokenize(query));
  const ops: { type: 'query' | 'mutation'; name: string | null; defs: Operation['variableDefinitions']; sels: RawSelection[] }[] = [];
  while (!p.done()) {
    let type: 'query' | 'mutation' = 'query';
    let name: string | null = null;
    const defs: Operation['variableDefinitions'] = {};
    if (p.is('query') || p.is('mutation')) {
      type = p.name() as 'query' | 'mutation';
      if (p.peek()?.kind === 'name') name = p.name();
      if (p.is('(')) {
        p.expect('(');
        while (!p.is(')')) {
          p.expect('$');
          const v = p.name();
          p.expect(':');
          const t = p.type();
          let defaultValue: unknown;
          if (p.is('=')) {
            p.expect('=');
            defaultValue = resolveValue(p.value(), {}, {});
          }
          defs[v] = { type: t, defaultValue };
        }
        p.expect(')');
      }
      p.directives();
    } else if (p.is('fragment') || p.is('subscription')) {
      throw new GqlError(`${p.peek()!.value} definitions are not supported by this fake`);
    }
    ops.push({ type, name, defs, sels: p.selectionSet() });
  }
  if (ops.length === 0) throw new GqlError('No operations given');
  const op = operationName ? ops.find((o) => o.name === operationName) : ops.length === 1 ? ops[0] : undefined;
  if (!op) throw new GqlError(operationName ? `No operation named "${operationName}"` : 'An operation name is required');
  for (const [k, d] of Object.entries(op.defs)) {
    if (d.type.endsWith('!') && (variables[k] === undefined || variables[k] === null) && d.defaultValue === undefined) {
      throw new GqlError(`Variable $${k} of type ${d.type} was provided invalid value`, 'INVALID_VARIABLE');
    }
  }
  return { type: op.type, name: op.name, variableDefinitions: op.defs, selections: bind(op.sels, variables, op.defs) };
};

// ----------------------------------------------------------------- executor

/** A model object: fields are values or functions of the field's arguments (and the field node). */
export type Resolved = { __typename?: string; [field: string]: unknown };

export interface ExecError {
  message: string;
  path: (string | number)[];
  extensions: Record<string, unknown>;
}

/** Answers exactly the selected fields from `root`; errors are collected, the field answers null. */
export const execute = (root: Resolved, selections: Selection[]): { data: Record<string, unknown>; errors: ExecError[] } => {
  const errors: ExecError[] = [];
  const project = (value: unknown, sels: Selection[], path: (string | number)[]): unknown => {
    if (value === null || value === undefined) return null;
    if (Array.isArray(value)) return value.map((v, i) => project(v, sels, [...path, i]));
    const obj = value as Resolved;
    const out: Record<string, unknown> = {};
    for (const sel of sels) {
      if (sel.kind === 'inline') {
        if (!sel.on || !obj.__typename || obj.__typename === sel.on) Object.assign(out, project(obj, sel.selections, path));
        continue;
      }
      const key = sel.alias ?? sel.name;
      if (sel.name === '__typename') {
        out[key] = obj.__typename ?? null;
        continue;
      }
      if (!(sel.name in obj)) {
        errors.push({
          message: `Field '${sel.name}' doesn't exist on type '${obj.__typename ?? 'Object'}'`,
          path: [...path, key],
          extensions: { code: 'undefinedField', typeName: obj.__typename ?? 'Object', fieldName: sel.name },
        });
        out[key] = null;
        continue;
      }
      let raw = obj[sel.name];
      try {
        if (typeof raw === 'function') raw = (raw as (args: Record<string, unknown>, field: FieldNode) => unknown)(sel.args, sel);
      } catch (e) {
        if (e instanceof GqlError) {
          errors.push({ message: e.message, path: [...path, key], extensions: { code: e.code, ...e.extra } });
          out[key] = null;
          continue;
        }
        throw e;
      }
      out[key] = sel.selections ? project(raw, sel.selections, [...path, key]) : (raw ?? null);
    }
    return out;
  };
  const data = project(root, selections, []) as Record<string, unknown>;
  return { data, errors };
};

// --------------------------------------------------------------------- cost

const sizeOf = (args: Record<string, unknown>): number | null => {
  const n = args.first ?? args.last;
  if (typeof n === 'number') return n;
  if (Array.isArray(args.ids)) return args.ids.length;
  return null;
};

/** The selections that describe one node of a connection (inside edges.node or nodes). */
const nodeSelections = (sels: Selection[]): Selection[] => {
  const out: Selection[] = [];
  for (const s of sels) {
    if (s.kind === 'inline') out.push(s);
    else if (s.name === 'nodes' && s.selections) out.push(...s.selections);
    else if (s.name === 'edges' && s.selections) {
      for (const e of s.selections) if (e.kind === 'field' && e.name === 'node' && e.selections) out.push(...e.selections);
    }
  }
  return out;
};

const isConnectionField = (s: FieldNode) => sizeOf(s.args) !== null && !!s.selections;

/** The requested cost of a selection set, before anything runs. */
export const requestedCost = (sels: Selection[]): number => {
  let total = 0;
  for (const s of sels) {
    if (s.kind === 'inline') {
      total += requestedCost(s.selections);
      continue;
    }
    if (!s.selections) continue;
    const n = sizeOf(s.args);
    if (n !== null && Array.isArray(s.args.ids)) total += n * (1 + requestedCost(s.selections));
    else if (n !== null) total += 2 + n * (1 + requestedCost(nodeSelections(s.selections)));
    else total += 1 + requestedCost(s.selections);
  }
  return total;
};

/** The cost of what was actually answered (fewer nodes, null objects). */
export const actualCost = (sels: Selection[], value: unknown): number => {
  if (value === null || value === undefined) return 0;
  const obj = value as Record<string, unknown>;
  let total = 0;
  for (const s of sels) {
    if (s.kind === 'inline') {
      total += actualCost(s.selections, obj);
      continue;
    }
    if (!s.selections) continue;
    const v = obj[s.alias ?? s.name];
    if (Array.isArray(s.args.ids)) {
      for (const item of (v as unknown[]) ?? []) if (item) total += 1 + actualCost(s.selections, item);
    } else if (isConnectionField(s)) {
      const conn = v as { nodes?: unknown[]; edges?: { node: unknown }[] } | null;
      const nodes = conn?.nodes ?? conn?.edges?.map((e) => e.node) ?? [];
      total += 2 + nodes.reduce<number>((n, node) => n + 1 + actualCost(nodeSelections(s.selections!), node), 0);
    } else if (Array.isArray(v)) {
      total += 1 + v.reduce<number>((n, item) => n + actualCost(s.selections!, item), 0);
    } else if (v !== null && v !== undefined) {
      total += 1 + actualCost(s.selections, v);
    }
  }
  return total;
};

// -------------------------------------------------------------- connections

// Sort keys are ids and ISO times: plain ASCII, so btoa is enough.
const encodeCursor = (key: unknown[]): string => btoa(JSON.stringify(key));
const decodeCursor = (cursor: string): unknown[] => {
  try {
    const v = JSON.parse(atob(cursor));
    if (Array.isArray(v)) return v;
  } catch {
    // fall through
  }
  throw new GqlError(`Invalid cursor for current pagination sort.`, 'BAD_REQUEST');
};

const compareKeys = (a: unknown[], b: unknown[]): number => {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] as string | number;
    const y = b[i] as string | number;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
};

/**
 * A Relay connection over `items` already filtered and sorted by `keyOf`
 * (ascending, or descending with reverse). Cursors carry the sort key, so a
 * page boundary survives items moving in or out of the list between calls.
 */
export const connection = <T>(typename: string, items: T[], args: Record<string, unknown>, keyOf: (item: T) => unknown[], maxPage = 250): Resolved => {
  const first = args.first as number | undefined | null;
  const last = args.last as number | undefined | null;
  if (first == null && last == null) throw new GqlError('you must provide one of first or last', 'BAD_REQUEST');
  const size = (first ?? last)!;
  if (size < 0 || size > maxPage) throw new GqlError(`The value of first or last must be between 0 and ${maxPage}.`, 'BAD_REQUEST', { maxPage });
  const reverse = args.reverse === true;
  const sorted = [...items].sort((a, b) => compareKeys(keyOf(a), keyOf(b)) * (reverse ? -1 : 1));
  let list = sorted;
  if (typeof args.after === 'string') {
    const after = decodeCursor(args.after);
    list = list.filter((i) => compareKeys(keyOf(i), after) * (reverse ? -1 : 1) > 0);
  }
  if (typeof args.before === 'string') {
    const before = decodeCursor(args.before);
    list = list.filter((i) => compareKeys(keyOf(i), before) * (reverse ? -1 : 1) < 0);
  }
  const page = first != null ? list.slice(0, size) : list.slice(Math.max(0, list.length - size));
  const cursors = page.map((i) => encodeCursor(keyOf(i)));
  return {
    __typename: typename,
    edges: page.map((node, i) => ({ __typename: `${typename.replace(/Connection$/, '')}Edge`, cursor: cursors[i], node })),
    nodes: page,
    pageInfo: {
      __typename: 'PageInfo',
      hasNextPage: first != null ? list.length > page.length : false,
      hasPreviousPage: first != null ? list.length < sorted.length : list.length > page.length,
      startCursor: cursors[0] ?? null,
      endCursor: cursors[cursors.length - 1] ?? null,
    },
  };
};
