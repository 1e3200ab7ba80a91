"""Text normalisation for everything read from a PDF, a workbook or a text conversion.

Two levels:

- ``clean(text)``: what we store and show. Full-width digits, letters and math signs become ASCII,
  CJK radical look-alikes (⻓, ⽂ …) become the ideographs they imitate, spaces that the PDF
  conversion put between Chinese characters and numbers are removed. Chinese punctuation stays.
- ``key(text)``: what we match on. ``clean`` plus NFKC, no whitespace, brackets and dashes unified,
  quotes dropped. Two names that a person would call the same have the same key.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# CJK Radicals Supplement characters that PDF text layers emit for ordinary ideographs. (The
# Kangxi Radicals block, U+2F00–U+2FD5, is handled by NFKC.)
_RADICALS = {
    "⺁": "厂", "⺇": "几", "⺈": "刀", "⺊": "卜", "⺌": "小", "⺍": "小", "⺎": "兀", "⺏": "尢",
    "⺐": "尢", "⺑": "尢", "⺒": "巳", "⺓": "幺", "⺔": "彐", "⺖": "心", "⺗": "心", "⺘": "手",
    "⺙": "攴", "⺛": "旡", "⺜": "日", "⺝": "月", "⺞": "歹", "⺟": "母", "⺠": "民", "⺡": "水",
    "⺢": "水", "⺣": "火", "⺤": "爪", "⺥": "爪", "⺦": "丬", "⺧": "牛", "⺨": "犬", "⺩": "王",
    "⺪": "疋", "⺫": "目", "⺬": "示", "⺭": "示", "⺮": "竹", "⺯": "糸", "⺰": "纟", "⺱": "网",
    "⺲": "网", "⺳": "网", "⺴": "网", "⺵": "网", "⺶": "羊", "⺷": "羊", "⺸": "羊", "⺹": "老",
    "⺺": "聿", "⺻": "聿", "⺼": "肉", "⺽": "臼", "⺾": "艹", "⺿": "艹", "⻀": "艹", "⻁": "虎",
    "⻂": "衣", "⻃": "西", "⻄": "西", "⻅": "见", "⻆": "角", "⻇": "角", "⻈": "讠", "⻉": "贝",
    "⻊": "足", "⻋": "车", "⻌": "辶", "⻍": "辶", "⻎": "辶", "⻏": "阝", "⻐": "金", "⻑": "長",
    "⻒": "镸", "⻓": "长", "⻔": "门", "⻕": "阜", "⻖": "阝", "⻗": "雨", "⻘": "青", "⻙": "韦",
    "⻚": "页", "⻛": "风", "⻜": "飞", "⻝": "食", "⻞": "食", "⻟": "食", "⻠": "饣", "⻡": "首",
    "⻢": "马", "⻣": "骨", "⻤": "鬼", "⻥": "鱼", "⻦": "鸟", "⻧": "卤", "⻨": "麦", "⻩": "黄",
    "⻪": "黾", "⻫": "齐", "⻬": "齐", "⻭": "齿", "⻮": "齿", "⻯": "龙", "⻰": "龙", "⻱": "龟",
    "⻲": "龟", "⻳": "龟", "⺃": "乙", "⺄": "乙", "⺅": "亻", "⺆": "冂", "⺉": "刂", "⺋": "㔾",
    "⺕": "彐", "⺚": "攵",
}

# full-width forms turned into ASCII (digits, letters, math); Chinese punctuation is kept
_FULLWIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULLWIDTH.update({"％": "%", "＋": "+", "＝": "=", "＜": "<", "＞": ">", "＆": "&", "\u3000": " ", "．": ".",
                   "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u200b": "",
                   "\ufeff": "", "\u00ad": "", "﹪": "%", "≧": "≥", "≦": "≤", "⩾": "≥", "⩽": "≤"})

_TRANSLATE = str.maketrans({**_RADICALS, **_FULLWIDTH})

_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’·…—"
# a run of spaces with a CJK character or CJK punctuation on at least one side
_SPACE_CJK = re.compile(rf"(?<=[{_CJK}])[ \t]+|[ \t]+(?=[{_CJK}])")
# spaces inside numbers and before % or units glued by the conversion: "3.25 %" "20 .08"
_SPACE_NUM = re.compile(
    r"(?<=[\d.])[ \t]+(?=[%.])|(?<=\.)[ \t]+(?=\d)|(?<=[(（【\[])[ \t]+|[ \t]+(?=[)）】\]])"
    r"|(?<=[)）】\]])[ \t]+(?=[\d(（【\[-])|(?<=\d)[ \t]+(?=[-—])|(?<=[-—])[ \t]+(?=\d)"
)
_MULTISPACE = re.compile(r"[ \t]{2,}")


def _fix_radicals(text: str) -> str:
    if any("\u2f00" <= ch <= "\u2fdf" for ch in text):
        text = "".join(unicodedata.normalize("NFKC", ch) if "\u2f00" <= ch <= "\u2fdf" else ch for ch in text)
    return text


@lru_cache(maxsize=65536)
def clean(text: str) -> str:
    """Normalise text for storage and display (see module docstring)."""
    if not text:
        return ""
    text = _fix_radicals(text.translate(_TRANSLATE))
    text = _SPACE_CJK.sub("", text)
    text = _SPACE_NUM.sub("", text)
    text = _MULTISPACE.sub(" ", text)
    return text.strip()


_KEY_TABLE = str.maketrans(
    {
        "（": "(", "）": ")", "【": "(", "】": ")", "[": "(", "]": ")", "〔": "(", "〕": ")",
        "﹝": "(", "﹞": ")", "〖": "(", "〗": ")", "—": "-", "–": "-", "―": "-", "－": "-",
        "─": "-", "“": "", "”": "", "‘": "", "’": "", '"': "", "'": "", "《": "", "》": "",
        "：": ":", "，": ",", "；": ";", "、": ",", "·": "", "．": ".", "。": "",
    }
)
_WS = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    """Matching key: two spellings of the same name get the same key."""
    text = unicodedata.normalize("NFKC", clean(text))
    text = text.translate(_KEY_TABLE)
    return _WS.sub("", text)


def similarity(a: str, b: str) -> float:
    """Similarity of two names in [0, 1] on their keys (bigram Dice coefficient)."""
    ka, kb = key(a), key(b)
    if ka == kb:
        return 1.0
    if not ka or not kb:
        return 0.0
    if ka in kb or kb in ka:
        return min(len(ka), len(kb)) / max(len(ka), len(kb)) * 0.2 + 0.8
    grams_a = {ka[i : i + 2] for i in range(len(ka) - 1)} or {ka}
    grams_b = {kb[i : i + 2] for i in range(len(kb) - 1)} or {kb}
    return 2 * len(grams_a & grams_b) / (len(grams_a) + len(grams_b))


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}


def chinese_number(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十三 → 23 (enough for section and table numbers)."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if all(ch in _CN_DIGITS or ch in "十百" for ch in text):
        total, current = 0, 0
        for ch in text:
            if ch == "百":
                total += (current or 1) * 100
                current = 0
            elif ch == "十":
                total += (current or 1) * 10
                current = 0
            else:
                current = _CN_DIGITS[ch]
        return total + current
    return None


_CN_NUMERALS = "零一二三四五六七八九"


def to_chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 23 → 二十三 (up to 99)."""
    if n < 10:
        return _CN_NUMERALS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _CN_NUMERALS[tens]
    return head + "十" + (_CN_NUMERALS[ones] if ones else "")
