import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { badInput } from '@accords/errors';
import * as check from './validate';
import type { FeedbackInput as SubmittedFeedback } from '../generated/resolvers-types';

/**
 * Public feedback arrives without an account, so everything in it is checked before anything is written: sizes,
 * control characters, the shape of the contact. The gateway rate-limits anonymous mutations; these are the size limits.
 */
export const FEEDBACK_LIMITS = { subject: 200, body: 5000, name: 200, contact: 200 } as const;

/** Feedback as the public submits it (`submitFeedback`), as the SDL declares it. */
export type FeedbackInput = SubmittedFeedback;

// Tab, line feed and carriage return are text; other control characters (and NUL) are not.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;
const PHONE = /^\+?[0-9][0-9 ().-]{6,19}$/;
const LOCALITY_ID = /^\d{2}(\d{3})?$/;

function clean(value: string | null | undefined, field: string, max: number, required = false): string | null {
  if (value && CONTROL.test(value)) throw badInput(`${field} contains control characters; send plain text`, field);
  return check.text(value, field, max, required);
}

/** The checked, trimmed feedback; BAD_USER_INPUT naming the first field that is wrong. */
export function validFeedback(input: FeedbackInput): Required<FeedbackInput> {
  const contact = clean(input.contact, 'contact', FEEDBACK_LIMITS.contact);
  if (contact && !EMAIL.test(contact) && !PHONE.test(contact)) throw badInput('contact must be an e-mail address or a phone number (digits, spaces, + - . ( ))', 'contact');
  if (input.localityId && !LOCALITY_ID.test(input.localityId)) throw badInput(`localityId "${input.localityId.slice(0, 20)}" is not a province (2 digits) or commune (5 digits) code`, 'localityId');
  if (input.commitmentId && !/^[0-9a-f-]{36}$/i.test(input.commitmentId)) throw badInput('commitmentId is not a commitment id', 'commitmentId');
  return {
    submitterKind: input.submitterKind,
    submitterName: clean(input.submitterName, 'submitterName', FEEDBACK_LIMITS.name),
    contact,
    subject: clean(input.subject, 'subject', FEEDBACK_LIMITS.subject, true)!,
    body: clean(input.body, 'body', FEEDBACK_LIMITS.body, true)!,
    commitmentId: input.commitmentId ?? null,
    localityId: input.localityId ?? null,
  };
}

const hash = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

/** A receipt `<id>.<secret>` shown once to the submitter; only the secret's hash is kept. */
export function newReceipt(id: string): { receipt: string; receiptHash: string } {
  const secret = randomBytes(24).toString('base64url');
  return { receipt: `${id}.${secret}`, receiptHash: hash(secret) };
}

/** The feedback id a receipt names, or null when it is not a receipt. */
export function receiptId(receipt: string): string | null {
  const m = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{32})$/.exec(receipt);
  return m ? m[1] : null;
}

/** Whether the receipt's secret matches the stored hash (compared in constant time). */
export function receiptMatches(receipt: string, receiptHash: string): boolean {
  const secret = receipt.slice(receipt.indexOf('.') + 1);
  const a = Buffer.from(hash(secret), 'hex');
  const b = Buffer.from(receiptHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
