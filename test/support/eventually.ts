/**
 * Waits for a condition that becomes true asynchronously (replicas
 * converging, a socket closing). The deadline only bounds a failing test;
 * it asserts nothing about speed.
 */

export async function eventually<T>(check: () => T | Promise<T>, { timeoutMs = 20_000, intervalMs = 20 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return await check()
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, intervalMs))
    }
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
