"""The OKR life cycle driven through the console, in English and Chinese: draft, align,
submit, agree or return, edit and change requests, tasks, dependencies, scores and history.
Each test asserts what was stored and who was told; a refused action changes nothing."""

from __future__ import annotations

import re

import pytest

from bot.model import ChangeStatus, KeyResultKind, ObjectiveStatus, Period
from tests.console.conftest import Console


def told(shown: str, person: str) -> str:
    """What the console printed as DMs to `person` (their handles name them here)."""
    blocks = re.findall(r"┌─ bot · DM to (\S+)\n(.*?)└─", shown, flags=re.S)
    return "".join(body for to, body in blocks if to == person)


NEW = (
    "/okr new Make docs the place engineers start; Grow docs visits from 10k to 20k; "
    "Publish 8 tutorials; Ship the search page"
)


def drafted(console: Console, who: str = "raj") -> str:
    return console.run(f"/as {who}\n{NEW}")


def test_new_drafts_an_objective_with_each_key_result_read_from_its_words(console) -> None:
    drafted(console)
    objective = console.objective("o-raj-2")
    assert (
        objective.title,
        objective.status,
        [(kr.kind, kr.start, kr.target, kr.unit) for kr in objective.key_results],
    ) == (
        "Make docs the place engineers start",
        ObjectiveStatus.DRAFT,
        [
            (KeyResultKind.METRIC, 10_000, 20_000, "visits"),
            (KeyResultKind.METRIC, 0, 8, "tutorials"),
            (KeyResultKind.MILESTONE, 0, 1, ""),
        ],
    )


def test_the_draft_shows_how_it_was_read_with_its_id_and_buttons(console) -> None:
    shown = drafted(console)
    assert (
        "Drafted o-raj-2" in shown,
        "KR1 Grow docs visits from 10k to 20k — 10,000 → 20,000 visits" in shown,
        "[1] Edit  [2] Align  [3] Submit" in shown,
    ) == (True, True, True)


def test_a_falling_key_result_and_a_milestone_are_read(console) -> None:
    console.run("/as raj\n/okr new Faster docs；Cut p95 from 3.0s to 1.5s；Ship offline docs")
    objective = console.objective("o-raj-2")
    assert [(kr.start, kr.target, kr.unit, kr.rising) for kr in objective.key_results] == [
        (3.0, 1.5, "s", False),
        (0.0, 1.0, "", True),
    ]


def test_a_fifth_key_result_is_refused_and_nothing_is_drafted(console) -> None:
    shown = console.run("/as raj\n/okr new Too much; A 1; B 2; C 3; D 4; E 5")
    assert ("at most 4" in shown, console.objective_ids("raj")) == (True, ["o-raj-1"])


def test_a_seventh_objective_comes_with_a_warning(console) -> None:
    shown = console.run("/as raj\n" + "\n".join(f"/okr new Goal {n}; Ship it" for n in range(6)))
    assert "that makes 7 objectives in 2026-Q4" in shown


def test_a_manager_drafts_for_a_report(console) -> None:
    shown = console.run("/as mia\n/okr new for @raj Docs people love; Publish 8 tutorials")
    assert (console.objective("o-raj-2").owner.id, "for Raj Patel" in shown) == ("raj", True)


def test_a_peer_may_not_draft_for_someone_else(console) -> None:
    shown = console.run("/as wang\n/okr new for @raj Docs; Publish 8 tutorials")
    assert ("你不能" in shown, console.objective_ids("raj")) == (True, ["o-raj-1"])


def test_new_alone_opens_the_form_and_the_form_drafts(console) -> None:
    shown = console.run(
        "/as raj\n/okr new\nDocs people love\nPublish 8 tutorials; Ship the search page"
    )
    objective = console.objective("o-raj-2")
    assert (
        "New objective" in shown,
        objective.title,
        [kr.title for kr in objective.key_results],
    ) == (True, "Docs people love", ["Publish 8 tutorials", "Ship the search page"])


def test_align_names_the_parent(console) -> None:
    drafted(console)
    console.run("/okr align o-raj-2 to o-mkt-1")
    assert console.objective("o-raj-2").parent == "o-mkt-1"


def test_align_alone_offers_the_managers_and_the_teams_objectives(console) -> None:
    drafted(console)
    shown = console.run("/okr align")
    assert (
        "Make our brand the one engineers recommend (o-mkt-1)" in shown,
        "Turn launch week into a growth engine (o-mia-1)" in shown,
    ) == (True, True)


