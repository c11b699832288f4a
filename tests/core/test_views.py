import pytest

from bot import views
from bot.errors import OkrError
from bot.views import AlignmentNode


def titles(node: AlignmentNode) -> object:
    return (node.objective.id, [titles(child) for child in node.children])


def test_a_persons_okrs_are_their_objectives_in_the_default_period(uow) -> None:
    okrs = views.person_okrs(uow, tenant="local", person_id="mia")
    assert (okrs.period, [o.id for o in okrs.objectives]) == ("2026-Q4", ["o-mia-1"])


def test_anyone_may_look_at_the_ceos_okrs(uow) -> None:
    okrs = views.person_okrs(uow, tenant="local", person_id="ceo")
    assert okrs.person.name == "林晓 Lin Xiao"


def test_looking_up_someone_who_is_not_there_is_refused(uow) -> None:
    with pytest.raises(OkrError) as refused:
        views.person_okrs(uow, tenant="local", person_id="nobody")
    assert refused.value.code == "unknown_person"


def test_okrs_never_cross_workspaces(uow) -> None:
    with pytest.raises(OkrError):
        views.person_okrs(uow, tenant="another", person_id="mia")


def test_a_teams_okrs_are_the_objectives_it_owns(uow) -> None:
    okrs = views.team_okrs(uow, tenant="local", team_id="engineering")
    assert [o.id for o in okrs.objectives] == ["o-eng-1"]


def test_the_alignment_tree_runs_from_the_company_down(uow) -> None:
    tree = views.alignment_tree(uow, tenant="local")
    assert [titles(root) for root in tree.roots] == [
        (
            "o-co-1",
            [
                ("o-eng-1", [("o-platform-1", [("o-chen-1", [])]), ("o-li-1", [])]),
                ("o-mkt-1", [("o-mia-1", []), ("o-raj-1", [])]),
                ("o-ceo-1", []),
            ],
        ),
    ]


def test_the_bottom_up_share_counts_objectives_people_proposed(uow) -> None:
    assert views.alignment_tree(uow, tenant="local").bottom_up_share == 7 / 9
