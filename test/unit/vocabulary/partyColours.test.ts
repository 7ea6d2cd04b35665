import { describe, expect, it } from 'vitest'
import { neutralColor, partyColors } from '../../../server/vocabulary/partyColours.js'

/** WCAG 2 relative luminance of "#rrggbb". */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}

/** WCAG 2 contrast ratio of two colours. */
function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (light! + 0.05) / (dark! + 0.05)
}

describe('the party colours', () => {
  it('read as text on the page and the panels (WCAG AA, 4.5:1), where changes, names and cursors are written in them', () => {
    for (const colour of [...partyColors, neutralColor]) {
      for (const background of ['#ffffff', '#f9fafb']) expect(contrast(colour, background), `${colour} on ${background}`).toBeGreaterThanOrEqual(4.5)
    }
  })
})
