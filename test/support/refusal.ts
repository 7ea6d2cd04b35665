/** What a pure rule said when it refused: runs `run` and answers the CounterpartError it threw. */

import { CounterpartError } from '../../server/vocabulary/errors.js'

/** The refusal `run` threw; throws itself when `run` was allowed or failed some other way. */
export function refusal(run: () => unknown): { code: string; message: string } {
  try {
    run()
  } catch (error) {
    if (error instanceof CounterpartError) return { code: error.code, message: error.message }
    throw error
  }
  throw new Error('the move was allowed')
}
