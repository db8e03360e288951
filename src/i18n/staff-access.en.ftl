# Staff access (issue 13): buttons bound to their case topic.
staff-button-out-of-place = This button does not belong to this topic.
