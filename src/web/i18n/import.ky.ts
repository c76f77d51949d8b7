// Импорт экранынын билдирүүлөрү (таблица: жүктөө, мамычалар, текшерүү, импорт, четке кагылган саптар).
import type { importEn } from './import.en.ts';

export const importKy: Record<keyof typeof importEn, string> = {
  'nav.import': 'Жазууларды импорттоо',
  'import.title': 'Таблицадан жазууларды импорттоо',
  'import.intro':
    'CSV же XLSX файлын жүктөңүз, кайсы мамычада эмне бар экенин көрсөтүңүз, текшериңиз, анан импорттоңуз. Ошол эле файлды кайра импорттоо эч нерсени өзгөртпөйт; өзгөргөн сап өз жазуусун жаңылайт.',
  'import.file': 'Таблица (CSV же XLSX)',
  'import.fileHint': '{mb} МБ чейин. Ар бир иштин саптары катар турса, импорт тезирээк болот.',
  'import.upload': 'Жүктөө',
  'import.uploaded': '{name}: {count, plural, other {# мамыча}}, коддоосу {encoding}.',
  'import.tooLarge': 'Файл уруксат берилген көлөмдөн ({mb} МБ) чоң.',
  'import.columns': 'Мамычалар',
  'import.columnsHint':
    'Мамычалардын аттарына жана акыркы колдонулган дал келтирүүгө жараша сунушталды. Каалаган тандоону өзгөртсөңүз болот.',
  'import.notInFile': '— файлда жок —',
  'import.source': 'Булактын аталышы',
  'import.sourceHint':
    'Файл кайра импорттолгондо жазуулар ушул аталыш жана ачкычтар боюнча таанылат.',
  'import.jurisdiction': 'Юрисдикция',
  'import.agency': 'Иштерди козгогон орган (аталышы)',
  'import.caseKey': 'Иштин номери (номери бирдей саптар бир ишти түзөт)',
  'import.reference': 'Иштин каттоо номери',
  'import.openedOn': 'Иш козголгон күн',
  'import.dateFormat': 'Датанын форматы',
  'import.anyFormat': 'ЖЖЖЖ-АА-КК, КК.АА.ЖЖЖЖ, КК/АА/ЖЖЖЖ форматтарынын бири',
  'import.personKey': 'Иштеги адамдын номери',
  'import.role': 'Адамдын процесстеги абалы',
  'import.roleColumn': 'Абалы жазылган мамыча (suspect, victim же witness)',
  'import.label': 'Адамдын шарттуу белгиси (аты эмес)',
  'import.sex': 'Жынысы (female, male, other, unknown)',
  'import.age': 'Жашы (толук жыл)',
  'import.citizenship': 'Жарандыгы (үч тамгалуу код)',
  'import.fromColumn': 'Мамычадан',
  'import.role.suspect': 'Ар бир сап — шектүү',
  'import.role.victim': 'Ар бир сап — жабырлануучу',
  'import.role.witness': 'Ар бир сап — күбө',
  'import.mapping': 'Дал келтирүү (YAML)',
  'import.mappingHint':
    'Жогорудагы тандоо боюнча жазылды. Маанилердин дал келүүсүн, айыптоолорду жана окуяларды кошуу үчүн оңдоңуз (examples/README.md караңыз).',
  'import.write': 'Тандоо боюнча дал келтирүүнү жазуу',
  'import.check': 'Файлды текшерүү (эч нерсе жазылбайт)',
  'import.atomic': 'Баарын же эч нерсени импорттоо',
  'import.partial': 'Туура иштерди импорттоо, калгандарын четке коюу',
  'import.running': 'Окуу жана жазуу: {total} саптын {rows}, иштер: {cases}.',
  'import.progress': 'Импорттун жүрүшү',
  'import.failed': 'Импорт токтоду: {message}',
  'import.result.dry-run':
    'Текшерүү: түзүлө турган иштер — {created}, жаңылана турган — {updated}, өзгөрүүсүз — {unchanged}, четке кагылган — {rejected}.',
  'import.result.atomic':
    'Түзүлгөн иштер — {created}, жаңыланган — {updated}, өзгөрүүсүз — {unchanged}, четке кагылган — {rejected}.',
  'import.result.partial':
    'Түзүлгөн иштер — {created}, жаңыланган — {updated}, өзгөрүүсүз — {unchanged}, четке кагылган — {rejected}.',
  'import.notCommitted':
    'Эч нерсе жазылган жок: төмөнкү саптарды оңдоңуз же туура иштерди гана импорттоңуз.',
  'import.committed': 'Жазылды.',
  'import.problems': '{count, plural, other {# ката}}',
  'import.noProblems': 'Ката табылган жок.',
  'import.moreProblems': 'Алгачкы {shown} көрсөтүлдү.',
  'import.row': 'Сап',
  'import.column': 'Мамыча',
  'import.value': 'Маани',
  'import.reason': 'Себеби',
  'import.rejects': 'Четке кагылган саптарды жүктөп алуу (CSV)',
  'import.notGrouped':
    'Бир иштин саптары файлда катар эмес, ошондуктан файл толугу менен окулду. Чоң файлдар иш-иш менен импорттолушу үчүн аны иштин номери боюнча иреттеңиз.',
};
