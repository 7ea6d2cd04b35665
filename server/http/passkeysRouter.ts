/**
 * /api/me/passkeys — a signed-in person's passkeys: listed (never a public
 * key) and removed, never the last. Adding one is a WebAuthn ceremony, under
 * /api/auth/passkeys (`authRouter.ts`).
 */

import { Router } from 'express'
import type { PasskeySignIn } from '../services/passkeySignIn.js'
import { personOf } from './authentication.js'
import { passkeyView } from './personViews.js'

export function passkeysRouter(signIn: Pick<PasskeySignIn, 'passkeysOf' | 'removePasskey'>): Router {
  const router = Router()

  router.get('/', async (_request, response) => {
    const { person } = personOf(response)
    response.json({ passkeys: (await signIn.passkeysOf(person)).map(passkeyView) })
  })

  router.delete('/:credentialId', async (request, response) => {
    const { person } = personOf(response)
    await signIn.removePasskey(person, request.params.credentialId as string)
    response.json({ removed: request.params.credentialId })
  })

  return router
}
