import { type Compilable, CompiledQuery, type Kysely } from 'kysely';

interface Compiled {
  sql: string;
  /** Per SQL parameter: the name of the value bound there, or a constant the query holds. */
  slots: Array<{ value: PropertyKey } | { constant: unknown }>;
}

const placeholder = (name: string) => `\u0000portico-value:${name}\u0000`;

/**
 * A hot query whose SQL is built and compiled once per shape; each call binds its values
 * into that SQL. Building and compiling a Kysely query with subqueries costs ~0.1 ms of CPU,
 * as much as its round trip to Postgres, and the shopper session check and the account
 * overview run on every request.
 *
 * `build` is called with placeholders in place of `values`: it may put them wherever a
 * value goes, but must not look inside them (no branching on them, no array to `in`: use
 * `= any(...)`). What the SQL's form depends on goes in `shape` (a string key), which `build`
 * receives as is. Returns the rows, typed as `build`'s query.
 */
export function compiledOnce<DB, Values extends object, Shape extends string, Row>(
  build: (db: Kysely<DB>, values: Values, shape: Shape) => Compilable<Row>,
): (db: Kysely<DB>, values: Values, shape: Shape) => Promise<Row[]> {
  // Per dialect (its adapter): a transaction shares its database's compiled SQL.
  const byDialect = new WeakMap<object, Map<Shape, Compiled>>();
  const compile = (db: Kysely<DB>, names: string[], shape: Shape): Compiled => {
    const holders = Object.fromEntries(names.map((n) => [n, placeholder(n)])) as Values;
    const byText = new Map(names.map((n) => [placeholder(n), n]));
    const { sql, parameters } = build(db, holders, shape).compile();
    if (sql.includes('\u0000portico-value:')) {
      throw new Error('compiledOnce: a value was written into the SQL text, not bound');
    }
    const slots = parameters.map((p) => {
      const name = typeof p === 'string' ? byText.get(p) : undefined;
      return name === undefined ? { constant: p } : { value: name };
    });
    return { sql, slots };
  };
  return async (db, values, shape) => {
    const dialect = db.getExecutor().adapter;
    let shapes = byDialect.get(dialect);
    if (!shapes) {
      shapes = new Map();
      byDialect.set(dialect, shapes);
    }
    let compiled = shapes.get(shape);
    if (!compiled) {
      compiled = compile(db, Object.keys(values), shape);
      shapes.set(shape, compiled);
    }
    const parameters = compiled.slots.map((s) =>
      'value' in s ? values[s.value as keyof Values] : s.constant,
    );
    const result = await db.executeQuery<Row>(CompiledQuery.raw(compiled.sql, parameters));
    return result.rows;
  };
}
