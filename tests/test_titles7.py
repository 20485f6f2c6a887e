"""Titles on unseen text, round seven: community posts laid out as blocks, tables
whose columns say what each row is, and deadlines named by what falls due in
their own sentence.

Every paragraph here is written for these tests in the style of street and
community WeChat posts and education, health and culture notices.
"""

from __future__ import annotations

from tests.genre_support import notices_of


def _titles(text: str) -> list[str]:
    return [n.title for n in notices_of(text) if n.forward]


# --- a block's own heading line names its item ------------------------------------


def test_a_marked_time_line_is_named_by_the_name_line_under_it() -> None:
    text = (
        "【下周活动】青松社区3月10日—3月16日活动一览\n"
        "居民朋友们，下周社区安排了以下活动：\n"
        "▶ 周二（3月11日）上午9:30\n"
        "“巧手剪纸”亲子手工课\n"
        "地点：社区三楼活动室\n"
        "▶ 周四（3月13日）下午3:00\n"
        "老年人防诈骗知识讲座\n"
        "地点：社区议事厅\n"
    )
    assert _titles(text) == ["“巧手剪纸”亲子手工课", "老年人防诈骗知识讲座"]


def test_a_time_line_under_a_marked_heading_is_named_by_the_heading() -> None:
    text = (
        "环保周末 邻里同行｜桂园社区本周有两场活动\n"
        "🌿 旧衣物回收进小区\n"
        "时间：3月8日（周六）上午9:00\n"
        "地点：小区北门广场\n"
        "🌿 废旧电池换绿植\n"
        "时间：3月9日（周日）下午2:00—4:00\n"
        "地点：居委会一楼大厅\n"
    )
    assert _titles(text) == ["旧衣物回收进小区", "废旧电池换绿植"]


def test_a_session_label_above_a_time_line_names_the_session() -> None:
    text = (
        "江滨区“春暖行动”专场招聘会\n"
        "为帮助求职者节后尽快就业，区人社局开展“春暖行动”专场招聘会。\n"
        "第一场：\n"
        "时间：3月15日上午9:00—12:00\n"
        "地点：区人力资源市场\n"
        "第二场：\n"
        "时间：3月22日上午9:00—12:00\n"
        "地点：滨河街道党群服务中心\n"
    )
    titles = _titles(text)
    assert [t.endswith("第一场") for t in titles] == [True, False]
    assert titles[1].endswith("第二场")


def test_a_listed_item_line_of_date_place_and_offers_is_named_by_its_heading() -> None:
    text = (
        "四月活动早知道｜清河街道4月份社区活动一览\n"
        "① 便民服务集市\n"
        "4月3日（周四）上午，清河社区广场，义诊、磨剪刀、修雨伞。\n"
        "② 春季趣味运动会\n"
        "4月12日（周六）上午8:30，街道文体中心。\n"
    )
    assert _titles(text) == ["便民服务集市", "春季趣味运动会"]


def test_a_digest_item_told_in_prose_keeps_its_own_sentence() -> None:
    text = (
        "本周云山要闻\n"
        "\n"
        "【表彰】全市“好邻居”名单揭晓\n"
        "3月12日下午，云山市2024年度“好邻居”颁奖典礼在市文化中心举行。\n"
    )
    assert _titles(text) == ["云山市2024年度“好邻居”颁奖典礼"]


def test_a_details_section_heading_names_nothing() -> None:
    text = (
        "关于五一假期景区周边道路实施交通管制的通告\n"
        "为保障假期景区周边道路安全畅通，决定实施以下交通管理措施：\n"
        "一、管制措施\n"
        "（一）5月1日7:00至18:00，禁止货车驶入环湖路（码头至观景台段）。\n"
    )
    assert all(t != "管制措施" for t in _titles(text))


# --- a table row is named by its own cells ----------------------------------------


def test_a_row_of_an_exam_table_is_named_by_its_subject_after_the_exam() -> None:
    text = (
        "2025年初中学业水平考试日程安排公告\n"
        "各位考生：现将考试日程公告如下。\n"
        "日期|时间|科目\n"
        "6月20日|9:00-11:00|语文\n"
        "6月20日|14:30-16:30|数学\n"
    )
    assert _titles(text) == ["初中学业水平考试语文", "初中学业水平考试数学"]


def test_a_row_of_a_programme_is_named_by_its_show() -> None:
    text = (
        "第九届临溪市戏剧节演出日程发布\n"
        "第九届临溪市戏剧节将于5月1日至5月20日举行。部分演出安排如下：\n"
        "日期|时间|剧目|地点\n"
        "5月3日|19:30|越剧《梁祝》|市大剧院\n"
        "5月6日|15:00|木偶剧《三只小猪》|市文化馆小剧场\n"
    )
    titles = _titles(text)
    assert "越剧《梁祝》" in titles and "木偶剧《三只小猪》" in titles


