"""From files to the domain: data/*.yaml, answers files and postings, with file:line problems; the knowledge cache."""
