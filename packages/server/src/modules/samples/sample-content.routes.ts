import { sampleContentSchema } from '@vitrina/contracts'
import type { AppInstance } from '../../http/app-types'
import { actorFrom } from '../../http/request-actor'
import type { SampleContentService } from './sample-content.service'

export function registerSampleContentRoutes(
  app: AppInstance,
  deps: { sampleContent: SampleContentService },
): void {
  app.post(
    '/api/admin/sample-content',
    {
      config: { access: 'admin' },
      schema: { tags: ['samples'], response: { 200: sampleContentSchema, 201: sampleContentSchema } },
    },
    async (request, reply) => {
      const content = await deps.sampleContent.install(actorFrom(request))
      return reply.code(content.created ? 201 : 200).send(content)
    },
  )
}
