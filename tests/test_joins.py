"""Join-key inference on several naming styles, its ambiguities, and join paths."""

from __future__ import annotations

import pytest
from test_resolve import LIBRARY, table

from nlq.catalog import ColumnInfo, TableInfo
from nlq.errors import ResolveError
from nlq.joins import (ColType, JoinEdge, bridge, candidate_pairs, drops_prefix, infer_join_keys, join_path, qualifies,
                       side_of)

FLEET = {
    # Keys that carry a short table prefix.
    "fleet_trucks": table("fleet_trucks", ("tr_truckkey",), tr_truckkey="int", tr_depotkey="int", tr_city="str"),
    "fleet_depots": table("fleet_depots", ("dp_depotkey",), dp_depotkey="int", dp_city="str", dp_hubkey="int"),
    "fleet_hubs": table("fleet_hubs", ("hb_hubkey",), hb_hubkey="int", hb_name="str"),
    # A table that points at another twice, in two roles.
    "fleet_runs": table("fleet_runs", ("run_id",), run_id="int", from_depotkey="int", to_depotkey="int"),
}


def keys(left: str, right: str, catalog: dict = LIBRARY) -> tuple[list[str], list[str]]:
    return infer_join_keys(catalog[left], catalog[right])


@pytest.mark.parametrize("left, right, expected", [
    # The same key-like name on both sides; the same non-key name (`desk`) is no key.
    ("lib_loans", "lib_books", (["book_ref"], ["book_ref"])),
    # `<thing>_id` against the `id` of a table named after the thing, both ways round.
    ("lib_loans", "lib_patrons", (["patron_id"], ["id"])),
    ("lib_patrons", "lib_loans", (["id"], ["patron_id"])),
])
def test_library_style(left: str, right: str, expected: tuple[list[str], list[str]]) -> None:
    assert keys(left, right) == expected


def test_a_coded_reference_points_at_the_code_of_its_table() -> None:
    towns = table("geo_towns", ("town_id",), town_id="int", region_code="str", label="str")
    regions = table("geo_regions", ("code",), code="str", label="str")
    assert infer_join_keys(towns, regions) == (["region_code"], ["code"])


def test_prefixed_keys() -> None:
    assert keys("fleet_trucks", "fleet_depots", FLEET) == (["tr_depotkey"], ["dp_depotkey"])
    assert keys("fleet_depots", "fleet_hubs", FLEET) == (["dp_hubkey"], ["hb_hubkey"])


def test_a_candidate_key_settles_several_shared_names() -> None:
    # Both share `loan_id` and `patron_id`; only `loan_id` is unique in one of them.
    fines = table("lib_fines", ("fine_id",), fine_id="int", loan_id="int", patron_id="int", amount="float")
    assert infer_join_keys(fines, LIBRARY["lib_loans"]) == (["loan_id"], ["loan_id"])


def test_a_key_named_after_its_table_settles_it_without_key_metadata() -> None:
    left = {"visit_id": ColType("int", table="site_visits"), "guide_id": ColType("int", table="site_visits")}
    right = {"visit_id": ColType("int", table="site_tickets"), "guide_id": ColType("int", table="site_tickets"),
             "ticket_id": ColType("int", table="site_tickets")}
    assert infer_join_keys(left, right) == (["visit_id"], ["visit_id"])


def test_camel_case_and_dtype_mismatch() -> None:
    left = {"StoreID": ColType("int", table="a"), "RegionKey": ColType("str", table="a")}
    right = {"StoreID": ColType("int", table="b", unique=True), "RegionKey": ColType("int", table="b")}
    assert infer_join_keys(left, right) == (["StoreID"], ["StoreID"])


def test_generic_ids_are_never_joined_to_each_other() -> None:
    left = {"id": ColType("int", table="pets", unique=True), "owner_id": ColType("int", table="pets")}
    right = {"id": ColType("int", table="owners", unique=True), "nick": ColType("str", table="owners")}
    assert infer_join_keys(left, right) == (["owner_id"], ["id"])


def test_two_roles_are_ambiguous_and_the_hint_lists_them() -> None:
    with pytest.raises(ResolveError) as info:
        infer_join_keys(FLEET["fleet_runs"], FLEET["fleet_depots"], path=("steps", 3))
    assert info.value.path == ("steps", 3)
    assert "fleet_runs and fleet_depots" in info.value.message
    assert info.value.hint == ("choose one: left_on=[from_depotkey], right_on=[dp_depotkey], "
                               "left_on=[to_depotkey], right_on=[dp_depotkey]")


