"""What mlcareer keeps for the person: the SQLite store and private files."""
