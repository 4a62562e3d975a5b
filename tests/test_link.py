"""The linker on schemas of our own: a shop (family prefix `mart_`), a warehouse (family `wh_`
and column prefixes `bn_`/`pa_`), an atlas and a games list."""

from __future__ import annotations

import json

import pytest

import nlq.link as link_module
from nlq import words as W
from nlq.catalog import ColumnInfo, TableInfo
from nlq.link import Link, link

_POLARS = {"int": "Int64", "float": "Float64", "str": "String", "bool": "Boolean"}


def col(name: str, dtype: str = "str", values: list[str] | None = None, iso: str | None = None) -> ColumnInfo:
    return ColumnInfo(name, dtype, _POLARS[dtype], iso=iso, values=tuple(sorted(values)) if values else None,
                      n_unique=len(values) if values else None)


def table(name: str, *cols: ColumnInfo, keys: tuple[str, ...] = ()) -> TableInfo:
    return TableInfo(name, f"/data/{name}.parquet", "parquet", 100, {c.name: c for c in cols}, keys)


def catalog(*tables: TableInfo) -> dict[str, TableInfo]:
    return {t.name: t for t in tables}


CUSTOMERS = table("mart_customers", col("customer_id", "int"), col("full_name"),
                  col("home_city", values=["Leeds", "Oslo", "Porto"]), col("tier", values=["GOLD", "SILVER"]),
                  col("is_member", "bool"), col("signup_day", iso="date"), keys=("customer_id",))
ORDERS = table("mart_orders", col("order_id", "int"), col("customer_id", "int"), col("placed_on", iso="date"),
               col("state", values=["Open", "Paid", "Void"]), col("total_amount", "float"), keys=("order_id",))
LINES = table("mart_order_lines", col("order_id", "int"), col("gadget_id", "int"), col("qty", "int"),
              col("unit_price", "float"))
GADGETS = table("mart_gadgets", col("gadget_id", "int"), col("label"),
                col("category", values=["Books", "Garden", "Toys"]), col("discontinued", "bool"),
                col("in_stock", "bool"), keys=("gadget_id",))
COURIERS = table("mart_couriers", col("courier_id", "int"), col("courier_name"), keys=("courier_id",))
SHOP = catalog(CUSTOMERS, ORDERS, LINES, GADGETS, COURIERS)

WAREHOUSE = catalog(
    table("wh_bins", col("bn_binkey", "int"), col("bn_zone", values=["NORTH", "SOUTH"]), col("bn_capacity", "int"),
          keys=("bn_binkey",)),
    table("wh_parcels", col("pa_parcelkey", "int"), col("pa_binkey", "int"), col("pa_weight", "float"),
          col("pa_shipclass", values=["AIR", "RAIL", "ROAD"]), col("pa_fragile", "bool"), keys=("pa_parcelkey",)),
)

ATLAS = catalog(
    table("atlas_regions", col("region_id", "int"), col("region_name"),
          col("continent", values=["Africa", "Asia", "Europe", "Oceania"]),
          col("nation", values=["Brazil", "Canada", "Japan", "Sweden"]), keys=("region_id",)),
    table("atlas_towns", col("town_id", "int"), col("town_name"), col("region_id", "int"), col("inhabitants", "int"),
          col("is_coastal", "bool"), keys=("town_id",)),
)

GAMES = catalog(table("games", col("game_id", "int"), col("title"), col("age_label", values=["A", "E", "M", "T"]),
                      col("players_max", "int"), col("is_solo", "bool")))


def roles(result: Link) -> dict[str, str]:
    return {t.table: t.role for t in result.ranking}


def top_column(result: Link, table_name: str) -> tuple[str, str]:
    best = result.columns(table_name)[0]
    return best.column, best.how


# ---------------------------------------------------------------------------------------
# Tables


def test_a_table_is_named_by_its_words_without_the_family_prefix():
    result = link("Which gadgets are in the Garden category?", SHOP)
    assert result.ranking[0].table == "mart_gadgets"
    assert result.ranking[0].text == "gadgets"
    assert result.tables == ("mart_gadgets",)
    assert roles(result)["mart_couriers"] == "other"


