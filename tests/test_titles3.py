"""Titles on text the rules never saw: short official names, who holds a
happening named only by its kind, which line an official answers, what a
deadline is for.

Every paragraph here is written for these tests in the style of local news
and government notices from many cities.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from notices.extract import extract_document
from notices.model import SHANGHAI
from notices.title_words import compact_document, compact_name, generic_call, generic_kind, short_place, without_companions
from notices.titles import clean_headline, deadline_title, shorten, without_dates

PUB = datetime(2024, 5, 6, 10, 0, tzinfo=SHANGHAI)


def _titles(text: str) -> list[str]:
    return [n.title for n in extract_document(text, source="t.txt", published=PUB).notices if n.forward]


# --- the word-level productions ---------------------------------------------


@pytest.mark.parametrize(
    ("title", "short"),
    [
        # a company's legal name before the plant that stops: the plant and its city
        ("平川市清源水务有限公司东水厂停水", "平川市东水厂停水"),
        ("南岸区燃气有限责任公司二号加压站停气", "南岸区二号加压站停气"),
        # no unit follows: a short title keeps its company
        ("清源水务有限公司停水", "清源水务有限公司停水"),
    ],
)
def test_a_company_name_gives_way_to_its_unit(title: str, short: str) -> None:
    assert compact_name(title) == short


def test_a_long_title_loses_the_legal_form_before_its_tail() -> None:
    long = "滨江新区城市建设投资集团有限公司对江滨路东段至滨江大桥北引桥实施封闭施工"
    assert compact_name(long) == "滨江新区城市建设投资集团对江滨路东段至滨江大桥北引桥实施封闭施工"


@pytest.mark.parametrize(
    ("name", "short"),
    [
        # issuer, 关于, the verb that publishes it and 的 go; what it is stays
        ("《东源县人民政府关于发布禁渔区和禁渔期的通告（征求意见稿）》", "《禁渔区和禁渔期通告》"),
        # 关于印发…规定的通知 prints a rule: the rule is the name
        ("《江岭县人民政府关于印发县域河道采砂管理规定的通知（征求意见稿）》", "《县域河道采砂管理规定》"),
        # the years of a plan in brackets
        ("《河口县青松镇国土空间总体规划（2021-2035年）》", "《河口县青松镇国土空间总体规划》"),
        # a name a title can hold whole keeps its draft note
        ("《物业服务收费管理办法（征求意见稿）》", "《物业服务收费管理办法（征求意见稿）》"),
    ],
)
def test_a_long_document_name_is_compacted(name: str, short: str) -> None:
    assert compact_document(name) == short


def test_companions_are_not_who_acts() -> None:
    assert without_companions("区长带领区直有关部门负责人到区便民服务中心") == "区长到区便民服务中心"


def test_generic_kinds_and_calls() -> None:
    assert generic_kind("行政决策听证会") and generic_kind("新闻发布会")
    assert not generic_kind("城市供水价格调整听证会")
    call = generic_call("副市长黄某接听并回复市民打进的热线电话")
    assert call is not None and call[0] == "并回复市民打进的热线电话"
    assert generic_call("副市长黄某接听12345市民热线") is None


@pytest.mark.parametrize(
    ("headline", "title"),
    [
        # the issuer before 关于…的通知 is not the happening
        ("临川市供水总公司关于城南片区暂停供水的通知", "城南片区暂停供水"),
        # the document word before the issue number goes, the number stays
        ("临江市行政主官接听12345热线公告(第5期)", "临江市行政主官接听12345热线(第5期)"),
        # a long cause before 造成: the effect is what a reader meets
        ("关于北郊水厂加压泵站设备故障抢修造成城西片区和开发区部分小区暂停供水的通知", "城西片区和开发区部分小区暂停供水"),
    ],
)
def test_headline_as_title(headline: str, title: str) -> None:
    assert clean_headline(headline) == title


# --- whole paragraphs ------------------------------------------------------


def test_an_outage_names_the_plant_not_the_company() -> None:
    text = "本报讯 5月18日，由于管网改造，平川市清源水务有限公司东水厂将停水一天，城区东部水压偏低。"
    assert _titles(text) == ["平川市东水厂停水"]


def test_a_hearing_named_by_its_kind_says_who_holds_it() -> None:
    text = (
        "为广泛听取社会意见，我局决定于5月28日上午9:30在本局三楼会议室召开行政决策听证会，"
        "对城区公共停车收费标准调整进行公开听证。\n特此公告。\n云溪市发展和改革局\n2024年5月6日"
    )
    assert _titles(text) == ["云溪市发展和改革局行政决策听证会"]


def test_a_hearing_with_its_own_name_keeps_it() -> None:
    text = "我委定于5月29日上午召开城区居民用水价格调整听证会。\n特此公告。\n云溪市发展和改革委员会\n2024年5月6日"
    assert _titles(text) == ["城区居民用水价格调整听证会"]


def test_a_deadline_for_comments_names_the_document_short() -> None:
    text = (
        "江岭县水利局将《江岭县人民政府关于印发县域河道采砂管理规定的通知（征求意见稿）》全文公布，"
        "征求社会各界意见。有关单位和个人可以在5月30日前通过信函方式提出意见建议。"
    )
    assert _titles(text) == ["《县域河道采砂管理规定》提出意见截止"]


def test_a_programme_keeps_its_session() -> None:
    text = "今天19时30分至21时，《阳光问政》直播第三场，本期节目重点关注城区停车难问题。"
    assert _titles(text) == ["《阳光问政》直播第三场"]


def test_the_official_who_brings_people_along_still_answers() -> None:
    text = "5月10日上午，副区长郑凯率区住建、城管等部门负责人来到区12345热线受理中心，接听市民来电。"
    assert _titles(text) == ["副区长郑凯接听市民来电"]


def test_the_headline_says_which_line_is_answered() -> None:
    text = (
        "副市长黄明接听12345市民热线\n"
        "5月10日上午，副市长黄明率市住建、城管等部门负责人来到市政务服务热线受理中心，接听市民来电。"
    )
    assert _titles(text) == ["副市长黄明接听12345市民热线"]


def test_leaders_going_to_a_hotline_centre() -> None:
    text = "5月9日上午，市领导带领市直有关部门负责同志到12345便民服务热线受理中心，现场倾听群众诉求，解答群众来电。"
    assert _titles(text) == ["市领导到12345便民服务热线受理中心"]


def test_a_window_closed_by_its_last_day_is_named_by_its_heading() -> None:
    # 二、征稿时间 above 5月10日起至6月30日止截稿: the call for entries of the page's contest, not 截稿
    text = (
        "关于举办“清风杯”廉政短文大赛的启事\n"
        "一、征稿要求\n作品须为原创。\n"
        "二、征稿时间\n2024年5月10日起至2024年6月30日止截稿。"
    )
    assert _titles(text) == ["“清风杯”廉政短文大赛征稿"]


def test_a_deadline_of_entries_is_the_end_of_the_call() -> None:
    assert deadline_title("本次征文于6月30日截稿", "“清风杯”廉政短文大赛", None) == "“清风杯”廉政短文大赛征稿截止"


def test_a_city_press_conference_says_which_city_and_what_about() -> None:
    text = (
        "2024年5月9日市政府新闻发布会预告\n各新闻单位：\n"
        "市政府新闻办公室定于5月9日（星期四）上午9点30分，在市政府新闻发布厅召开新闻发布会。\n"
        "本次新闻发布会邀请市农业农村局局长到会发布全市春季农业生产的相关情况。\n"
        "欢迎记者参加。\n江州市人民政府新闻办公室\n2024年5月7日"
    )
    assert _titles(text) == ["江州市政府新闻发布会(全市春季农业生产)"]


def test_a_press_conference_with_a_name_of_its_own_gets_no_topic() -> None:
    text = "第十届茶博会组委会定于5月9日上午10时召开新闻发布会，介绍本届茶博会筹备工作进展。"
    assert _titles(text) == ["第十届茶博会组委会新闻发布会"]


def test_a_county_office_briefing_keeps_its_body_without_a_signer() -> None:
    text = "县政府新闻办公室定于5月9日上午10时召开新闻发布会，介绍全县春耕生产情况。"
    assert _titles(text) == ["县政府新闻办公室新闻发布会(全县春耕生产)"]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # the body whose head answers, from the lead before the time line
        (
            "5月8日上午，12345热线举办第12期“热线问政”活动，市城市管理局负责人接听热线电话。\n"
            "上午9:00—11:00，第12期“热线问政”活动举行。",
            "第12期“热线问政”活动(市城市管理局)",
        ),
        # 问政单位为…: who is questioned
        ("下期“阳光问政”将于5月28日上午举行，问政单位为市自然资源和规划局。", "“阳光问政”(市自然资源和规划局)"),
        # someone who answers is named already: nothing added
        ("5月8日上午，副市长孙平做客“政风行风热线”，市交通运输局负责人接听热线电话。", "副市长孙平做客“政风行风热线”"),
    ],
)
def test_a_hotline_session_says_who_is_questioned(text: str, title: str) -> None:
    assert _titles(text) == [title]


@pytest.mark.parametrize(
    ("sentence", "subject", "title"),
    [
        # 将X传至…: what is sent falls due, not the meeting it is for
        ("2.请各县（市、区）于5月15日前将带队人员名单及参会人员回执用电子邮件方式，传至会务组邮箱；", "表彰大会", "参会人员回执报送截止"),
        ("请各乡镇于5月20日前将2023年度农机安全工作总结报送县农机中心。", "培训会", "农机安全工作总结报送截止"),
        # 将报名表提交: the form stands for 报名
        ("请于5月20日前将报名表提交至区文体中心。", "羽毛球比赛", "羽毛球比赛报名截止"),
        # 登记注册 and 报名表 are nouns: the action is 报名
        ("凡在本市登记注册的企业，均可在5月24日前通过填写报名表或网上报名申请参加听证会。", "听证会", "听证会报名截止"),
    ],
)
def test_a_deadline_says_what_is_due(sentence: str, subject: str, title: str) -> None:
    assert deadline_title(sentence, subject, None) == title


def test_a_page_about_sending_names_what_it_sends() -> None:
    text = (
        "关于报送2023年度消防安全工作总结的通知\n各乡镇人民政府：\n"
        "请于2024年5月15日17:00前将年度工作总结电子版报送至县消防救援大队邮箱。"
    )
    assert _titles(text) == ["报送2023年度消防安全工作总结截止"]


def test_the_deadline_of_a_signed_hearing_keeps_the_hearing_short() -> None:
    text = (
        "为提高决策透明度，我厅决定于2024年6月18日下午2:30召开行政决策听证会。"
        "凡本省公民均可在2024年6月1日前通过网上报名等方式申请参加听证会。\n"
        "特此公告。\n东川省商务厅\n2024年5月6日"
    )
    assert sorted(_titles(text)) == sorted(["东川省商务厅行政决策听证会", "行政决策听证会参加人报名截止"])


@pytest.mark.parametrize(
    ("title", "short"),
    [
        # a long list of districts before 等: three stand for them
        ("江州城东、城西、城南、城北、新港等部分地区计划停电", "江州城东、城西、城南等部分地区计划停电"),
        # three or fewer, or no 等 to close the list: as written
        ("城东区、城西区、开发区等地停水", "城东区、城西区、开发区等地停水"),
        ("东风路、胜利街、人民路、解放路停电", "东风路、胜利街、人民路、解放路停电"),
        # several works on one bill: the first stands for them
        ("越剧折子戏专场《拾玉镯》《打金枝》《盘夫索夫》", "越剧折子戏专场《拾玉镯》等"),
    ],
)
def test_lists_in_titles_are_skimmed(title: str, short: str) -> None:
    assert compact_name(title) == short


def test_a_page_stamp_is_not_part_of_the_headline() -> None:
    stamped = "南川市自来水公司关于北郊水厂检修造成城北片区和工业园区部分企业暂停供水的通知来源: 日期:2024-05-06"
    assert clean_headline(stamped) == "北郊水厂检修造成城北片区和工业园区部分企业暂停供水"  # short enough to keep its cause


def test_an_outage_title_has_no_de_before_its_verb() -> None:
    text = "受燃气管道改造影响，5月20日8时至18时，城区将迎来一次大面积的停气。"
    assert _titles(text) == ["城区大面积停气"]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # a headline that holds the notice's date is still a 关于…的公告 wrapper
        (
            "关于2024年5月12日城北片区计划停电的公告\n尊敬的客户：\n"
            "因变电站设备检修，供电公司定于2024年5月12日7:00至18:00对以下区域停电：城北片区幸福路沿线。",
            "城北片区计划停电",
        ),
        # works say where they are done
        ("记者从市住建局获悉，5月15日至5月20日，东湖小区将实施雨污分流管网施工。", "东湖小区雨污分流管网施工"),
        # 常委会议 is one word, its trigger 常委会 the first part
        ("市政协十三届十次常委会议将于5月23日召开", "市政协十三届十次常委会议"),
        # no tense word before an outage verb
        ("因主管道维修，5月10日22时至次日6时，解放路、人民路沿线将停水。", "解放路、人民路沿线停水"),
    ],
)
def test_titles_from_the_lead(text: str, title: str) -> None:
    assert _titles(text) == [title]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # the official who goes into the studio, not the verb alone
        ("5月12日上午，市城管局局长陈明将走进“民生热线”直播间，就市容环境整治问题回答听众提问。", "市城管局局长陈明走进“民生热线”直播间"),
        # a programme in 《》 some words after 做客 is still its object
        (
            "常务副市长刘强将于5月15日上午做客市广播电视台《政风热线》直播节目，与市民在线交流。",
            "常务副市长刘强做客市广播电视台《政风热线》直播节目",
        ),
        # what is held names the show, not a later 展出
        ("5月16日至18日，江州国际会展中心将举办2024江州车展，展出面积3万平方米。", "2024江州车展"),
    ],
)
def test_who_goes_on_air_and_what_is_held(text: str, title: str) -> None:
    assert _titles(text) == [title]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # a meeting named by its notice's headline loses the headline's verb
        (
            "关于召开全县2024年防汛工作会议的通知\n各乡镇人民政府：\n一、会议时间\n2024年5月14日（星期二）上午9:00\n"
            "二、会议地点\n县政府三楼会议室",
            "全县2024年防汛工作会议",
        ),
        # 在…上演: the stage is the place, the show is the title
        ("本报讯 5月13日晚7点30分，市文化馆将在百花剧场上演大型原创歌舞剧《山水家园》，门票免费。", "大型原创歌舞剧《山水家园》"),
    ],
)
def test_headline_verbs_and_stages_stay_out(text: str, title: str) -> None:
    assert _titles(text) == [title]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # who answers a programme whose own name says 市长
        (
            "第15期“书记市长热线”5月16日开通\n"
            "本报讯 5月16日上午9时至11时，第15期“书记市长热线”将在市12345热线中心举行，市委副书记、市长周明将现场接听市民来电。",
            "第15期“书记市长热线”(市长周明)",
        ),
        # who organises is not the show's name
        (
            "5月15日至17日，由省商务厅主办的第八届中国（江州）国际食品博览会将在江州国际会展中心举行。",
            "第八届中国(江州)国际食品博览会",
        ),
    ],
)
def test_who_answers_and_who_organises(text: str, title: str) -> None:
    assert _titles(text) == [title]


@pytest.mark.parametrize(
    ("sentence", "subject", "title"),
    [
        # 报名网站 is where, 打印准考证 is what falls due
        ("请考生于5月23日至24日登录报名网站打印准考证。", "笔试", "考生打印准考证截止"),
        # a headline's 开展 is not part of what falls due
        ("缴费截止时间为2024年6月30日。", "开展2024年度城乡居民医保集中缴费", "2024年度城乡居民医保集中缴费截止"),
    ],
)
def test_deadline_actions(sentence: str, subject: str, title: str) -> None:
    assert deadline_title(sentence, None, None, subject) == title


def test_any_issuer_before_guanyu_is_dropped() -> None:
    assert clean_headline("湖滨街道关于开展城乡居民医保集中缴费的通知") == "开展城乡居民医保集中缴费"


def test_a_reporters_credit_is_never_a_title() -> None:
    text = "（记者 张伟）5月21日，江州市第二届“非遗”文化周将在古城广场拉开帷幕，持续至27日。"
    titles = _titles(text)
    assert titles and all("记者" not in t for t in titles)
    assert "江州市第二届“非遗”文化周开幕式" in titles


def test_a_time_alone_in_its_clause_titles_from_the_next() -> None:
    text = "5月30日，“翰墨流芳”——省美术馆藏品展在市美术馆开展。"
    assert _titles(text) == ["“翰墨流芳”——省美术馆藏品展"]


def test_a_deadline_names_what_is_said_before_its_action() -> None:
    text = "近日，记者从市教育局获悉，2024年全市普通高中招生考试报名工作将于5月10日开始，5月20日结束。"
    assert _titles(text) == ["2024年全市普通高中招生考试报名截止"]


def test_how_and_where_to_register_is_not_what() -> None:
    assert deadline_title("请携本人身份证到镇政府办公室报名，报名截止5月20日。", None, None) == "报名截止"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # a headline's document word is not the happening
        ("解放大道5月20日停电公告\n因线路检修，5月20日8时至18时解放大道沿线停电。", "解放大道停电"),
    ],
)
def test_headline_document_words(text: str, title: str) -> None:
    assert title in _titles(text)


def test_a_show_that_opens_is_the_show() -> None:
    # 开展 after 展 is the show opening (书画展6月16日开展 without its date)
    assert shorten("书画展开展") == "书画展"
    assert shorten("防汛工作开展") == "防汛工作开展"
    assert without_dates("书画展6月16日开展") == "书画展"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # who receives visitors on a reception day
        (
            "第三期“区长接待日”活动定于5月17日举行\n为畅通群众诉求表达渠道，5月17日上午9时，区长吴敏将在区信访局接待大厅接待来访群众。",
            "第三期“区长接待日”活动(区长吴敏)",
        ),
        # two bodies questioned: the first and 等, never a list cut in the middle
        (
            "江州“百姓问政”电视直播节目第四场于5月23日晚8点在江州电视台播出，本期问政单位为市城市管理局、市住房和城乡建设局。",
            "江州“百姓问政”电视直播节目第四场(市城市管理局等)",
        ),
    ],
)
def test_who_receives_or_is_questioned(text: str, title: str) -> None:
    assert _titles(text) == [title]


def test_a_draft_note_in_the_name_does_not_say_the_action() -> None:
    sentence = "现将《江州市养犬管理规定(征求意见稿)》全文公布，征求意见截止时间为2024年6月10日。"
    assert deadline_title(sentence, None, None) == "《江州市养犬管理规定(征求意见稿)》征求意见截止"


def test_a_page_headed_with_its_signer_speaks_of_itself() -> None:
    text = (
        "江州市图书馆端午节开放时间安排\n6月10日（端午节）闭馆一天，6月11日起恢复正常开放。\n"
        "江州市图书馆\n2024年6月5日"
    )
    titles = _titles(text)
    assert "江州市图书馆闭馆" in titles and "江州市图书馆恢复正常开放" in titles


def test_a_broadcast_names_its_first_channel() -> None:
    text = "“民生面对面”5月20日开播。江城电视台新闻频道、江城人民广播电台(FM98.6)、江城新闻网5月20日晚8点播出。"
    assert _titles(text) == ["“民生面对面”播出(江城电视台新闻频道等)"]


@pytest.mark.parametrize(
    ("title", "clean"),
    [
        # a week said relative to the page means nothing in a calendar
        ("“民生面对面”本周播出", "“民生面对面”播出"),
        ("“江城夜市”这周末开市", "“江城夜市”开市"),
    ],
)
def test_relative_weeks_leave_titles(title: str, clean: str) -> None:
    assert without_dates(title) == clean


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # a headline saying a project will hold a hearing: the project's hearing
        ("江北大道快速化改造将举行听证会\n听证会定于5月28日上午在市发展改革委会议室举行，市民可报名旁听。", "江北大道快速化改造听证会"),
        # a hearing on a law keeps the kind the sentence gives it
        (
            "市人大法制委员会定于5月29日上午举行立法听证会，就《江州市电动自行车管理条例（草案）》听取意见。",
            "《江州市电动自行车管理条例(草案)》立法听证会",
        ),
    ],
)
def test_hearings_named_by_what_they_hear(text: str, title: str) -> None:
    assert _titles(text) == [title]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # a long list of places leads a title with whole names and 等, never a cut one
        (
            "计划停电公告\n因供电设备检修，计划于2024年5月18日7:30-18:30停电。\n停电范围：城关镇人民路、解放街、新华路部分用户。",
            "城关镇人民路、解放街等计划停电",
        ),
        # the place is said once, also when it came with a stretch in brackets
        (
            "关于江北路封闭施工的通告\n自2024年5月20日起至2024年8月31日止，对江北路（滨江路至人民路段）实施全封闭施工。",
            "江北路全封闭施工",
        ),
        # a two-part headline: the outage first, the works it is for in brackets
        (
            "东湖水厂检修 城区部分区域明日停水\n本报讯 因设备检修，明天（5月7日）8时至20时，城区部分区域停水。",
            "城区部分区域停水(东湖水厂检修)",
        ),
    ],
)
def test_outage_titles_lead_with_whole_places(text: str, title: str) -> None:
    assert _titles(text) == [title]


def test_short_place_keeps_whole_names() -> None:
    assert short_place("城关镇人民路、解放街、新华路部分用户") == "城关镇人民路、解放街等"
    assert short_place("城东区、城西区") == "城东区、城西区"
    assert short_place("江州经济技术开发区综合保税区一期(东区)") == "江州经济技术开发区综合保税区一期"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # a festival inside a quoted name is part of the name, not a time to stop at
        ("市中医院将于5月8日开展“护士节”健康义诊活动，活动期间挂号费全免。", "“护士节”健康义诊活动"),
        # a tag's closing bracket never opens a title
        ("【江州】“我们的节日·端午”2024端午主题游园会将于6月10日在滨江公园举行。", "“我们的节日·端午”2024端午主题游园会"),
    ],
)
def test_names_that_hold_festivals_and_tags(text: str, title: str) -> None:
    assert title in _titles(text)


def test_an_outage_title_does_not_open_with_dui() -> None:
    text = "因天然气管道改线，定于5月17日9时起至5月18日18时止，对高新区部分区域暂停供气。"
    assert _titles(text) == ["高新区部分区域暂停供气"]


def test_a_year_said_relative_to_the_page_leaves_the_title() -> None:
    assert without_dates("江州植物园二期明年5月建成开放") == "江州植物园二期建成开放"
    assert without_dates("城市书房今年底前全部开放") == "城市书房全部开放"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # a 名称： field names the happening of the 时间： line
        (
            "关于举办全民健身日活动的通知\n一、活动名称：2024年江州市全民健身日主题活动\n"
            "二、活动时间：2024年8月8日上午9:00\n三、活动地点：市体育中心",
            "2024年江州市全民健身日主题活动",
        ),
        # and a generic 会议时间 label adds nothing to it
        (
            "会议名称：江州市2024年第二季度经济形势分析会\n会议时间：2024年7月10日下午3:00\n会议地点：市政府第一会议室",
            "江州市2024年第二季度经济形势分析会",
        ),
    ],
)
def test_a_name_field_names_the_happening(text: str, title: str) -> None:
    assert _titles(text) == [title]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # a clause that only says when is no title: the programme the page names is
        (
            "“政风行风热线”本周安排\n5月13日（周一）：市教育局\n节目时间为每天上午9:00-10:00。",
            "“政风行风热线”",
        ),
        # who answers, without the tense word before the people he brings along
        (
            "5月20日下午，副市长赵敏将带领市直有关部门负责人到市政务服务便民热线中心，接听群众来电。",
            "副市长赵敏接听群众来电",
        ),
        # 本期 is the notice's own date; 问政对象 is who is questioned
        ("本期《市民问政》将于5月18日晚7:30播出，问政对象为市住建局。", "《市民问政》(市住建局)"),
    ],
)
def test_hotline_pages(text: str, title: str) -> None:
    assert _titles(text) == [title]


def test_a_room_named_after_a_kind_is_where_not_what() -> None:
    # 听证室 makes a trigger, but the room is only where the clinic is held
    text = "“健康进社区”义诊活动将于5月11日上午在市民中心二号听证室举行，届时专家免费坐诊。"
    titles = _titles(text)
    assert titles and all("听证室" not in t for t in titles)
    assert "“健康进社区”义诊活动" in titles


@pytest.mark.parametrize(
    ("sentence", "subject", "title"),
    [
        # 报送X: X falls due (its year belongs to the report, not the title)
        ("各类市场主体应于2024年6月30日前通过公示系统报送2023年度年度报告。", "企业年报公示工作", "年度报告报送截止"),
        # 报送至…: a destination, not what is sent
        ("请于5月15日前报送至市应急管理局办公室邮箱。", "安全生产工作总结", "安全生产工作总结报送截止"),
        # a team registers
        ("请各参赛队于5月20日前登录大赛官网完成报名，报名费每队200元。", None, "参赛队报名截止"),
    ],
)
def test_what_is_sent_and_who_registers(sentence: str, subject: str | None, title: str) -> None:
    assert deadline_title(sentence, subject, None) == title
