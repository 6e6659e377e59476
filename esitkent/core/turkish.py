"""Turkish casing, sorting and search folding.

Python's str.lower()/upper() and default sorting are wrong for Turkish: "I".lower() is "i"
(Turkish: "ı"), "i".upper() is "I" (Turkish: "İ"), and "Ç" sorts after "Z". Pure functions,
no Django imports.
"""

from __future__ import annotations

import re
import unicodedata

ALPHABET = "abcçdefgğhıijklmnoöprsştuüvyz"
_RANK = {ch: i for i, ch in enumerate(ALPHABET)}
# Letters outside the Turkish alphabet (q, w, x, accented vowels) sort next to their base letter.
_EXTRA = {"q": "p", "w": "v", "x": "y", "â": "a", "î": "i", "û": "u"}
_FOLD = str.maketrans("çğıöşüâîû", "cgiosuaiu")
_SPACE = re.compile(r"\s+")


def tr_lower(text: str) -> str:
    return text.replace("I", "ı").replace("İ", "i").lower()


def tr_upper(text: str) -> str:
    return text.replace("i", "İ").replace("ı", "I").upper()


def tr_title(text: str) -> str:
    """Capitalise each word the Turkish way ("İSTİHDAM" → "İstihdam")."""
    return " ".join(tr_upper(w[:1]) + tr_lower(w[1:]) for w in text.split(" "))


def tr_sort_key(text: str) -> tuple:
    """A key that sorts strings in Turkish alphabetical order, case-insensitively."""
    key = []
    for ch in unicodedata.normalize("NFC", tr_lower(text)):
        if ch in _RANK:
            key.append((1, _RANK[ch], 0))
        elif ch in _EXTRA:
            key.append((1, _RANK[_EXTRA[ch]], 1))
        elif ch.isdigit():
            key.append((0, int(ch), 0))
        else:
            key.append((0, -1, ord(ch)))
    return tuple(key)


def tr_sort_string(text: str, length: int = 400) -> str:
    """tr_sort_key as a string whose byte order is Turkish order, for a database column."""
    return "".join(f"{a}{b + 1:03d}{min(c, 9)}" for a, b, c in tr_sort_key(text))[:length]


def fold(text: str) -> str:
    """Search form: Turkish-lower-cased, diacritics and dotless ı folded, spaces collapsed.

    "Eğitim" and "egitim" both fold to "egitim"; "ISIK" and "ışık" both fold to "isik".
    """
    lowered = tr_lower(unicodedata.normalize("NFC", text)).translate(_FOLD)
    stripped = "".join(
        c for c in unicodedata.normalize("NFD", lowered) if not unicodedata.combining(c)
    )
    return _SPACE.sub(" ", stripped).strip()


def name_key(text: str) -> str:
    """Key for matching printed names: folded, punctuation-insensitive around spaces."""
    text = text.replace("’", "'").replace("‘", "'")
    text = re.sub(r"\s*([,.;:/()'-])\s*", r"\1", text)
    return fold(text)
