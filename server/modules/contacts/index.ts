export { contactsRoutes } from './contacts.routes.js';
export {
  getContact,
  canSeeContact,
  getContactOwner,
  listContacts,
  createContact,
  updateContact,
  deleteContact,
  restoreContact,
  mergeContacts,
  reassignContacts,
  lockContacts,
  findContactDuplicates,
  checkContactDuplicates,
  contactSearchFields,
  searchContacts,
  findContactsByPhone,
  visibleContactIds,
  contactNames,
} from './contacts.service.js';
export type { ContactsTables, Messenger, ImportantDate, Preference } from './contacts.table.js';
export { contactRecord } from './contacts.record.js';
export { registerContactMerges } from './contacts.merge.js';
export { contactBirthdays } from './contacts.repository.js';
