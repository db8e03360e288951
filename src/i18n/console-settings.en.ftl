# The console's settings pages (/console/settings).
console-settings-title = Settings
console-settings-intro = The organisation's settings are kept in the database; the newest saved version is in force (now no. { $version }). What you save applies at once: the bot answers with the new settings without a restart.
console-settings-save = Save
console-settings-back = ← All settings
console-settings-saved = Saved. The new settings are in force.
console-settings-unchanged = Nothing changed: no new version was made.
console-settings-conflict = While you were editing, someone else saved this section. Your values are below; check them (open the section again to see the current ones) and save again if they are right.
console-settings-unavailable-title = Settings unavailable
console-settings-unavailable = The console was started without the settings store. Start the whole system.
console-settings-not-found-title = No such section
console-settings-not-found = There is no such settings section.
console-settings-version-missing-title = No such version
console-settings-version-missing = There is no such saved version (or it no longer fits today's rules).

console-settings-section-organisation = Organisation
console-settings-section-taxonomy = Needs and services
console-settings-section-quick-replies = Quick replies
console-settings-section-mobile-units = Mobile units
console-settings-section-duty = Duty hours
console-settings-section-directory = Referral directory
console-settings-section-community = Community chat
console-settings-section-channel = Channel
console-settings-section-retention = Retention
console-settings-about-organisation = Name, time zone, emergency numbers, doctor, the law text, the closing line, overdose follow-ups.
console-settings-about-taxonomy = The needs and services a worker picks from when closing a case; reports are built on them.
console-settings-about-quick-replies = Short answers a worker inserts into a reply in the console. They reach a client only after the worker edits and sends them.
console-settings-about-mobile-units = Units, their stops with weekly times, and one-off changes. Open a unit to add or change a stop.
console-settings-about-duty = When workers answer, who is on duty, who is on call for emergencies, holidays.
console-settings-about-directory = Organisations clients are referred to (the /ext command). The client gets the details as written here.
console-settings-about-community = Who may join the community chat and how: personal invitations, the time to accept the rules, the rules themselves; the welcome, unanswered questions and mutes for repeated removals.
console-settings-about-channel = When the channel gets the weekly post of the mobile units' stops, and whether a cancelled or moved stop is posted at once.
console-settings-about-retention = How many days message text is kept after a case closes.
console-settings-about-history = Every save is a new version: who saved it and when. An older version can be put back: it is saved as a new one.

console-settings-taxonomy-versions = The list is at version { $version }. Every case keeps the version it was recorded with, so earlier reports do not change. Adding or removing a need or service, or changing a code or whether it is met online, raises the version by itself; labels and turning one off do not.
console-settings-retention-explained = { $days } days after a case closes, the text of its messages, feedback comments and referral reasons are erased. The anonymous record stays: case number, pseudonym, dates, needs, services, referrals and outcome, for reports. Clients' names and Telegram accounts are never stored at all.

console-settings-error = { $where }: { $problem }
console-settings-item = value { $n }
console-settings-lang-ru = Russian
console-settings-lang-en = English

console-settings-row-needs = need { $n }
console-settings-row-services = service { $n }
console-settings-row-quick-replies = quick reply { $n }
console-settings-row-mobile-units = unit { $n }
console-settings-row-stops = stop { $n }
console-settings-row-windows = time { $n }
console-settings-row-changes = change { $n }
console-settings-row-staff = person on duty { $n }
console-settings-row-external-organisations = organisation { $n }

console-settings-f-name = Name
console-settings-f-time-zone = Time zone
console-settings-f-emergency-numbers = Emergency numbers
console-settings-f-doctor-contact = How to reach the doctor
console-settings-f-ambulance-law = What the law says about calling an ambulance
console-settings-f-closing-contact-line = Line ending the closing message
console-settings-f-second-dose-reminder-seconds = Second-dose reminder, seconds
console-settings-f-help-arrived-check-seconds = "Has help arrived?" check, seconds
console-settings-f-reopen-within-hours = A case reopens if the client writes within (hours)
console-settings-f-needs = Needs
console-settings-f-services = Services
console-settings-f-code = Code
console-settings-f-theme = Theme
console-settings-f-label = Label
console-settings-f-offline = Offline service
console-settings-f-quick-replies = Quick replies
console-settings-f-id = Code
console-settings-f-text = Text
console-settings-f-mobile-units = Mobile units
console-settings-f-stops = Stops
console-settings-f-windows = Times
console-settings-f-changes = One-off changes
console-settings-f-address = Address
console-settings-f-latitude = Latitude
console-settings-f-longitude = Longitude
console-settings-f-weekday = Weekday
console-settings-f-from = From
console-settings-f-to = To
console-settings-f-date = Date
console-settings-f-stop-id = Stop
console-settings-f-status = What changes
console-settings-f-note = Note
console-settings-f-staff = On duty
console-settings-f-on-call = On call for emergencies
console-settings-f-telegram = Telegram
console-settings-f-phone = Phone
console-settings-f-holidays = Holidays
console-settings-f-person-name = Who
console-settings-f-external-organisations = Organisations
console-settings-f-slug = Code
console-settings-f-kind = Kind
console-settings-f-contacts = Contacts
console-settings-f-hours = Opening hours
console-settings-f-message-text-days = Keep message text after closing, days
console-settings-f-peer-invites-per-month = Joins by one member's personal link, per month
console-settings-f-join-request-timeout-minutes = A join request is declined after, hours
console-settings-f-rules = Chat rules
console-settings-f-welcome-delete-minutes = The welcome to new members is deleted after, minutes
console-settings-f-unanswered-question-minutes = A question nobody answered goes to staff after, minutes
console-settings-f-mute-ladder-minutes = Mutes for repeated removals, minutes
console-settings-f-weekly-schedule = Weekly post of the stops
console-settings-f-enabled = Post the schedule every week
console-settings-f-at = Time
console-settings-f-stop-changes = Post at once when a stop is cancelled or moved

console-settings-hint-name = As clients read it. In Russian texts the bot never declines it: it writes it in quotes after a noun, as in "the staff of the organisation «…»".
console-settings-hint-time-zone = An IANA zone name, e.g. Europe/Moscow. Duty hours and schedules follow it.
console-settings-hint-emergency-numbers = Separated by commas, e.g. 103, 112. The first comes first in every emergency reply.
console-settings-hint-doctor-contact = Optional. The bot writes it after "The organisation's doctor is available:" in the overdose reply and the article on wounds. For example: @doctor_nick or "write here and we will pass it on to the doctor".
console-settings-hint-ambulance-law = Optional, in the organisation's own words. Without it there is no button about the law.
console-settings-hint-closing-contact-line = How to reach the service again; a worker may replace it in /close.
console-settings-hint-second-dose = 1 to 600; usually 150.
console-settings-hint-help-arrived = 1 to 3600; usually 300.
console-settings-hint-reopen = 0 to 2160; usually 48. Later, a new case starts.
console-settings-hint-code = Lower-case Latin letters, digits and "_", 2 to 40 characters. Reports count by the code: changing it raises the list's version.
console-settings-hint-id = Lower-case Latin letters, digits and "-", up to 40 characters.
console-settings-hint-changes = A stop cancelled or moved on a date.
console-settings-hint-moved = For a move: the new address (if it changes).
console-settings-hint-duty-windows = When workers answer and who is on duty. Duty staff are chosen from the console accounts; a shift whose "From" is later than its "To" runs past midnight.
console-settings-hint-telegram = E.g. @anna_outreach.
console-settings-hint-holidays = Dates separated by commas or one a line, such as 2026-12-31. No shifts on these days.
console-settings-hint-retention = 0 to 3650 days.
console-settings-hint-peer-invites = 0 to 100; usually 3. With 0, members cannot invite: only staff's links let people in.
console-settings-hint-join-timeout = Whole hours (24) or hours and minutes (1:30); from 0:01 to 168 (a week); usually 24. Applicants are told this time.
console-settings-hint-rules = Applicants read these and press "I accept". Up to 3000 characters each. Leave both empty to use the standard rules shown greyed in the boxes.
console-settings-hint-welcome-delete = 1 to 1440 (a day); usually 10. Keeps the chat readable.
console-settings-hint-unanswered = 1 to 1440 (a day); usually 30.
console-settings-hint-mute-ladder = Separated by commas, e.g. 60, 1440, 10080 (an hour, a day, a week). A member's first removed message only gets a warning; the second mutes them for the first number, the third for the second, and so on; after the list the last number repeats. 1 to 10 numbers, each up to 527040 (366 days).
console-settings-hint-weekly-schedule = The week's stops and times, posted in the channel on this day at this time (the organisation's time zone).
console-settings-hint-stop-changes = From the one-off changes in Mobile units.
console-settings-community-joining = Joining
console-settings-community-in-chat = In the chat
console-settings-community-default-rules = The standard rules (used while both fields are empty)

