import { describe, expect, it } from 'vitest';
import * as companies from '../../contracts/companies';
import * as contacts from '../../contracts/contacts';
import * as users from '../../contracts/users';
import { languages, resources, type Messages } from '../../contracts/i18n/index';
import * as kinds from './kinds';

function has(messages: Messages, key: string): boolean {
  let node: string | Messages | undefined = messages;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string';
}

describe('web copies of the API kinds', () => {
  it('match the contracts and are translated', () => {
    expect(kinds.phoneTypes).toEqual(companies.phoneTypes);
    expect(kinds.emailTypes).toEqual(companies.emailTypes);
    expect(kinds.addressTypes).toEqual(companies.addressTypes);
    expect(kinds.listSortValues).toEqual(companies.listSortValues);
    expect(kinds.messengerTypes).toEqual(contacts.messengerTypes);
    expect(kinds.preferenceKinds).toEqual(contacts.preferenceKinds);
    expect(kinds.linkKinds).toEqual(contacts.linkKinds);
    expect(kinds.roles).toEqual(users.roles);
    const families: [string, readonly string[]][] = [
      ['phoneTypes', kinds.phoneTypes],
      ['emailTypes', kinds.emailTypes],
      ['addressTypes', kinds.addressTypes],
      ['messengerTypes', kinds.messengerTypes],
      ['preferenceKinds', kinds.preferenceKinds],
      ['contact.linkKinds', kinds.linkKinds],
    ];
    for (const lang of languages) {
      for (const [family, values] of families) {
        for (const v of values) expect(has(resources[lang], `ui.${family}.${v}`), `${lang} ui.${family}.${v}`).toBe(true);
      }
    }
  });
});
