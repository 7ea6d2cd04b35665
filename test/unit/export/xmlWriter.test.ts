import { DOMParser } from '@xmldom/xmldom'
import { describe, expect, it } from 'vitest'
import { element, escapeAttribute, escapeText, phrase, writeXml } from '../../../server/export/xmlWriter.js'
import { xmllintProblems } from '../../support/akomaNtosoChecks.js'

// xmldom warns of every U+FFFD it meets: only errors fail.
const parse = (xml: string) =>
  new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') throw new Error(`${level}: ${message}`)
    },
  }).parseFromString(xml, 'application/xml')

/** Seeded strings of every kind of character: markup, quotes, whitespace, Thai, Khmer, astral, controls, lone surrogates. */
function* awkwardStrings(seed: number, count: number): Generator<string> {
  const pieces = ['<', '>', '&', '"', "'", '&amp;', ']]>', '\t', '\n', '\r', ' ', 'ข้อ', 'ប្រការ', '𝔸', '\u0000', '\u0008', '\u001f', '\uFFFE', '\uD800', '\uDC00', 'a', '=', '\u200b']
  let state = seed
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31)
  for (let n = 0; n < count; n++) {
    let text = ''
    const length = next() % 12
    for (let i = 0; i < length; i++) text += pieces[next() % pieces.length]
    yield text
  }
}

/** What XML can keep of `text`: all of it, but what XML 1.0 cannot carry, as U+FFFD. */
const kept = (text: string) => text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')

describe('the XML writer', () => {
  it('writes text and attribute values that a parser reads back exactly, whatever they hold', async () => {
    for (const text of awkwardStrings(7, 300)) {
      const xml = writeXml(element('root', [['value', text]], [phrase('p', [], [text])]))
      const root = parse(xml).documentElement!
      expect([root.getAttribute('value'), root.firstChild?.nextSibling?.textContent]).toEqual([kept(text), kept(text)])
    }
    const sample = [...awkwardStrings(11, 40)].join('')
    expect(await xmllintProblems(writeXml(element('root', [['value', sample]], [phrase('p', [], [sample])])))).toBe('')
  })

  it('escapes markup in text and quotes and whitespace in attributes', () => {
    expect(escapeText('a < b && c > "d"\r\n')).toBe('a &lt; b &amp;&amp; c &gt; "d"&#13;\n')
    expect(escapeAttribute('say "hi"\tthen\nleave\r')).toBe('say &quot;hi&quot;&#9;then&#10;leave&#13;')
  })

  it('lays out structure one element a line and adds no whitespace inside mixed content', () => {
    const xml = writeXml(element('doc', [['xmlns', 'urn:x']], [element('body', [], [phrase('p', [], ['One ', phrase('b', [], ['bold']), phrase('i', [], [phrase('u', [], ['nested'])])]), element('empty')])]))
    expect(xml).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<doc xmlns="urn:x">\n  <body>\n    <p>One <b>bold</b><i><u>nested</u></i></p>\n    <empty/>\n  </body>\n</doc>\n')
    // An element with text among its children is mixed too: nothing is added between its children.
    expect(writeXml(element('p', [], ['a', element('b', [], [element('c')]), 'd']))).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<p>a<b><c/></b>d</p>\n')
  })

  it('leaves out attributes without a value, and keeps the order given', () => {
    expect(writeXml(element('e', [['z', '1'], ['a', null], ['m', undefined], ['b', '']]))).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<e z="1" b=""/>\n')
  })

  it('refuses bad names, an attribute given twice and an undeclared prefix, naming them', () => {
    expect(() => writeXml(element('1bad'))).toThrow(new RangeError('element name "1bad" is not an XML qualified name'))
    expect(() => writeXml(element('e', [['a b', 'x']]))).toThrow(new RangeError('attribute name "a b" is not an XML qualified name'))
    expect(() => writeXml(element('e', [['a', '1'], ['a', '2']]))).toThrow(new RangeError('attribute "a" is given twice on <e>'))
    expect(() => writeXml(element('cp:e'))).toThrow(new RangeError('element name "cp:e" uses the prefix "cp", which is not declared'))
    expect(() => writeXml(element('e', [], [element('x', [['cp:a', '1']])]))).toThrow(new RangeError('attribute name "cp:a" uses the prefix "cp", which is not declared'))
    // Declared on an ancestor, or the xml prefix: fine.
    expect(() => writeXml(element('e', [['xmlns:cp', 'urn:cp']], [element('cp:x', [['xml:lang', 'th']])]))).not.toThrow()
  })
})
