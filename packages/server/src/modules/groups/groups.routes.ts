import { apiGroupSchema, groupBodySchema, groupMembersBodySchema } from '@vitrina/contracts'
import { z } from 'zod'
import type { AppInstance } from '../../http/app-types'
import { actorFrom } from '../../http/request-actor'
import type { GroupsService } from './groups.service'

const idParams = z.object({ id: z.string().max(100) })
const members = z.object({ userIds: z.array(z.string()) })

export function registerGroupRoutes(app: AppInstance, deps: { groups: GroupsService }): void {
  const admin = { access: 'admin' } as const
  app.get(
    '/api/admin/groups',
    {
      config: admin,
      schema: { tags: ['admin'], response: { 200: z.object({ groups: z.array(apiGroupSchema) }) } },
    },
    async () => ({ groups: await deps.groups.list() }),
  )
  app.post(
    '/api/admin/groups',
    { config: admin, schema: { tags: ['admin'], body: groupBodySchema, response: { 201: apiGroupSchema } } },
    async (request, reply) =>
      reply.code(201).send(await deps.groups.create(actorFrom(request), request.body)),
  )
  app.patch(
    '/api/admin/groups/:id',
    {
      config: admin,
      schema: { tags: ['admin'], params: idParams, body: groupBodySchema, response: { 200: apiGroupSchema } },
    },
    async (request) => deps.groups.update(actorFrom(request), request.params.id, request.body),
  )
  app.delete(
    '/api/admin/groups/:id',
    { config: admin, schema: { tags: ['admin'], params: idParams } },
    async (request, reply) => {
      await deps.groups.delete(actorFrom(request), request.params.id)
      return reply.code(204).send()
    },
  )
  app.get(
    '/api/admin/groups/:id/members',
    { config: admin, schema: { tags: ['admin'], params: idParams, response: { 200: members } } },
    async (request) => ({ userIds: await deps.groups.members(request.params.id) }),
  )
  app.put(
    '/api/admin/groups/:id/members',
    {
      config: admin,
      schema: { tags: ['admin'], params: idParams, body: groupMembersBodySchema, response: { 200: members } },
    },
    async (request) => ({
      userIds: await deps.groups.setMembers(actorFrom(request), request.params.id, request.body.userIds),
    }),
  )
}