console-settings-theme-online = Met online
console-settings-theme-online-offline = Needs an offline step
console-settings-offline-no = No, online
console-settings-offline-yes = Yes, offline
console-settings-weekday-1 = Monday
console-settings-weekday-2 = Tuesday
console-settings-weekday-3 = Wednesday
console-settings-weekday-4 = Thursday
console-settings-weekday-5 = Friday
console-settings-weekday-6 = Saturday
console-settings-weekday-7 = Sunday
console-settings-status-cancelled = Cancelled
console-settings-status-moved = Moved
console-settings-kind-aids-centre = AIDS centre
console-settings-kind-clinic = Clinic
console-settings-kind-detox = Detox
console-settings-kind-rehab = Rehab
console-settings-kind-prep = PrEP
console-settings-kind-legal = Legal help
console-settings-kind-social = Social help
console-settings-kind-other = Other

console-settings-problem-duplicate = this code is already in row { $row }
console-settings-problem-unknown-stop = this unit has no such stop
console-settings-problem-time = a time like 09:30
console-settings-problem-date = a date like 2026-12-31
console-settings-problem-time-zone = an IANA zone such as Europe/Moscow
console-settings-problem-telegram = a name like @username (5–32 Latin letters, digits or "_")
console-settings-problem-code = only lower-case Latin letters, digits and "_", 2 to 40 characters
console-settings-problem-id = only lower-case Latin letters, digits and "-", up to 40 characters
console-settings-problem-format = not in the expected form
console-settings-problem-number = a number is needed
console-settings-problem-whole-number = a whole number is needed
console-settings-problem-required = fill this in
console-settings-problem-min-length = at least { $min } characters
console-settings-problem-at-least-one = at least one row is needed
console-settings-problem-min = at least { $min }
console-settings-problem-max = at most { $max }
console-settings-problem-too-many = at most { $max } rows
console-settings-problem-choose = choose from the list
console-settings-problem-hours = hours like 24 or 1:30, from 0:01 to 168