def test_a_parent_picked_by_button_is_kept(console) -> None:
    drafted(console)
    console.run("/okr align\n/press 1")
    assert console.objective("o-raj-2").parent == "o-co-1"


def test_submit_asks_the_manager_with_agree_and_ask_for_changes(console) -> None:
    drafted(console)
    shown = console.run("/press 3")
    to_mia = told(shown, "mia")
    assert (
        console.objective("o-raj-2").status,
        "Raj Patel asks you to agree Make docs the place engineers start (o-raj-2)" in to_mia,
        "[1] Agree  [2] Ask for changes" in to_mia,
    ) == (ObjectiveStatus.SUBMITTED, True, True)


def test_the_manager_agrees_by_button_and_the_owner_is_told(console) -> None:
    drafted(console)
    console.run("/okr submit")
    shown = console.run("/as mia\n/press 1")
    assert (
        console.objective("o-raj-2").status,
        "Mia Torres agreed Make docs the place engineers start" in told(shown, "raj"),
    ) == (ObjectiveStatus.AGREED, True)


def test_the_owner_may_not_agree_their_own_objective(console) -> None:
    drafted(console)
    console.run("/okr submit")
    shown = console.run("/okr agree o-raj-2")
    assert ("You may not agree" in shown, console.objective("o-raj-2").status) == (
        True,
        ObjectiveStatus.SUBMITTED,
    )


def test_return_sends_the_draft_back_with_the_reason(console) -> None:
    drafted(console)
    console.run("/okr submit")
    shown = console.run("/as mia\n/okr return o-raj-2 make KR3 measurable")
    assert (
        console.objective("o-raj-2").status,
        '"make KR3 measurable"' in told(shown, "raj"),
    ) == (ObjectiveStatus.DRAFT, True)


def test_ask_for_changes_by_button_asks_for_the_reason_in_a_form(console) -> None:
    drafted(console)
    console.run("/okr submit")
    shown = console.run("/as mia\n/press 2\nplease add a usage KR")
    assert (
        console.objective("o-raj-2").status,
        '"please add a usage KR"' in told(shown, "raj"),
    ) == (ObjectiveStatus.DRAFT, True)


def test_edit_changes_a_drafts_target_read_like_a_reply(console) -> None:
    drafted(console)
    console.run("/okr edit KR1 target 25k")
    assert console.objective("o-raj-2").key_results[0].target == 25_000


def test_the_edit_form_rewrites_a_draft(console) -> None:
    drafted(console)
    console.run("/press 1\nDocs engineers start with\nPublish 10 tutorials; Ship the search page")
    objective = console.objective("o-raj-2")
    assert (
        objective.title,
        [(kr.title, kr.target) for kr in objective.key_results],
    ) == (
        "Docs engineers start with",
        [("Publish 10 tutorials", 10.0), ("Ship the search page", 1.0)],
    )


def test_an_agreed_objectives_wording_is_refused_with_the_reason(console) -> None:
    shown = console.run('/as mia\n/okr edit o-mkt-1 title "Something else"')
    assert ("wording is fixed" in shown, console.objective("o-mkt-1").title) == (
        True,
        "Make our brand the one engineers recommend",
    )


def test_an_agreed_quarterly_key_result_is_locked(console) -> None:
    shown = console.run("/as mia\n/okr edit o-mkt-1 KR1 target 70k")
    assert ("stays as agreed" in shown, console.objective("o-mkt-1").key_results[0].target) == (
        True,
        60_000,
    )


def annual_objective(console: Console) -> None:
    """Mia's agreed objective of the year 2026, one KR from 0 to 100."""
    with console.uow:
        console.uow.periods.save("local", Period.named("2026"))
        objective = console.uow.objectives.get("local", "o-mia-1")
        assert objective is not None
        objective.id, objective.period, objective.status = "o-mia-y", "2026", ObjectiveStatus.AGREED
        objective.key_results = [objective.key_results[1]]
        objective.key_results[0].id = "kr-y1"
        console.uow.objectives.save(objective)
        console.uow.commit()


