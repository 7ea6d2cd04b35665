/**
 * The interface in Thai: the same keys and placeholders as the English
 * catalogue (`en.ts`), in the words a Thai official expects.
 */

import type { Catalogue } from './en.js'

export const th: Catalogue = {
  'list.separator': ', ',
  'list.and': '{head} และ {last}',
  'list.or': '{head} หรือ {last}',
  'interfaceLanguage.label': 'ภาษาของหน้าจอ',

  'language.en': 'ภาษาอังกฤษ',
  'language.th': 'ภาษาไทย',
  'language.km': 'ภาษาเขมร',

  'role.secretariat': 'ฝ่ายเลขานุการ',
  'role.head': 'หัวหน้าคณะผู้แทน',
  'role.delegate': 'ผู้แทน',
  'role.legal': 'เจ้าหน้าที่ฝ่ายกฎหมาย',
  'role.observer': 'ผู้สังเกตการณ์',
  'status.draft': 'ร่าง',
  'status.under-negotiation': 'อยู่ระหว่างการเจรจา',
  'status.agreed-ad-referendum': 'ตกลงแบบ ad referendum',
  'status.agreed': 'ตกลงแล้ว',
  'part.title': 'ชื่อเรื่อง',
  'part.preamble': 'อารัมภบท',
  'part.final_provisions': 'บทบัญญัติสุดท้าย',
  'part.title.inSentence': 'ชื่อเรื่อง',
  'part.preamble.inSentence': 'อารัมภบท',
  'part.final_provisions.inSentence': 'บทบัญญัติสุดท้าย',

  'error.withReason': '{summary}: {reason}',
  'error.invalid': 'ไม่รับคำขอ',
  'error.unauthorized': 'ยังไม่ได้เข้าสู่ระบบ',
  'error.forbidden': 'ไม่ได้รับอนุญาต',
  'error.not-found': 'ไม่พบ',
  'error.conflict': 'ดำเนินการไม่ได้ในขณะนี้',
  'error.too-large': 'ขนาดใหญ่เกินไป',
  'error.too-many': 'มีคำขอมากเกินไป',
  'error.unavailable': 'เซิร์ฟเวอร์ดำเนินการไม่ได้ในขณะนี้',
  'error.going-away': 'เซิร์ฟเวอร์กำลังเริ่มระบบใหม่',
  'error.internal': 'เซิร์ฟเวอร์ขัดข้อง',
  'error.other': 'ถูกปฏิเสธ',
  'error.network': 'ติดต่อเซิร์ฟเวอร์ไม่ได้ โปรดลองอีกครั้งในอีกสักครู่',
  'error.status': 'เซิร์ฟเวอร์ตอบกลับด้วยรหัส {status}',

  'close.4400': 'เซิร์ฟเวอร์ปฏิเสธข้อความที่มีรูปแบบไม่ถูกต้อง',
  'close.4401': 'สิทธิ์เข้าถึงของท่านสิ้นสุดแล้ว (ถูกเพิกถอน ออกจากระบบ หรือโทเคนไม่ถูกต้อง) โปรดเข้าสู่ระบบอีกครั้ง หรือขอคำเชิญใหม่จากหัวหน้าคณะผู้แทนหรือฝ่ายเลขานุการ',
  'close.4403': 'เซิร์ฟเวอร์ปฏิเสธการดำเนินการนี้',
  'close.4404': 'ไม่มีเอกสารนี้',
  'close.4409': 'การแก้ไขขัดกับการเจรจา (ข้อความที่ตกลงแล้วถูกล็อก)',
  'close.4413': 'การแก้ไขมีขนาดใหญ่เกินกว่าจะส่งได้',
  'close.4429': 'ลิงก์นี้เปิดอยู่ในแท็บหรือหน้าต่างมากเกินไป โปรดปิดแท็บหนึ่งแล้วโหลดหน้านี้ใหม่',
  'close.4503': 'เซิร์ฟเวอร์ยังบันทึกการแก้ไขไม่ได้ในขณะนี้ ระบบจะลองใหม่',
  'close.other': 'เซิร์ฟเวอร์ปิดการเชื่อมต่อ',
}