def test_a_row_of_a_rota_by_buildings_is_that_part_of_the_happening() -> None:
    text = (
        "【通知】翠湖苑社区楼道集中消杀安排\n"
        "为做好夏季病媒防治，社区联合物业对楼道进行集中消杀，具体安排如下：\n"
        "日期 | 时间 | 楼栋\n"
        "6月3日 | 9:00-11:00 | 1-6栋\n"
        "6月4日 | 9:00-11:00 | 7-12栋\n"
    )
    assert _titles(text) == ["1-6栋楼道集中消杀", "7-12栋楼道集中消杀"]


# --- a deadline is named by what falls due in its own sentence ---------------------


def test_what_a_sentence_is_about_before_qing_yu_is_what_falls_due() -> None:
    text = (
        "【本周活动】松涛社区活动安排\n"
        "★ 报名方式：书法兴趣班请于3月6日17:00前拨打社区电话报名，额满即止。\n"
    )
    assert _titles(text) == ["书法兴趣班报名截止"]


def test_a_fee_paid_through_a_platform_is_named_by_the_fee() -> None:
    text = "高一新生入学须知\n各位新生家长：\n3. 教材费、校服费请于8月25日前通过“掌上学校”缴纳。\n"
    assert _titles(text) == ["教材费、校服费缴纳截止"]


def test_what_was_made_ready_is_what_is_fetched_by_the_day() -> None:
    text = "【社区动态】一周预告\n社区为80岁以上老人准备了春季慰问品，请于3月16日前凭身份证到社区服务站领取。\n"
    assert _titles(text) == ["春季慰问品领取截止"]


def test_a_refund_through_several_ways_keeps_its_action() -> None:
    text = "关于取消元宵游园部分活动的公告\n已购票的游客可于3月15日前凭购票凭证到景区售票处办理全额退票。\n"
    assert _titles(text) == ["办理全额退票截止"]


def test_a_quoted_platform_where_one_signs_up_is_not_what_one_signs_up_for() -> None:
    text = "2025年秋季公办幼儿园招生公告\n网上报名时间：7月1日9:00至7月5日18:00，家长登录“区教育局招生平台”填报信息。\n"
    assert all("招生平台" not in t for t in _titles(text))


def test_who_must_act_before_qing_yu_is_not_what_is_due() -> None:
    text = "关于征求《某市犬类管理条例（草案）》意见的公告\n有关单位和个人请于2025年4月5日前通过以下方式反馈意见：\n"
    assert all(not t.startswith("有关单位") for t in _titles(text))


def test_a_long_page_name_owning_a_deadline_loses_its_year_and_start_word() -> None:
    text = (
        "岚山市2025年上半年中小学教师资格认定工作启动\n"
        "本报讯 记者从市教育局获悉，申请人须于3月10日至3月20日登录认定网站进行网上申报。\n"
    )
    assert _titles(text) == ["岚山市中小学教师资格认定申报截止"]


def test_a_deadline_under_a_section_heading_is_that_sections_happening() -> None:
    text = (
        "🌊 暑期安全 从我做起\n"
        "【讲座】“远离危险水域”安全知识讲座\n"
        "时间：3月12日（周三）下午3:00—4:30\n"
        "地点：东坡社区活动中心\n"
        "【报名】少儿轮滑公益培训班\n"
        "报名截至3月20日17:30，名额20个，报满即止。\n"
    )
    titles = _titles(text)
    assert "少儿轮滑公益培训班报名截止" in titles and all("讲座报名" not in t for t in titles)


def test_a_headline_that_announces_signing_up_says_what_one_signs_up_for() -> None:
    text = (
        "【春季托管】2025年“快乐成长”四点半课堂开始报名\n"
        "为解决双职工家庭接送难题，社区联合辖区学校开办课后托管。\n"
        "📝 报名时间：3月5日至3月7日，请家长携带户口簿到社区服务大厅报名。\n"
        "3月28日下午3点将举行阶段汇报演出，欢迎家长观看。\n"
    )
    titles = _titles(text)
    assert any(t.startswith("“快乐成长”四点半课堂") and t.endswith("报名截止") for t in titles)
    assert all("演出报名" not in t for t in titles)


def test_a_short_heading_that_says_what_is_due_names_the_deadline() -> None:
    text = "【近期安排】\n★ 义剪日预约：请于3月19日前拨打社区电话预约。\n"
    assert _titles(text) == ["义剪日预约截止"]
