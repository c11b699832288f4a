from bot.cadences.registry import WEEKLY_CHECKIN, WEEKLY_REPORT
from bot.schedules import Where


def weekly_checkin(console, team: str):
    with console.uow:
        found = console.uow.teams.get("local", team)
    assert found is not None
    return found.cadences.rule(WEEKLY_CHECKIN)


def test_a_lead_sees_the_cadences_of_the_team_they_lead(console) -> None:
    shown = console.run("/as mia\n/okr cadence")
    assert ("Cadences of Marketing:" in shown, "• weekly-checkin: mon at 10:00 · DM" in shown) == (
        True,
        True,
    )


def test_a_lead_moves_the_weekly_check_in(console) -> None:
    shown = console.run("/as mia\n/okr cadence weekly-checkin at 10:30 to channel")
    rule = weekly_checkin(console, "marketing")
    assert (f"{rule.at:%H:%M}", rule.where, "is now mon at 10:30" in shown) == (
        "10:30",
        Where.CHANNEL,
        True,
    )


def test_a_lead_changes_cadences_in_chinese(console) -> None:
    console.run("/as wang\n/okr 节奏 周会 时间 11:00 发到 私信")
    assert f"{weekly_checkin(console, 'engineering').at:%H:%M}" == "11:00"


def test_a_member_may_not_change_the_cadences(console) -> None:
    shown = console.run("/as raj\n/okr cadence team marketing weekly-checkin off")
    assert (
        "You may not change the cadences of Marketing" in shown,
        weekly_checkin(console, "marketing").enabled,
    ) == (True, True)


def test_an_unreadable_setting_changes_nothing(console) -> None:
    shown = console.run("/as mia\n/okr cadence weekly-checkin at 25:00")
    assert (
        "Nothing changed: a time is written like 09:30, not '25:00'" in shown,
        f"{weekly_checkin(console, 'marketing').at:%H:%M}",
    ) == (True, "10:00")


def test_an_unknown_cadence_is_answered_with_the_known_ones(console) -> None:
    shown = console.run("/as mia\n/okr cadence lunch at 12:00")
    assert '"lunch" is not a cadence' in shown


def test_moving_a_cadence_keeps_its_days(console) -> None:
    console.run(
        "/as mia\n/okr cadence weekly-checkin days tue,thu\n/okr cadence weekly-checkin at 11:00"
    )
    rule = weekly_checkin(console, "marketing")
    assert (rule.days, f"{rule.at:%H:%M}") == (("tue", "thu"), "11:00")


def test_a_cadence_turned_back_on_runs_as_it_did_before(console) -> None:
    console.run(
        "/as mia\n/okr cadence weekly-checkin at 11:15 to channel\n"
        "/okr cadence weekly-checkin off\n/okr cadence weekly-checkin on"
    )
    rule = weekly_checkin(console, "marketing")
    assert (rule.enabled, f"{rule.at:%H:%M}", rule.where) == (True, "11:15", Where.CHANNEL)


def test_a_lead_turns_the_weekly_report_off_in_chinese(console) -> None:
    shown = console.run("/as wang\n/okr 节奏 周报 关闭")
    with console.uow:
        team = console.uow.teams.get("local", "engineering")
    assert (team.cadences.rule(WEEKLY_REPORT).enabled, "的周报现在是 已关闭" in shown) == (
        False,
        True,
    )


def test_an_unreadable_setting_is_explained_in_chinese(console) -> None:
    shown = console.run("/as wang\n/okr 节奏 周会 时间 25:00")
    assert '没有修改:时间请写成 09:30 这样,而不是"25:00"。' in shown


def test_a_setting_that_is_not_one_is_explained_in_chinese(console) -> None:
    shown = console.run("/as wang\n/okr 节奏 周会 颜色 红")
    assert '"颜色"不是可修改的设置' in shown


def test_days_are_understood_in_chinese(console) -> None:
    console.run("/as wang\n/okr 节奏 周会 日期 周二、星期四")
    assert weekly_checkin(console, "engineering").days == ("tue", "thu")


def test_a_chinese_range_of_days_is_understood(console) -> None:
    console.run("/as wang\n/okr 节奏 周会 日期 周一至周三")
    assert weekly_checkin(console, "engineering").days == ("mon", "tue", "wed")


def test_a_range_of_days_may_run_over_the_weekend(console) -> None:
    console.run("/as mia\n/okr cadence weekly-checkin days fri-mon")
    assert weekly_checkin(console, "marketing").days == ("mon", "fri", "sat", "sun")


def test_chinese_cadences_are_listed_by_their_chinese_names_and_days(console) -> None:
    shown = console.run("/as wang\n/okr 节奏")
    assert "• 每周打卡(weekly-checkin):周一 10:00 · 私信" in shown
