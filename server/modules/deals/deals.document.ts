// A deal as the data of a document (a quote, a счёт, a contract made from it): its lines and
// totals, its company's requisites, its contact and its owner. Registered as the `deal` document
// source in app.ts; the templates module (core) renders it.
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { namesAmong } from '../../platform/registry.js';
import { getCompany } from '../companies/index.js';
import { defaultVatExemptReason, documentModel, type DocumentModel, type DocumentSourceOptions } from '../templates/index.js';
import { getUser } from '../users/index.js';
import { plain } from './deals.money.js';
import { todayIn } from './deals.plan.js';
import { getDeal } from './deals.read.js';

const blankClient = {
  name: '',
  country: null,
  inn: null,
  kpp: null,
  ogrn: null,
  eik: null,
  vatNumber: null,
  address: null,
  bankName: null,
  bik: null,
  settlementAccount: null,
  correspondentAccount: null,
  iban: null,
  bic: null,
};

/** The document model of a deal the caller may open (404 otherwise, as for any deal read). */
export async function dealDocumentModel(db: Db, user: AuthUser, id: string, opts: DocumentSourceOptions): Promise<DocumentModel> {
  const deal = await getDeal(db, user, id);
  let client: DocumentModel['client'] = { ...blankClient, contactName: null };
  if (deal.companyId) {
    // The name through the registry, so a company the caller may not open is never named; its
    // requisites only when they may open it.
    const names = await namesAmong(db, user, 'company', [deal.companyId]);
    if (names.has(deal.companyId)) {
      const c = await getCompany(db, user, deal.companyId);
      const address = c.addresses.find((a) => a.type === 'legal') ?? c.addresses[0];
      client = {
        ...client,
        name: names.get(deal.companyId)!,
        country: c.country,
        inn: c.inn,
        kpp: c.kpp,
        ogrn: c.ogrn,
        eik: c.eik,
        vatNumber: c.vatNumber,
        address: address?.text ?? null,
        bankName: c.bankName,
        bik: c.bik,
        settlementAccount: c.settlementAccount,
        correspondentAccount: c.corrAccount,
        iban: c.iban,
      };
    }
  }
  // The decision maker, else the first person on the deal the caller may see.
  const contact = deal.contacts.find((c) => !c.hidden && c.isDecisionMaker) ?? deal.contacts.find((c) => !c.hidden);
  client.contactName = contact?.name ?? null;
  const owner = deal.ownerId ? await getUser(db, user.workspaceId, deal.ownerId).catch(() => undefined) : undefined;
  return documentModel({
    language: opts.language,
    currency: deal.currency,
    number: null,
    date: todayIn(user.timeZone),
    dueDate: deal.expectedPaymentDate,
    supplyDate: null,
    entity: opts.entity,
    client,
    deal: { id: deal.id, title: deal.title },
    contract: deal.contract?.number ? { number: deal.contract.number, date: deal.contract.date ?? null } : null,
    correction: null,
    manager: owner ? { name: owner.name, email: owner.email, phone: null } : null,
    pricesIncludeVat: deal.pricesIncludeVat,
    vatExemptReason: defaultVatExemptReason(opts.entity, opts.language),
    lines: deal.lines.map((l, i) => ({
      position: i + 1,
      name: l.name,
      quantity: plain(l.quantity),
      unit: l.unit,
      price: l.unitPrice,
      discountPercent: plain(l.discountPercent),
      vatRate: plain(l.vatRate),
      subtotal: l.subtotal,
      vatAmount: l.vatAmount,
      total: l.total,
    })),
    notes: null,
  });
}
