"""The genre, session eight: rules drawn from documents scored before any rule was
drawn from them (titles that name the happening a sentence opens with, the doctor
or lift a bare 停诊 or 暂停使用 is about).

Every paragraph is written for these tests in the style of local news and notices.
"""

from __future__ import annotations

from tests.genre_support import notices_of as _all


def _titles(text: str) -> list[str]:
    return [n.title for n in _all(text)]


def test_a_gathering_named_before_its_time_is_held_by_the_verb_after_its_place() -> None:
    # 召开 has no object here: the gathering stands before 定于, the room after 在 is only where
    assert _titles("期末家长会定于3月7日下午3点在各班教室召开，请家长准时参加。") == ["期末家长会"]
    assert _titles("春季校园安全恳谈会将于3月9日上午在学校报告厅召开。") == ["春季校园安全恳谈会"]


def test_a_body_before_the_verb_is_no_gathering() -> None:
    # 市委 holds, but is not what is held: no name of a gathering before the verb
    assert _titles("市委将于3月7日上午在市会议中心召开。") != ["市委"]


def test_a_bare_stop_is_named_by_the_doctor_or_thing_the_sentence_opens_with() -> None:
    assert _titles("眼科王建国主任医师因外出参加学术会议，3月5日至7日停诊，敬请谅解。") == ["眼科王建国主任医师停诊"]
    assert _titles("门诊楼1号电梯明天（3月3日）8:00-18:00进行年度检测，暂停使用。") == ["门诊楼1号电梯暂停使用"]


def test_a_sentence_opening_with_its_time_names_no_one() -> None:
    assert _titles("3月5日至7日眼科停诊。") == ["眼科停诊"]
    assert _titles("明天（3月3日）8:00-18:00暂停使用1号电梯。")[0].startswith("暂停使用")


def test_a_start_of_lessons_keeps_its_manner_word() -> None:
    text = "关于春季学期开学安排的通知\n\n各位家长：\n根据市教育局校历，我校定于3月10日（星期一）正式上课，请督促孩子按时到校。\n"
    assert [n.kind for n in _all(text)] == ["other"]
    assert "正式上课" in _titles(text)[0]
