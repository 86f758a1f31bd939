import { SegmentedControl } from '@mantine/core'
import type { Locale } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'
import { useLocaleMutation } from '../../data/auth/profile-mutations'
import { changeLocale } from '../../i18n'

/** Switches the UI language at once; when signed in, the choice is also saved to the profile. */
export function LanguageSwitcher({ signedIn }: { signedIn: boolean }) {
  const { t, i18n } = useTranslation()
  const save = useLocaleMutation()
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('nav.language')}
      data-testid="language-switcher"
      value={i18n.language}
      data={[
        { value: 'ru', label: 'RU' },
        { value: 'en', label: 'EN' },
      ]}
      onChange={(value) => {
        changeLocale(value as Locale)
        if (signedIn) save.mutate(value as Locale)
      }}
    />
  )
}
