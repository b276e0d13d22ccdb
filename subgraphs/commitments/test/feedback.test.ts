import { newReceipt, receiptId, receiptMatches, validFeedback } from '../src/domain/feedback';

const base = { submitterKind: 'BUSINESS' as const, subject: 'Thủ tục thông quan', body: 'Hàng nông sản chờ thông quan quá lâu tại cửa khẩu.' };
const refusal = (input: Record<string, unknown>) => {
  try {
    validFeedback({ ...base, ...input });
  } catch (e) {
    return { code: (e as { extensions: { code: string; field: string } }).extensions.code, field: (e as { extensions: { field: string } }).extensions.field };
  }
  return null;
};

describe('public feedback checks', () => {
  it('accepts and trims a plain submission', () => {
    expect(validFeedback({ ...base, contact: ' +84 912 345 678 ', submitterName: ' Công ty ABC ' })).toMatchObject({ contact: '+84 912 345 678', submitterName: 'Công ty ABC' });
    expect(validFeedback({ ...base, contact: 'lien.he@example.vn' }).contact).toBe('lien.he@example.vn');
  });
  it('refuses oversized, empty and malformed fields, naming the field', () => {
    expect(refusal({ body: 'x'.repeat(5001) })).toEqual({ code: 'BAD_USER_INPUT', field: 'body' });
    expect(validFeedback({ ...base, body: 'x'.repeat(5000) }).body).toHaveLength(5000);
    expect(refusal({ subject: '   ' })).toEqual({ code: 'BAD_USER_INPUT', field: 'subject' });
    expect(refusal({ submitterName: 'n'.repeat(201) })).toEqual({ code: 'BAD_USER_INPUT', field: 'submitterName' });
    expect(refusal({ contact: 'not a contact' })).toEqual({ code: 'BAD_USER_INPUT', field: 'contact' });
    expect(refusal({ body: 'a\u0000b' })).toEqual({ code: 'BAD_USER_INPUT', field: 'body' });
    expect(refusal({ localityId: '1' })).toEqual({ code: 'BAD_USER_INPUT', field: 'localityId' });
  });
  it('gives a receipt whose secret is kept only as a hash', () => {
    const id = '0b9f6c2e-1d2a-4c3b-9e8f-7a6b5c4d3e2f';
    const { receipt, receiptHash } = newReceipt(id);
    expect(receiptId(receipt)).toBe(id);
    expect(receipt).not.toContain(receiptHash);
    expect(receiptMatches(receipt, receiptHash)).toBe(true);
    expect(receiptMatches(`${id}.${'A'.repeat(32)}`, receiptHash)).toBe(false);
    expect(receiptId('garbage')).toBeNull();
  });
});
