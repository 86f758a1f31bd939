import { describe, expect, it } from 'vitest'
import { accessOf, allows } from './datasets.policy'

describe('dataset access', () => {
  it('gives admins everything and others their highest grant', () => {
    expect(accessOf({ role: 'admin' }, [])).toBe('manage')
    expect(accessOf({ role: 'viewer' }, [])).toBeNull()
    expect(accessOf({ role: 'analyst' }, ['view', 'edit', 'upload'])).toBe('edit')
  })

  it('orders levels view < upload < edit < manage', () => {
    expect(allows('upload', 'view')).toBe(true)
    expect(allows('upload', 'edit')).toBe(false)
    expect(allows('edit', 'manage')).toBe(false)
    expect(allows(null, 'view')).toBe(false)
  })
})
