# Staff access (issue 13): buttons bound to their case topic.
staff-button-out-of-place = Эта кнопка не относится к этой теме.
