import type { Locale } from '@vitrina/contracts'
import i18n from 'i18next'
import { initReactI18next } from 'react-i18next'
import { en } from './en'
import { chartsEn, chartsRu } from './features/charts'
import { dashboardsEn, dashboardsRu } from './features/dashboards'
import { dataEn, dataRu } from './features/data'
import { monitoringEn, monitoringRu } from './features/monitoring'
import { questionsEn, questionsRu } from './features/questions'
import { samplesEn, samplesRu } from './features/samples'
import { sharingEn, sharingRu } from './features/sharing'
import { sourcesEn, sourcesRu } from './features/sources'
import { ru } from './ru'
import { mergeMessages } from './widen'

const STORAGE_KEY = 'vitrina.locale'

/** The stored choice, else the browser's language when it is English, else Russian (the users' language). */
export function detectLocale(): Locale {
  const stored = localStorage.getItem(STORAGE_KEY)
  if (stored === 'ru' || stored === 'en') return stored
  const browser = navigator.languages?.[0] ?? navigator.language ?? 'ru'
  return browser.toLowerCase().startsWith('en') ? 'en' : 'ru'
}

export function changeLocale(locale: Locale): void {
  localStorage.setItem(STORAGE_KEY, locale)
  document.documentElement.lang = locale
  void i18n.changeLanguage(locale)
}

const initial = detectLocale()
document.documentElement.lang = initial

void i18n.use(initReactI18next).init({
  resources: {
    ru: {
      translation: mergeMessages(
        ru,
        dataRu,
        questionsRu,
        chartsRu,
        dashboardsRu,
        monitoringRu,
        sourcesRu,
        samplesRu,
        sharingRu,
      ),
    },
    en: {
      translation: mergeMessages(
        en,
        dataEn,
        questionsEn,
        chartsEn,
        dashboardsEn,
        monitoringEn,
        sourcesEn,
        samplesEn,
        sharingEn,
      ),
    },
  },
  lng: initial,
  fallbackLng: 'ru',
  interpolation: { escapeValue: false },
})

/** ru-RU number and date formats by default; English users get en-GB (day-first, like the reports). */
export function formatLocale(): string {
  return i18n.language === 'en' ? 'en-GB' : 'ru-RU'
}

export function formatDateTime(iso: string | null): string {
  if (!iso) return '—'
  return new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  )
}

export { i18n }
