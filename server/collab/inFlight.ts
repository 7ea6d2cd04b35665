/**
 * Updates the gate has admitted that the document does not hold yet: they
 * are on their way through the log, and a client's next update may already
 * build on them. The gate looks here for what such an update refers to.
 */

import * as Y from 'yjs'

type Struct = Y.Item | Y.GC

export class InFlight {
  private readonly batches = new Set<readonly Struct[]>()

  /** Records the structs of an admitted update; call the returned function once it is applied (or failed). */
  add(structs: readonly (Struct | Y.Skip)[]): () => void {
    const batch = structs.filter((struct): struct is Struct => !(struct instanceof Y.Skip))
    this.batches.add(batch)
    return () => this.batches.delete(batch)
  }

  /** The in-flight struct holding `id`, if any. */
  structAt(id: Y.ID): Struct | null {
    for (const batch of this.batches) {
      for (const struct of batch) {
        if (struct.id.client === id.client && id.clock >= struct.id.clock && id.clock < struct.id.clock + struct.length) return struct
      }
    }
    return null
  }

  /** The clock just past the last in-flight struct of `client`, or 0. */
  reach(client: number): number {
    let reach = 0
    for (const batch of this.batches) {
      for (const struct of batch) if (struct.id.client === client) reach = Math.max(reach, struct.id.clock + struct.length)
    }
    return reach
  }
}