console-settings-history-title = Settings history
console-settings-history-version-n = Version { $version }
console-settings-history-from-file = from the organisation.json file
console-settings-history-in-force = in force
console-settings-history-restore = Put back
console-settings-history-restore-version = Put back version { $version }

# Lists edited an item at a time, the index's summaries, the flash.
console-settings-remove = Remove
console-settings-remove-named = Remove: { $name }
console-settings-edit = Edit
console-settings-edit-named = Edit: { $name }
console-settings-up = Move up
console-settings-up-named = Move up: { $name }
console-settings-add-button = Add
console-settings-back-to = ← { $name }
console-settings-back-units = ← Mobile units
console-settings-added = Added. The new settings are in force.
console-settings-removed = Removed. The new settings are in force.
console-settings-history-link = Put it back from the history
console-settings-conflict-short = Not saved: someone else has just saved this section. Check and try again.
console-settings-not-saved = { $n ->
    [one] Not saved: { $n } field to correct.
   *[other] Not saved: { $n } fields to correct.
}
console-settings-to-form = To the form
console-settings-problem-taken = this code is already used
console-settings-problem-choose-days = tick at least one day
console-settings-problem-map-empty = paste a link to the place or its coordinates
console-settings-problem-map-short-link = this is a short link, which cannot be read without opening it: open it in a browser and copy the full address from the address bar (or the point's coordinates)
console-settings-problem-map-no-point = there is no point in this text: copy a link to the place (in Yandex Maps: "What's here?"; in Google Maps: tap the point) or coordinates such as 59.9325, 30.4393
console-settings-problem-map-out-of-range = no such coordinates: latitude is −90 to 90, longitude −180 to 180

console-settings-weekday-short-1 = Mon
console-settings-weekday-short-2 = Tue
console-settings-weekday-short-3 = Wed
console-settings-weekday-short-4 = Thu
console-settings-weekday-short-5 = Fri
console-settings-weekday-short-6 = Sat
console-settings-weekday-short-7 = Sun
console-settings-f-days = Days
console-settings-f-account-id = Who
console-settings-f-on-duty = On duty
console-settings-f-place = Where on the map
console-settings-f-place-moved = New place on the map (if it changes)
console-settings-f-unit-name = Unit name
console-settings-f-reply-label = Label on the button
console-settings-hint-place = A link from Yandex Maps, 2GIS, Google Maps, OpenStreetMap, or coordinates such as 59.9325, 30.4393.
console-settings-placeholder-place = Paste a link to the place
console-settings-hint-address = As clients and the channel's readers see it.
console-settings-hint-note = Optional: the reason, or a tip for clients.
console-settings-hint-code-new = May be left empty: the code is made from the English label.
console-settings-hint-unlinked = "{ $name }" is written as a name alone, without an account. Choose their account in the list.
console-settings-hint-unlinked-suggest = "{ $name }" is written as a name alone. This looks like the account { $account }: choose it in the list.
console-settings-point-read = Point ({ $source }):
console-settings-point-check = check on openstreetmap.org ↗
console-settings-point-found = Point found: check it with the link under the field. Not saved yet.
console-settings-point-not-found = The point could not be read: see the note at the field.
console-settings-check-point = Check the point
console-settings-map-google = Google Maps
console-settings-map-yandex = Yandex Maps
console-settings-map-osm = OpenStreetMap
console-settings-map-2gis = 2GIS
console-settings-map-apple = Apple Maps
console-settings-map-geo = geo link
console-settings-map-link = link
console-settings-map-coordinates = coordinates

console-settings-shifts = Shifts
console-settings-no-shifts = No shifts: at any hour the bot says it is outside working hours.
console-settings-shift-nobody = nobody on duty yet
console-settings-add-shift = Add a shift
console-settings-add-shift-button = Add the shift
console-settings-on-call-and-holidays = On call, and holidays
console-settings-nobody = — nobody —
console-settings-nobody-yet = — nobody yet —
console-settings-person-n = On duty { $n }
console-settings-person-new = Another person on duty
console-settings-person-take-off = — take off this shift —
console-settings-person-unlinked = { $name } — no account (as written)
console-settings-person-unlinked-short = { $name } — no account
console-settings-person-disabled = { $name } — account disabled
console-settings-unlinked-notice = { $n ->
    [one] { $n } person on duty is written as a name alone, without an account: open their shift and choose the account.
   *[other] { $n } people on duty are written as names alone, without accounts: open their shifts and choose the accounts.
}

console-settings-no-units = No units yet.
console-settings-unit-no-stops = no stops yet
console-settings-unit-open = Stops and changes
console-settings-add-unit = Add a unit
console-settings-add-unit-button = Add the unit
console-settings-unit-name = Unit name
console-settings-add-stop = Add a stop
console-settings-add-stop-button = Add the stop
console-settings-stop-no-times = no times set
console-settings-times-n = Times { $n }
console-settings-times-new = More times (other days or hours)
console-settings-add-change = Cancel or move a stop on a date
console-settings-moved-to = When moved: where and when
console-settings-add-need = Add a need
console-settings-add-service = Add a service
console-settings-add-reply = Add a quick reply
console-settings-add-organisation = Add an organisation
console-settings-need-off = off
console-settings-need-period = the paper's period: { $period }
console-settings-organisation-timings = Overdose and returning clients: { $second } s, { $arrived } s, { $reopen } h

console-settings-new-shifts = New shift
console-settings-new-units = New unit
console-settings-new-stops = New stop
console-settings-new-changes = Cancel or move a stop
console-settings-new-needs = New need
console-settings-new-services = New service
console-settings-new-replies = New quick reply
console-settings-new-organisations = New organisation
console-settings-edit-shifts = Shift
console-settings-edit-units = Unit
console-settings-edit-stops = Stop
console-settings-edit-changes = One-off change
console-settings-edit-needs = Need
console-settings-edit-services = Service
console-settings-edit-replies = Quick reply
console-settings-edit-organisations = Organisation

console-settings-sum-organisation = { $name } · { $zone } · emergency: { $numbers }
console-settings-sum-duty = { $shifts ->
    [0] no shifts
    [one] { $shifts } shift
   *[other] { $shifts } shifts
}: { $days } · on duty: { $people } · on call: { $onCall }{ $unlinked ->
    [0] {""}
   *[other] {" "}· without an account: { $unlinked }
}
console-settings-sum-nobody = nobody
console-settings-sum-no-units = no units
console-settings-sum-unit = { $name }: { $stops ->
    [one] { $stops } stop
   *[other] { $stops } stops
}{ $changes ->
    [0] {""}
   *[other] , one-off changes: { $changes }
}
console-settings-sum-taxonomy = needs: { $needs }{ $off ->
    [0] {""}
   *[other] {" "}({ $off } off)
} · services: { $services } · version { $version }
console-settings-sum-none = nothing yet
console-settings-sum-community = personal invitations a month: { $invites } · a request waits { $hours } h · rules: { $rules ->
    [own] your own
   *[default] the standard ones
}
console-settings-sum-channel = schedule: { $day } { $at } · stop changes posted: { $changes ->
    [yes] at once
   *[no] no
}
console-settings-sum-channel-off = no weekly schedule · stop changes posted: { $changes ->
    [yes] at once
   *[no] no
}
console-settings-sum-retention = message text is erased { $days } days after a case closes
console-settings-sum-history = version { $version } is in force; an older one can be put back
console-settings-theme-short-online = online
console-settings-theme-short-online-offline = offline step
console-settings-service-online = online
console-settings-service-offline = offline
console-settings-f-offered = Offer it when closing a case
console-settings-hint-offered = A need turned off is not offered for new closing records; cases already recorded with it stay in the reports.
console-settings-need-period-explained = This need comes from the period the paper describes ({ $period }): the pandemic rules. A new installation has it turned off; turn it on if such questions come again.
console-settings-taxonomy-short = List version: { $version }. Workers pick from these lists when closing a case; reports are built on them. How the version changes is explained on a need’s or service’s page.
