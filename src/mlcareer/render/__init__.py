"""Domain -> text or bytes, never printed here: JSON, Markdown, iCalendar and the terminal views."""