def test_tables_between_mentioned_ones_are_connectors_and_the_rest_left_out():
    result = link("Which customers bought discontinued gadgets?", SHOP)
    assert roles(result) == {"mart_customers": "mentioned", "mart_gadgets": "mentioned",
                             "mart_orders": "connector", "mart_order_lines": "connector", "mart_couriers": "other"}
    assert set(result.tables) == {"mart_customers", "mart_gadgets", "mart_orders", "mart_order_lines"}
    assert set(result.tables[:2]) == {"mart_customers", "mart_gadgets"}


def test_a_small_request_keeps_every_table():
    # The runner sends the tables a question needs: unnamed ones come along as context.
    small = catalog(CUSTOMERS, ORDERS, LINES)
    result = link("Total revenue per home city", small)
    assert roles(result) == {"mart_customers": "mentioned", "mart_orders": "context", "mart_order_lines": "context"}
    assert len(result.joins) == 2


def test_a_table_named_only_by_a_value_or_a_spelled_out_column_is_mentioned():
    assert roles(link("List everything from Porto", SHOP))["mart_customers"] == "mentioned"
    assert roles(link("Show unit_price and qty above 3", SHOP))["mart_order_lines"] == "mentioned"


def test_a_mentioned_table_no_join_reaches_is_still_given_to_the_model():
    result = link("List couriers and customers", SHOP)
    assert {"mart_couriers", "mart_customers"} <= set(result.tables)
    assert all("mart_couriers" not in (e.left, e.right) for e in result.joins)


# ---------------------------------------------------------------------------------------
# Columns


@pytest.mark.parametrize("question, table_name, expected", [
    ("Show the unit price of each line", "mart_order_lines", ("unit_price", "exact")),   # split identifier
    ("Show unit_price per order", "mart_order_lines", ("unit_price", "exact")),           # written out
    ("Parcels heavier than 2 by weight", "wh_parcels", ("pa_weight", "exact")),           # column prefix stripped
    ("Bins per zone", "wh_bins", ("bn_zone", "exact")),
    ("Parcels by shipping class", "wh_parcels", ("pa_shipclass", "partial")),             # compound part
    ("Which categories have gadgets?", "mart_gadgets", ("category", "stem")),             # plural
    ("Customers by city", "mart_customers", ("home_city", "exact")),
    ("Number of orders per state", "mart_orders", ("state", "exact")),
])
def test_columns_rank_by_how_well_the_question_names_them(question, table_name, expected):
    assert top_column(link(question, SHOP | WAREHOUSE), table_name) == expected


def test_a_synonym_matches_more_weakly_than_the_word_itself():
    result = link("Cost of each item", SHOP)
    by_name = {c.column: c for c in result.columns("mart_order_lines")}
    assert by_name["unit_price"].how == "synonym"
    assert 0 < by_name["unit_price"].score < 1


def test_a_count_points_at_the_counted_tables_id():
    result = link("How many orders did each customer place?", catalog(CUSTOMERS, ORDERS))
    matches = {c.column: c for c in result.columns("mart_orders")}
    assert matches["order_id"].how == "count"
    assert "order_id" not in {c.column for c in result.columns("mart_customers")}


def test_a_matched_span_points_into_the_question():
    question = "Average total amount of Paid orders"
    match = next(c for c in link(question, SHOP).columns("mart_orders") if c.column == "total_amount")
    assert question[match.span[0]:match.span[1]] == match.text == "total amount"


# ---------------------------------------------------------------------------------------
# Values and booleans


def values(question: str, cat: dict[str, TableInfo]) -> set[tuple[str, object, str]]:
    return {(v.column, v.value, v.how) for v in link(question, cat).values}


@pytest.mark.parametrize("question, expected", [
    ("Regions in Asian countries", ("continent", "Asia", "demonym")),
    ("European regions", ("continent", "Europe", "demonym")),
    ("Canadian regions", ("nation", "Canada", "demonym")),
    ("Japanese regions", ("nation", "Japan", "demonym")),
    ("regions in oceania", ("continent", "Oceania", "exact")),
    ("Swedish regions", ("nation", "Sweden", "demonym")),
])
def test_a_place_or_its_people_names_a_value(question, expected):
    assert expected in values(question, ATLAS)


