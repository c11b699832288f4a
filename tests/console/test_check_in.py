from bot.model import PromptStatus
from bot.objectives import close_objective


def test_a_check_in_lists_my_key_results_numbered(console) -> None:
    shown = console.run("/as mia\n/checkin mia")
    assert (
        "KR1 Grow weekly active users from 40k to 60k" in shown,
        "KR4 Ship the new pricing page" in shown,
    ) == (True, True)


def test_an_understood_reply_is_applied_at_once(console) -> None:
    console.run("/as mia\n/checkin mia\nKR1 47k, KR2 5")
    assert console.values("kr-e1", "kr-e2") == [47_000, 5]


def test_an_understood_reply_updates_the_check_in_in_place(console) -> None:
    shown = console.run("/as mia\n/checkin mia\nKR1 47k, KR2 5")
    assert ("updated message" in shown, "45,000 → 47,000 users (35%)" in shown) == (True, True)


def test_a_partly_understood_reply_applies_the_clear_part_and_names_the_rest(console) -> None:
    shown = console.run("/as mia\n/checkin mia\nKR1 47k. The offsite was fun.")
    assert (console.values("kr-e1"), "I did not understand" in shown) == ([47_000], True)


def test_a_reply_with_nothing_understood_offers_the_form(console) -> None:
    shown = console.run("/as mia\n/checkin mia\nthe weather is lovely")
    assert ("Open form" in shown, console.values("kr-e1", "kr-e2")) == (True, [45_000, 2])


def test_a_skip_is_recorded_as_a_skip(console) -> None:
    console.run("/as mia\n/checkin mia\nskip this week")
    assert (console.prompt_status("mia"), console.values("kr-e1")) == (
        PromptStatus.SKIPPED,
        [45_000],
    )


def test_undo_restores_the_previous_values(console) -> None:
    console.run("/as mia\n/checkin mia\nKR1 47k, KR2 5, confidence 8/10\n/press 1")
    assert (console.values("kr-e1", "kr-e2"), console.key_result("kr-e1").confidence) == (
        [45_000, 2],
        0.6,
    )


def test_a_chinese_reply_is_understood(console) -> None:
    console.run("/as chen\n/checkin chen\n新流水线已上线,KR2 每周6次,信心指数7")
    assert (console.values("kr-c1", "kr-c2"), console.key_result("kr-c2").confidence) == (
        [1, 6],
        0.7,
    )


def test_the_form_applies_what_it_is_given(console) -> None:
    # Mia's form asks, per KR: value (or done), confidence, blocked, comment.
    answers = "\n".join(
        [
            "48000",
            "7",
            "",
            "",  # KR1
            "",
            "",
            "y",
            "waiting on legal",  # KR2
            "",
            "",
            "",
            "",  # KR3
            "y",
            "",
            "",
            "",
        ]
    )  # KR4 (a milestone)
    console.run(f"/as mia\n/checkin mia\n/press 1\n{answers}")
    assert (console.values("kr-e1", "kr-e2", "kr-e4"), console.key_result("kr-e1").confidence) == (
        [48_000, 2, 1],
        0.7,
    )


def test_the_form_refuses_a_confidence_out_of_range_and_saves_nothing(console) -> None:
    answers = "\n".join(["48000", "15", "", ""] + [""] * 12)
    shown = console.run(f"/as mia\n/checkin mia\n/press 1\n{answers}")
    assert ("Nothing was saved" in shown, console.values("kr-e1")) == (True, [45_000])


def test_an_update_with_no_check_in_waiting_is_applied_as_a_check_in_of_its_own(
    console,
) -> None:
    shown = console.run("/as mia\nKR1 47k, KR2 5")
    assert (console.values("kr-e1", "kr-e2"), "45,000 → 47,000 users" in shown) == (
        [47_000, 5],
        True,
    )


def test_an_update_given_unasked_can_be_undone(console) -> None:
    console.run("/as mia\nKR1 47k")
    shown = console.run("/press 1")
    assert (console.values("kr-e1"), "Undone" in shown) == ([45_000], True)


def test_words_that_read_as_no_update_with_no_check_in_waiting_say_how_to_give_one(
    console,
) -> None:
    shown = console.run("/as mia\nthe weather is lovely")
    assert (
        "I could not read a key result update in that" in shown,
        console.prompt_status("mia"),
    ) == (
        True,
        None,
    )


def test_skip_with_no_check_in_waiting_says_there_is_nothing_to_skip(console) -> None:
    shown = console.run("/as mia\nno change")
    assert "There is no check-in waiting for you, so there is nothing to skip." in shown


def test_an_update_after_the_period_changed_is_read_against_the_new_key_results(
    console, uow
) -> None:
    console.run("/as mia\n/checkin mia")
    with uow:
        tenant = uow.tenants.get("local")
        tenant.default_period = "2027-Q1"
        uow.tenants.save(tenant)
        uow.commit()
    shown = console.run("KR1 47k")
    assert (
        console.values("kr-e1"),
        "You have no key results to check in on in 2027-Q1" in shown,
    ) == (
        [45_000],
        True,
    )


def test_a_refused_update_is_explained_and_changes_nothing(console, uow, clock) -> None:
    console.run("/as mia\n/checkin mia")
    close_objective(uow, clock, tenant="local", actor="mia", objective_id="o-mia-1")
    shown = console.run("KR1 47k")
    assert (console.values("kr-e1"), "objective 'o-mia-1' is closed" in shown) == ([45_000], True)


def test_words_about_a_key_result_without_a_value_are_kept_as_a_note(console) -> None:
    shown = console.run("/as mia\n/checkin mia\nKR1 47k. KR2 - talking to legal team.")
    with console.uow:
        notes = [c.comment for c in console.uow.check_ins.of_key_result("local", "kr-e2")]
    assert (console.values("kr-e2"), notes, 'note: "talking to legal team."' in shown) == (
        [2],
        ["talking to legal team."],
        True,
    )


def test_an_untouched_form_changes_nothing_however_precise_the_values(console) -> None:
    console.run("/as mia\n/checkin mia\nKR1 52,345.67, confidence 65%")
    console.run("/checkin mia\n/press 1\n" + "\n" * 16)
    kr = console.key_result("kr-e1")
    assert (kr.current, kr.confidence) == (52_345.67, 0.65)


def test_undo_takes_back_every_answer_to_the_check_in(console) -> None:
    console.run("/as mia\n/checkin mia\nKR1 47k\nKR2 5\n/press 1")
    assert console.values("kr-e1", "kr-e2") == [45_000, 2]
