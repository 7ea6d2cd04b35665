/**
 * The one interface the rest of the server has to a database. Two
 * implementations speak the same SQL: PostgreSQL through `pg`
 * (`pgDatabase.ts`) and embedded PGlite (`pgliteDatabase.ts`).
 *
 * Conventions both implementations keep: `bytea` comes back as a
 * `Uint8Array`, `bigint` as a JavaScript number, `timestamptz` as a `Date`.
 */

/** Something that runs one parameterised statement. */
export interface Queryable {
  /** Runs `sql` with `$1…$n` bound to `params`; resolves to the rows returned. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>
}

/** A connection inside a transaction. */
export interface Transaction extends Queryable {
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>
}

export interface Database extends Queryable {
  /** Which engine this is, for logs and health output. */
  readonly kind: 'postgres' | 'pglite'
  /**
   * Runs `work` in a transaction: commits when it resolves, rolls back and
   * rethrows when it rejects.
   */
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>
  /**
   * Listens on a notification channel (PostgreSQL's LISTEN, on a
   * connection of its own, opened again when it is lost): `handler` gets
   * each payload. Resolves once listening, to what stops it. Absent where
   * there is only one process (PGlite).
   */
  listen?(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>>
  /** Closes every connection; pending queries finish first. */
  close(): Promise<void>
}
