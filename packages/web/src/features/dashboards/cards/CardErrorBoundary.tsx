import { Component, type ReactNode } from 'react'
import { ErrorAlert } from '../../../components/ui/ErrorAlert'

/** A card that throws while drawing shows its error; the rest of the dashboard carries on. */
export class CardErrorBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state = { error: null as unknown }

  static getDerivedStateFromError(error: unknown) {
    return { error }
  }

  override render() {
    return this.state.error ? <ErrorAlert error={this.state.error} /> : this.props.children
  }
}
