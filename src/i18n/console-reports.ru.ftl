# The reports page: the period's quick choices, the key figures' cards, the change marks, the chart of cases over time.
# (The sections', figures' and keys' words, and the downloads', are in console.ru.ftl.)
console-reports-choose = Период отчёта
console-reports-choice-7d = 7 дней
console-reports-choice-30d = 30 дней
console-reports-choice-month = Этот месяц
console-reports-choice-last-month = Прошлый месяц
console-reports-choice-custom = Другие даты…
console-reports-dates-note = Дни по часовому поясу организации ({ $tz }), в виде ГГГГ-ММ-ДД.
console-reports-days = { $n } { $n ->
    [one] день
    [few] дня
    [many] дней
   *[other] дня
}
console-reports-compared = Изменения — к предыдущему периоду той же длины: { $days }. Дни по часовому поясу { $tz }.
console-reports-to-downloads = Скачать: CSV, xlsx, Markdown
console-reports-col-before = Ранее
console-reports-before = ранее { $previous }
console-reports-before-label = ранее
console-reports-minutes = { $n } мин
console-reports-change-up = больше на { $change }
console-reports-change-down = меньше на { $change }
console-reports-change-same = без изменений
console-reports-change-new-words = новое: в предыдущем периоде не было
console-reports-change-none = не с чем сравнить
console-reports-services-caption = Услуги: случаи и доли от случаев с заполненной карточкой
console-reports-kf-cases = Обращения (случаи)
console-reports-kf-unique-clients = Клиенты
console-reports-kf-new-clients = Из них новые
console-reports-kf-emergencies = Экстренные случаи
console-reports-kf-referrals-internal = Перенаправления внутри организации
console-reports-kf-referrals-external = Перенаправления в другие организации
console-reports-kf-met-fully-online-share = Решено полностью онлайн
console-reports-kf-first-reply-median-min-on-duty = Первый ответ в рабочие часы (медиана)
console-reports-kf-first-reply-median-min-after-hours = Первый ответ в нерабочее время (медиана)
console-reports-kf-after-hours-share = Обращения в нерабочее время
console-reports-kf-voice-share = Голосовые среди сообщений клиентов
console-reports-kf-positive-share = Положительные отзывы
console-reports-series-day = Обращения по дням
console-reports-series-week = Обращения по неделям
console-reports-series-month = Обращения по месяцам
console-reports-series-summary = { $title }: всего { $total }. { $items }.
console-reports-series-legend-day = случаи за день
console-reports-series-legend-week = случаи за неделю (недели — с первого дня периода)
console-reports-series-legend-month = случаи за месяц
console-reports-series-ref-day = в среднем за день в предыдущем периоде: { $n }
console-reports-series-ref-week = в среднем за неделю в предыдущем периоде: { $n }
console-reports-series-ref-month = в среднем за месяц в предыдущем периоде: { $n }
console-reports-hours = { $h } ч { $m } мин
