# A sealed text no key held can open (the key was destroyed, or rotated away).
privacy-unreadable = 🔒 text unreadable (the key was destroyed or rotated)