def test_a_self_join_needs_a_reference_not_the_same_column() -> None:
    staff = table("staff", ("staff_id",), staff_id="int", boss_staff_id="int", label="str")
    side = side_of(staff)
    # Every column matches itself; only the reference counts, and its direction is ambiguous.
    with pytest.raises(ResolveError, match="ambiguous") as info:
        infer_join_keys(side, side, left_name="staff", right_name="staff")
    assert "left_on=[boss_staff_id], right_on=[staff_id]" in (info.value.hint or "")


def test_no_candidates_lists_the_key_like_columns() -> None:
    with pytest.raises(ResolveError, match="no columns look alike") as info:
        infer_join_keys(LIBRARY["lib_books"], FLEET["fleet_hubs"])
    assert info.value.hint == ("give them with `on` or `left_on`/`right_on`; key-like columns of lib_books: book_ref; "
                               "of fleet_hubs: hb_hubkey")


def test_join_path_goes_through_a_bridge_table() -> None:
    assert join_path(LIBRARY, ["lib_patrons", "lib_books"]) == [
        JoinEdge("lib_patrons", "lib_loans", ("id",), ("patron_id",)),
        JoinEdge("lib_loans", "lib_books", ("book_ref",), ("book_ref",)),
    ]


def test_of_two_routes_as_short_the_one_through_facts_wins() -> None:
    # members -> visits -> courts, not members -> clubs <- courts
    club = {
        "clubs": table("clubs", ("id",), id="int", city="str"),
        # Two shared references: members and courts join no way directly.
        "members": table("members", ("id",), id="int", club_id="int", zone_id="int"),
        "courts": table("courts", ("id",), id="int", club_id="int", zone_id="int"),
        "visits": table("visits", ("id",), id="int", member_id="int", court_id="int"),
    }
    assert [(e.left, e.right) for e in join_path(club, ["members", "courts"])] == [
        ("members", "visits"), ("visits", "courts")]


def test_join_path_chains_prefixed_keys_and_skips_ambiguous_edges() -> None:
    edges = join_path(FLEET, ["fleet_hubs", "fleet_trucks"])
    assert [(e.left, e.right) for e in edges] == [("fleet_hubs", "fleet_depots"), ("fleet_depots", "fleet_trucks")]
    with pytest.raises(ResolveError, match="`fleet_runs`"):
        join_path(FLEET, ["fleet_hubs", "fleet_runs"])


def test_join_path_of_one_table_is_empty_and_unknown_tables_fail() -> None:
    assert join_path(LIBRARY, ["lib_books"]) == []
    with pytest.raises(ResolveError, match="unknown table `lib_bookz`"):
        join_path(LIBRARY, ["lib_books", "lib_bookz"])


def test_a_bridge_starts_from_the_columns_the_frame_holds() -> None:
    patrons = side_of(LIBRARY["lib_patrons"])
    assert bridge(patrons, "lib_books", LIBRARY) == [
        JoinEdge("lib_patrons", "lib_loans", ("id",), ("patron_id",)),
        JoinEdge("lib_loans", "lib_books", ("book_ref",), ("book_ref",)),
    ]
    # Without its key the patrons' frame reaches nothing.
    assert bridge({"full_name": patrons["full_name"]}, "lib_books", LIBRARY) == []


def test_a_bridge_goes_through_tables_not_joined_yet() -> None:
    # The loans are in the frame, but not the column that leads to the books.
    frame = {"id": ColType("int", table="lib_patrons"), "fee": ColType("float", table="lib_loans")}
    assert bridge(frame, "lib_books", LIBRARY) == []
    # A table in the frame already is no bridge target either (a self-join).
    assert bridge(side_of(LIBRARY["lib_loans"]), "lib_loans", LIBRARY) == []


def test_a_bridge_chains_prefixed_keys_and_skips_ambiguous_edges() -> None:
    frame = {"hb_hubkey": ColType("int", table="fleet_hubs", unique=True), "hb_name": ColType("str", table="fleet_hubs")}
    assert bridge(frame, "fleet_trucks", FLEET) == [
        JoinEdge("fleet_hubs", "fleet_depots", ("hb_hubkey",), ("dp_hubkey",)),
        JoinEdge("fleet_depots", "fleet_trucks", ("dp_depotkey",), ("tr_depotkey",)),
    ]
    assert bridge(frame, "fleet_runs", FLEET) == []


