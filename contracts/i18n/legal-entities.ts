import { defineCatalogue } from './types.js';

/** Our own legal entities (settings) and their errors. */
export const legalEntities = defineCatalogue({
  en: {
    errors: {
      LEGAL_ENTITY_NOT_FOUND: 'Legal entity not found',
      LEGAL_ENTITY_IN_USE: 'This legal entity is used by documents or invoices and cannot be deleted',
      LEGAL_ENTITY_IMAGE_NOT_FOUND: 'This image has not been uploaded',
    },
    legalEntities: {
      bicFormat: 'Not a valid BIC (SWIFT): 8 or 11 letters and digits such as UNCRBGSF',
      innRequired: 'A Russian legal entity needs its INN',
      eikRequired: 'A Bulgarian legal entity needs its EIK',
      imageRequired: 'Send the image as the request body',
      imageType: 'Only PNG, JPEG or WebP images are accepted',
    },
  },
  ru: {
    errors: {
      LEGAL_ENTITY_NOT_FOUND: 'Юридическое лицо не найдено',
      LEGAL_ENTITY_IN_USE: 'Это юридическое лицо используется в документах или счетах, его нельзя удалить',
      LEGAL_ENTITY_IMAGE_NOT_FOUND: 'Это изображение не загружено',
    },
    legalEntities: {
      bicFormat: 'Неверный BIC (SWIFT): 8 или 11 латинских букв и цифр, например UNCRBGSF',
      innRequired: 'Для российского юрлица нужен ИНН',
      eikRequired: 'Для болгарского юрлица нужен ЕИК',
      imageRequired: 'Передайте изображение в теле запроса',
      imageType: 'Принимаются только изображения PNG, JPEG или WebP',
    },
  },
  bg: {
    errors: {
      LEGAL_ENTITY_NOT_FOUND: 'Юридическото лице не е намерено',
      LEGAL_ENTITY_IN_USE: 'Това юридическо лице се използва в документи или фактури и не може да бъде изтрито',
      LEGAL_ENTITY_IMAGE_NOT_FOUND: 'Това изображение не е качено',
    },
    legalEntities: {
      bicFormat: 'Невалиден BIC (SWIFT): 8 или 11 латински букви и цифри, например UNCRBGSF',
      innRequired: 'Руското юридическо лице трябва да има ИНН',
      eikRequired: 'Българското юридическо лице трябва да има ЕИК',
      imageRequired: 'Изпратете изображението като тяло на заявката',
      imageType: 'Приемат се само изображения PNG, JPEG или WebP',
    },
  },
});
