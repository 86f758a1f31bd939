import type { Widen } from '../widen'

/** Messages of the sample content; Russian is the source, English must have the same keys (checked by tsc). */
export const samplesRu = {
  samples: {
    add: 'Добавить пример с данными',
    hint: 'Отчёт о продажах по регионам: набор данных, вопросы в коллекции «Примеры» и готовый дашборд. Всё можно изменить или удалить.',
  },
  errors: {
    SAMPLE_CONTENT_EXISTS:
      'Набор данных примера уже есть, а его дашборд удалён. Удалите набор данных «Примеры: продажи по регионам», чтобы добавить пример заново.',
  },
}

export const samplesEn: Widen<typeof samplesRu> = {
  samples: {
    add: 'Add sample data',
    hint: 'A sales report across regions: a dataset, questions in the "Примеры" collection and a ready dashboard. Change or delete any of it.',
  },
  errors: {
    SAMPLE_CONTENT_EXISTS:
      'The sample dataset is there but its dashboard was deleted. Delete the dataset "Примеры: продажи по регионам" to add the samples again.',
  },
}
