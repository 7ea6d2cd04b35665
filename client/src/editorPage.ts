/**
 * The editor page's first script: small, so that the page paints before
 * anything heavy runs — the text the server drew into it for a member
 * (`firstText.ts`) is read while the editor's script (`main.ts`, most of
 * the client) still downloads and compiles. It sends the page's first
 * requests meanwhile (the token traded, then who the page is for:
 * `session.ts`), and hands them to the editor's script. Its style sheet is
 * the page's, linked from the page itself, so the drawn text is styled
 * from its first frame.
 */

import './styles.css'
import { startSession } from './session.js'

const first = startSession(window.location, window.history)
void import('./main.js').then((editor) => editor.start(first))
