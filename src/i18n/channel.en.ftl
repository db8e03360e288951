## Posts to the channel generated from the mobile units' schedule (src/channel/schedule-posts.ts).
## Telegram HTML: only <b> and <i>; arguments come escaped.

channel-week-title = <b>Visits this week</b>
channel-week-footer = <i>If a visit is cancelled or moved, we will post it here.</i>
channel-stop-cancelled-title = <b>❌ Visit cancelled</b>
channel-stop-cancelled = { $date }: { $unit } will not come to “{ $address }” (usually { $usual }).
channel-stop-moved-title = <b>🔁 Visit changed</b>
channel-stop-moved = { $date }: { $unit }, stop “{ $address }” (usually { $usual }).
channel-stop-moved-now = That day: { $address }, { $time }.
