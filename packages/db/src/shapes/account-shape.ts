import type { Selectable } from 'kysely';
import type { Account } from '../model.js';
import type { AccountsTable } from '../user-database/user-schema.js';
import { defineShape } from './entity-shape.js';

/** `Account` ↔ `accounts`. */
export const accountShape = defineShape<Account, AccountsTable>()({
  table: 'accounts',
  entity: 'account',
  fields: {
    id: { column: 'id', encoding: 'value' },
    name: { column: 'name', encoding: 'value' },
    kind: { column: 'kind', encoding: 'value' },
    currency: { column: 'currency', encoding: 'value' },
    archived: { column: 'archived', encoding: 'boolean' },
    createdAt: { column: 'created_at', encoding: 'value' },
    updatedAt: { column: 'updated_at', encoding: 'value' },
  },
  internal: [],
});

/** Row → public account. */
export const toAccount = (row: Selectable<AccountsTable>): Account => accountShape.toModel(row);