def test_values_match_whole_phrases_stems_and_hyphenated_words():
    assert values("Parcels shipped by RAIL or AIR", WAREHOUSE) >= {("pa_shipclass", "RAIL", "exact"),
                                                                   ("pa_shipclass", "AIR", "exact")}
    assert ("category", "Toys", "stem") in values("Every toy gadget", SHOP)
    assert ("age_label", "M", "exact") in values("List M-rated games", GAMES)


def test_a_value_of_several_words_said_in_the_plural_is_found():
    formats = catalog(table("formats", col("format_id", "int"), col("label", values=["Lossy web clip", "Master tape"])))
    assert ("label", "Lossy web clip", "stem") in values("Songs kept as lossy web clips", formats)
    assert ("label", "Master tape", "stem") in values("Songs on master tapes", formats)


def test_a_short_value_needs_its_exact_case_away_from_the_sentence_start():
    assert values("A list of games for teens", GAMES) == set()
    assert values("List games rated e", GAMES) == set()


def test_number_words_are_literals_not_values():
    digits = catalog(table("codes", col("code_id", "int"), col("grade", values=["1", "2", "3"])))
    assert link("Codes with grade above 2", digits).values == ()


@pytest.mark.parametrize("question, expected", [
    ("Find discontinued gadgets", ("discontinued", True)),
    ("Gadgets that are not discontinued", ("discontinued", False)),
    ("Gadgets in stock", ("in_stock", True)),
    ("Which customers are members?", ("is_member", True)),
    ("List non-member customers", ("is_member", False)),
])
def test_an_adjective_names_a_boolean_column(question, expected):
    assert {(c, v) for c, v, how in values(question, SHOP) if how == "boolean"} == {expected}


def test_prefixes_of_boolean_names_are_dropped():
    assert ("is_coastal", True, "boolean") in values("Coastal towns with over 1000 inhabitants", ATLAS)
    assert ("is_solo", False, "boolean") in values("Games that are not solo", GAMES)


# ---------------------------------------------------------------------------------------
# Literals


def literals(question: str) -> list[tuple]:
    return [(lit.kind, lit.value, lit.op) for lit in link(question, SHOP).literals]


@pytest.mark.parametrize("question, expected", [
    ("Orders over 250", [("number", 250, ">")]),
    ("Lines with qty of at least 3", [("number", 3, ">=")]),
    ("Lines with qty 4 or more", [("number", 4, ">=")]),
    ("Orders no more than 12.5", [("number", 12.5, "<=")]),
    ("Amounts between 10 and 20", [("number", 10, "between"), ("number", 20, "between")]),
    ("Orders worth 1,500 or less", [("number", 1500, "<=")]),
    ("Orders placed before 2024-06-01", [("date", "2024-06-01", "<")]),
    ("Orders since 2024-01-01 10:30", [("datetime", "2024-01-01 10:30", ">=")]),
    ("Orders placed in 2023", [("year", 2023, "==")]),
    ("Orders in 2024-03", [("year_month", "2024-03", "==")]),
    ("Gadgets labelled 'Big Box' or \"Tiny\"", [("string", "Big Box", None), ("string", "Tiny", None)]),
    ("Calls longer than 2 minutes (120000 ms)", [("number", 120000, ">")]),
    ("Orders placed in September 2023", [("year_month", "2023-09", "==")]),
    ("Orders since Sept 2023", [("year_month", "2023-09", ">=")]),
    ("Customers who signed up after 15 March 2023", [("date", "2023-03-15", ">")]),
    ("Orders placed on March 5th, 2024", [("date", "2024-03-05", "==")]),
    ("Orders between January and June 2023", [("date", "2023-01-01", "between"), ("date", "2023-06-30", "between")]),
    ("Orders placed between June 1 and June 7, 2024", [("date", "2024-06-01", "between"), ("date", "2024-06-07", "between")]),
    ("Orders placed in a December", [("month", 12, "==")]),
    ("Orders from 2019 or later", [("year", 2019, ">=")]),
    ("How many of the 2024 orders were paid?", [("year", 2024, None)]),
    ("Players taller than 185 cm", [("number", 185, ">")]),
    ("Parcels lighter than 2 kg", [("number", 2, "<")]),
    ("Goals scored after the 45th minute", [("number", 45, ">")]),
    ("Customers who signed up in June 2022, between the 1st and the 30th", [("year_month", "2022-06", "==")]),
    ("Orders from 1 July to 31 December 2022", [("date", "2022-07-01", "between"), ("date", "2022-12-31", "between")]),
    ("Customers who signed up in the 1990s", [("year", 1990, "between"), ("year", 1999, "between")]),
    ("Employees hired between 2019 and 2021", [("year", 2019, "between"), ("year", 2021, "between")]),
    ("Members who joined from 2018 to 2020", [("year", 2018, "between"), ("year", 2020, "between")]),
    ("Books with between 1950 and 2000 pages", [("number", 1950, "between"), ("number", 2000, "between")]),
    ("Visits on or after 2024-06-01", [("date", "2024-06-01", ">=")]),
    ("Books published in or before 1999", [("year", 1999, "<=")]),
    ("Invoices dated in December", [("month", 12, "==")]),
    ("Invoices in Q2", [("quarter", 2, "==")]),
    ("Employees hired in the fourth quarter", [("quarter", 4, "==")]),
    ("Invoices from 2023", [("year", 2023, "==")]),
    ("Invoices from 2023 onwards", [("year", 2023, ">=")]),
    ("Loans from March 2024", [("year_month", "2024-03", "==")]),
    ("Orders placed in 2022 or later", [("year", 2022, ">=")]),
    ("Orders that exceeded 500", [("number", 500, ">")]),
    ("Orders placed on a weekend", [("weekday", 6, ">=")]),
    ("Orders placed on weekdays", [("weekday", 5, "<=")]),
])
def test_literals_carry_the_comparison_their_words_ask_for(question, expected):
    assert literals(question) == expected


