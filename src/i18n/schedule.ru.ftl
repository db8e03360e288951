## Mobile-unit schedule and duty hours (src/organisation/format.ts).
## Arguments are ready-made text: times "10:00", dates from Intl ("понедельник, 5 января").

## Days and visits
schedule-today = Сегодня, { $date }
schedule-tomorrow = Завтра, { $date }
schedule-day = { $date }
schedule-no-visits = Выездов нет.
schedule-no-units = Расписания выездов пока нет.
schedule-visit = { $from }–{ $to } · { $unit } · { $address }
schedule-visit-moved = { $from }–{ $to } · { $unit } · { $address } — <i>изменено</i>
schedule-visit-cancelled = { $from }–{ $to } · { $unit } · { $address } — <i>отменено</i>
schedule-visit-ended = { $from }–{ $to } · { $unit } · { $address } — <i>уже закончилось</i>
schedule-visit-note = <i>{ $note }</i>
schedule-week-title = <b>Выезды на неделю</b>

## The nearest stop
schedule-distance-m = { $n } м
schedule-distance-km = { $n } км
schedule-nearest-title = <b>Ближайшая точка сегодня</b>
schedule-nearest-open = Работает сейчас, до { $to }.
schedule-nearest-later = Сегодня с { $from } до { $to }.
schedule-nearest-where = { $unit } · { $address }
schedule-nearest-distance = Примерно { $distance } от вас.
schedule-nearest-moved = <i>Сегодня место или время изменены.</i>
schedule-nearest-none-today = Сегодня выездов больше нет.
schedule-nearest-tomorrow-first = Завтра первая точка: { $from }–{ $to } · { $unit } · { $address } (примерно { $distance } от вас).
schedule-nearest-none-tomorrow = Завтра выездов тоже нет.

## When a person will answer (after hours)
schedule-answer-now = Сотрудники сейчас на смене и скоро ответят.
schedule-answer-today = Сотрудники ответят сегодня с { $time }.
schedule-answer-tomorrow = Сотрудники ответят завтра с { $time }.
schedule-answer-later = Сотрудники ответят { $weekday ->
        [mon] в понедельник
        [tue] во вторник
        [wed] в среду
        [thu] в четверг
        [fri] в пятницу
        [sat] в субботу
       *[sun] в воскресенье
    }, { $date }, с { $time }.
schedule-answer-unknown = Сейчас сотрудники не на смене. Ответим, как только сможем.

## Duty, for staff (emergency alerts)
schedule-person-telegram = { $name } ({ $telegram })
schedule-staff-on-duty = <b>На смене:</b> { $people }
schedule-staff-on-duty-unnamed = <b>Смена идёт</b>, но сотрудники в расписании не указаны.
schedule-staff-off-duty = <b>Сейчас смены нет.</b>
schedule-staff-next-shift = Следующая смена: { $date }, с { $time }.
schedule-staff-on-call = <b>Дежурный:</b> { $person }
schedule-staff-no-on-call = <b>Дежурный не назначен.</b>
