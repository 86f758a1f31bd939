import { randomBytes } from 'node:crypto'
import { parseVaultConfig, type VaultConfig } from '../config'
import { parseLsn } from '../lsn'
import { startCluster, type TestCluster } from './cluster'

/** Small source tables that exercise hubs, a link, TOAST and versions (`version` counts updates). */
export const FIXTURE_SQL = `
CREATE TABLE owners (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE items (
  id bigint PRIMARY KEY,
  owner_id integer REFERENCES owners(id),
  name text NOT NULL,
  qty integer NOT NULL,
  version integer NOT NULL DEFAULT 1,
  note text
);
ALTER TABLE items ALTER COLUMN note SET STORAGE EXTERNAL;
INSERT INTO owners SELECT g, 'owner ' || g FROM generate_series(1, 20) g;
INSERT INTO items (id, owner_id, name, qty) SELECT g, 1 + g % 20, 'item ' || g, g FROM generate_series(1, 200) g;
`

export const FIXTURE_CONFIG: VaultConfig = parseVaultConfig({
  schema: 'vault',
  hubs: [
    { name: 'hub_owner', businessKeys: ['owner_id'] },
    { name: 'hub_item', businessKeys: ['item_id'] },
  ],
  tables: [
    {
      source: 'public.owners',
      hub: 'hub_owner',
      keyColumns: ['id'],
      satellites: [{ name: 'sat_owner', columns: ['name'] }],
    },
    {
      source: 'public.items',
      hub: 'hub_item',
      keyColumns: ['id'],
      links: [
        {
          name: 'link_item_owner',
          hubs: [
            { hub: 'hub_item', columns: ['id'] },
            { hub: 'hub_owner', columns: ['owner_id'] },
          ],
        },
      ],
      satellites: [
        { name: 'sat_item', columns: ['owner_id', 'name', 'qty', 'version', 'note'], evolve: true },
      ],
    },
  ],
})

export interface PipelineEnv {
  cluster: TestCluster
  source: string
  target: string
  slot: string
  publication: string
  config: VaultConfig
  /** The source's current WAL position: run until the checkpoint passes it. */
  sourceLsn(): Promise<bigint>
  close(): void
}

export async function startPipelineEnv(sql = FIXTURE_SQL): Promise<PipelineEnv> {
  const cluster = await startCluster()
  const suffix = randomBytes(3).toString('hex')
  await cluster.createDatabase(`src_${suffix}`)
  await cluster.createDatabase(`dst_${suffix}`)
  const source = cluster.url(`src_${suffix}`)
  await cluster.query(sql, [], `src_${suffix}`)
  return {
    cluster,
    source,
    target: cluster.url(`dst_${suffix}`),
    slot: `vitrina_${suffix}`,
    publication: 'vitrina_pub',
    config: FIXTURE_CONFIG,
    async sourceLsn() {
      const r = await cluster.query('SELECT pg_current_wal_insert_lsn()::text AS l', [], `src_${suffix}`)
      return parseLsn(r.rows[0].l)
    },
    close: () => cluster.destroy(),
  }
}