def test_an_agreed_annual_key_result_becomes_a_request_the_manager_is_sent(console) -> None:
    annual_objective(console)
    shown = console.run("/as mia\n/okr edit kr-y1 target 12 because two more partners signed")
    with console.uow:
        [request] = console.uow.change_requests.pending("local")
    assert (
        console.objective("o-mia-y").key_results[0].target,
        request.changes,
        "[1] 批准  [2] 驳回" in told(shown, "ceo"),
    ) == (8, {"target": 12.0}, True)


def test_an_approved_change_is_applied_and_the_requester_told(console) -> None:
    annual_objective(console)
    console.run("/as mia\n/okr edit kr-y1 target 12")
    shown = console.run("/as ceo\n/okr approve kr-y1")
    assert (
        console.objective("o-mia-y").key_results[0].target,
        "林晓 Lin Xiao approved your change" in told(shown, "mia"),
    ) == (12, True)


def test_a_declined_change_changes_nothing_and_its_note_is_told(console) -> None:
    annual_objective(console)
    console.run("/as mia\n/okr edit kr-y1 target 12")
    shown = console.run("/as ceo\n/okr decline kr-y1 keep it ambitious")
    with console.uow:
        [request] = console.uow.change_requests.of_objective("local", "o-mia-y")
    assert (
        console.objective("o-mia-y").key_results[0].target,
        request.status,
        "keep it ambitious" in told(shown, "mia"),
    ) == (8, ChangeStatus.REJECTED, True)


def test_requests_lists_what_waits_for_the_manager(console) -> None:
    drafted(console)
    console.run("/okr submit")
    shown = console.run("/as mia\n/okr requests")
    assert "Raj Patel asks you to agree Make docs the place engineers start (o-raj-2)." in shown


def test_a_task_is_planned_and_its_assignee_told(console) -> None:
    shown = console.run("/as mia\n/okr task kr-e2 Call five prospects @raj by 2026-12-15")
    with console.uow:
        [task] = console.uow.tasks.of_key_result("local", "kr-e2")
    assert (
        (task.title, task.assignee, task.due.isoformat() if task.due else None),
        f"/okr done {task.id}" in told(shown, "raj"),
    ) == (("Call five prospects", "raj", "2026-12-15"), True)


def test_the_assignee_finishes_their_task_and_the_owner_is_told(console) -> None:
    console.run("/as mia\n/okr task kr-e2 Call five prospects @raj")
    with console.uow:
        [task] = console.uow.tasks.of_key_result("local", "kr-e2")
    shown = console.run(f"/as raj\n/okr tasks\n/okr done {task.id}")
    with console.uow:
        [done] = console.uow.tasks.of_key_result("local", "kr-e2")
    assert (
        "Call five prospects · Sign 8 design partners" in shown,
        done.done,
        'Raj Patel finished "Call five prospects"' in told(shown, "mia"),
    ) == (True, True, True)


def test_a_dependency_on_a_colleagues_key_result_tells_them(console) -> None:
    shown = console.run("/as mia\n/okr depend kr-e4 on kr-c1")
    with console.uow:
        [dependency] = console.uow.dependencies.of_key_results("local", ["kr-e4"])
    assert (
        (dependency.on_owner.id, dependency.on_kr_id),
        "依赖你的关键结果“新流水线上线”" in told(shown, "chen"),
    ) == (("chen", "kr-c1"), True)


def test_a_dependency_on_a_person_without_a_key_result_is_flagged(console) -> None:
    shown = console.run("/as mia\n/okr depend kr-e4 on @wang\n/okr deps")
    assert (
        "They have no KR for it yet, so I flagged it." in shown,
        "no matching KR yet" in shown,
    ) == (True, True)


def test_the_owner_scores_a_key_result_and_views_mark_the_sweet_spot(console) -> None:
    shown = console.run("/as mia\n/okr score kr-e2 0.7\n/okr")
    assert (
        console.objective("o-mia-1").key_results[1].self_score,
        "final score 0.7 ✓ sweet spot" in shown,
    ) == (0.7, True)


def test_a_full_score_asks_whether_it_was_too_easy(console) -> None:
    shown = console.run("/as mia\n/okr score kr-e4 1")
    assert "was it too easy?" in shown


def test_only_the_owner_scores(console) -> None:
    shown = console.run("/as ceo\n/okr score kr-e2 0.7")
    assert (
        "自评属于它的负责人" in shown,
        console.objective("o-mia-1").key_results[1].self_score,
    ) == (
        True,
        None,
    )


