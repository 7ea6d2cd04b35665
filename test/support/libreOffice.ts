/**
 * A real word processor as the test oracle: LibreOffice converts DOCX files
 * to PDF, poppler reads the PDF back; and as another program writing Word
 * files, from HTML and ODT. Each run gets its own profile
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

/**
 * Converts each of `files` with LibreOffice to `format` (a filter such as
 * "pdf") in a fresh directory; resolves to what `read` makes of each
 * output file (path by input name), before the directory is removed.
 */
async function convertWithLibreOffice<T>(files: Record<string, Uint8Array>, format: string, extension: string, read: (output: string) => Promise<T>): Promise<Record<string, T>> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'counterpart-soffice-'))
  try {
    const inputs = Object.entries(files).map(([name, bytes]) => {
      const file = path.join(directory, name)
      fs.writeFileSync(file, bytes)
      return file
    })
    await run(
      'soffice',
      [`-env:UserInstallation=file://${path.join(directory, 'profile')}`, '--headless', '--norestore', '--convert-to', format, '--outdir', directory, ...inputs],
      { timeout: 180_000 },
    )
    const converted: Record<string, T> = {}
    for (const name of Object.keys(files)) {
      const output = path.join(directory, name.replace(/\.[^.]+$/, `.${extension}`))
      if (!fs.existsSync(output)) throw new Error(`LibreOffice produced no ${extension} for ${name}`)
      converted[name] = await read(output)
    }
    return converted
  } finally {
    fs.rmSync(directory, { recursive: true, force: true })
  }
}

/** Converts each file to PDF with LibreOffice; resolves to the PDF's text, fonts and page count by file name. */
export function renderWithLibreOffice(files: Record<string, Uint8Array>): Promise<Record<string, RenderedPdf>> {
  return convertWithLibreOffice(files, 'pdf', 'pdf', async (pdf) => {
    const [text, fonts, info] = await Promise.all([run('pdftotext', ['-layout', pdf, '-']), run('pdffonts', [pdf]), run('pdfinfo', [pdf])])
    return { text: text.stdout, fonts: fonts.stdout, pages: Number(/Pages:\s+(\d+)/.exec(info.stdout)?.[1]) }
  })
}

/** Each file's text as LibreOffice reads it: one line per paragraph (table cells each on their own line), in the file's order. */
export function textWithLibreOffice(files: Record<string, Uint8Array>): Promise<Record<string, string[]>> {
  return convertWithLibreOffice(files, 'txt:Text (encoded):UTF8', 'txt', async (text) => fs.readFileSync(text, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/))
}

/** Each file (an HTML page, a flat ODT document…) as LibreOffice writes it as a Word document, by file name. */
export function docxWithLibreOffice(files: Record<string, Uint8Array>): Promise<Record<string, Uint8Array>> {
  return convertWithLibreOffice(files, 'docx:MS Word 2007 XML', 'docx', async (docx) => new Uint8Array(fs.readFileSync(docx)))
}
