console-inbox-views = Which cases to show
console-inbox-view-all = All
console-inbox-view-mine = Mine
console-inbox-view-unassigned = Unassigned
console-inbox-view-emergency = 🚨 Emergencies
console-inbox-view-after = 🌙 After hours
console-inbox-filters-more = More filters
console-inbox-filters-status = Status: { $status }
console-inbox-unread = { $n ->
    [one] { $n } new
   *[other] { $n } new
  }
console-inbox-last-client = Client:
console-inbox-last-staff = Us:
console-inbox-no-messages = No messages yet
console-inbox-keys = Keys: j and k move down and up the list, Enter opens.
console-inbox-empty-view = No open cases in this list.
console-menu = Menu
console-case-side = About this case
console-case-earlier = This client's other cases
console-case-earlier-none = No other cases.
console-case-history = The client's whole history
console-case-earlier-item = #{ $case } · { $opened } · { $status }
console-msg-more = Show all ({ $n } characters)
console-location = Location
console-location-map = Open on a map
console-location-nearest = To the nearest stop today: { $distance } — { $unit }, { $place }, { $from }–{ $to }
console-location-none = No stops today.
console-distance-m = { $m } m
console-distance-km = { $km } km
console-staff-as = { $name } · { $role }
console-staff-member = staff
console-flash-error-here = To the form
console-close-unanswered = Nobody has answered this client yet.
console-close-unanswered-receives = The client will receive:
console-close-unanswered-confirm = Yes, close without an answer
console-close-unanswered-required = Nobody answered this client: confirm that you are closing the case without an answer.
console-jump-now = To the latest message
