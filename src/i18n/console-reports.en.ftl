# The reports page: the period's quick choices, the key figures' cards, the change marks, the chart of cases over time.
# (The sections', figures' and keys' words, and the downloads', are in console.en.ftl.)
console-reports-choose = Report period
console-reports-choice-7d = 7 days
console-reports-choice-30d = 30 days
console-reports-choice-month = This month
console-reports-choice-last-month = Last month
console-reports-choice-custom = Other dates…
console-reports-dates-note = Days in the organisation's time zone ({ $tz }), as YYYY-MM-DD.
console-reports-days = { $n ->
    [one] 1 day
   *[other] { $n } days
}
console-reports-compared = Changes are against the previous period of equal length: { $days }. Days in the { $tz } time zone.
console-reports-to-downloads = Download: CSV, xlsx, Markdown
console-reports-col-before = Before
console-reports-before = before { $previous }
console-reports-before-label = before
console-reports-minutes = { $n } min
console-reports-change-up = up { $change }
console-reports-change-down = down { $change }
console-reports-change-same = no change
console-reports-change-new-words = new: none in the previous period
console-reports-change-none = nothing to compare with
console-reports-services-caption = Services: cases and shares of cases with a closing record
console-reports-kf-cases = Cases
console-reports-kf-unique-clients = Clients
console-reports-kf-new-clients = New clients
console-reports-kf-emergencies = Emergencies
console-reports-kf-referrals-internal = Referrals within the organisation
console-reports-kf-referrals-external = Referrals to other organisations
console-reports-kf-met-fully-online-share = Met fully online
console-reports-kf-first-reply-median-min-on-duty = First reply in duty hours (median)
console-reports-kf-first-reply-median-min-after-hours = First reply after hours (median)
console-reports-kf-after-hours-share = Cases after hours
console-reports-kf-voice-share = Voice among clients' messages
console-reports-kf-positive-share = Positive feedback
console-reports-series-day = Cases per day
console-reports-series-week = Cases per week
console-reports-series-month = Cases per month
console-reports-series-summary = { $title }: { $total } in all. { $items }.
console-reports-series-legend-day = cases a day
console-reports-series-legend-week = cases a week (weeks from the period's first day)
console-reports-series-legend-month = cases a month
console-reports-series-ref-day = average a day in the previous period: { $n }
console-reports-series-ref-week = average a week in the previous period: { $n }
console-reports-series-ref-month = average a month in the previous period: { $n }
console-reports-hours = { $h } h { $m } min
