# The console's case actions: claim, assign, refer, close with the record, quick replies and articles.

# Added to a notice in the staff topic when the action was taken in the console.
console-act-topic-mark = (from the console, { $name })

console-act-choose = — choose —
console-act-failed = That did not work: Telegram did not answer. Reload the page and check what was already done before trying again.
console-act-no-bot = The bot is still starting; try again in a minute.
console-act-closed = This case is already closed; nothing was done.

console-act-assignee-title = Who has the case
console-act-claim = 🙋 Take it
console-act-claim-unlinked = Only a member of the staff group in Telegram can hold a case: link this account to yours in the group.
console-act-claim-taken = { $name } already has this case. To take it over, choose yourself under "Hand over".
console-act-assign-field = Hand over to
console-act-assign = Hand over
console-act-assign-member = Choose who gets the case.
console-act-no-staff = Nobody in the staff group yet: a member appears once they write in the group.
console-act-on-duty = on duty

console-act-quick-title = Quick replies
console-act-quick-hint = Puts the text into the message box; nothing is sent until you press Send.

console-act-articles-title = Verified articles
console-act-articles-hint = The client gets the article in their language, with its sources and who verified it, as with /kb.
console-act-articles-search = Search the articles
console-act-articles-find = Search
console-act-articles-none = No verified articles yet: there is nothing to send.
console-act-articles-none-found = No verified article matches this search.
console-act-article-send = Send to the client
console-act-article-send-named = Send to the client: { $title }
console-act-article-unverified = This article has no verified text, so it cannot be sent.

console-act-outcome-field = How the referral ended
console-act-outcome-save = Record
console-act-outcome-problem = Choose how the referral ended.

console-act-refer-title = Refer to a specialist
console-act-refer-role = To whom
console-act-refer-person = Which person (optional)
console-act-refer-anyone = anyone with this role
console-act-refer-reason = Reason
console-act-refer-reason-hint = Colleagues see it in the case topic; it is not sent to the client.
console-act-refer-submit = Refer
console-act-refer-problem-role = Choose which specialist to refer to.
console-act-refer-problem-reason = Write the reason for the referral.
console-act-refer-problem-reason-too-long = The reason is too long: { $max } characters at most.
console-act-refer-problem-person = There is no such member of the staff group; choose one from the list.

console-act-external-title = Refer to another organisation
console-act-external-field = Organisation
console-act-external-hint = The client gets the organisation's verified details straight away.
console-act-external-unverified = not verified
console-act-external-submit = Send the details to the client
console-act-external-empty = The directory of organisations is empty.
console-act-external-problem-choose = Choose an organisation from the directory.
console-act-external-problem-unverified = This organisation's details are not verified, so they cannot be sent to the client.

