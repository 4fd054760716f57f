import pg from 'pg';

/** A statement is prepared once it has been sent this many times (it is a hot one). */
export const PREPARE_AFTER_USES = 2;
/** At most this many distinct statements are prepared per process (each connection holds them). */
export const MAX_PREPARED = 256;
/** The use counter forgets everything past this many distinct texts (one-off statements). */
const MAX_COUNTED = 2_000;

/** Only plain DML is worth preparing; transaction control and `set` are not. */
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;

/**
 * A statement starting with this comment is never prepared: it is planned for its values on
 * every run. For a query whose best plan depends on a value (SearchCustomers over common
 * trigrams: a scan from the table's first page when most customers match, the trigram index
 * when few do), a generic plan Postgres may settle on after five runs can cost a second.
 */
export const PLAN_FOR_VALUES = '/* planned for its values */';

/**
 * Names hot statements so `pg` prepares them once per connection (Parse once, then only
 * Bind/Execute): Postgres skips parsing and, after a few runs, planning. The overview's
 * three queries spent ~0.7 ms of Postgres CPU per request planning; prepared, that is gone.
 * The same policy as Npgsql's automatic preparation: count uses, prepare what repeats,
 * cap how many. Names are per text and per process, so a name never means two statements.
 */
export class StatementNames {
  readonly #uses = new Map<string, number>();
  readonly #names = new Map<string, string>();

  constructor(
    readonly prepareAfterUses = PREPARE_AFTER_USES,
    readonly maxPrepared = MAX_PREPARED,
  ) {}

  /** The statement's name when it should run prepared, else undefined (sent unnamed). */
  nameFor(text: string): string | undefined {
    const named = this.#names.get(text);
    if (named) return named;
    if (text.startsWith(PLAN_FOR_VALUES)) return undefined;
    if (this.#names.size >= this.maxPrepared || !PREPARABLE.test(text)) return undefined;
    const uses = (this.#uses.get(text) ?? 0) + 1;
    if (uses < this.prepareAfterUses) {
      if (this.#uses.size >= MAX_COUNTED) this.#uses.clear();
      this.#uses.set(text, uses);
      return undefined;
    }
    this.#uses.delete(text);
    const name = `portico_${this.#names.size + 1}`;
    this.#names.set(text, name);
    return name;
  }

  get prepared(): number {
    return this.#names.size;
  }
}

/**
 * A `pg.Pool` client class whose `query(text, values)` calls (the form Kysely uses) run as
 * named, prepared statements once hot. Every other call form passes through untouched.
 */
export function autoPreparingClient(names: StatementNames): new () => pg.Client {
  return class AutoPreparingClient extends pg.Client {
    // biome-ignore lint/suspicious/noExplicitAny: pg's query() has a dozen overloads; all pass through.
    override query(...args: any[]): any {
      const [text, values, callback] = args;
      if (typeof text === 'string' && Array.isArray(values) && callback === undefined) {
        const name = names.nameFor(text);
        if (name) return super.query({ name, text, values });
      }
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
  };
}
