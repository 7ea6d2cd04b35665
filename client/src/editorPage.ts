/**
 * The editor page's first script: small, so that the page paints before
 * anything heavy runs — the text the server drew into it for a member
 * (`firstText.ts`) is read while the editor's script (`main.ts`, most of
 * the client) still downloads and compiles. Its style sheet is the page's,
 * linked from the page itself, so the drawn text is styled from its first
 * frame.
 */

import './styles.css'

void import('./main.js')
