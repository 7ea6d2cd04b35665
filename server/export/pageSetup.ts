/**
 * The page every Counterpart DOCX is laid out on: A4 portrait with one-inch
 * margins (sizes in twentieths of a point).
 */

export const a4Page = { page: { size: { width: 11906, height: 16838 }, margin: { top: 1440, bottom: 1440, left: 1440, right: 1440 } } } as const
