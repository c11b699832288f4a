from bot.model import Person


def test_okr_alone_shows_my_objectives(console) -> None:
    shown = console.run("/as mia\n/okr")
    assert "Turn launch week into a growth engine" in shown


def test_anyone_may_view_the_ceos_okrs_by_mention(console) -> None:
    shown = console.run("/as raj\n/okr @ceo")
    assert "Build a company people recommend to friends" in shown


def test_a_colleague_can_be_named_by_their_name(console) -> None:
    shown = console.run("/as raj\n/okr Mia Torres")
    assert "Mia Torres's OKRs" in shown


def test_a_chinese_speaker_gets_chinese_help(console) -> None:
    shown = console.run("/as wang\n/okr 帮助")
    assert "我可以帮你" in shown


def test_a_team_command_shows_the_teams_objectives(console) -> None:
    shown = console.run("/as raj\n/okr team engineering")
    assert "让产品稳定、快速" in shown


def test_the_tree_shows_the_cascade_and_the_bottom_up_share(console) -> None:
    shown = console.run("/as raj\n/okr tree")
    assert (
        "78% of objectives come bottom-up" in shown,
        "└ Make our brand the one engineers recommend" in shown,
    ) == (True, True)


def test_a_mistyped_command_gets_the_closest_one(console) -> None:
    shown = console.run("/as raj\n/okr tre")
    assert 'Did you mean "/okr tree"?' in shown


def test_an_unknown_person_is_answered_kindly(console) -> None:
    shown = console.run("/as raj\n/okr Zebulon Quux")
    assert 'I can\'t find anyone called "Zebulon Quux".' in shown


def add_person(console, person_id: str, name: str) -> None:
    with console.uow:
        console.uow.people.save(Person("local", person_id, name))
        console.uow.commit()


def test_a_name_two_people_share_lists_both_by_handle(console) -> None:
    add_person(console, "ana", "Ana Torres")
    shown = console.run("/as raj\n/okr Torres")
    assert (
        'More than one person is called "Torres": Ana Torres (/okr ana), '
        "Mia Torres (/okr mia). Which one?"
    ) in shown


def test_a_shared_name_is_answered_in_chinese(console) -> None:
    add_person(console, "ana", "Ana Torres")
    shown = console.run("/as wang\n/okr torres")
    assert (
        '有不止一位成员叫"torres":Ana Torres(/okr ana)、Mia Torres(/okr mia)。你要找哪一位?'
    ) in shown


def test_the_delivery_log_of_a_shared_name_asks_which_one(console) -> None:
    add_person(console, "ana", "Ana Torres")
    shown = console.run("/as raj\n/okr log Torres")
    assert "Ana Torres (/okr log ana), Mia Torres (/okr log mia)" in shown


def test_an_unknown_team_lists_the_teams(console) -> None:
    shown = console.run("/as raj\n/okr team nowhere")
    assert "Teams: Acme 公司, 研发部, Marketing, 平台组." in shown


def test_the_board_shows_four_quadrants(console) -> None:
    shown = console.run("/as mia\n/okr board")
    assert [
        q in shown
        for q in ("This week's priorities", "Next four weeks", "OKR confidence", "Health")
    ] == [True] * 4


def test_the_chinese_weekly_report_for_a_team(console) -> None:
    shown = console.run("/as wang\n/okr 周报 团队 研发部")
    assert "OKR 周报 · 研发部" in shown


def test_dependencies_show_both_directions(console) -> None:
    shown = console.run("/as mia\n/okr deps")
    assert ("Who you depend on" in shown, "Who depends on you" in shown) == (True, True)


def test_someone_must_say_who_they_are_first(console) -> None:
    shown = console.run("/okr")
    assert "Start with /as PERSON" in shown


def test_acting_as_someone_not_in_the_table_is_refused(console) -> None:
    shown = console.run("/as ghost")
    assert "There is no 'ghost' in the OKR table." in shown


def test_a_failure_of_ours_gets_an_apology_not_silence(console, monkeypatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr("bot.views.person_okrs", broken)
    shown = console.run("/as mia\n/okr")
    assert "Something went wrong on my side" in shown
