/**
 * What the home page shows of each of a signed-in person's negotiations:
 * the document's parties, its clause counts and what waits on the person
 * there — each read as that membership, with the same services the
 * document's own routes use (`GET …/content`, `GET …/waiting`).
 */

import type { MemberRecord } from '../vocabulary/member.js'
import type { MembershipOverview } from '../vocabulary/person.js'
import type { Principal } from '../access/principal.js'
import type { DocumentCatalog } from './documentCatalog.js'
import type { DocumentContent } from './documentContent.js'
import type { WaitingList } from './waitingList.js'

export interface OverviewSources {
  catalog: Pick<DocumentCatalog, 'get'>
  content: Pick<DocumentContent, 'progress'>
  waiting: Pick<WaitingList, 'list'>
}

/** The overview of `member`'s negotiation, read as `member`. */
export async function overviewOf(member: MemberRecord, { catalog, content, waiting }: OverviewSources): Promise<MembershipOverview> {
  const principal: Principal = { kind: 'member', member }
  const [document, progress, items] = await Promise.all([
    catalog.get(principal, member.documentId),
    content.progress(principal, member.documentId),
    waiting.list(principal, member.documentId),
  ])
  return {
    parties: document.parties.map(({ code, shortName }) => ({ code, shortName })),
    summary: { ...progress, waiting: items.length },
  }
}

/**
 * The overviews of `members`, in their order. One after the other: a person
 * holds few memberships, and each loads its document into the registry,
 * so a person with many does not load them all at once.
 */
export async function overviewsOf(members: readonly MemberRecord[], sources: OverviewSources): Promise<MembershipOverview[]> {
  const overviews: MembershipOverview[] = []
  for (const member of members) overviews.push(await overviewOf(member, sources))
  return overviews
}