@pytest.mark.parametrize("question, n, descending", [
    ("Top 5 customers by spend", 5, True),
    ("The 3 most expensive gadgets", 3, True),
    ("The five cheapest gadgets", 5, False),
    ("Bottom 2 cities", 2, False),
    ("First 10 orders", 10, False),  # the low end of whatever orders them
    ("Last 3 payments", 3, True),
])
def test_top_n(question, n, descending):
    tops = [lit for lit in link(question, SHOP).literals if lit.kind == "top_n"]
    assert [(t.value, t.descending) for t in tops] == [(n, descending)]
    assert not any(lit.kind == "number" for lit in link(question, SHOP).literals)


def test_a_quoted_date_is_one_string_not_a_date_and_numbers():
    assert literals("State equal to '2024-01-05'") == [("string", "2024-01-05", "==")]


# ---------------------------------------------------------------------------------------
# Output-name hints


def names(question: str, cat: dict[str, TableInfo] = SHOP) -> list[tuple[str, str | None]]:
    return [(h.name, h.fn) for h in link(question, cat).names]


@pytest.mark.parametrize("question, expected", [
    ("Total revenue per city", [("total_revenue", "sum")]),
    ("Average unit price per category", [("avg_unit_price", "mean")]),
    ("Count the number of orders per state", [("order_count", "len")]),
    ("How many gadgets per category?", [("gadget_count", "len")]),
    ("Count Paid orders placed per day", [("order_count", "len")]),
    ("Number of distinct customers per city", [("customer_count", "n_unique")]),
    ("Median qty and maximum unit price per gadget", [("median_qty", "median"), ("max_unit_price", "max")]),
    ("For each customer, the running total of amounts", [("running_total", None)]),
    ("The order count per customer", [("order_count", "len")]),
    # "Total and average" share the words after them; "rounded" is about the value, not its name.
    ("Total and average unit price per gadget", [("total_unit_price", "sum"), ("avg_unit_price", "mean")]),
    ("Average qty rounded to 1 decimal per gadget", [("avg_qty", "mean")]),
    ("Count and total qty of lines per gadget", [("count", "len"), ("total_qty", "sum")]),
    # A rank is named after the words for what it ranks by.
    ("Rank gadgets by unit price within each category", [("unit_price_rank", None)]),
    ("Rank of each order by amount per customer", [("amount_rank", None)]),
    ("Rank orders within each customer", []),
    ("Rank orders by total amount, highest first", [("total_amount_rank", None)]),
    ("Rank gadgets by the unit price", [("unit_price_rank", None)]),
    # Conventional short forms: quantity -> qty, percentage -> pct; a discount keeps its word.
    ("Total quantity and average discount per gadget", [("total_qty", "sum"), ("avg_discount", "mean")]),
    ("Rank towns by population within every region", [("population_rank", None)]),
    ("For each customer, the percentage of total spending per order", [("pct_spending", None)]),
])
def test_aggregate_phrases_name_their_columns(question, expected):
    assert names(question) == expected


