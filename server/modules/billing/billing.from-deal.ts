import { addDays } from '../../../contracts/time.js';
import { DEFAULT_PAYMENT_DAYS, type Invoice, type InvoiceFromDeal } from '../../../contracts/invoices.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors } from '../../platform/errors.js';
import { getContract } from '../contracts/index.js';
import { getDeal } from '../deals/index.js';
import { createInvoice, liveLegalEntityIds, todayOf } from '../invoices/index.js';

// A draft invoice from a deal, in one click. Deals and invoices are both work modules and may not
// import each other; this feature joins them: it reads the deal as the caller may see it and
// creates the invoice through the invoices module, so every rule of a draft applies unchanged.

/**
 * Creates a draft invoice from the deal's lines, client and contact person; the deal's manager owns
 * it. A deal under a contract bills from the contract's seller, under it, due after its payment terms.
 */
export async function invoiceFromDeal(db: Db, user: AuthUser, dealId: string, body: InvoiceFromDeal): Promise<Invoice> {
  const deal = await getDeal(db, user, dealId);
  if (!deal.companyId) throw PlatformErrors.VALIDATION({ fields: [{ path: 'companyId', code: 'invoices.rules.dealNoCompany' }] });
  const contract = deal.contractId ? await getContract(db, user, deal.contractId).catch(() => undefined) : undefined;
  const underContract =
    contract && contract.currency === deal.currency && (!body.legalEntityId || body.legalEntityId === contract.legalEntityId);
  let legalEntityId = body.legalEntityId ?? (underContract ? contract.legalEntityId : undefined);
  if (!legalEntityId) {
    const live = await liveLegalEntityIds(db, user.workspaceId);
    if (live.length !== 1)
      throw PlatformErrors.VALIDATION({ fields: [{ path: 'legalEntityId', code: 'invoices.rules.legalEntityRequired' }] });
    legalEntityId = live[0];
  }
  const issueDate = body.issueDate ?? todayOf(user);
  const contact = deal.contacts.find((c) => c.isDecisionMaker && !c.hidden) ?? deal.contacts.find((c) => !c.hidden);
  return createInvoice(
    db,
    user,
    {
      legalEntityId,
      companyId: deal.companyId,
      contactId: contact?.contactId ?? null,
      dealId: deal.id,
      currency: deal.currency,
      issueDate,
      contractId: underContract ? contract.id : null,
      dueDate: body.dueDate ?? addDays(issueDate, underContract ? contract.paymentTermDays : DEFAULT_PAYMENT_DAYS),
      pricesIncludeVat: deal.pricesIncludeVat,
      lines: deal.lines.map((l) => ({
        productId: l.productId,
        name: l.name,
        quantity: l.quantity,
        unit: l.unit,
        price: l.unitPrice,
        discountPercent: l.discountPercent,
        vatRate: l.vatRate,
      })),
      notes: body.notes ?? null,
    },
    { defaultOwner: deal.ownerId, adaptVat: true },
  );
}
