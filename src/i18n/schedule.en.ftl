## Mobile-unit schedule and duty hours (src/organisation/format.ts).
## Arguments are ready-made text: times "10:00", dates from Intl ("Monday 5 January").

## Days and visits
schedule-today = Today, { $date }
schedule-tomorrow = Tomorrow, { $date }
schedule-day = { $date }
schedule-no-visits = No visits.
schedule-no-units = There is no mobile-unit schedule yet.
schedule-visit = { $from }–{ $to } · { $unit } · { $address }
schedule-visit-moved = { $from }–{ $to } · { $unit } · { $address } — <i>changed</i>
schedule-visit-cancelled = { $from }–{ $to } · { $unit } · { $address } — <i>cancelled</i>
schedule-visit-ended = { $from }–{ $to } · { $unit } · { $address } — <i>already over</i>
schedule-visit-note = <i>{ $note }</i>
schedule-week-title = <b>Visits this week</b>

## The nearest stop
schedule-distance-m = { $n } m
schedule-distance-km = { $n } km
schedule-nearest-title = <b>Nearest stop today</b>
schedule-nearest-open = Open now, until { $to }.
schedule-nearest-later = Today from { $from } to { $to }.
schedule-nearest-where = { $unit } · { $address }
schedule-nearest-distance = About { $distance } from you.
schedule-nearest-moved = <i>The place or time has changed today.</i>
schedule-nearest-none-today = No more stops today.
schedule-nearest-tomorrow-first = Tomorrow's first stop: { $from }–{ $to } · { $unit } · { $address } (about { $distance } from you).
schedule-nearest-none-tomorrow = No stops tomorrow either.

## When a person will answer (after hours)
schedule-answer-now = Workers are on duty now and will answer soon.
schedule-answer-today = Workers will answer today from { $time }.
schedule-answer-tomorrow = Workers will answer tomorrow from { $time }.
schedule-answer-later = Workers will answer on { $weekday ->
        [mon] Monday
        [tue] Tuesday
        [wed] Wednesday
        [thu] Thursday
        [fri] Friday
        [sat] Saturday
       *[sun] Sunday
    }, { $date }, from { $time }.
schedule-answer-unknown = Workers are off duty now. We will answer as soon as we can.

## Duty, for staff (emergency alerts)
schedule-person-telegram = { $name } ({ $telegram })
schedule-staff-on-duty = <b>On duty:</b> { $people }
schedule-staff-on-duty-unnamed = <b>A shift is on</b>, but no staff are named for it.
schedule-staff-off-duty = <b>No shift right now.</b>
schedule-staff-next-shift = Next shift: { $date }, from { $time }.
schedule-staff-on-call = <b>On call:</b> { $person }
schedule-staff-no-on-call = <b>Nobody is on call.</b>
