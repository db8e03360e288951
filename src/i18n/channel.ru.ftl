## Posts to the channel generated from the mobile units' schedule (src/channel/schedule-posts.ts).
## Telegram HTML: only <b> and <i>; arguments come escaped.

channel-week-title = <b>Выезды на неделю</b>
channel-week-footer = <i>Если выезд отменят или перенесут, мы напишем здесь.</i>
channel-stop-cancelled-title = <b>❌ Выезд отменён</b>
channel-stop-cancelled = { $date }: { $unit } не приедет на точку «{ $address }» (обычно { $usual }).
channel-stop-moved-title = <b>🔁 Выезд изменён</b>
channel-stop-moved = { $date }: { $unit }, точка «{ $address }» (обычно { $usual }).
channel-stop-moved-now = В этот день: { $address }, { $time }.
