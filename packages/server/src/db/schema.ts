import type { Generated, Insertable, Selectable, Updateable } from 'kysely'
import type { DatasetTables } from './schema-datasets'
import type { ShareTables } from './schema-shares'

/** System DB tables. Column names are snake_case in SQL and here; presenters map them to API shapes. */
export interface SystemDatabase extends DatasetTables, ShareTables {
  settings: SettingsTable
  users: UsersTable
  groups: GroupsTable
  group_members: GroupMembersTable
  user_attributes: UserAttributesTable
  sessions: SessionsTable
  api_keys: ApiKeysTable
  audit_events: AuditEventsTable
  login_attempts: LoginAttemptsTable
  collections: CollectionsTable
  collection_permissions: CollectionPermissionsTable
  questions: QuestionsTable
  dashboards: DashboardsTable
}

export interface SettingsTable {
  key: string
  value: unknown
  updated_at: Generated<Date>
}

export interface UsersTable {
  id: string
  email: string
  name: string
  password_hash: string
  role: 'admin' | 'analyst' | 'viewer'
  is_active: Generated<boolean>
  locale: 'ru' | 'en' | null
  last_login_at: Date | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
}
export type DbUser = Selectable<UsersTable>
export type NewDbUser = Insertable<UsersTable>
export type DbUserUpdate = Updateable<UsersTable>

export interface GroupsTable {
  id: string
  name: string
  description: Generated<string>
  created_at: Generated<Date>
}
export type DbGroup = Selectable<GroupsTable>

export interface GroupMembersTable {
  group_id: string
  user_id: string
}

export interface UserAttributesTable {
  user_id: string
  key: string
  value: string
}

export interface SessionsTable {
  /** SHA-256 of the cookie token; the token itself is never stored. */
  id_hash: string
  user_id: string
  csrf_token: string
  ip: string | null
  user_agent: string | null
  created_at: Generated<Date>
  last_seen_at: Generated<Date>
  expires_at: Date
}
export type DbSession = Selectable<SessionsTable>

export interface ApiKeysTable {
  id: string
  user_id: string
  name: string
  prefix: string
  secret_hash: string
  created_at: Generated<Date>
  last_used_at: Date | null
  expires_at: Date | null
  revoked_at: Date | null
}
export type DbApiKey = Selectable<ApiKeysTable>

export interface AuditEventsTable {
  id: string
  at: Generated<Date>
  action: string
  actor_id: string | null
  actor_email: string | null
  target_type: string | null
  target_id: string | null
  ip: string | null
  details: unknown
}
export type DbAuditEvent = Selectable<AuditEventsTable>

export interface LoginAttemptsTable {
  /** Normalised email, whether or not such a user exists (no enumeration through lockouts). */
  key: string
  failures: number
  locked_until: Date | null
  updated_at: Generated<Date>
}

export interface CollectionsTable {
  id: string
  name: string
  description: Generated<string>
  parent_id: string | null
  created_by: string | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
}
export type DbCollection = Selectable<CollectionsTable>

export interface CollectionPermissionsTable {
  collection_id: string
  subject_type: 'user' | 'group'
  subject_id: string
  level: 'view' | 'edit'
}
export type DbCollectionPermission = Selectable<CollectionPermissionsTable>

export interface QuestionsTable {
  id: string
  name: string
  description: Generated<string>
  collection_id: string
  source_id: string
  /** JSON: `QuestionQuery`, `visualization` settings and `QuestionCachePolicy` of contracts. */
  query: unknown
  visualization: unknown
  cache_policy: unknown
  created_by: string | null
  updated_by: string | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
}
export type DbQuestion = Selectable<QuestionsTable>

export interface DashboardsTable {
  id: string
  name: string
  description: Generated<string>
  collection_id: string
  /** JSON: `{ tabs, cards, refreshSeconds }` of the dashboard contract. */
  definition: unknown
  created_by: string | null
  updated_by: string | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
}
export type DbDashboard = Selectable<DashboardsTable>
