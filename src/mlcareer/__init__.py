"""mlcareer: an offline, bilingual career advisor for AI / ML engineers in Japan."""

__version__ = "0.1.0"
