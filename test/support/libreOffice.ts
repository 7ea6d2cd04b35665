/**
 * A real word processor as the test oracle: LibreOffice converts DOCX files
 * to PDF, poppler reads the PDF back. Each run gets its own profile
 * directory (two runs sharing one fail), and since soffice exits 0 even
 * when it could not load a file, every expected output is checked.
 */

import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface RenderedPdf {
  text: string
  fonts: string
  pages: number
}

/** Converts each file to PDF with LibreOffice; resolves to the PDF's text, fonts and page count by file name. */
export async function renderWithLibreOffice(files: Record<string, Uint8Array>): Promise<Record<string, RenderedPdf>> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'counterpart-soffice-'))
  try {
    const inputs = Object.entries(files).map(([name, bytes]) => {
      const file = path.join(directory, name)
      fs.writeFileSync(file, bytes)
      return file
    })
    await run(
      'soffice',
      [`-env:UserInstallation=file://${path.join(directory, 'profile')}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', directory, ...inputs],
      { timeout: 180_000 },
    )
    const rendered: Record<string, RenderedPdf> = {}
    for (const name of Object.keys(files)) {
      const pdf = path.join(directory, name.replace(/\.docx$/, '.pdf'))
      if (!fs.existsSync(pdf)) throw new Error(`LibreOffice produced no PDF for ${name}`)
      const [text, fonts, info] = await Promise.all([
        run('pdftotext', ['-layout', pdf, '-']),
        run('pdffonts', [pdf]),
        run('pdfinfo', [pdf]),
      ])
      rendered[name] = { text: text.stdout, fonts: fonts.stdout, pages: Number(/Pages:\s+(\d+)/.exec(info.stdout)?.[1]) }
    }
    return rendered
  } finally {
    fs.rmSync(directory, { recursive: true, force: true })
  }
}
