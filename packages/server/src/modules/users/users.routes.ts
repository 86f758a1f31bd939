import { apiUserSchema, createUserBodySchema, updateUserBodySchema } from '@vitrina/contracts'
import { z } from 'zod'
import type { AppInstance } from '../../http/app-types'
import { actorFrom } from '../../http/request-actor'
import type { UsersService } from './users.service'

const idParams = z.object({ id: z.string().max(100) })

export function registerUserRoutes(app: AppInstance, deps: { users: UsersService }): void {
  app.get(
    '/api/admin/users',
    {
      config: { access: 'admin' },
      schema: { tags: ['admin'], response: { 200: z.object({ users: z.array(apiUserSchema) }) } },
    },
    async () => ({ users: await deps.users.list() }),
  )

  app.get(
    '/api/admin/users/:id',
    {
      config: { access: 'admin' },
      schema: { tags: ['admin'], params: idParams, response: { 200: apiUserSchema } },
    },
    async (request) => deps.users.get(request.params.id),
  )

  app.post(
    '/api/admin/users',
    {
      config: { access: 'admin' },
      schema: { tags: ['admin'], body: createUserBodySchema, response: { 201: apiUserSchema } },
    },
    async (request, reply) => reply.code(201).send(await deps.users.create(actorFrom(request), request.body)),
  )

  app.patch(
    '/api/admin/users/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        params: idParams,
        body: updateUserBodySchema,
        response: { 200: apiUserSchema },
      },
    },
    async (request) => deps.users.update(actorFrom(request), request.params.id, request.body),
  )
}