console-act-close-title = Close the case
console-act-record-title = Close with a record
console-act-record-hint = As the /close form in the topic: suggestions from the conversation are ticked; check them. The client gets the closing message and a request to rate the help.
console-act-record-missing = To close, choose: { $fields }.
console-act-contact-field = How to reach us again (ends the client's message)
console-act-contact-hint = The client writes in { $language }. Left empty: the line from the settings.
console-act-language-ru = Russian
console-act-language-en = English
console-act-close-submit = Save the record and close
console-act-drop-title = Close without a record
console-act-drop-reason = Reason
console-act-drop-hint = For example: spam, duplicate, test. Nothing is sent to the client; the reason is kept as a note.
console-act-drop-submit = Close without a record
console-act-drop-problem-empty = A case closes without a record only with a reason.
console-act-drop-problem-too-long = The reason is too long: { $max } characters at most.

console-act-record-shown = Closing record
console-act-met = Online or offline
console-act-met-online = fully online
console-act-met-offline = needed an offline step
console-act-taxonomy-version = Taxonomy version
console-act-closed-by = Closed by
console-act-dropped = Closed without a record. Reason: { $reason }.
console-act-reason-spam = spam
console-act-reason-duplicate = duplicate
console-act-reason-test = test
console-act-reason-other = other
console-act-reason-not-recorded = not given

console-act-done-claim = The case is yours.
console-act-done-assign = The case was handed over.
console-act-done-refer = The case was referred; the topic has a button for the specialist.
console-act-done-external = The details were sent to the client.
console-act-done-outcome = The referral's outcome was recorded.
console-act-done-close = Record saved and the case closed; the client got the closing message.
console-act-done-drop = The case was closed without a record.
console-act-done-article = The article was sent to the client.
console-act-blocked = Not delivered: the client blocked the bot. Nothing was recorded.
console-act-articles-all = All verified articles ({ $count })

## Photos, voice messages and other files in the transcript (Telegram keeps them; the console fetches them through the bot)
console-media-photo-client = Photo from the client
console-media-photo-staff = Photo from staff
console-media-listen = Listen (open the file)
console-media-watch = Watch (open the file)
console-media-open = Open the file
console-media-gone-title = No such file
console-media-gone = This case has no such file: its reference was erased after the retention period, or the address is wrong.
console-media-failed-title = Telegram did not give the file
console-media-failed = The file could not be fetched from Telegram. Please try again later.
console-media-too-big-title = The file is too large
console-media-too-big = Telegram does not give bots files over 20 MB; open it in the case topic in Telegram.
console-media-no-bot-title = The bot is not running
console-media-no-bot = Files are fetched through the bot, which has not started yet. Try again in a minute.

# The case timeline
console-tl-who-console = { $name } (from the console)
console-tl-system = the system
console-tl-bot = Bot
console-tl-tap = 👆 The client tapped “{ $label }”
console-tl-feedback = The client rated the help: { $rating }
console-tl-claimed = 🙋 { $who } took the case
console-tl-assigned = { $who } handed the case over
console-tl-referred = ↪️ { $who } referred to: { $role }. Reason: { $reason }
console-tl-referral-taken = { $who } took the referral
console-tl-referral-outcome = { $who }: the referral ended — { $outcome }
console-tl-external = { $who } sent the client an organisation's details
console-tl-followups-stopped = ⏹ Follow-ups stopped ({ $who }): { $reason }
console-tl-stop-help-arrived = help arrived
console-tl-stop-recovered = the person came round
console-tl-stop-case-closed = the case was closed
console-tl-stop-staff = stopped by staff
console-tl-stop-other = other
console-tl-status = Status: { $to }
console-tl-emergency = 🚨 Overdose: staff alerted, the alert pinned in the topic
console-tl-closed = ✅ { $who } closed the case with a record. Needs: { $needs }. Outcome: { $outcome }
console-tl-dropped = { $who } closed it without a record; reason: { $reason }
console-tl-reopened-client = ↩️ The client wrote again — the case is open
console-tl-reopened = ↩️ { $who } opened the case again
console-tl-edited = ✏️ Message edited; it said: “{ $before }”
console-tl-edited-erased = ✏️ Message edited
console-tl-flow-emergency = overdose step
console-tl-flow-followup = overdose follow-up
console-tl-flow-article = article
console-tl-flow-article-offer = offered articles
console-tl-flow-organisation = organisation's details
console-tl-flow-after-hours = after-hours reply
console-tl-flow-case-opened = case confirmation
console-tl-flow-voice-hint = voice message hint
console-tl-flow-not-relayed = not passed to staff
console-tl-flow-nearest-unit = nearest stop
console-tl-flow-closing = closing message
console-tl-flow-feedback-request = rating request
console-tl-flow-slow-down = asked to slow down
console-tl-flow-other = message
console-act-reopen-open = The case is open already.
console-act-reopen-other-open = The client already has another open case — work in that one.
console-act-reopen-erased = This case's text was erased, so it cannot be opened again. If the client writes, a new case opens.
console-act-done-reopen = The case is open again; its topic in the staff group is open.
console-act-reopen-title = Open again
console-act-reopen-hint = The earlier record stays in the case's history.
console-act-reopen-submit = Open the case again
console-tl-flow-menu = menu
console-act-follow-ups-title = Overdose follow-ups
console-act-follow-ups-pending = The bot will still send the client { $count } follow-up(s).
console-act-follow-ups-stop = Stop the follow-ups
console-act-done-follow-ups = Follow-ups stopped; the alert in the topic is updated.
console-act-done-follow-ups-none = Nothing to stop: no follow-ups are due.
console-tl-emergency-again = 🚨 The client described an overdose again
console-tl-emergency-possible = ⚠️ Possibly an overdose (the model): the client was asked whether help is needed
console-tl-answer = 💬 The client answered in words: { $answer }
console-tl-answer-breathing = breathing
console-tl-answer-not-breathing = not breathing
console-tl-answer-recovered = came round
console-tl-answer-help-arrived = help arrived
console-case-erased-retention = The text of this case was erased on { $date } under the retention rule: what stays is its anonymous record (kinds of messages, times, codes).
console-case-erased-forget = The client asked to be forgotten: the text of this case was erased on { $date }. What stays is its anonymous record (kinds of messages, times, codes).