@pytest.mark.parametrize("plural, one", [("movies", "movie"), ("categories", "category"), ("series", "series"),
                                         ("boxes", "box"), ("orders", "order")])
def test_a_count_is_named_after_one_of_what_it_counts(plural, one):
    films = catalog(table("films", col("film_id", "int"), col("genre", values=["Drama", "Horror"])))
    assert names(f"Number of {plural} per genre.", films) == [(f"{one}_count", "len")]


@pytest.mark.parametrize("question, expected", [
    ("Number of work orders per shift.", "work_order_count"),
    ("Work order count per shift.", "work_order_count"),
    ("How many page views did each site get?", "page_view_count"),
    ("Number of open work orders per shift.", "work_order_count"),
])
def test_a_count_of_a_two_word_noun_a_table_runs_together_keeps_both_words(question, expected):
    plant = catalog(table("mx_workorder", col("wo_key", "int"), col("wo_shift", values=["DAY", "NIGHT"]),
                          col("wo_open", "bool"), keys=("wo_key",)),
                    table("site_pageviews", col("site", values=["a.com", "b.com"]), col("pv_id", "int")))
    assert names(question, plant) == [(expected, "len")]


def test_words_that_spell_a_column_are_not_an_aggregate():
    # `total_amount` is a column: "total amount" names it, it does not sum it.
    assert names("Orders sorted by total amount") == []
    # A share of a total is named after what is shared (cases/README.md: pct_<what>, <what>_share).
    assert names("Gadgets with the percentage of total stock") == [("pct_stock", None)]
    assert names("Each order's share of the total amount per customer") == [("amount_share", None)]
    assert names("Each order's share of the total per customer") == [("share_of_total", None)]


def test_names_the_question_writes_itself_come_first_and_are_marked():
    hints = link("Average unit price of Toys, named avg_toy_price", SHOP).names
    assert (hints[0].name, hints[0].explicit) == ("avg_toy_price", True)
    assert [h.name for h in link("Flag late orders as is_late", SHOP).names] == ["is_late"]
    # After "as", only a snake_case word is a name: "as cheap" labels rows with a value.
    assert names("Label gadgets under 5 as cheap, named price_band") == [("price_band", None)]
    # A table or column written out is not an output name.
    assert names("Join mart_orders with order_lines on order_id") == []


# ---------------------------------------------------------------------------------------
# Joins, rendering, JSON


def test_the_join_path_follows_the_shared_keys():
    result = link("Which customers bought discontinued gadgets?", SHOP)
    edges = {(frozenset((e.left, e.right)), e.left_on, e.right_on) for e in result.joins}
    assert edges == {
        (frozenset(("mart_customers", "mart_orders")), ("customer_id",), ("customer_id",)),
        (frozenset(("mart_orders", "mart_order_lines")), ("order_id",), ("order_id",)),
        (frozenset(("mart_order_lines", "mart_gadgets")), ("gadget_id",), ("gadget_id",)),
    }
    # Each edge starts from a table already joined.
    joined = {result.joins[0].left}
    for edge in result.joins:
        assert edge.left in joined
        joined.add(edge.right)


def test_prefixed_keys_join_through_their_unprefixed_name():
    result = link("Fragile parcels in NORTH bins", WAREHOUSE)
    assert [(e.left_on, e.right_on) for e in result.joins] in ([(("pa_binkey",), ("bn_binkey",))],
                                                              [(("bn_binkey",), ("pa_binkey",))])


def test_render_shows_needed_tables_with_types_dates_and_values():
    result = link("Paid orders of GOLD customers since 2024-01-01", SHOP)
    assert sorted(result.schema_text.splitlines()) == [
        "mart_customers(customer_id int, full_name str, home_city str [Leeds, Oslo, Porto], "
        "tier str [GOLD, SILVER], is_member bool, signup_day str date)",
        "mart_orders(order_id int, customer_id int, placed_on str date, state str [Open, Paid, Void], "
        "total_amount float)",
    ]
    assert result.render(SHOP) == result.schema_text


