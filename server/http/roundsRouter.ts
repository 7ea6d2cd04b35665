/**
 * Rounds: /api/documents/:documentId/rounds — planned (POST, the
 * secretariat), listed and read (any member; one round read with what it
 * did, clause by clause), opened and closed (POST
 * …/:number/open and …/close, the secretariat), and a party's attendance
 * set (PUT …/:number/attendance/:party, the secretariat or that party's
 * head of delegation), and a closed round's sealed Record of Discussion
 * (GET …/:number/record.docx?counterpart=<party>&lang=<language>, the
 * secretariat or a head of delegation).
 */

import { Router } from 'express'
import type { Rounds } from '../services/rounds.js'
import type { DiscussionRecords } from '../services/discussionRecords.js'
import { sendDocx } from './docxResponse.js'
import { languageParameter } from './languageParameter.js'
import { principalOf } from './authentication.js'
import { invalid } from '../vocabulary/errors.js'
import { arrayField, nullableStringField, objectBody, stringField, type JsonObject } from './bodyFields.js'
import { maxAgendaItems, maxAttendees, roundView, type AgendaItem, type Attendee } from '../vocabulary/round.js'

export function roundsRouter(rounds: Rounds, records: DiscussionRecords): Router {
  const router = Router({ mergeParams: true })

  router.post('/', async (request, response) => {
    const { documentId } = request.params as { documentId: string }
    const body = objectBody(request.body)
    const round = await rounds.plan(principalOf(response), documentId, {
      title: stringField(body, 'title', { maxLength: 300 }),
      place: stringField(body, 'place', { maxLength: 200 }),
      startDate: stringField(body, 'startDate', { maxLength: 10 }),
      endDate: stringField(body, 'endDate', { maxLength: 10 }),
      attendance: body.attendance === undefined ? [] : attendanceField(body, 'attendance'),
      agenda: body.agenda === undefined ? [] : arrayField(body, 'agenda', agendaItem, maxAgendaItems),
    })
    response.status(201).json(roundView(round))
  })

  router.get('/', async (request, response) => {
    const { documentId } = request.params as { documentId: string }
    response.json({ rounds: (await rounds.list(principalOf(response), documentId)).map((round) => roundView(round)) })
  })

  router.get('/:number', async (request, response) => {
    const { documentId, number } = request.params as { documentId: string; number: string }
    const principal = principalOf(response)
    const round = await rounds.get(principal, documentId, roundNumber(number))
    response.json(roundView(round, await rounds.changes(principal, documentId, round)))
  })

  router.post('/:number/open', async (request, response) => {
    const { documentId, number } = request.params as { documentId: string; number: string }
    response.json(roundView(await rounds.open(principalOf(response), documentId, roundNumber(number))))
  })

  router.post('/:number/close', async (request, response) => {
    const { documentId, number } = request.params as { documentId: string; number: string }
    response.json(roundView(await rounds.close(principalOf(response), documentId, roundNumber(number))))
  })

  router.get('/:number/record.docx', async (request, response) => {
    const { documentId, number } = request.params as { documentId: string; number: string }
    const counterpart = request.query.counterpart
    if (typeof counterpart !== 'string') throw invalid('parameter "counterpart" is required: the code of the party whose copy of the record this is')
    sendDocx(response, await records.export(principalOf(response), documentId, roundNumber(number), counterpart, languageParameter(request.query.lang)))
  })

  router.put('/:number/attendance/:party', async (request, response) => {
    const { documentId, number, party } = request.params as { documentId: string; number: string; party: string }
    const body = objectBody(request.body)
    const attendees = attendanceField(body, 'attendance')
    response.json(roundView(await rounds.setAttendance(principalOf(response), documentId, roundNumber(number), party, attendees)))
  })

  return router
}

/** A path's round number: a whole number from 1. */
function roundNumber(value: string): number {
  if (!/^[1-9][0-9]{0,8}$/.test(value)) throw invalid(`round number must be a whole number from 1 (got ${JSON.stringify(value)})`)
  return Number(value)
}

function attendanceField(body: JsonObject, name: string): Attendee[] {
  const attendee = (item: JsonObject, path: string): Attendee => ({
    party: stringField(item, 'party', { path, maxLength: 8 }),
    name: stringField(item, 'name', { path, maxLength: 200 }),
    title: optionalText(item, 'title', path),
    organisation: optionalText(item, 'organisation', path),
    role: optionalText(item, 'role', path),
  })
  return arrayField(body, name, attendee, maxAttendees)
}

function agendaItem(item: JsonObject, path: string): AgendaItem {
  return { clauseId: nullableStringField(item, 'clauseId', { path, maxLength: 100 }), topic: stringField(item, 'topic', { path, maxLength: 500 }) }
}

/** An optional text of an attendee (absent or null: empty). */
function optionalText(item: JsonObject, name: string, path: string): string {
  return nullableStringField(item, name, { path, maxLength: 200 }) ?? ''
}
