/**
 * The interface in Khmer: the same keys and placeholders as the English
 * catalogue (`en.ts`), in the words a Cambodian official expects.
 */

import type { Catalogue } from './en.js'

export const km: Catalogue = {
  'list.separator': ', ',
  'list.and': '{head} និង {last}',
  'list.or': '{head} ឬ {last}',
  'interfaceLanguage.label': 'ភាសានៃផ្ទាំងប្រើប្រាស់',

  'language.en': 'ភាសាអង់គ្លេស',
  'language.th': 'ភាសាថៃ',
  'language.km': 'ភាសាខ្មែរ',

  'role.secretariat': 'លេខាធិការដ្ឋាន',
  'role.head': 'ប្រធានគណៈប្រតិភូ',
  'role.delegate': 'ប្រតិភូ',
  'role.legal': 'មន្ត្រីផ្នែកច្បាប់',
  'role.observer': 'អ្នកសង្កេតការណ៍',
  'status.draft': 'សេចក្តីព្រាង',
  'status.under-negotiation': 'កំពុងចរចា',
  'status.agreed-ad-referendum': 'បានព្រមព្រៀង ad referendum',
  'status.agreed': 'បានព្រមព្រៀង',
  'part.title': 'ចំណងជើង',
  'part.preamble': 'បុព្វកថា',
  'part.final_provisions': 'អវសានប្បញ្ញត្តិ',
  'part.title.inSentence': 'ចំណងជើង',
  'part.preamble.inSentence': 'បុព្វកថា',
  'part.final_provisions.inSentence': 'អវសានប្បញ្ញត្តិ',

  'error.withReason': '{summary}៖ {reason}',
  'error.invalid': 'មិនទទួលយក',
  'error.unauthorized': 'មិនទាន់ចូលប្រើ',
  'error.forbidden': 'មិនមានការអនុញ្ញាត',
  'error.not-found': 'រកមិនឃើញ',
  'error.conflict': 'មិនអាចធ្វើបានឥឡូវនេះ',
  'error.too-large': 'ធំពេក',
  'error.too-many': 'ច្រើនពេកក្នុងពេលតែមួយ',
  'error.unavailable': 'ម៉ាស៊ីនមេមិនអាចធ្វើបានឥឡូវនេះ',
  'error.going-away': 'ម៉ាស៊ីនមេកំពុងចាប់ផ្តើមឡើងវិញ',
  'error.internal': 'ម៉ាស៊ីនមេមានបញ្ហា',
  'error.other': 'ត្រូវបានបដិសេធ',
  'error.network': 'មិនអាចភ្ជាប់ទៅម៉ាស៊ីនមេបានទេ។ សូមព្យាយាមម្តងទៀតបន្តិចទៀត។',
  'error.status': 'ម៉ាស៊ីនមេបានឆ្លើយតបដោយលេខកូដ {status}។',

  'close.4400': 'ម៉ាស៊ីនមេបានបដិសេធសារដែលមានទម្រង់មិនត្រឹមត្រូវ',
  'close.4401': 'សិទ្ធិចូលប្រើរបស់អ្នកបានបញ្ចប់ (ត្រូវបានដកហូត បានចាកចេញ ឬថូខឹនមិនស្គាល់)។ សូមចូលប្រើម្តងទៀត ឬស្នើសុំលិខិតអញ្ជើញថ្មីពីប្រធានគណៈប្រតិភូ ឬលេខាធិការដ្ឋាន',
  'close.4403': 'ម៉ាស៊ីនមេបានបដិសេធសកម្មភាពនេះ',
  'close.4404': 'មិនមានឯកសារនេះទេ',
  'close.4409': 'ការកែប្រែនេះផ្ទុយនឹងការចរចា (អត្ថបទដែលបានព្រមព្រៀងត្រូវបានចាក់សោ)',
  'close.4413': 'ការកែប្រែមួយធំពេកមិនអាចផ្ញើបាន',
  'close.4429': 'តំណនេះកំពុងបើកនៅក្នុងផ្ទាំង ឬបង្អួចច្រើនពេក។ សូមបិទមួយ រួចផ្ទុកទំព័រនេះឡើងវិញ',
  'close.4503': 'ម៉ាស៊ីនមេមិនអាចរក្សាទុកការកែប្រែបានឥឡូវនេះទេ។ ប្រព័ន្ធនឹងព្យាយាមម្តងទៀត',
  'close.other': 'ម៉ាស៊ីនមេបានបិទការតភ្ជាប់',
}
