// The kinds the API accepts (contracts/companies.ts, contracts/contacts.ts), repeated here because
// importing the contracts at runtime would bring zod into the browser bundle; a test keeps them equal.
export const phoneTypes = ['mobile', 'work', 'home', 'fax', 'other'] as const;
export const emailTypes = ['work', 'personal', 'other'] as const;
export const addressTypes = ['legal', 'actual', 'postal', 'home', 'delivery', 'other'] as const;
export const messengerTypes = ['telegram', 'whatsapp', 'viber', 'signal', 'skype', 'vk', 'other'] as const;
export const preferenceKinds = ['pets', 'food', 'gifts', 'hobbies', 'incident', 'goodMoment', 'other'] as const;
export const linkKinds = ['knows', 'referred', 'referredBy'] as const;
export const listSortValues = ['name', '-name', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt'] as const;
