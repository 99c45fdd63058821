import { describe, expect, it } from 'vitest';
import { companyRecord } from '../../server/modules/companies/companies.record';
import { contactRecord } from '../../server/modules/contacts/contacts.record';
import { dealRecord } from '../../server/modules/deals/deals.record';
import { invoiceRecord } from '../../server/modules/invoices/invoices.record';
import { dealListPath, newRecordPath, pathOf, recordKinds, recordPath } from './records';

describe('record paths of the web interface', () => {
  it("are the pages the server's records registry links to", () => {
    const id = '0b6c1f4e-2f9a-4d8e-9b1a-3c5d7e9f1a2b';
    const server = [contactRecord, companyRecord, dealRecord];
    expect(server.map((k) => k.kind).sort()).toEqual([...recordKinds].sort());
    for (const k of server) expect(pathOf(k.kind, id)).toBe(k.webPath(id));
    // Invoices have pages of their own (timeline events link to them) but no shared picker or form.
    expect(pathOf(invoiceRecord.kind, id)).toBe(invoiceRecord.webPath(id));
  });

  it('leave kinds without a page of their own unlinked, whatever the data says', () => {
    expect(pathOf('activity', 'x')).toBeUndefined();
    expect(pathOf('constructor', 'x')).toBeUndefined();
    expect(pathOf('contact', null)).toBeUndefined();
  });

  it('build filtered lists without empty parameters', () => {
    expect(recordPath('company', 'c1')).toBe('/companies/c1');
    expect(newRecordPath('contact', { companyId: 'c1' })).toBe('/contacts/new?companyId=c1');
    expect(dealListPath({ owner: 'u1', pipeline: 'all', status: 'open', noNextStep: true, stage: null })).toBe(
      '/deals/list?owner=u1&pipeline=all&status=open&noNextStep=true',
    );
  });
});
