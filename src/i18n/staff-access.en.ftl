# Staff access (issue 13): buttons bound to their case topic.
staff-button-out-of-place = This button does not belong to this topic.

# Staff access: sessions and Telegram on the account page.
console-staff-done-sessions = Every session of the account has ended.
console-staff-sessions-title = Sessions
console-staff-sessions-count = Open sessions: { $n }.
console-staff-sessions-last-seen = Last request:
console-staff-sessions-end-hint = Ends every session of the account on every device (a lost phone, someone else's computer). The password and the second factor stay: if someone else may have them, give a link for a new password and reset the second factor.
console-staff-sessions-confirm = Yes, end every session
console-staff-sessions-end = End every session
console-staff-sessions-unconfirmed = Tick the confirmation to end the sessions.
console-staff-disable-telegram-hint = The bot removes the linked member from the staff group in Telegram and takes away their administrator rights in the community chat.
console-staff-enable-telegram-hint = Enabling does not bring the person back into the staff group: invite them again in Telegram.
console-staff-telegram-staff-group = Removal from the staff group
console-staff-telegram-community = Administrator rights in the community chat taken away
console-staff-telegram-waiting = waiting to be sent
console-staff-telegram-done = done
console-staff-telegram-failed = Telegram refused:
console-audit-action-account-sessions-end = Sessions ended by an admin
console-audit-action-account-telegram-removed = Removed from the staff group in Telegram
console-audit-action-account-telegram-remove-failed = Could not remove from the staff group
console-audit-action-account-community-demoted = Rights in the community chat taken away
console-audit-action-account-community-demote-failed = Could not take away rights in the community chat

# Own password change.
console-password-change-title = Change password
console-password-change-intro = Your current password first, then the new one twice. Your other sessions (on other devices) end; this one stays.
console-password-new-field = New password
console-password-new-confirm-field = New password again
console-password-current-field = Current password
console-password-change-submit = Change password
console-password-change-done = Password changed. The account's other sessions have ended.
console-password-change-back = Back to the console
console-password-current-wrong = The current password is not right.
console-audit-action-account-password-change = Password changed by its owner

# A disabled account's person in the staff group.
staff-account-disabled = Your console account is disabled: the bot takes no action from you.
