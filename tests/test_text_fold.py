"""Folding a page twice answers from the first time; the ideographs a page folds are the ones a
character-by-character comparison finds."""

from __future__ import annotations

import random

from notices.text import fold, folded_ideographs


def _by_position(raw: str) -> dict[str, str]:
    """The slow way: compare the page with its fold character by character."""
    out: dict[str, str] = {}
    for o, f in zip(raw, fold(raw)):
        if o != f and "\u3400" <= o <= "\u9fff":
            out.setdefault(o, f)
    return out


def test_folded_ideographs_agree_with_a_character_by_character_comparison() -> None:
    rng = random.Random(11)
    bits = ["聽證會", "听证会", "薴", "苧", "，", "（", "）", "１２：３０", "市民", "鎮", "\n3.7月28日", "將於"]
    for _ in range(300):
        raw = "".join(rng.choice(bits) for _ in range(rng.randint(1, 12)))
        found = folded_ideographs(raw)
        assert found == _by_position(raw)
        assert list(found) == sorted(found, key=raw.index)  # in the order the page first writes them


def test_a_second_fold_of_the_same_page_is_the_same_and_another_page_is_folded_afresh() -> None:
    page = "市水务局將於５月８日（星期三）召開聽證會。"
    first = fold(page)
    assert first == "市水务局将于5月8日(星期三)召开听证会。"
    assert fold("".join(list(page))) == first  # an equal text, another object
    assert folded_ideographs(page) == {"將": "将", "於": "于", "開": "开", "聽": "听", "證": "证", "會": "会"}
    assert fold("１２：３０") == "12:30"
    assert folded_ideographs("１２：３０") == {}
    assert fold(page) == first


def test_folded_characters_found_as_by_reading_every_character() -> None:
    from notices.text import _FOLDED, _folded_present

    pages = [
        "市自来水公司定于５月９日停水，届时请居民提前储水。",  # full-width forms only
        "聽證會將於１２月１９日舉行，歡迎市民旁聽。",  # traditional characters too
        "𠀀村委会通知：明天上午９：００开会",  # a character beyond the BMP
        "plain ascii 9:00",
        "",
    ]
    for page in pages:
        assert _folded_present(page) == _FOLDED.intersection(page)
    assert _folded_present(pages[0]) == frozenset("５９，")
