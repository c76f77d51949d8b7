// Жарыяланган көрсөткүчтөр экранынын жана отчеттун жанындагы жарыяланган көрсөткүчтөрдүн билдирүүлөрү.
import type { publishedEn } from './published.en.ts';

export const publishedKy: Record<keyof typeof publishedEn, string> = {
  'nav.publishedFigures': 'Жарыяланган көрсөткүчтөр',
  'publishedFigures.title': 'Жазуулары жок жылдар үчүн жарыяланган көрсөткүчтөр',
  'publishedFigures.intro':
    'Реестрде жазуулары жок жыл менен да салыштырууга болот: басылманын ал жыл үчүн келтирген көрсөткүчтөрүн (мисалы, мурунку TIP баяндамасынын) булагы менен жазыңыз. Отчеттор аларды жарыяланган көрсөткүчтөр катары көрсөтөт жана жазуулар боюнча эсептөөлөргө эч качан кошпойт. Басылма көрсөткүчтү келтирбесе, талааны бош калтырыңыз.',
  'publishedFigures.recorded':
    '{count, plural, =0 {Жарыяланган көрсөткүчтөр жазылган эмес.} other {# жыл үчүн жарыяланган көрсөткүчтөр жазылган.}}',
  'publishedFigures.year': 'Жыл',
  'publishedFigures.periodKind': 'Мезгил',
  'publishedFigures.source': 'Булак (басылманын аталышы)',
  'publishedFigures.sourceUrl': 'Булактын дареги (милдеттүү эмес)',
  'publishedFigures.note': 'Эскертүү (милдеттүү эмес)',
  'publishedFigures.blank': 'Бош: келтирилген эмес',
  'publishedFigures.add': 'Жарыяланган көрсөткүчтөрдү жазуу',
  'publishedFigures.replace': 'Жарыяланган көрсөткүчтөрдү алмаштыруу',
  'publishedFigures.saved': '{year}-жыл үчүн жарыяланган көрсөткүчтөр жазылды.',
  'publishedFigures.notPrinted': 'келтирилген эмес',
  'publishedPrev.title': '{period} үчүн жарыяланган көрсөткүчтөр',
  'publishedPrev.from': 'Булак: {source}',
  'publishedPrev.note':
    'Реестрде бул мезгил үчүн толук жазуулар жок: бул көрсөткүчтөр булакта келтирилген, жарыяланган катары көрсөтүлөт жана жазуулар боюнча эсептөөлөргө эч качан кошулбайт.',
  'publishedPrev.figure': 'Көрсөткүч',
  'publishedPrev.value': 'Жарыяланган',
  'publishedPrev.fromRecords': 'Жазуулар боюнча эсептелген',
};
