## Client-facing
client-case-opened = Your message has been passed to a worker. The answer will come here, in this chat. The worker does not see your account.
client-not-relayed-contact = We do not pass on contacts or phone numbers, to keep you anonymous. Please write your question as text.
client-not-relayed-kind = We can't pass on this kind of message. Please write text, or send a photo, a voice message or a file.

## Staff-facing
topic-name = #{ $case } · Client { $pseudonym }
staff-case-header =
    New case #{ $case } · Client { $pseudonym }
    Write in this topic and the bot passes your answer to the client; they will not see your account.
    /note text — an internal note (never sent to the client)
    /close — close the case (you may add how to reach us again: /close call 8-800-…)
    /kb topic — send the client a verified article
    /refer reason — refer to a specialist; /assign (as a reply to a colleague) — hand over
staff-case-header-web = The client writes from the web chat on the website, without Telegram: answer here as usual — the answer appears on their page in the browser.
staff-web-file-not-shown = 🌐 The web chat does not show files: the client sees only the caption and a request for text. Write the essentials in words.
staff-client-blocked = ⚠️ Not delivered: the client has blocked the bot. The message is kept in the case.
staff-delivery-failed = ⚠️ Not delivered to the client ({ $reason }). Please try again later.
staff-case-closed = ✅ Case #{ $case } is closed.
staff-case-already-closed = Case #{ $case } is already closed: the message was not sent to the client.
staff-note-saved = 📝 Note saved (the client will not see it).
staff-note-empty = Write the note after the command: /note text
staff-unknown-command = Unknown command. In a case topic you can use: /note text, /kb topic, /close
staff-client-sent-contact = ℹ️ The client tried to send a contact card. It is not passed on, to keep them anonymous.
staff-client-sent-unsupported = ℹ️ The client sent a message of type "{ $kind }". Such messages are not passed on.
staff-topic-recreated = ℹ️ The topic of case #{ $case } was deleted; the conversation continues here.
staff-batch-head = ⏳ { $count } client messages in one block: the group hit Telegram's limit, { $behind } min behind. The console shows everything at once.
staff-client-edited = ✏️ The client edited a message of this block; it now reads:
    { $text }

## Web
home-title = Netreach
home-tagline = Anonymous online help for people who use drugs: a bot, a relay to outreach workers, case records.
home-mode-telegram = Mode: Telegram (the bot is connected to Telegram).
home-mode-sandbox = Mode: sandbox (the built-in Telegram emulator, no real bot).
home-version = Version { $version }
home-health = System health
staff-case-reopened = 🔄 The client wrote again soon after the close: case #{ $case } is open again.

## Closing record
record-title =
    Record for case #{ $case }. Mark the needs and services (✅ = suggested from the conversation: check them), the phone call and the outcome, then "Save and close".
    Closing without a record needs a reason: /drop reason
record-needs = Needs
record-services = Services
record-phone = Phone call
record-outcome = Outcome
record-phone-not_proposed = Not proposed
record-phone-accepted = Accepted
record-phone-refused = Refused
record-phone-client_left = Client left
record-outcome-resolved = Resolved
record-outcome-partly_resolved = Partly
record-outcome-referred = Referred
record-outcome-client_left = Client gone
record-outcome-unknown = Unknown
record-save = 💾 Save and close
record-cancel = Cancel
record-missing = To save, mark: { $fields }
record-saved = Record saved: { $online }.
record-online = met fully online
record-offline = needed an offline step
record-cancelled = Closing cancelled; the case stays open.
staff-drop-usage = Closing without a record needs a reason: /drop reason (e.g. /drop spam)
staff-dropped = Case #{ $case } closed without a record. Reason: { $reason }

## Claims and referrals
staff-claim-button = 🙋 I'll take it
staff-claim-yours = The case is yours.
staff-claim-taken = Already taken by { $name }
staff-claimed = 🙋 Case #{ $case } taken by { $name }
staff-assign-usage = To hand the case over, reply to a colleague's message with /assign.
staff-refer-choose = Refer case #{ $case } to whom?
staff-referred = ↪️ Case #{ $case } referred to { $who }. Reason: { $reason }
staff-referral-take = Take it (specialist)
staff-referral-taken = Case #{ $case } is now with the specialist { $name }. Mark how the referral ended with a button above.
staff-referral-outcome = Referral outcome: { $outcome }
referral-done = Done
referral-did_not_come = Client did not come
referral-declined = Declined
staff-roles-set = Your roles: { $roles }. Available: { $all }
role-doctor = Doctor
role-psychologist = Psychologist
role-lawyer = Lawyer
role-social_worker = Social worker
role-peer_worker = Peer worker
staff-offer = 💡 Suggested: { $who } (roles: { $roles }; open cases: { $open })
ext-choose = Refer the client where? They will get the verified contact details.
ext-sent = 📇 Contact details sent to the client: { $name }. Mark how the referral ended with a button later.
ext-unverified = These details are not verified yet and cannot be sent to a client.
ext-empty = The directory is empty: add organisations to organisation.json (externalOrganisations).
ext-verified = Verified by: { $who }, { $date }
command-ext = Refer to another organisation (directory)
home-console = Staff console
home-web-chat = Anonymous web chat (for clients)
home-simulator = Sandbox: play a client and a worker
staff-linked = 🔗 Linked to the console account { $name }.
staff-link-invalid = That code did not work: wrong, used or expired. Get a new one in the console.
staff-note-too-long = The note is too long: up to 3,800 characters.
staff-reason-too-long = The reason is too long: up to 1,000 characters.
