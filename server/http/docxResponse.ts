/**
 * Sending a DOCX: its type, a file name to save it as, its SHA-256 for the
 * caller to check, and never a cached copy.
 */

import type { Response } from 'express'
import type { ExportedFile } from '../export/docxPackage.js'

export const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

export function sendDocx(response: Response, file: ExportedFile): void {
  response.setHeader('Content-Type', docxType)
  response.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`)
  response.setHeader('X-Content-SHA256', file.sha256)
  response.setHeader('Cache-Control', 'no-store')
  response.send(Buffer.from(file.bytes))
}
