// Сообщения экрана импорта (таблица: загрузка, столбцы, проверка, импорт, отклонённые строки).
import type { importEn } from './import.en.ts';

export const importRu: Record<keyof typeof importEn, string> = {
  'nav.import': 'Импорт записей',
  'import.title': 'Импорт записей из таблицы',
  'import.intro':
    'Загрузите файл CSV или XLSX, укажите, что содержится в каких столбцах, проверьте его и импортируйте. Повторный импорт того же файла ничего не меняет; изменённая строка обновляет свою запись.',
  'import.file': 'Таблица (CSV или XLSX)',
  'import.fileHint':
    'До {mb} МБ. Быстрее всего импортируется файл, в котором строки каждого дела идут подряд.',
  'import.upload': 'Загрузить',
  'import.uploaded':
    '{name}: {count, plural, one {# столбец} few {# столбца} many {# столбцов} other {# столбца}}, кодировка {encoding}.',
  'import.tooLarge': 'Файл больше допустимого размера ({mb} МБ).',
  'import.columns': 'Столбцы',
  'import.columnsHint':
    'Предложено по названиям столбцов и по последнему использованному сопоставлению. Любой выбор можно изменить.',
  'import.notInFile': '— нет в файле —',
  'import.source': 'Название источника',
  'import.sourceHint': 'По этому названию и ключам записи узнаются при повторном импорте файла.',
  'import.jurisdiction': 'Юрисдикция',
  'import.agency': 'Орган, возбудивший дела (название)',
  'import.caseKey': 'Номер дела (строки с одинаковым номером образуют одно дело)',
  'import.reference': 'Регистрационный номер дела',
  'import.openedOn': 'Дата возбуждения дела',
  'import.dateFormat': 'Формат даты',
  'import.anyFormat': 'Любой из ГГГГ-ММ-ДД, ДД.ММ.ГГГГ, ДД/ММ/ГГГГ',
  'import.personKey': 'Номер лица в деле',
  'import.role': 'Процессуальное положение лица',
  'import.roleColumn': 'Столбец с положением (suspect, victim или witness)',
  'import.label': 'Условное обозначение лица (не имя)',
  'import.sex': 'Пол (female, male, other, unknown)',
  'import.age': 'Возраст (полных лет)',
  'import.citizenship': 'Гражданство (трёхбуквенный код)',
  'import.fromColumn': 'Из столбца',
  'import.role.suspect': 'Каждая строка — подозреваемый',
  'import.role.victim': 'Каждая строка — потерпевший',
  'import.role.witness': 'Каждая строка — свидетель',
  'import.mapping': 'Сопоставление (YAML)',
  'import.mappingHint':
    'Составлено по выбору выше. Отредактируйте его, чтобы задать соответствия значений, обвинения и события (см. examples/README.md).',
  'import.write': 'Составить сопоставление по выбору',
  'import.check': 'Проверить файл (ничего не записывается)',
  'import.atomic': 'Импортировать всё или ничего',
  'import.partial': 'Импортировать корректные дела, остальные отложить',
  'import.running': 'Чтение и запись: {rows} из {total} строк, дел: {cases}.',
  'import.progress': 'Ход импорта',
  'import.failed': 'Импорт остановлен: {message}',
  'import.result.dry-run':
    'Проверка: будет создано дел — {created}, обновлено — {updated}, без изменений — {unchanged}, отклонено — {rejected}.',
  'import.result.atomic':
    'Создано дел — {created}, обновлено — {updated}, без изменений — {unchanged}, отклонено — {rejected}.',
  'import.result.partial':
    'Создано дел — {created}, обновлено — {updated}, без изменений — {unchanged}, отклонено — {rejected}.',
  'import.notCommitted':
    'Ничего не записано: исправьте строки ниже или импортируйте только корректные дела.',
  'import.committed': 'Записано.',
  'import.problems':
    '{count, plural, one {# ошибка} few {# ошибки} many {# ошибок} other {# ошибки}}',
  'import.noProblems': 'Ошибок не найдено.',
  'import.moreProblems': 'Показаны первые {shown}.',
  'import.row': 'Строка',
  'import.column': 'Столбец',
  'import.value': 'Значение',
  'import.reason': 'Причина',
  'import.rejects': 'Скачать отклонённые строки (CSV)',
  'import.notGrouped':
    'Строки одного дела идут в файле не подряд, поэтому файл прочитан целиком. Отсортируйте его по номеру дела, чтобы большие файлы импортировались по одному делу.',
};
