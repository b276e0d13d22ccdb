"A note the __NAME__ subgraph (owner __OWNER__) keeps about a partner. Replace it with your first entity."
type __PASCAL__Note @key(fields: "id") {
  id: ID!
  partner: Partner!
  text: String!
  createdAt: DateTime!
}

# Owned by the partners subgraph; this subgraph adds fields to it by key only (it never reads the partners' tables).
type Partner @key(fields: "id") {
  id: ID!
  "Notes the __NAME__ subgraph keeps about this partner, oldest first (empty when none)."
  __CAMEL__Notes: [__PASCAL__Note!]!
}

type Query {
  "One note by id. NOT_FOUND when there is none."
  __CAMEL__Note(id: ID!): __PASCAL__Note
}

type Mutation {
  "Adds a note about a partner. Editors and approvers of __OWNER__ only."
  add__PASCAL__Note(partnerId: ID!, text: String!): __PASCAL__Note!
}
