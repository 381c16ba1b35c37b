"""Reading a job posting or a CV as text: the catalogue's skills it names, where, and how strongly it
asks for them; the years of experience, the salary and the place it mentions. Pure: text in, data out.

How skills are found (no guessing, no morphological analyser, which would split 機械学習 into 機械 / 学習):
- Every name and alias of every skill is a pattern, folded the same way as the text (Unicode NFKC,
  then case-folding), and one Aho-Corasick pass (pyahocorasick) finds them all.
- Matches are kept leftmost-longest: 機械学習 wins over 学習 inside it, "Apache Spark" over "Spark".
- An ASCII pattern must start and end at a word boundary: "Go" does not fire inside "Google", "Spark"
  not inside "sparked". A short one (four letters or fewer, one word) must also be written as the
  catalogue writes it or in capitals ("Helm", not "at the helm"), and may not sit next to "&", "-" or
  "'", so R is not found in "R&D" nor C in "C-suite".
- A few aliases mean something else in running text ("CV" is a résumé, "LP" a landing page,
  "attention to detail"): they name a skill when typed on their own, never when found in a posting.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from mlcareer.domain.model import KnowledgeBase

Section = Literal["required", "preferred", "mentioned"]

# Aliases that stand for a skill when someone types them, but mean something else in running text.
NOT_IN_RUNNING_TEXT = frozenset(
    {
        "py", "np", "pd", "tf", "plt", "sns", "dash", "metrics", "precision", "recall", "accuracy",
        "attention", "alignment", "boosting", "charts", "cv", "lp", "nas", "logit", "cart",
        "制御", "標準化", "行列", "微分", "蒸留", "アライメント", "新規事業", "収益化",
    }
)  # fmt: skip

# Words that open a section of a posting, strongest first within a line: 必須ではないが歓迎 is preferred.
_PREFERRED_WORDS = (
    "歓迎", "尚可", "望ましい", "あれば", "プラス評価", "加点",
    "preferred", "nice to have", "nice-to-have", "bonus", "pluses", "a plus", "desirable", "good to have",
)  # fmt: skip
_REQUIRED_WORDS = (
    "必須", "応募資格", "応募条件", "必要なスキル", "必要な経験", "求める経験", "求めるスキル", "求める人物",
    "requirements", "required", "must have", "must-have", "qualifications", "minimum qualifications",
    "basic qualifications", "what you need",
    "what we're looking for", "what we are looking for", "you have",
)  # fmt: skip
# Headings that end a requirements section without opening another.
_OTHER_WORDS = (
    "業務内容", "仕事内容", "職務内容", "ポジション", "募集背景", "待遇", "給与", "年収", "想定年収", "勤務地",
    "勤務時間", "勤務形態", "休日", "福利厚生", "会社概要", "企業概要", "選考", "開発環境", "使用技術",
    "技術スタック", "職務経歴", "職務要約", "自己pr", "資格", "学歴", "about", "responsibilities",
    "what you'll do", "what you will do", "the role", "benefits", "salary", "compensation", "location",
    "tech stack", "our stack", "summary", "experience", "education", "skills", "スキル", "projects",
)  # fmt: skip

_BULLET = re.compile(r"^\s*(?:[-*+](?=\s)|[•・●○◦▪■□◆◇※]|\d+[.)．](?=\s)|[（(]\d+[)）])\s*")
_MARKUP = re.compile(r"^[\s#>*_【〔\[［<＜《■□◆◇●▼▽◎○]+|[\s*_】〕\]］>＞》:：]+$")
_INLINE_MARK = re.compile(
    r"[（(【\[]\s*(必須|歓迎|尚可|required|must|preferred|nice to have|optional|plus)\s*[)）】\]]", re.IGNORECASE
)
_KEY_VALUE = re.compile(r"^\s*(?:[【\[［■□◆◇●]\s*)?([^:：】\]］]{1,24})[】\]］]?\s*[:：】]\s*(.*)$")


@dataclass(frozen=True, slots=True)
class Found:
    """One skill as the text names it: the first place it is asked for most strongly."""

    skill: str
    section: Section
    line: int
    text: str

    @property
    def required(self) -> bool:
        return self.section == "required"


@dataclass(frozen=True, slots=True)
class YearsAsked:
    years: int
    section: Section
    line: int
    text: str


@dataclass(frozen=True, slots=True)
class SalaryRange:
    min: int | None  # 万円 a year
    max: int | None
    line: int
    text: str


@dataclass(frozen=True, slots=True)
class Posting:
    skills: tuple[Found, ...]
    years: tuple[YearsAsked, ...]
    salary: SalaryRange | None
    locations: tuple[str, ...]
    remote: str | None  # "full" | "hybrid" | "none"
    unknown_terms: tuple[str, ...]
    has_sections: bool  # whether the text marks anything required or preferred

    @property
    def required(self) -> tuple[Found, ...]:
        return tuple(f for f in self.skills if f.section == "required")

    @property
    def experience_years(self) -> int | None:
        """The years the posting asks for: the most any requirement asks (preferred years do not count)."""
        asked = [y.years for y in self.years if y.section != "preferred"]
        return max(asked) if asked else None


# -- the patterns ------------------------------------------------------------------------------


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


class _Pattern:
    __slots__ = ("exact", "key", "short", "skill")

    def __init__(self, skill: str, key: str, exact: frozenset[str] | None) -> None:
        self.skill = skill
        self.key = key
        self.exact = exact  # for a short ASCII word: the spellings it must be written in
        self.short = exact is not None


def _is_ascii_word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _patterns(kb: KnowledgeBase) -> dict[str, _Pattern]:
    out: dict[str, _Pattern] = {}
    for skill in kb.skills.values():
        for spelling in (skill.name.en, skill.name.ja, *skill.aliases):
            key = fold(spelling).strip()
            if not key or key in NOT_IN_RUNNING_TEXT:
                continue
            variants = {key}
            if "-" in key:  # "fine-tuning" is also written "fine tuning"
                variants.add(key.replace("-", " "))
            for variant in variants:
                if variant in out:
                    continue
                exact = None
                if variant.isascii() and len(variant) <= 4 and " " not in variant:
                    written = unicodedata.normalize("NFKC", spelling).strip()
                    exact = frozenset({written, written.upper()})
                out[variant] = _Pattern(skill.id, variant, exact)
    return out


_automata: dict[int, tuple[object, Any]] = {}


def _automaton(kb: KnowledgeBase) -> Any:
    """One automaton per knowledge base, built on first use (a few milliseconds)."""
    cached = _automata.get(id(kb.skills))
    if cached is not None and cached[0] is kb.skills:
        return cached[1]
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for key, pattern in _patterns(kb).items():
        automaton.add_word(key, pattern)
    automaton.make_automaton()
    _automata[id(kb.skills)] = (kb.skills, automaton)
    return automaton


# -- matching one line -------------------------------------------------------------------------


def _folded_with_map(line: str) -> tuple[str, list[tuple[int, int]] | None]:
    """The folded line, and for each folded character the span of the original it comes from
    (None: one character for one)."""
    if line.isascii():
        return line.lower(), None
    folded = fold(line)
    if len(folded) == len(line):  # width and case changes: one character for one
        return folded, None
    out: list[str] = []
    where: list[tuple[int, int]] = []
    for index, ch in enumerate(line):
        mark = fold(ch)
        if out and len(mark) == 1 and unicodedata.combining(mark):  # a half-width ﾞ joins the kana before it
            joined = unicodedata.normalize("NFC", out[-1] + mark)
            if len(joined) == 1:
                out[-1] = joined
                where[-1] = (where[-1][0], index + 1)
                continue
        for part in mark:
            out.append(part)
            where.append((index, index + 1))
    return "".join(out), where


_GLUE = "&-'’"


def _boundary_ok(folded: str, start: int, end: int, pattern: _Pattern) -> bool:
    key = pattern.key
    before = folded[start - 1] if start > 0 else " "
    after = folded[end] if end < len(folded) else " "
    if _is_ascii_word_char(key[0]) and (_is_ascii_word_char(before) or (pattern.short and before in _GLUE)):
        return False
    if _is_ascii_word_char(key[-1]) and (_is_ascii_word_char(after) or (pattern.short and after in _GLUE)):
        return False
    # "C++" and "C#" are other languages than C; a trailing "+" or "#" belongs to the word.
    return not (pattern.short and after in "+#")


def match_line(kb: KnowledgeBase, line: str) -> list[tuple[str, str]]:
    """The skills named in one line, leftmost-longest, as (skill id, the text as written)."""
    folded, where = _folded_with_map(line)
    candidates: list[tuple[int, int, _Pattern]] = []
    for end_index, pattern in _automaton(kb).iter(folded):
        start = end_index - len(pattern.key) + 1
        if _boundary_ok(folded, start, end_index + 1, pattern):
            candidates.append((start, end_index + 1, pattern))
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    found: list[tuple[str, str]] = []
    taken_to = 0
    for start, end, pattern in candidates:
        if start < taken_to:
            continue
        original = line[start:end] if where is None else line[where[start][0] : where[end - 1][1]]
        if pattern.exact is not None and unicodedata.normalize("NFKC", original) not in pattern.exact:
            continue
        found.append((pattern.skill, original))
        taken_to = end
    return found


# -- sections ----------------------------------------------------------------------------------


def _heading_kind(text: str, *, marked: bool) -> Section | Literal["other"] | None:
    """What a heading opens, if the line is one. A line marked as a heading (## / 【】 / ■ / a trailing
    colon) may name its section anywhere ("応募資格（必須）"); a plain line must start with the name and
    be short ("Nice to have"), so that "Python is required" stays a line of content."""
    bare = _MARKUP.sub("", _BULLET.sub("", text)).strip()
    if not bare or len(bare) > (40 if marked else 30) or "。" in bare or ". " in bare:
        return None
    lowered = bare.casefold()

    def named(words: tuple[str, ...]) -> bool:
        return any((word in lowered) if marked else lowered.startswith(word) for word in words)

    if named(_PREFERRED_WORDS):
        return "preferred"
    if named(_REQUIRED_WORDS):
        return "required"
    if any(lowered.startswith(word) for word in _OTHER_WORDS):
        return "other"
    return None


def _looks_like_heading(raw: str) -> bool:
    stripped = raw.strip()
    return bool(
        stripped.startswith(("#", "【", "■", "□", "◆", "◇", "▼", "［", "[", "〔", "＜", "<", "《"))
        or (stripped.startswith(("**", "__")) and stripped.endswith(("**", "__", ":", "：")))
        or stripped.endswith((":", "：", "】", "＞", "》"))
    )


def sections(lines: Sequence[str]) -> tuple[list[tuple[Section, str]], bool]:
    """For each line, the section it belongs to and the part of it to read for skills; and whether the
    text has any required or preferred heading at all.

    A section opens at a heading naming it (必須 / 歓迎 / 尚可 / Required / Preferred / Nice to have…)
    or at a "必須: Python, SQL" line, and runs until the next heading, or until a blank line that is
    followed by something other than a list item (the end of the bullets under it). A line of its own
    saying 歓迎 / 尚可 / "a plus", or marked （必須）/（歓迎）, is that whatever its section.
    """
    out: list[tuple[Section, str]] = []
    current: Section = "mentioned"
    has_headings = False
    seen_content = False
    blank_before = False
    for raw in lines:
        if not raw.strip():
            out.append((current, raw))
            blank_before = True
            continue
        is_bullet = bool(_BULLET.match(raw)) and not raw.lstrip().startswith(("■", "□", "◆", "◇"))
        kind = None
        rest = ""
        pair = _KEY_VALUE.match(raw)
        if pair and pair.group(2).strip() and not is_bullet:
            kind = _heading_kind(pair.group(1), marked=True)
            rest = pair.group(2)
        if kind is None and not (is_bullet and not _looks_like_heading(_BULLET.sub("", raw))):
            kind = _heading_kind(raw, marked=_looks_like_heading(raw))
            rest = ""
        if kind is not None:
            current = "mentioned" if kind == "other" else kind
            has_headings = has_headings or kind != "other"
            seen_content = bool(rest)
            blank_before = False
            out.append((current, rest))
            continue
        if blank_before and seen_content and not is_bullet and current != "mentioned":
            current = "mentioned"
        seen_content = True
        blank_before = False
        line_section = current
        mark = _INLINE_MARK.search(raw)
        bullet_pair = _KEY_VALUE.match(_BULLET.sub("", raw)) if is_bullet else None
        bullet_kind = _heading_kind(bullet_pair.group(1), marked=True) if bullet_pair else None
        if bullet_kind in ("required", "preferred"):  # "- 必須: Python" marks its own line
            line_section = "required" if bullet_kind == "required" else "preferred"
        elif mark:
            word = mark.group(1).casefold()
            line_section = "required" if word in ("必須", "required", "must") else "preferred"
        elif current != "preferred" and any(word in raw.casefold() for word in _PREFERRED_WORDS):
            line_section = "preferred"
        out.append((line_section, raw))
    return out, has_headings


# -- years, salary, place ----------------------------------------------------------------------

_YEARS_JA = re.compile(r"(\d{1,2})\s*(?:年|年間)\s*以上")
_YEARS_RANGE_JA = re.compile(r"(\d{1,2})\s*[〜~～\-ー]\s*\d{1,2}\s*年")
_YEARS_EN = re.compile(
    r"(?:(?:at least|minimum(?: of)?|min\.?)\s+)?(\d{1,2})\s*(?:\+|or more|plus)?\s*(?:years?|yrs?)\b", re.IGNORECASE
)
_MAN = r"(\d{1,2}(?:,\d{3})+|\d{3,5})\s*万"
_SALARY_JA = re.compile(_MAN + r"\s*円?\s*(?:[〜~～\-ー－–—]|から)\s*" + _MAN)
_SALARY_JA_ONE = re.compile(r"(?:年収|給与|想定)[^0-9\n]{0,8}" + _MAN + r"\s*円?\s*(以上|以下|〜|~|～)?")
_SALARY_EN = re.compile(
    r"(?:¥|JPY\s?|YEN\s?)\s*(\d+(?:\.\d+)?)\s*(M|million|m)?\s*(?:[-–—~〜]|to)\s*(?:¥|JPY\s?)?\s*(\d+(?:\.\d+)?)\s*(M|million|m)\b",
    re.IGNORECASE,
)
_SALARY_EN_BARE = re.compile(r"(\d+(?:\.\d+)?)\s*M\s*(?:[-–—~〜]|to)\s*(\d+(?:\.\d+)?)\s*M\b(?=.*(?:JPY|yen|円))", re.I)
_SALARY_EN_YEN = re.compile(r"¥\s?(\d{1,3}(?:,\d{3}){2,})\s*(?:[-–—~〜]|to)\s*¥?\s?(\d{1,3}(?:,\d{3}){2,})")

_REMOTE_FULL = ("フルリモート", "完全リモート", "リモート勤務可（全国", "fully remote", "full remote", "100% remote",
                "remote-first", "remote first", "work from anywhere")  # fmt: skip
_REMOTE_HYBRID = ("リモート可", "リモートワーク可", "在宅勤務可", "一部リモート", "ハイブリッド", "週1出社",
                  "週2出社", "週3出社", "hybrid", "remote ok", "remote possible", "partially remote",
                  "remote work available")  # fmt: skip
_REMOTE_NONE = ("フル出社", "リモート不可", "出社必須", "(出社)", "on-site only", "onsite only", "no remote",
                "fully on-site")  # fmt: skip
_PLACES = (
    ("東京", "Tokyo"), ("大阪", "Osaka"), ("名古屋", "Nagoya"), ("福岡", "Fukuoka"), ("京都", "Kyoto"),
    ("横浜", "Yokohama"), ("札幌", "Sapporo"), ("仙台", "Sendai"), ("神戸", "Kobe"), ("渋谷", "Shibuya"),
    ("品川", "Shinagawa"), ("六本木", "Roppongi"), ("丸の内", "Marunouchi"), ("つくば", "Tsukuba"),
    ("広島", "Hiroshima"),
)  # fmt: skip


PLACE_JA = {en: ja for ja, en in _PLACES}
_PLACE_OF = {fold(name): en for ja, en in _PLACES for name in (ja, en)}


def _years(sectioned: Sequence[tuple[Section, str]]) -> list[YearsAsked]:
    out: list[YearsAsked] = []
    for number, (section, text) in enumerate(sectioned, 1):
        folded = fold(text)
        for pattern in (_YEARS_JA, _YEARS_RANGE_JA):
            for m in pattern.finditer(folded):
                out.append(YearsAsked(int(m.group(1)), section, number, m.group(0)))
        if "experience" in folded or "exp." in folded:
            for m in _YEARS_EN.finditer(folded):
                out.append(YearsAsked(int(m.group(1)), section, number, m.group(0)))
    return [y for y in out if 0 < y.years <= 40]


def _man(value: str) -> int:
    return int(value.replace(",", ""))


def _salary(lines: Sequence[str]) -> SalaryRange | None:
    for number, text in enumerate(lines, 1):
        folded = unicodedata.normalize("NFKC", text)

        def written(m: re.Match[str], text: str = text, folded: str = folded) -> str:
            """The figures as the posting writes them (full-width ～ and all), when NFKC kept the length."""
            return text[m.start() : m.end()] if len(text) == len(folded) else m.group(0)

        m = _SALARY_JA.search(folded)
        if m:
            low, high = sorted((_man(m.group(1)), _man(m.group(2))))
            return SalaryRange(low, high, number, written(m))
        m = _SALARY_EN.search(folded)
        if m:
            values = []
            for amount, unit in ((m.group(1), m.group(2) or m.group(4)), (m.group(3), m.group(4))):
                figure = float(amount)
                values.append(round(figure * 100) if unit else round(figure / 10_000))
            low, high = sorted(values)
            return SalaryRange(low, high, number, written(m))
        m = _SALARY_EN_BARE.search(folded)
        if m:
            low, high = sorted((round(float(m.group(1)) * 100), round(float(m.group(2)) * 100)))
            return SalaryRange(low, high, number, written(m))
        m = _SALARY_EN_YEN.search(folded)
        if m:
            low, high = sorted((_man(m.group(1)) // 10_000, _man(m.group(2)) // 10_000))
            return SalaryRange(low, high, number, written(m))
        m = _SALARY_JA_ONE.search(folded)
        if m:
            amount = _man(m.group(1))
            upper_only = m.group(2) == "以下"
            return SalaryRange(None if upper_only else amount, amount if upper_only else None, number, written(m))
    return None


def _place(text: str) -> tuple[tuple[str, ...], str | None]:
    folded = fold(text)
    remote = None
    if any(word in folded for word in _REMOTE_NONE):
        remote = "none"
    elif any(word in folded for word in _REMOTE_FULL):
        remote = "full"
    elif any(word in folded for word in _REMOTE_HYBRID) or re.search(r"\bremote\b|リモート|在宅", folded):
        remote = "hybrid"
    at: dict[str, int] = {}
    for key, place in _PLACE_OF.items():
        start = folded.find(key)
        while start >= 0:
            before = folded[start - 1] if start else " "
            after = folded[start + len(key)] if start + len(key) < len(folded) else " "
            # 東京都 holds 京都; "Kobe" must not be part of a longer word.
            if (key.isascii() and not (before.isalnum() or after.isalnum())) or (not key.isascii() and before != "東"):
                at[place] = min(at.get(place, start), start)
                break
            start = folded.find(key, start + 1)
    return tuple(sorted(at, key=at.__getitem__)), remote


# -- terms that look like skills but are not in the catalogue -------------------------------------

_LATIN_TERM = re.compile(r"(?<![A-Za-z0-9])([A-Z][A-Za-z0-9]*(?:[.+#/-][A-Za-z0-9+#]+)*|[a-z]+[A-Z][A-Za-z0-9]*)")
_KATAKANA_TERM = re.compile(r"([ァ-ヴー・]{3,})(?:の)?(?:経験|スキル|知識|開発|運用)")
# Capitalised words that are prose, places or paperwork, not tools.
_NOT_TERMS = frozenset(
    """a an and are as at be by for from in is it of on or our the to we with you your i my me us this that
    job role team company about summary requirements required preferred nice have must plus bonus salary
    location remote hybrid office tokyo osaka japan japanese english experience years year skills skill
    responsibilities benefits qualifications what who how why when where will can should would may
    engineer engineers engineering developer manager lead senior junior mid staff principal head
    data science scientist research researcher machine learning ai ml ok yes no etc e.g i.e inc ltd co
    jan feb mar apr may jun jul aug sep oct nov dec mon tue wed thu fri sat sun
    build design develop work working deliver strong good excellent solid deep hands knowledge familiarity
    understanding ability proven track record product products service services customer customers
    business building designing developing using use used model models system systems platform
    cv resume name email phone education university degree bachelor master phd b.s m.s ph.d
    full time part contract permanent annual monthly yen jpy usd m k n/a tbd new all any some more
    level levels global international native fluent business-level jlpt n1 n2 n3 toeic hands-on ec b2b b2c
    saas
    """.split()  # noqa: SIM905
)


_SKILL_CONTEXT = re.compile(
    r"経験|スキル|知識|技術|使用|利用|experience|skill|knowledge|familiar|proficien|stack", re.I
)


# Katakana words that come before 経験 / 開発 without naming a skill.
_NOT_KATAKANA_TERMS = frozenset(
    """アプリケーション アプリ チーム システム サービス プロダクト データ モデル インフラ プロジェクト
    マネジメント ビジネス エンジニア エンジニアリング ソフトウェア ツール プログラミング リーダー
    マネージャー メンバー ユーザー クライアント コンサルティング コミュニケーション プレゼンテーション
    ドキュメント レビュー テスト リサーチ マーケティング セールス サポート オペレーション""".split()  # noqa: SIM905
)


def _unknown_terms(kb: KnowledgeBase, sectioned: Sequence[tuple[Section, str]], known_spans: set[str]) -> list[str]:
    """Tech-looking words the catalogue does not know, from the lines that ask for skills."""
    seen: dict[str, None] = {}
    index = kb.skill_index
    from mlcareer.domain.lookup import normalize_key

    for section, text in sectioned:
        if section == "mentioned" and not _SKILL_CONTEXT.search(text):
            continue
        for m in _LATIN_TERM.finditer(text):
            term = m.group(1).strip(".-/")
            key = term.casefold()
            if len(term) < 2 or key in _NOT_TERMS or term.isdigit():
                continue
            if any(key in span for span in known_spans):  # part of a name already matched ("BIツール")
                continue
            if normalize_key(term) in index:
                continue
            seen.setdefault(term, None)
        for m in _KATAKANA_TERM.finditer(text):
            term = m.group(1).strip("・")
            if term in _NOT_KATAKANA_TERMS or fold(term) in known_spans or normalize_key(term) in index:
                continue
            seen.setdefault(term, None)
    return list(seen)


# -- the whole text ----------------------------------------------------------------------------

_RANK: dict[Section, int] = {"required": 0, "preferred": 1, "mentioned": 2}


def read_posting(kb: KnowledgeBase, lines: Sequence[str], line_numbers: Sequence[int] | None = None) -> Posting:
    """Everything `match` reads from a text, given as lines (and their numbers in the source file)."""
    numbers = list(line_numbers) if line_numbers is not None else list(range(1, len(lines) + 1))
    sectioned, has_sections = sections(lines)
    best: dict[str, Found] = {}
    order: dict[str, int] = {}
    known_spans: set[str] = set()
    for position, ((section, text), number) in enumerate(zip(sectioned, numbers, strict=True)):
        if not text.strip():
            continue
        for skill_id, written in match_line(kb, text):
            known_spans.add(written.casefold())
            for word in written.split():
                known_spans.add(word.casefold())
            order.setdefault(skill_id, position)
            previous = best.get(skill_id)
            if previous is None or _RANK[section] < _RANK[previous.section]:
                best[skill_id] = Found(skill_id, section, number, written)
    # Where nothing is marked required or preferred, everything the text names is what it asks for;
    # where something is, a skill named only in the description is context, weighed as preferred.
    resolved = []
    for skill_id in sorted(best, key=lambda s: (best[s].line, order[s])):
        found = best[skill_id]
        if found.section == "mentioned":
            found = Found(skill_id, "preferred" if has_sections else "required", found.line, found.text)
        resolved.append(found)
    years = [
        YearsAsked(y.years, y.section, numbers[y.line - 1], y.text) for y in _years(sectioned)
    ]  # fmt: skip
    salary = _salary(lines)
    if salary is not None:
        salary = SalaryRange(salary.min, salary.max, numbers[salary.line - 1], salary.text)
    places, remote = _place("\n".join(lines))
    return Posting(
        skills=tuple(resolved),
        years=tuple(years),
        salary=salary,
        locations=places,
        remote=remote,
        unknown_terms=tuple(_unknown_terms(kb, sectioned, known_spans)),
        has_sections=has_sections,
    )


def skills_in(kb: KnowledgeBase, lines: Iterable[str]) -> tuple[str, ...]:
    """The catalogue skills a text names, in the order it first names them (for a CV)."""
    seen: dict[str, None] = {}
    for text in lines:
        for skill_id, _ in match_line(kb, text):
            seen.setdefault(skill_id, None)
    return tuple(seen)
