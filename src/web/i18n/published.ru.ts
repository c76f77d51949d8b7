// Сообщения экрана опубликованных показателей и опубликованных показателей рядом с отчётом.
import type { publishedEn } from './published.en.ts';

export const publishedRu: Record<keyof typeof publishedEn, string> = {
  'nav.publishedFigures': 'Опубликованные показатели',
  'publishedFigures.title': 'Опубликованные показатели за годы без записей',
  'publishedFigures.intro':
    'С годом, за который в реестре нет записей, всё равно можно сравнивать: запишите показатели, которые за него привела публикация (например, предыдущий доклад TIP), с указанием источника. Отчёты показывают их как опубликованные и никогда не прибавляют к подсчётам по записям. Оставьте поле пустым, если публикация этот показатель не приводит.',
  'publishedFigures.recorded':
    '{count, plural, =0 {Опубликованные показатели не записаны.} one {Записаны опубликованные показатели за # год.} few {Записаны опубликованные показатели за # года.} many {Записаны опубликованные показатели за # лет.} other {Записаны опубликованные показатели за # года.}}',
  'publishedFigures.year': 'Год',
  'publishedFigures.periodKind': 'Период',
  'publishedFigures.source': 'Источник (название публикации)',
  'publishedFigures.sourceUrl': 'Адрес источника (необязательно)',
  'publishedFigures.note': 'Примечание (необязательно)',
  'publishedFigures.blank': 'Пусто: не приводится',
  'publishedFigures.add': 'Записать опубликованные показатели',
  'publishedFigures.replace': 'Заменить опубликованные показатели',
  'publishedFigures.saved': 'Опубликованные показатели за {year} год записаны.',
  'publishedFigures.notPrinted': 'не приводится',
  'publishedPrev.title': 'Опубликованные показатели за {period}',
  'publishedPrev.from': 'Источник: {source}',
  'publishedPrev.note':
    'Полных записей за этот период в реестре нет: это показатели, приведённые в источнике; они показаны как опубликованные и никогда не прибавляются к подсчётам по записям.',
  'publishedPrev.figure': 'Показатель',
  'publishedPrev.value': 'Опубликовано',
  'publishedPrev.fromRecords': 'Подсчитано по записям',
};