@pytest.mark.parametrize("score", ["1.3", "0.65"])
def test_a_score_outside_zero_to_one_in_tenths_is_refused(console, score: str) -> None:
    shown = console.run(f"/as mia\n/okr score kr-e2 {score}")
    assert ("steps of 0.1" in shown, console.objective("o-mia-1").key_results[1].self_score) == (
        True,
        None,
    )


def test_history_tells_who_drafted_submitted_and_agreed(console) -> None:
    drafted(console)
    console.run("/okr submit\n/as mia\n/okr agree o-raj-2")
    shown = console.run("/as raj\n/okr history o-raj-2")
    assert (
        "Raj Patel drafted it" in shown,
        "Raj Patel submitted it for agreement" in shown,
        "Mia Torres agreed it" in shown,
    ) == (True, True, True)


def test_history_of_a_key_result_lists_its_check_ins(console) -> None:
    shown = console.run("/as mia\n/checkin mia\nKR1 47k\n/okr history kr-e1")
    assert "checked in on kr-e1: 45,000 → 47,000" in shown


def test_kr_n_names_a_key_result_of_the_objective_just_shown(console) -> None:
    drafted(console)
    console.run("/okr score KR2 0.7")
    assert console.objective("o-raj-2").key_results[1].self_score == 0.7


def test_kr_n_with_several_objectives_and_none_shown_asks_which(console) -> None:
    console.run("/as raj\n/okr new Second; Ship it")
    console.clear_focus("raj")
    shown = console.run("/okr score KR1 0.7")
    assert "which objective?" in shown


def test_the_life_cycle_in_chinese(console) -> None:
    shown = console.run(
        "/as chen\n/okr 新建 让部署更安心;部署失败率从 10% 降到 2%;上线灰度发布\n"
        "/okr 对齐 到 o-platform-1\n/okr 提交"
    )
    objective = console.objective("o-chen-2")
    first = objective.key_results[0]
    assert (
        (first.start, first.target, first.unit),
        objective.parent,
        objective.status,
        "已起草 o-chen-2" in shown,
        "陈伟 请你确认 让部署更安心(o-chen-2)" in told(shown, "wang"),
    ) == ((10, 2, "%"), "o-platform-1", ObjectiveStatus.SUBMITTED, True, True)


def test_a_chinese_manager_agrees_and_the_owner_hears_in_chinese(console) -> None:
    console.run("/as chen\n/okr 新建 让部署更安心;上线灰度发布\n/okr 提交")
    shown = console.run("/as wang\n/okr 确认 o-chen-2")
    assert (
        console.objective("o-chen-2").status,
        "王芳 确认了 让部署更安心" in told(shown, "chen"),
    ) == (
        ObjectiveStatus.AGREED,
        True,
    )


def test_tasks_and_scores_in_chinese(console) -> None:
    shown = console.run(
        "/as chen\n/okr 任务 kr-c2 写部署手册 @li 截止 12月15日\n/okr 打分 kr-c2 0.6分"
    )
    with console.uow:
        [task] = console.uow.tasks.of_key_result("local", "kr-c2")
    assert (
        (task.assignee, task.due.isoformat() if task.due else None),
        console.objective("o-chen-1").key_results[1].self_score,
        "给你分配了任务" in told(shown, "li"),
    ) == (("li", "2026-12-15"), 0.6, True)


def test_history_in_chinese(console) -> None:
    console.run("/as chen\n/okr 新建 让部署更安心;上线灰度发布")
    shown = console.run("/okr 历史 o-chen-2")
    assert "陈伟 起草了目标" in shown


def test_edit_add_puts_a_key_result_on_a_draft(console) -> None:
    drafted(console)
    console.run("/okr edit o-raj-2 add Cut search latency from 800ms to 300ms")
    added = console.objective("o-raj-2").key_results[-1]
    assert (added.id, added.start, added.target, added.unit) == ("kr-raj-2-4", 800, 300, "ms")


def test_close_fixes_the_final_score(console) -> None:
    shown = console.run("/as raj\n/okr close o-raj-1\n/okr edit o-raj-1 KR1 target 95")
    assert (
        console.objective("o-raj-1").status,
        "Closed Make the docs the best way to learn okrbot (o-raj-1)" in shown,
        console.objective("o-raj-1").key_results[0].target,
    ) == (ObjectiveStatus.CLOSED, True, 90)
