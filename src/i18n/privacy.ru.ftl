# A sealed text no key held can open (the key was destroyed, or rotated away).
privacy-unreadable = 🔒 текст не читается (ключ уничтожен или заменён)