def test_render_trims_wide_tables_and_shows_named_values_of_long_lists():
    cities = [f"City{i:02d}" for i in range(40)]
    wide = table("survey_answers", col("answer_id", "int"), col("city", values=cities),
                 *(col(f"filler_{i}", "int") for i in range(20)), col("score", "float"))
    result = link("Average score in City07", catalog(wide))
    assert result.schema_text == "survey_answers(answer_id int, city str [City07, ...], score float)"


def test_the_link_dumps_to_json():
    result = link("Top 3 customers by total revenue of their orders since 2024-01-01", SHOP)
    data = json.loads(json.dumps(result.to_json()))
    assert set(data["tables"]) == {"mart_customers", "mart_orders"}
    assert data["literals"][0]["kind"] == "top_n"
    assert {"left", "right", "left_on", "right_on"} <= set(data["joins"][0])


def test_ten_tables_build_the_join_graph_once(monkeypatch):
    # join_path builds the schema graph on every call; link must not call it per table.
    nouns = ["apples", "berries", "carrots", "dates", "eggs", "figs", "grapes", "herbs", "onions", "pears"]
    farm = catalog(*(table(f"farm_{noun}", col(f"{noun[:-1]}_id", "int"),
                           *([col(f"{nouns[i - 1][:-1]}_id", "int")] if i else []),
                           *(col(f"{noun[:-1]}_tag_{j}", values=[f"T{i}{j}{k}" for k in range(30)]) for j in range(10)),
                           keys=(f"{noun[:-1]}_id",))
                     for i, noun in enumerate(nouns)))
    calls = []
    real = link_module.join_path

    def counting(cat, tables, roles=()):
        calls.append(tables)
        return real(cat, tables, roles)

    monkeypatch.setattr(link_module, "join_path", counting)
    result = link("Dates and figs where herb_tag_3 is T732", farm)
    assert len(calls) == 1
    assert set(result.tables) == {"farm_dates", "farm_eggs", "farm_figs", "farm_grapes", "farm_herbs"}
    assert ("herb_tag_3", "T732", "exact") in {(v.column, v.value, v.how) for v in result.values}


BANK = catalog(
    table("branches", col("branch_id", "int"), col("branch_name"), col("region", values=["NORTH", "SOUTH"]),
          keys=("branch_id",)),
    table("payments", col("payment_id", "int"), col("branch_id", "int"), col("channel", values=["BRANCH", "ONLINE"]),
          col("status", values=["Pending", "Settled"]), col("settled_on", iso="date"), keys=("payment_id",)),
    table("cards", col("card_id", "int"), col("card_type", values=["CREDIT", "DEBIT"]), col("cred_lmt", "int"),
          keys=("card_id",)),
)


@pytest.mark.parametrize("question, expected", [
    # The noun that names the rows asked for is no value of another table.
    ("Which branches are in the north region?", {("region", "NORTH", "exact")}),
    ("Count payments made at a branch.", {("channel", "BRANCH", "exact")}),
    ("How many branch payments are there?", {("channel", "BRANCH", "exact")}),
    # A table's noun before a number names a row by its key.
    ("Payments at branch 12.", set()),
    # A word that names a date column, a date after it, dates the rows.
    ("Payments settled in 2024.", set()),
    ("How many payments are settled?", {("status", "Settled", "exact")}),
    # ... and so does a word of a number's column ("lmt" shortens "limit").
    ("Cards with a credit limit above 5000.", set()),
    ("How many credit cards are there?", {("card_type", "CREDIT", "exact")}),
])
def test_words_that_name_the_rows_a_key_or_a_compared_column_are_no_values(question, expected):
    assert values(question, BANK) == expected


SCHOOL = catalog(
    table("teachers", col("teacher_id", "int"), col("department", values=["Mathematics", "Science"]),
          keys=("teacher_id",)),
    table("courses", col("course_id", "int"), col("teacher_id", "int"), col("subject", values=["Mathematics", "Science"]),
          keys=("course_id",)),
)


