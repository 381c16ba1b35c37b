"""The interactive parts, the only importers of questionary: the quiz and the interview sessions."""