@pytest.mark.parametrize("name, column, expected", [
    ("km", "tr_km", True),
    ("city", "dp_city", True),
    ("hubkey", "h_hubkey", True),
    ("id", "loan_id", False),  # a generic key is its thing's own, not a prefixed one
    ("name", "brand_name", False),  # prefixes have one to four letters
    ("name", "name", False),
])
def test_drops_prefix(name: str, column: str, expected: bool) -> None:
    assert drops_prefix(name, column) is expected


@pytest.mark.parametrize("name, column, table, expected", [
    ("genre_name", "name", "tune_genres", True),
    ("genre_name", "name_right", "tune_genres", True),
    ("category_name", "name", "shop_categories", True),
    ("genre_name", "name", "tune_tracks", False),  # another table's name
    ("name", "name", "tune_genres", False),
    ("genre_name", "name", None, False),  # a computed column belongs to no table
])
def test_qualifies(name: str, column: str, table: str | None, expected: bool) -> None:
    assert qualifies(name, column, table) is expected


def test_keys_written_with_spaces_join_like_their_snake_case_kin() -> None:
    school = {
        "pupils": table("pupils", ("Pupil ID",), **{"Pupil ID": "int", "Pupil Name": "str"}),
        "marks": table("marks", ("Mark ID",), **{"Mark ID": "int", "Pupil ID": "int", "Score": "int"}),
    }
    assert keys("marks", "pupils", school) == (["Pupil ID"], ["Pupil ID"])
    assert join_path(school, ["pupils", "marks"]) == [JoinEdge("pupils", "marks", ("Pupil ID",), ("Pupil ID",))]


def test_a_reference_under_a_prefix_with_its_noun_abbreviated_points_at_its_table() -> None:
    staff = {
        "departments": table("departments", ("d_id",), d_id="int", d_name="str"),
        "employees": table("employees", ("emp_id",), emp_id="int", e_dept_id="int", emp_name="str"),
    }
    assert keys("employees", "departments", staff) == (["e_dept_id"], ["d_id"])


def test_of_the_shortest_routes_one_looks_each_table_up_by_its_own_key() -> None:
    # A prescription reaches its patient through its visit, not through a lab panel that holds
    # the same visit id (and sorts first); either route is two joins long.
    clinic = {
        "rx": table("rx", ("id",), id="int", visit_id="int", dose="float"),
        "visits": table("visits", ("id",), id="int", patient_id="int"),
        "panels": table("panels", ("id", "visit_id"), id="int", visit_id="int", patient_id="int"),
        "patients": table("patients", ("id",), id="int", name="str"),
    }
    assert [(e.left, e.right) for e in join_path(clinic, ["rx", "patients"])] == [
        ("rx", "visits"), ("visits", "patients")]


def coded(name: str, keys: tuple[str, ...], **columns: tuple[str, ...]) -> TableInfo:
    """A table of text columns, each with the distinct values the catalog lists for it."""
    infos = {column: ColumnInfo(column, "str", "String", values=tuple(sorted(set(values))), n_unique=len(set(values)))
             for column, values in columns.items()}
    return TableInfo(name, f"/data/{name}.parquet", "parquet", 10, infos, keys)


GAMES = {
    "teams": coded("teams", ("team_code",), team_code=("LYN", "OSL", "BRG"), team_name=("Lyon", "Oslo", "Bergen")),
    # Two pointers at one table whose names say nothing of it: only their values do.
    "matches": coded("matches", (), home=("LYN", "OSL"), away=("OSL", "BRG"), result=("W", "L")),
}


def test_a_column_of_another_table_s_codes_points_at_it_and_the_role_the_question_names_joins() -> None:
    assert candidate_pairs(side_of(GAMES["matches"]), side_of(GAMES["teams"])) == [
        (2, "away", "team_code"), (2, "home", "team_code")]
    with pytest.raises(ResolveError, match="no chain"):
        join_path(GAMES, ["matches", "teams"])
    # "the away team's name": the key both point at is said too, and tells none apart.
    assert join_path(GAMES, ["matches", "teams"], ("away", "team_code", "team_name")) == [
        JoinEdge("matches", "teams", ("away",), ("team_code",))]
    assert join_path(GAMES, ["teams", "matches"], ("home",)) == [JoinEdge("teams", "matches", ("team_code",), ("home",))]
    # A pair the names make ranks above one the values make.
    named = {**GAMES, "matches": coded("matches", (), team_code=("LYN", "OSL"), away=("OSL", "BRG"))}
    assert join_path(named, ["matches", "teams"]) == [JoinEdge("matches", "teams", ("team_code",), ("team_code",))]
