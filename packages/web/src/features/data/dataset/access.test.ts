import { describe, expect, it } from 'vitest'
import { allows } from './access'

describe('dataset access levels', () => {
  it('include the levels below them', () => {
    expect(allows('edit', 'upload')).toBe(true)
    expect(allows('manage', 'edit')).toBe(true)
    expect(allows('upload', 'view')).toBe(true)
    expect(allows('view', 'upload')).toBe(false)
    expect(allows('upload', 'edit')).toBe(false)
    expect(allows('edit', 'manage')).toBe(false)
  })
})
