import { requireAgencyRole } from '@accords/auth';
import { badInput } from '@accords/errors';
import { loadOrNotFound, type BaseContext } from '@accords/subgraph-kit';
import type { __PASCAL__NoteEntity } from '../db/entities';
import type { Loaders } from '../loaders';
import { OWNER } from '../owner';

type Context = BaseContext<Loaders>;

const PARTNER_ID = /^[A-Z0-9-]{1,16}$/;

export const resolvers = {
  Query: {
    __CAMEL__Note: (_: unknown, { id }: { id: string }, ctx: Context) => loadOrNotFound(ctx.loaders.note, '__PASCAL__Note', id),
  },
  Mutation: {
    async add__PASCAL__Note(_: unknown, args: { partnerId: string; text: string }, ctx: Context) {
      // Ownership is checked here, in the subgraph, from the identity the gateway signed: never trust the gateway alone.
      const who = requireAgencyRole(ctx.identity, OWNER, 'editor');
      if (!PARTNER_ID.test(args.partnerId)) throw badInput(`partnerId: "${args.partnerId}" is not a partner id (e.g. CN, ASEAN).`, 'partnerId');
      const text = args.text.trim();
      if (text.length < 1 || text.length > 1000) throw badInput('text: between 1 and 1000 characters.', 'text');
      return ctx.loaders.repositories.notes.add(args.partnerId, text, who.subject);
    },
  },
  __PASCAL__Note: {
    // A reference by key: the partners subgraph resolves the rest.
    partner: (n: __PASCAL__NoteEntity) => ({ __typename: 'Partner', id: n.partnerId }),
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.note.load(ref.id),
  },
  Partner: {
    __resolveReference: (ref: { id: string }) => ref,
    __CAMEL__Notes: (p: { id: string }, _: unknown, ctx: Context) => ctx.loaders.notesByPartner.load(p.id),
  },
};
