# The console's case actions: claim, assign, refer, close with the record, quick replies and articles.

# Added to a notice in the staff topic when the action was taken in the console.
console-act-topic-mark = (из консоли, { $name })