def test_a_word_that_begins_one_value_names_it_in_the_table_said_next_to_it():
    found = link("Enrollments in Math courses", SCHOOL).values
    assert [(v.table, v.value, v.how) for v in found][:1] == [("courses", "Mathematics", "prefix")]
    assert {(v.table, v.value) for v in link("Science teachers", SCHOOL).values} >= {("teachers", "Science")}
    assert link("Science teachers", SCHOOL).values[0].table == "teachers"
    assert values("Courses with a subject", SCHOOL) == set()  # "subject" begins no value


def test_a_code_shortens_a_longer_word_not_one_a_letter_longer():
    ports = catalog(table("hubs", col("hub_code", values=["LIS", "MAD", "OSL"]), col("hub_name")))
    assert link("Trips per hub, with the number of trips each made.", ports).values == ()
    assert [v.value for v in link("Trips from Madrid hubs.", ports).values] == ["MAD"]
    assert [v.value for v in link("Trips from the Oslo hub.", ports).values] == ["OSL"]
    alerts = catalog(table("alarms", col("level", values=["HIGH", "LOW", "MED"]), col("alarm_id", "int")))
    assert link("Alarms that lows in the network raised.", alerts).values == ()
    assert [v.value for v in link("Alarms of medium level.", alerts).values] == ["MED"]


def test_a_code_in_capitals_that_is_also_a_common_word():
    staff = catalog(table("staff", col("staff_id", "int"), col("dept", values=["HR", "IT", "Ops"])))
    assert [v.value for v in link("List staff in the IT department.", staff).values] == ["IT"]
    assert link("List staff and what is in it.", staff).values == ()
    offices = catalog(table("offices", col("office_id", "int"), col("state", values=["CA", "OR", "WA"])))
    assert [v.value for v in link("Offices in OR.", offices).values] == ["OR"]
    assert link("Offices in Texas or nearby.", offices).values == ()


def test_a_participle_is_no_code():
    ports = catalog(table("hubs", col("hub_code", values=["LIS", "MAD", "ORD"]), col("hub_name")))
    assert link("Trips per month, ordered by month.", ports).values == ()
    nations = catalog(table("nations", col("iso3", values=["CAN", "FRA", "GHA"]), col("nation_name")))
    assert link("Trips cancelled per nation.", nations).values == ()


def test_a_common_word_in_lower_case_is_no_code_it_spells():
    countries = table("atlas_countries", col("code", values=["PER", "FRA", "ITA"]), col("continent", values=["Europe"]),
                      col("life_expectancy", "float"), keys=("code",))
    got = link("Average life expectancy per continent.", catalog(countries))
    assert not got.values
    plans = table("plan_tiers", col("tier", values=["ALL", "PRO", "BASIC"]), col("price", "float"))
    assert not link("Count all plans per tier.", catalog(plans)).values
    # Typed in capitals it is the code.
    assert [v.value for v in link("Plans of tier ALL.", catalog(plans)).values] == ["ALL"]


def test_first_and_last_name_a_dates_least_and_greatest_only_of_a_date():
    people = catalog(table("people", col("person_id", "int"), col("first_name"), col("last_name"),
                           col("joined_on", iso="date"), col("seats", "int")))
    hints = [(h.name, h.fn) for h in link("The first and last join date per city.", people).names]
    assert hints == [("min_join_date", "min"), ("max_join_date", "max")]
    assert [h for h in link("The first and last name of each person.", people).names if h.fn] == []


def test_a_count_of_a_number_rows_hold_is_its_sum_or_mean():
    subs = catalog(table("plans", col("plan_id", "int"), col("plan_name")),
                   table("subscriptions", col("sub_id", "int"), col("plan_id", "int"), col("seats", "int")))
    assert [(h.name, h.fn) for h in link("The average number of seats per plan.", subs).names] == [("avg_seats", "mean")]
    assert [(h.name, h.fn) for h in link("How many seats were sold in total?", subs).names if h.fn] == [
        ("total_seats", "sum")]
    assert [(h.name, h.fn) for h in link("Which plan sold the most seats?", subs).names] == [("total_seats", "sum")]
    # A count of rows stays one; the seats of one subscription are its own.
    assert [(h.name, h.fn) for h in link("The number of subscriptions per plan.", subs).names] == [
        ("subscription_count", "len")]
    assert [h for h in link("Which subscription has the most seats?", subs).names if h.fn] == []


