import type { Catalog, Query } from '@vitrina/contracts'

/** The catalog of the conformance dataset: sales rows and the regions they belong to. */
export function salesCatalog(schema = 'public'): Catalog {
  return {
    tables: [
      {
        schema,
        name: 'sales',
        columns: [
          { name: 'id', type: 'integer' },
          { name: 'region', type: 'text' },
          { name: 'sold_on', type: 'date' },
          { name: 'amount', type: 'decimal' },
          { name: 'qty', type: 'integer' },
          { name: 'created_at', type: 'timestamp' },
        ],
        foreignKeys: [
          {
            column: 'region',
            references: { schema, name: 'regions', column: 'code' },
            detected: false,
          },
        ],
      },
      {
        schema,
        name: 'regions',
        columns: [
          { name: 'code', type: 'text' },
          { name: 'name', type: 'text' },
          { name: 'manager', type: 'text' },
        ],
        foreignKeys: [],
      },
    ],
  }
}

/** A query with every optional part empty, to spread overrides onto. */
export function salesQuery(overrides: Partial<Query> = {}, schema = 'public'): Query {
  return {
    source: { kind: 'table', schema, name: 'sales' },
    joins: [],
    expressions: [],
    filter: null,
    aggregations: [],
    breakouts: [],
    fields: null,
    orderBy: [],
    limit: null,
    ...overrides,
  }
}
