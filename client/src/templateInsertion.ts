/**
 * What inserting a clause template asks before it goes: a field for each
 * variable the template declares, filled with its default and checked with
 * the rule the server applies (`vocabulary/templateVariable.ts`), and
 * whether a clause drafted from the same template is in the text already
 * ("Costs" is already Paragraph 15).
 */

import type { Node } from 'prosemirror-model'
import { numberDocument } from '../../server/vocabulary/numbering.js'
import type { InstrumentStyle } from '../../server/vocabulary/document.js'
import type { TemplateSummary } from '../../server/vocabulary/views.js'
import { checkValue, maxIntegerDigits, maxTextLength, variableTypes, type VariableType } from '../../server/vocabulary/templateVariable.js'

/** A form field for one variable. */
export interface VariableField {
  /** The variable's name, as the server takes it ("duration.years"). */
  name: string
  type: VariableType
  /** What the variable means, from the template: the field's label. */
  description: string
  /** The value the field starts with: the default, or empty when the template gives none. */
  initial: string
  /** The `<input>` type that fits: a number, a date, or text. */
  inputType: 'number' | 'date' | 'text'
  /** The most characters the field takes. */
  maxLength: number
}

const inputTypes: Record<VariableType, VariableField['inputType']> = { integer: 'number', date: 'date', string: 'text' }
const maxLengths: Record<VariableType, number> = { integer: maxIntegerDigits + 1, date: 10, string: maxTextLength }

/** The fields for `variables` as a template summary lists them, in their order. Throws RangeError for a type the vocabulary does not know. */
export function variableFields(variables: TemplateSummary['variables']): VariableField[] {
  return variables.map((variable) => {
    const type = variable.type as VariableType
    if (!variableTypes.includes(type)) throw new RangeError(`Variable "${variable.name}" has the unknown type ${JSON.stringify(variable.type)}`)
    const initial = variable.default === null || variable.default === undefined ? '' : String(variable.default)
    return { name: variable.name, type, description: variable.description, initial, inputType: inputTypes[type], maxLength: maxLengths[type] }
  })
}

/** The values to send for `fields`, each as typed by `valueOf` (trimmed); or what is wrong with each field that is, in the server's words ("must be a whole number (got \"ten\")"). */
export function variableValues(
  fields: readonly VariableField[],
  valueOf: (name: string) => string,
): { values: Record<string, string>; problems: [] } | { values: null; problems: { name: string; message: string }[] } {
  const values: Record<string, string> = {}
  const problems: { name: string; message: string }[] = []
  for (const field of fields) {
    const value = valueOf(field.name).trim()
    const problem = checkValue(field.type, value)
    if (problem) problems.push({ name: field.name, message: problem })
    else values[field.name] = value
  }
  return problems.length > 0 ? { values: null, problems } : { values, problems: [] }
}

/** The first clause of `doc` drafted from the template `templateId`, with its label now; null when there is none. */
export function clauseFromTemplate(doc: Node, templateId: string, style: InstrumentStyle): { id: string | null; label: string } | null {
  const numbering = numberDocument(doc, style)
  for (const clause of numbering.clauses) {
    if (doc.nodeAt(clause.pos)?.attrs.templateId === templateId) return { id: clause.id, label: clause.label }
  }
  return null
}
