/**
 * XML written by hand, carefully: a tree of elements built with `element`
 * (structure, laid out one child a line) and `phrase` (mixed content,
 * written exactly as given, never a whitespace added), serialised by
 * `writeXml` into a UTF-8 document that any conforming parser reads back
 * to the same elements, attributes and text.
 *
 * What it takes care of: text and attribute values escaped (`&`, `<`, `>`,
 * carriage returns, which end-of-line handling would turn into line feeds,
 * and in attributes `"`, tabs and line feeds, which attribute-value
 * normalisation would turn into spaces); characters XML 1.0 cannot carry at all (C0
 * controls but tab, line feed and carriage return; U+FFFE, U+FFFF; lone
 * surrogates) replaced by U+FFFD, since no escape can carry them; names
 * checked; every prefix declared before use; attributes written in the
 * order given, so the same tree always gives the same bytes.
 */

/** An attribute: its qualified name and value; a null or undefined value leaves it out. */
export type XmlAttribute = readonly [name: string, value: string | null | undefined]

/** A node of the tree: an element or text. */
export type XmlNode = XmlElement | string

export interface XmlElement {
  readonly name: string
  readonly attributes: readonly XmlAttribute[]
  readonly children: readonly XmlNode[]
  /** Mixed content: written on one line exactly as given (text in it is significant). */
  readonly mixed: boolean
}

/** A structural element: its element children are laid out one a line, indented. Text children make it mixed. */
export function element(name: string, attributes: readonly XmlAttribute[] = [], children: readonly (XmlNode | null | false)[] = []): XmlElement {
  const kept = children.filter((child): child is XmlNode => child !== null && child !== false && child !== '')
  return { name, attributes, children: kept, mixed: kept.some((child) => typeof child === 'string') }
}

/** An element of mixed content (a paragraph, a heading, an inline): written without any whitespace added, its descendants too. */
export function phrase(name: string, attributes: readonly XmlAttribute[] = [], children: readonly (XmlNode | null | false)[] = []): XmlElement {
  return { ...element(name, attributes, children), mixed: true }
}

/** Element and attribute names: an XML Name with at most one colon (a prefix), as namespaces allow. */
const qualifiedName = /^(?:[A-Za-z_][\w.-]*:)?[A-Za-z_][\w.-]*$/
/** What XML 1.0 cannot carry: C0 controls but \t \n \r, U+FFFE, U+FFFF, surrogates not in a pair. */
const unrepresentable = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** `text` with what XML 1.0 cannot carry replaced by U+FFFD. */
const representable = (text: string): string => text.replace(unrepresentable, '\uFFFD')

/** `text` as element content (a carriage return as a reference, which end-of-line handling would turn into a line feed). */
export function escapeText(text: string): string {
  return representable(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;')
}

/** `value` as a double-quoted attribute value (tab, line feed and carriage return as references, so they survive normalisation). */
export function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;')
}

/**
 * The tree under `root` as an XML document: the declaration, then the
 * root, two spaces an indentation level, a final line feed. Throws a
 * RangeError naming the bad name for an element or attribute name that is
 * not a qualified name, an attribute given twice on one element, or a
 * prefix not declared (`xmlns:p`) on the element or an ancestor (`xml` is
 * always declared).
 */
export function writeXml(root: XmlElement): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n']
  writeElement(out, root, new Set(['xml']), 0)
  out.push('\n')
  return out.join('')
}

function writeElement(out: string[], node: XmlElement, declared: ReadonlySet<string>, depth: number): void {
  const inScope = new Set(declared)
  for (const [name] of node.attributes) {
    if (name.startsWith('xmlns:')) inScope.add(name.slice('xmlns:'.length))
  }
  checkName(node.name, inScope, 'element')
  const seen = new Set<string>()
  let start = `<${node.name}`
  for (const [name, value] of node.attributes) {
    if (value === null || value === undefined) continue
    if (seen.has(name)) throw new RangeError(`attribute "${name}" is given twice on <${node.name}>`)
    seen.add(name)
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) checkName(name, inScope, 'attribute')
    start += ` ${name}="${escapeAttribute(value)}"`
  }
  if (node.children.length === 0) {
    out.push(`${start}/>`)
    return
  }
  out.push(`${start}>`)
  if (node.mixed) {
    for (const child of node.children) {
      if (typeof child === 'string') out.push(escapeText(child))
      else writeElement(out, { ...child, mixed: true }, inScope, depth + 1)
    }
  } else {
    const indent = '\n' + '  '.repeat(depth + 1)
    for (const child of node.children) {
      out.push(indent)
      writeElement(out, child as XmlElement, inScope, depth + 1)
    }
    out.push('\n' + '  '.repeat(depth))
  }
  out.push(`</${node.name}>`)
}

function checkName(name: string, declared: ReadonlySet<string>, kind: 'element' | 'attribute'): void {
  if (!qualifiedName.test(name)) throw new RangeError(`${kind} name ${JSON.stringify(name)} is not an XML qualified name`)
  const colon = name.indexOf(':')
  if (colon >= 0 && !declared.has(name.slice(0, colon))) throw new RangeError(`${kind} name "${name}" uses the prefix "${name.slice(0, colon)}", which is not declared`)
}