def test_a_plural_is_the_synonym_of_its_singular():
    assert W.synonym("employees") == W.synonym("staff") == W.synonym("headcount")
    assert W.synonym("dates") == W.synonym("date")


def test_in_total_after_a_measure_is_named_by_its_words():
    subs = catalog(table("subscriptions", col("sub_id", "int"), col("plan_id", "int"), col("seats", "int")))
    assert [(h.name, h.fn) for h in link("Seats in total per plan id.", subs).names] == [("total_seats", "sum")]
    # "more than 1000 in total" names nothing.
    assert [h.name for h in link("Plans with more than 1000 in total.", subs).names] == ["total"]


def test_a_code_a_summed_measure_begins_with_is_no_value():
    fleet = catalog(table("ports", col("port_code", values=["CAP", "HAM", "ROT"]), col("port_name"), keys=("port_code",)),
                    table("ships", col("ship_id", "int"), col("port_code"), col("capacity", "int"), keys=("ship_id",)))
    assert link("Total capacity per port code.", fleet).values == ()
    assert link("Which port has the most capacity?", fleet).values == ()
    assert [v.value for v in link("Ships of port CAP.", fleet).values] == ["CAP"]


def test_a_count_prefix_makes_no_key():
    assert not W.key_like("num_items") and not W.key_like("number_of_pages")
    assert W.key_like("order_num") and W.key_like("phone_number") and W.key_like("num_id")


def test_the_most_of_a_measure_named_by_its_first_words_and_no_superlative_adjective():
    fleet = catalog(table("carriers", col("carrier_id", "int"), col("carrier_name"), keys=("carrier_id",)),
                    table("loads", col("load_id", "int"), col("carrier_id", "int"), col("weight_kg", "float"),
                          col("days", "int"), col("loaded_on", iso="date"), keys=("load_id",)))
    assert [(h.name, h.fn, h.text) for h in link("Which carrier has the fewest kilograms shipped?", fleet).names] == [
        ("total_kilograms_shipped", "sum", "kilograms")]
    assert [h for h in link("What is the most recent load date per carrier?", fleet).names if h.fn == "sum"] == []


def test_a_grouping_participle_ends_an_aggregates_name():
    assert names("Total qty split by gadget") == [("total_qty", "sum")]
    assert names("Average unit price broken down by category") == [("avg_unit_price", "mean")]


def test_a_count_after_a_superlative_ranks_its_subject_and_is_no_aggregate():
    assert names("The 3 customers with the highest number of orders") == []
    assert names("Which gadget has the largest number of lines?") == []
    assert names("What is the largest number of orders per customer?") == [("order_count", "len")]


def test_counts_after_a_noun_count_it():
    assert names("Order counts per customer") == [("order_count", "len")]


def test_counts_after_a_measures_words_end_its_noun():
    assert names("Average and maximum line counts per gadget") == [("avg_line_counts", "mean"),
                                                                  ("max_line_counts", "max")]


def test_a_counts_words_go_on_to_the_distinct_values_listed_after_it():
    assert names("Number of orders, distinct customers and distinct gadgets") == [
        ("order_count", "len"), ("customer_count", "n_unique"), ("gadget_count", "n_unique")]
    assert names("How many orders and unique customers are there?") == [("order_count", "len"),
                                                                       ("customer_count", "n_unique")]


def test_top_and_peak_in_a_run_of_aggregates_ask_for_the_greatest_value():
    assert names("Count of orders, average amount and top amount per customer") == [
        ("order_count", "len"), ("avg_amount", "mean"), ("max_amount", "max")]
    assert ("max_qty", "max") in names("Average qty and peak qty per gadget")


def test_exceed_ends_an_aggregates_name():
    assert names("Customers whose total amounts exceed 500") == [("total_amounts", "sum")]


def test_rows_counted_by_a_column_are_a_count_of_them():
    assert names("Orders counted by customer") == [("order_count", "len")]


def test_how_many_of_a_columns_units_on_average_is_its_mean():
    assert names("How many qty does a line have on average?") == [("avg_qty", "mean")]
    assert names("How many qty does a line have?") == []
