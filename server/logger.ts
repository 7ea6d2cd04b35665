/**
 * Structured logging: one JSON object per line, with a time, a level and an
 * `event` name, plus whatever fields the caller adds. Tokens never belong in
 * a field; callers log member ids instead.
 */

import type { LogLevel } from './config.js'

export type LogFields = Record<string, unknown>

export interface Logger {
  debug(event: string, fields?: LogFields): void
  info(event: string, fields?: LogFields): void
  warn(event: string, fields?: LogFields): void
  error(event: string, fields?: LogFields): void
  /** A logger that adds `fields` to every line it writes. */
  child(fields: LogFields): Logger
}

const severity: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 }

/**
 * Creates a logger writing lines at or above `level` to `write`
 * (standard output by default).
 */
export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (line) => process.stdout.write(line),
  base: LogFields = {},
): Logger {
  const threshold = severity[level]
  const emit = (lineLevel: Exclude<LogLevel, 'silent'>, event: string, fields?: LogFields) => {
    if (severity[lineLevel] < threshold) return
    const record: LogFields = { time: new Date().toISOString(), level: lineLevel, event, ...base, ...fields }
    write(JSON.stringify(record, replaceErrors) + '\n')
  }
  return {
    debug: (event, fields) => emit('debug', event, fields),
    info: (event, fields) => emit('info', event, fields),
    warn: (event, fields) => emit('warn', event, fields),
    error: (event, fields) => emit('error', event, fields),
    child: (fields) => createLogger(level, write, { ...base, ...fields }),
  }
}

/** Errors serialise to their name, message and code, never to `{}`. */
function replaceErrors(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code
    return { name: value.name, message: value.message, ...(code === undefined ? {} : { code }) }
  }
  if (typeof value === 'bigint') return value.toString()
  return value
}
