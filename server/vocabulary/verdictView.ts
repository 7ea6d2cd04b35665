/**
 * The answer of POST /api/verify, as the signing desk gives it and the
 * public verify page (`client/src/verifyPage.ts`) reads it.
 */

/** Whether a file is an untouched signing original or Record of Discussion sealed and exported by this server, and if not, why, in words. */
export type VerdictView =
  | {
      valid: true
      document: { id: string; title: string }
      revision: number
      /** The revision's content hash in the version log: the hash of the text, not of the file. */
      contentHash: string
      /** The party whose original this is. */
      counterpart: string
      /** The language texts the original holds, in their order; null for copies sealed before the seal named them. */
      languages: string[] | null
      /** For a Record of Discussion, the number of its round (the revision is the one that closed it); null for a signing original. */
      round: number | null
      exportedBy: { kind: 'member' | 'admin'; memberId: string | null; name: string | null; party: string | null }
      exportedAt: string
    }
  | { valid: false; reason: string }

/** A valid verdict. */
export type GenuineVerdict = Extract<VerdictView, { valid: true }>
