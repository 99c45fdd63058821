export { contactsRoutes } from './contacts.routes.js';
export {
  getContact,
  canSeeContact,
  getContactOwner,
  listContacts,
  contactSearchFields,
  searchContacts,
  findContactsByPhone,
  contactNames,
  exportContactsPage,
  countContacts,
} from './contacts.read.js';
export { createContact, updateContact, deleteContact, restoreContact } from './contacts.service.js';
export { findContactDuplicates, checkContactDuplicates } from './contacts.duplicates.js';
export { reassignContacts } from './contacts.reassign.js';
export { mergeContacts, registerContactMerges } from './contacts.merge.js';
export type { ContactsTables, Messenger, ImportantDate, Preference } from './contacts.table.js';
export { contactRecord } from './contacts.record.js';
export { contactBirthdays, lockContacts, visibleContactIds, type ContactExportRow } from './contacts.repository.js';
export { parseVcards, type VcardRow, type VcardWarning, type VcardWarningCode, type VcardParseResult } from './contacts.vcard.parse.js';
export { formatVcard, type VcardContact } from './contacts.vcard.write.js';
export {
  checkContacts,
  insertContacts,
  contactsWithAnyChannel,
  visibleContactsByName,
  binContactsAtVersion,
  type BulkContact,
  type CheckedContact,
  type ChannelMatch,
} from './contacts.bulk.js';
