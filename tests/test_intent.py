"""intent: the answer's shape read from the question's words, on made-up tables of the
test's own (two schemas with different naming, so a reading holds across both)."""

from __future__ import annotations

import pytest

from nlq.catalog import ColumnInfo, TableInfo, load_catalog
from nlq.families import write_family
from nlq.intent import Intent, rank_column
from nlq.link import link

_DTYPES = {"int": "Int64", "float": "Float64", "str": "String", "bool": "Boolean", "date": "Date"}


def _catalog(**tables: str) -> dict[str, TableInfo]:
    out = {}
    for name, spec in tables.items():
        columns = {}
        for col in spec.split(", "):
            col_name, dtype = col.split()
            columns[col_name] = ColumnInfo(col_name, dtype, _DTYPES[dtype])
        out[name] = TableInfo(name, f"/nowhere/{name}.parquet", "parquet", 0, columns)
    return out


GARDEN = _catalog(
    gd_plants="plant_id int, plant_name str, bed_id int, species str, height_cm float, planted_on str",
    gd_beds="bed_id int, bed_name str, sunny bool",
)
KENNEL = _catalog(
    Dogs="DogID int, DogName str, Breed str, WeightKg float, OwnerID int",
    Owners="OwnerID int, OwnerName str, Town str",
)


def intent(question: str, catalog: dict[str, TableInfo]) -> Intent:
    result = link(question, catalog).intent
    assert result is not None
    return result


@pytest.mark.parametrize("question,catalog,columns", [
    ("Return the plant name, species and height of every plant.", GARDEN, ["plant_name", "species", "height_cm"]),
    ("Tall plants: plant name and bed id.", GARDEN, ["plant_name", "bed_id"]),
    ("Show the dog name, breed and weight of the heavy dogs.", KENNEL, ["DogName", "Breed", "WeightKg"]),
    ("Distinct combinations of breed and owner id.", KENNEL, ["Breed", "OwnerID"]),
])
def test_listed_columns_are_linked_in_the_questions_order(question, catalog, columns):
    assert intent(question, catalog).listed_columns() == columns


@pytest.mark.parametrize("question,catalog", [
    ("How many plants are taller than 50 cm?", GARDEN),
    ("What is the average height of the plants?", GARDEN),
    ("Number of dogs, total weight and average weight across all dogs.", KENNEL),
    ("What percentage of dogs are beagles?", KENNEL),
])
def test_a_question_for_numbers_is_scalar(question, catalog):
    assert intent(question, catalog).answer == "scalar"


@pytest.mark.parametrize("question,catalog", [
    ("How many plants are there per species?", GARDEN),
    ("Which beds have more than 3 plants?", GARDEN),
    ("Owners with more than 2 dogs, with their dog count.", KENNEL),
    ("Average weight by breed.", KENNEL),
    ("List the dogs heavier than 30 kg.", KENNEL),
])
def test_groups_entities_and_rows_are_not_scalar(question, catalog):
    assert intent(question, catalog).answer == "rows"


@pytest.mark.parametrize("question,catalog,limit,descending", [
    ("The 3 tallest plants.", GARDEN, 3, None),
    ("Top 5 breeds by average weight.", KENNEL, 5, True),
    ("Show the 4 dogs that weigh the least.", KENNEL, 4, False),
    ("The 2 beds with the most plants.", GARDEN, 2, True),
])
def test_limits_and_their_direction(question, catalog, limit, descending):
    found = intent(question, catalog)
    assert found.limit == limit and not found.single
    if descending is not None:
        assert found.descending is descending


@pytest.mark.parametrize("question,catalog,single", [
    ("Which bed has the most plants?", GARDEN, True),
    ("The heaviest dog's name.", KENNEL, True),
    ("Dogs with the highest weight.", KENNEL, False),  # a plural asks for every such dog
    ("For each breed, the dog with the highest weight.", KENNEL, False),
])
def test_a_superlative_without_a_number_asks_for_one_row(question, catalog, single):
    assert intent(question, catalog).single is single


@pytest.mark.parametrize("question,catalog,keys", [
    ("Average height per species.", GARDEN, ["species"]),
    ("Count dogs for each breed.", KENNEL, ["Breed"]),
    ("Number of dogs by town.", KENNEL, ["Town"]),
    ("Rank dogs by weight within each breed.", KENNEL, ["Breed"]),  # "by weight" ranks, it does not group
])
def test_group_keys(question, catalog, keys):
    assert [g.column for g in intent(question, catalog).groups] == keys


@pytest.mark.parametrize("question,catalog,keys", [
    # a plural entity "with their" aggregates is a group, by the column that points at it
    ("Owners with their dog count and average dog weight.", KENNEL, ["OwnerID"]),
    ("Beds with their number of plants and average height.", GARDEN, ["bed_id"]),
    # the entity (or a column's values, said in the plural) after a limit's number is ranked
    ("The 2 owners with the highest average dog weight.", KENNEL, ["OwnerID"]),
    ("The 2 beds with the highest average height.", GARDEN, ["bed_id"]),
    ("Top 2 breeds by number of dogs.", KENNEL, ["Breed"]),
    ("Top 3 towns by number of owners.", KENNEL, ["Town"]),
])
def test_entities_given_aggregates_are_groups(question, catalog, keys):
    assert [g.column for g in intent(question, catalog).groups] == keys


@pytest.mark.parametrize("question,catalog", [
    ("Average weight in kg per breed.", KENNEL),
    ("What is the total dog weight in kg?", KENNEL),
])
def test_a_measure_said_in_the_unit_its_column_holds_is_not_derived(question, catalog):
    assert intent(question, catalog).derived is False


def test_a_superlative_opening_an_item_among_aggregates_is_one():
    assert intent("For each breed: number of dogs, lightest weight, heaviest weight.", KENNEL).aggregates == (
        "len", "min", "max")


def test_each_with_a_possessive_is_every_row_not_a_group():
    assert intent("Give each dog's name as dog and its breed as kind.", KENNEL).groups == ()


@pytest.mark.parametrize("question,catalog,field", [
    ("Distinct species in the beds.", GARDEN, "distinct"),
    ("Running total of height per bed ordered by planting date.", GARDEN, "window"),
    ("Each dog's weight divided by the average weight.", KENNEL, "derived"),
    ("Plant name and height per metre of bed.", GARDEN, "derived"),
])
def test_flags(question, catalog, field):
    assert getattr(intent(question, catalog), field) is True


@pytest.mark.parametrize("question,catalog,names", [
    ("What share of dogs are heavier than 20 kg? Call it heavy_share.", KENNEL, ("heavy_share",)),
    ("Average height per species as avg_height.", GARDEN, ("avg_height",)),
    ("The number of plants, named plant_total.", GARDEN, ("plant_total",)),
    ("Plant name and bed name for every plant.", GARDEN, ()),
])
def test_names_the_question_writes(question, catalog, names):
    assert intent(question, catalog).names == names


def test_the_intent_is_json_and_travels_with_the_link():
    found = link("Return the plant name and species of the 2 tallest plants.", GARDEN)
    dumped = found.to_json()["intent"]
    assert dumped["limit"] == 2 and [i["column"] for i in dumped["listed"]] == ["plant_name", "species"]
    assert Intent.model_validate(dumped) == found.intent


def test_a_list_item_may_name_its_column():
    found = intent("Give each dog's name as dog, its breed as kind, and its weight.", KENNEL)
    assert [(i.column, i.name) for i in found.listed] == [("DogName", "dog"), ("Breed", "kind"), ("WeightKg", None)]


@pytest.mark.parametrize("question,catalog,counts", [
    ("Owners with more than 2 dogs.", KENNEL, True),
    ("Beds with at least 3 plants.", GARDEN, True),
    ("Dogs heavier than 20 kg.", KENNEL, False),
])
def test_a_number_compared_to_rows_of_a_table_is_a_count(question, catalog, counts):
    assert ("len" in intent(question, catalog).aggregates) is counts


def test_a_question_without_order_words_is_unordered():
    assert not intent("Dogs of the beagle breed.", KENNEL).ordered
    assert intent("Dogs sorted by weight.", KENNEL).ordered and intent("The heaviest dog.", KENNEL).ordered


@pytest.mark.parametrize("question,catalog,name", [
    ("What percentage of dogs are overweight?", KENNEL, "pct_overweight"),
    ("Percentage of plants watered, per bed.", GARDEN, "pct_watered"),
    ("Percentage of plants watered late, per bed.", GARDEN, "pct_watered_late"),
    ("The proportion of beds that are sunny.", GARDEN, "sunny_ratio"),
    ("Average weight per breed.", KENNEL, None),
])
def test_a_percentage_is_named_after_the_rows_it_counts(question, catalog, name):
    ratio = intent(question, catalog).ratio
    assert (ratio and ratio.name) == name


@pytest.mark.parametrize("question, catalog, columns", [
    # A list at the question's start, no word opening it: kept where each item names a column.
    ("Plant name and height for every plant in a sunny bed.", GARDEN, ["plant_name", "height_cm"]),
    ("Dog name and weight of the dogs owned in Leeds.", KENNEL, ["DogName", "WeightKg"]),
    # "distinct ... pairs" opens a list as "return" does.
    ("Distinct species and bed id pairs among the plants.", GARDEN, ["species", "bed_id"]),
    ("Which distinct breed and owner id combinations occur?", KENNEL, ["Breed", "OwnerID"]),
    # "with its" parts two items.
    ("Show each dog name with its breed.", KENNEL, ["DogName", "Breed"]),
])
def test_lists_without_an_opener_and_their_separators(question, catalog, columns):
    assert intent(question, catalog).listed_columns() == columns


def test_a_list_at_the_start_naming_no_column_is_no_list():
    assert intent("Plants and beds with sunny spots.", GARDEN).listed == ()


@pytest.mark.parametrize("question, catalog, renames", [
    ("Show the plants with plant_name renamed to name and planted_on to sown.", GARDEN,
     (("plant_name", "name"), ("planted_on", "sown"))),
    ("Rename the column DogName to dog.", KENNEL, (("DogName", "dog"),)),
])
def test_renames_are_read_in_order_and_are_not_listed_columns(question, catalog, renames):
    read = intent(question, catalog)
    assert read.renames == renames and read.listed == ()


def test_a_period_adverb_groups_by_that_period_of_the_first_date():
    garden = _catalog(gd_plants="plant_id int, plant_name str, planted_on str")
    garden["gd_plants"].columns["planted_on"] = ColumnInfo("planted_on", "str", "String", iso="date")
    groups = intent("Monthly plant count for 2024.", garden).groups
    assert [(g.words, g.expr) for g in groups] == [(("month",), "month(planted_on)")]


def test_a_count_a_row_holds_is_its_column_not_an_aggregate():
    read = intent("Give each dog's name and its weight count as weight_count.", _catalog(
        dogs="dog_id int, dog_name str, weight int"))
    assert read.listed_columns() == ["dog_name", "weight"] and read.aggregates == ()


def test_which_n_things_is_a_limit():
    assert intent("Which 3 dogs weigh the most?", KENNEL).limit == 3


@pytest.mark.parametrize("question,catalog,aggregates", [
    ("For each species, the number of plants, the average height and the tallest height.", GARDEN,
     ("len", "mean")),  # "tallest" is no aggregate word
    ("For each breed, the number of dogs, the average weight and the largest weight.", KENNEL, ("len", "mean", "max")),
    ("The lowest and highest height per bed.", GARDEN, ("min", "max")),
    ("The 3 heaviest dogs, heaviest first.", KENNEL, ()),  # superlatives that order rows
    ("By town, how many dogs are there and what is their average weight?", KENNEL, ("len", "mean")),
])
def test_a_superlative_in_a_run_of_aggregates_is_one_of_them(question, catalog, aggregates):
    assert intent(question, catalog).aggregates == aggregates


@pytest.mark.parametrize("question,catalog,expr", [
    ("Plants per planting month.", _catalog(gd_plants="plant_id int, planted_on date, species str"),
     "year_month(planted_on)"),
    ("Number of dogs by adoption year.", _catalog(Dogs="DogID int, BirthDate date, AdoptionDate date"), "year(AdoptionDate)"),
    ("Plants per day of the week.", _catalog(gd_plants="plant_id int, planted_on date"), "weekday(planted_on)"),
])
def test_a_period_of_a_named_date_groups_by_that_period(question, catalog, expr):
    assert [g.expr for g in intent(question, catalog).groups] == [expr]


def test_a_unit_that_is_a_group_key_is_no_quotient():
    assert intent("Average weight per breed.", KENNEL).derived is False
    garden = _catalog(gd_plants="plant_id int, unit str, height float")
    assert intent("Average height per unit.", garden).derived is False
    assert intent("Height per metre of bed.", GARDEN).derived is True


def test_the_same_group_named_again_by_its_label_is_one_group():
    beds = _catalog(gd_plants="plant_id int, bed_id int", gd_beds="bed_id int, bed_name str")
    assert [g.words for g in intent("Number of plants per bed, by bed name.", beds).groups] == [("bed", "name")]


@pytest.mark.parametrize("words, column, rank", [
    (("acknowledged",), "ack_ts", 3),     # the event's word, the date's suffix left
    (("shipped",), "ship_dt", 3),
    (("acknowledged",), "ack_count", None),
])
def test_an_event_word_names_its_date_by_an_abbreviation(words, column, rank):
    assert rank_column(words, column, "alerts") == rank


@pytest.mark.parametrize("words, column, rank", [
    (("elevation",), "elev_m", 4),        # an abbreviation, the unit said apart or not at all
    (("distance",), "dist_km", 4),
    (("elevation",), "elev_rank", None),  # no unit: not the elevation itself
])
def test_a_unit_a_name_ends_with_is_no_word_of_its_own(words, column, rank):
    assert rank_column(words, column, "sites") == rank


def test_a_list_goes_on_after_a_comma_and_plus():
    flights = _catalog(fl_flights="f_id int, f_origin str, f_distance int, f_fare float")
    found = intent("For each origin, show the count of flights and the mean distance, plus the max fare.", flights)
    assert found.derived is False
    assert [item.fn for item in found.listed] == ["len", "mean", "max"]
    assert intent("Show each flight id with its fare plus 10.", flights).derived is True


def test_a_superlative_of_a_table_noun_alone_asks_for_a_row():
    members = _catalog(lb_members="id int, name str, joined_on date", lb_loans="id int, member_id int, loaned_on date")
    assert intent("What is the most recent join date?", members).single is False
    assert intent("What's the most recent loan?", members).single is True
    assert intent("What is the newest loan?", members).single is True


@pytest.mark.parametrize("question,catalog,names", [
    ("Plant names (label it flora) with their species.", GARDEN, ["flora", None]),
    ("Dog name and breed (call it kind) for every dog.", KENNEL, [None, "kind"]),
    ("Show each dog's name and weight, with the weight labelled mass.", KENNEL, [None, "mass"]),
])
def test_a_listed_column_named_in_parentheses_or_after_the_list(question, catalog, names):
    assert [item.name for item in intent(question, catalog).listed] == names


def test_a_name_labelled_after_an_aggregate_computes_no_label():
    found = intent("Number of dogs per breed, labelled headcount.", KENNEL)
    assert found.derived is False and found.names == ("headcount",)


@pytest.mark.parametrize("question,catalog,columns", [
    ("Dogs with the owner's town.", KENNEL, ["DogName", "Town"]),
    ("Each dog with the owner's name and town.", KENNEL, ["DogName", "OwnerName", "Town"]),
    ("Show all plants with the bed name.", GARDEN, ["plant_name", "bed_name"]),
])
def test_what_is_looked_up_for_each_row_of_an_entity_follows_its_labels(question, catalog, columns):
    assert intent(question, catalog).listed_columns() == columns


@pytest.mark.parametrize("question,catalog,columns", [
    ("The town of the owner of each dog.", KENNEL, ["DogName", "Town"]),
    ("What is the bed name for every plant?", GARDEN, ["plant_name", "bed_name"]),
    ("The breed of each dog.", KENNEL, ["Breed"]),  # the entity's own column: nothing looked up
])
def test_a_column_of_another_table_of_each_row_is_looked_up_for_it(question, catalog, columns):
    assert intent(question, catalog).listed_columns() == columns


def test_one_rows_column_of_another_table_is_looked_up_by_its_number():
    assert intent("What is the owner name of dog 3?", KENNEL).listed_columns() == ["OwnerName"]
    assert intent("What is the bed name of plant 7?", GARDEN).listed_columns() == ["bed_name"]


@pytest.mark.parametrize("question,catalog,columns", [
    ("What's the breed of dog 3?", KENNEL, ["Breed"]),
    ("What's the bed name of plant 7?", GARDEN, ["bed_name"]),
])
def test_a_contracted_is_is_no_owner(question, catalog, columns):
    assert intent(question, catalog).listed_columns() == columns


def test_naming_a_listed_column_after_the_list_is_no_item_of_its_own():
    found = intent("Return dog names and weights, calling the weight mass.", KENNEL)
    assert [(item.column, item.name) for item in found.listed] == [("DogName", None), ("WeightKg", "mass")]


def test_a_count_a_row_holds_is_no_aggregate():
    shelf = _catalog(sh_books="book_id int, author_id int, pages int", sh_authors="author_id int, name str")
    assert intent("Rank books by page count within each author, longest first.", shelf).aggregates == ()
    ports = _catalog(Depots="DepotID int, RegionID int, DockCount int")
    assert intent("Rank depots by dock count within each region, most docks first.", ports).aggregates == ()
    assert intent("Rank authors by book count.", shelf).aggregates == ("len",)  # no column holds it


def test_a_numbering_verb_may_open_a_clause_and_between_each_is_no_group():
    assert intent("For each bed, number the plants by planted date.", GARDEN).window_kind.kind == "number"
    assert intent("For each owner, number of dogs.", KENNEL).window_kind is None
    assert intent("The difference between each dog weight and the previous one.", KENNEL).groups == ()


def test_a_group_between_the_rows_and_what_a_percentage_counts():
    dogs = _catalog(Dogs="DogID int, Breed str, Adopted bool, Status str")
    read = intent("What share of dogs in each breed were adopted?", dogs)
    assert [g.column for g in read.groups] == ["Breed"] and read.ratio is not None
    assert read.ratio.name == "adopted_ratio"
    read = intent("What percent of plants in each bed are sunny?", GARDEN)
    assert read.ratio is not None and read.ratio.name == "pct_sunny"


@pytest.mark.parametrize("question,catalog,columns", [
    ("List dogs heavier than 20 kg with their name and breed.", KENNEL, ["DogName", "Breed"]),
    ("Show plants planted after 2021 with their species.", GARDEN, ["plant_name", "species"]),
])
def test_a_plural_noun_opening_the_list_with_its_clause_is_the_rows_labels(question, catalog, columns):
    assert intent(question, catalog).listed_columns() == columns


@pytest.mark.parametrize("question,catalog,columns,limit", [
    ("Show the dog names and weights, heaviest first, top 3.", KENNEL, ["DogName", "WeightKg"], 3),
    ("List plant names and heights, tallest first, only the first 4.", GARDEN, ["plant_name", "height_cm"], 4),
])
def test_a_limit_after_the_list_is_no_column(question, catalog, columns, limit):
    read = intent(question, catalog)
    assert read.listed_columns() == columns and read.limit == limit


@pytest.mark.parametrize("question,catalog,columns", [
    ("Which dogs weigh more than 20 kg? Return their names.", KENNEL, ["DogName"]),
    ("Find the beds that are sunny. Show the bed names.", GARDEN, ["bed_name"]),
])
def test_a_sentence_of_its_own_asking_one_column(question, catalog, columns):
    assert intent(question, catalog).listed_columns() == columns


@pytest.mark.parametrize("question,catalog", [
    ("For each breed, how many dogs are there? Sort by count descending.", KENNEL),
    ("Number of plants per bed, ordered by the count.", GARDEN),
])
def test_a_lone_count_word_refers_back_to_the_count_asked(question, catalog):
    assert intent(question, catalog).aggregates == ("len",)


@pytest.mark.parametrize("question,decimals", [
    ("Average weight per breed, rounded to 2 decimals.", 2),
    ("Average height per bed, rounded to one decimal place.", 1),
    ("What is the average weight of dogs? Round it to 3 decimal places.", 3),
    ("Average weight per breed rounded to the nearest whole number.", 0),
    ("Total adoption fee per breed, rounded to the cent.", 2),
    ("Average weight per breed.", None),
    ("Dogs heavier than 2 kg, sorted by weight.", None),
])
def test_the_places_a_rounding_asks_for(question, decimals):
    assert intent(question, KENNEL).decimals == decimals


@pytest.mark.parametrize("question,part,descending", [
    ("Which month of 2023 had the most dogs?", "month", True),
    ("Which year had the fewest plants?", "year", False),
])
def test_the_period_with_the_most_rows(question, part, descending):
    catalog = _catalog(Dogs="DogID int, Breed str, adopted_on str", gd_plants="plant_id int, planted_on str")
    for table in catalog.values():
        for name, column in table.columns.items():
            if name.endswith("_on"):
                table.columns[name] = column.__class__(name, column.dtype, column.polars_dtype, iso="date")
    read = intent(question, catalog)
    assert [g.words for g in read.groups] == [(part,)] and read.aggregates == ("len",)
    assert read.limit == 1 and read.descending is descending


@pytest.mark.parametrize("question,descending", [
    ("List the first 3 dogs ordered by weight descending.", True),
    ("The top 3 plants by height ascending.", False),
    ("The first 3 plants by height.", False),
])
def test_a_direction_said_outright_orders_the_limit(question, descending):
    catalog = {**KENNEL, **GARDEN}
    assert intent(question, catalog).descending is descending


def test_a_naming_clause_after_a_list_names_a_listed_column_and_is_no_item():
    read = intent("Dog name and breed, naming the breed kind.", KENNEL)
    assert [(item.column, item.name) for item in read.listed] == [("DogName", None), ("Breed", "kind")]
    read = intent("Dog name and breed, with breed shown as kind.", KENNEL)
    assert [(item.column, item.name) for item in read.listed] == [("DogName", None), ("Breed", "kind")]


def test_one_column_and_the_name_given_it_is_listed():
    read = intent("Breeds shown as kind.", KENNEL)
    assert [(item.column, item.name) for item in read.listed] == [("Breed", "kind")]
    read = intent("Show the owner towns displayed as place.", KENNEL)
    assert [(item.column, item.name) for item in read.listed] == [("Town", "place")]


@pytest.mark.parametrize("words, column, rank", [
    (("visit", "date"), "visit_at", 3),          # the event, then a word for when
    (("acknowledgement", "time"), "ack_ts", 3),
    (("start", "times"), "startedAt", 3),
    (("visit", "date"), "created_at", None),      # another event's
])
def test_an_event_and_a_word_for_when_name_the_events_date(words, column, rank):
    assert rank_column(words, column, "visits") == rank


def test_distinct_after_number_of_is_a_count_and_opens_no_list():
    loans = _catalog(lib_loans="loan_id int, book_id int, member_id int")
    read = intent("Number of loans, number of distinct books and number of distinct members.", loans)
    assert read.aggregates == ("len", "n_unique", "n_unique") and not any(item.fn is None for item in read.listed)


def test_an_abbreviated_name_may_hold_a_synonym_beside_an_abbreviation():
    assert rank_column(("install", "date"), "inst_dt", "devices") == 3
    assert rank_column(("expiry", "date"), "EXP_DT", "cards") == 3
    assert rank_column(("duration",), "loadTimeMs", "page_views") > 3  # a unit alone is no name of its own


def test_a_window_in_a_leading_list_is_the_item_holding_its_words():
    shelf = _catalog(sh_books="book_id int, title str, genre_id int, cost float")
    read = intent("Title, genre id, cost and the cost's share of the genre's total cost.", shelf)
    assert [item.column for item in read.listed] == ["title", "genre_id", "cost", None]
    read = intent("Book id, cost and the 3-book moving average of cost per genre, ordered by book id.", shelf)
    assert len(read.listed) == 3 and read.aggregates == ()


def test_the_one_before_or_after_is_the_previous_or_next_row():
    dogs = _catalog(Dogs="DogID int, OwnerID int, WeightKg float, Born date")
    read = intent("Each dog's weight and the weight of the one before for the same owner, by birth date.", dogs)
    assert read.window_kind is not None and read.window_kind.kind == "previous"
    assert intent("Dog id, weight and the weight of the one after, by birth date.", dogs).window_kind.kind == "next"
    assert intent("Dogs born after the one before 2020.", dogs).window_kind is None


def test_a_window_after_with_closing_a_list_is_an_item_apart_from_the_column_before_it():
    dogs = _catalog(Dogs="DogID int, OwnerID int, Weight float, BirthDate date")
    read = intent("Dog id, birth date and weight with the previous weight for the same owner, by birth date.", dogs)
    assert [item.column for item in read.listed][:3] == ["DogID", "BirthDate", "Weight"] and len(read.listed) == 4


def test_a_groups_aggregate_beside_its_rows_is_a_window_and_alone_is_none():
    dogs = _catalog(Dogs="DogID int, OwnerID int, Weight float")
    read = intent("Dog id, weight and the owner's average weight.", dogs)
    assert read.window_kind is not None and read.window_kind.kind == "group_aggregate"
    assert intent("What is the owner's average weight?", dogs).window_kind is None


def test_a_groups_aggregate_names_a_measure():
    routes = _catalog(Flights="FlightID int, Origin str, Dest str, Fare float")
    read = intent("Which routes have an average fare above the overall average fare? Show origin, destination and the "
                  "route's average as avg_fare.", routes)
    assert read.window_kind is None


def test_an_aggregate_in_a_superlative_before_a_with_its_list_is_no_part_of_the_entity():
    shop = _catalog(items="item_id int, item_name str, category str",
                    lines="line_id int, item_id int, line_value float")
    read = intent("The item with the highest total line value, with its category.", shop)
    assert read.aggregates == ("sum",) and [g.column for g in read.groups] == ["item_id"]
    assert read.listed_columns() == ["item_name", "category"]
    school = _catalog(pupils="pupil_id int, pupil_name str, home_city str",
                      marks="mark_id int, pupil_id int, grade float")
    read = intent("Find the pupil with the highest average grade, along with their home city.", school)
    assert read.aggregates == ("mean",) and [g.column for g in read.groups] == ["pupil_id"]


@pytest.mark.parametrize("family, question, columns", [
    ("hr", "Every employee's department name and job title.", ["emp_name", "d_name", "j_title"]),
    ("logistics", "Give every shipment's customer company name and carrier name.",
     ["ShipmentID", "CompanyName", "CarrierName"]),
])
def test_each_rows_possessive_lists_columns_of_other_tables(tmp_path, family, question, columns):
    catalog = load_catalog(write_family(family, tmp_path))
    intent = link(question, catalog).intent
    # The entity first, shown by its labels, then what its possessive lists.
    assert intent is not None and intent.listed_columns() == columns


@pytest.mark.parametrize("family, question, columns", [
    # "For each X, ...": only other tables' columns listed, the entity's labels shown first.
    ("school", "For each enrollment, the student's name and the course's teacher name.",
     ["Enrollment ID", "Student Name", None]),
    ("sensors", "For each alert, the device's type and the device's site name.", ["alert_id", "dev_type", None]),
    # The entity's id listed is not looked up: no labels before it (the loans' own `id`, which
    # the members' and books' `id` do not hide).
    ("library", "For each loan, the loan id, member name and book title.", ["id", "name", "title"]),
])
def test_columns_of_other_tables_listed_for_each_row_follow_its_labels(tmp_path, family, question, columns):
    intent = link(question, load_catalog(write_family(family, tmp_path))).intent
    assert intent is not None and [item.column for item in intent.listed] == columns


@pytest.mark.parametrize("family, question, key", [
    ("clinic", "Lab panel id with the patient's blood type.", "id"),
    ("logistics", "Delivery event id with the depot's city.", "EventID"),
])
def test_an_entity_named_by_two_words_opens_a_lookup(tmp_path, family, question, key):
    intent = link(question, load_catalog(write_family(family, tmp_path))).intent
    assert intent is not None and intent.listed and intent.listed[0].column == key


@pytest.mark.parametrize("family, question, columns", [
    ("flights", "Which airline operates each flight?", ["f_id", "al_name"]),
    ("subs", "What plan is each subscription on?", ["sub_id", "PlanName"]),
    ("hr", "What job does each employee have?", ["emp_name", "j_title"]),
])
def test_which_row_of_another_table_each_row_has_is_looked_up(tmp_path, family, question, columns):
    intent = link(question, load_catalog(write_family(family, tmp_path))).intent
    assert intent is not None and intent.listed_columns() == columns


def test_a_list_of_columns_in_parentheses_is_listed():
    assert intent("Give me the 3 heaviest dogs (dog name and breed).", KENNEL).listed_columns() == ["DogName", "Breed"]
    assert intent("Plants in bed 2 (plant name, species).", GARDEN).listed_columns() == ["plant_name", "species"]
    # "(ties by dog id)" is no list, and a parenthesis naming no column lists none.
    assert intent("The 3 heaviest dogs (dog name and a space).", KENNEL).listed == ()


def test_alphabetically_by_a_column_orders_and_groups_nothing():
    assert intent("List the dogs alphabetically by breed.", KENNEL).groups == ()
    assert intent("Plants sorted alphabetically by species.", GARDEN).groups == ()


@pytest.mark.parametrize("question,catalog,limit,descending", [
    ("The first 3 dogs sorted by weight from highest to lowest.", KENNEL, 3, True),
    ("The top 3 plants, sorted by height from low to high.", GARDEN, 3, False),
    ("The first 4 dogs by weight, heaviest first.", KENNEL, 4, True),
    ("Give me 5 dogs in descending order of weight.", KENNEL, 5, True),
    ("List 2 plants sorted by height.", GARDEN, 2, False),
    ("The first 3 dogs by weight, from fattest to slimmest.", KENNEL, 3, True),
])
def test_a_limit_takes_the_direction_its_order_words_say(question, catalog, limit, descending):
    found = intent(question, catalog)
    assert found.limit == limit and found.descending is descending


def test_a_bare_number_of_rows_is_a_limit_only_where_it_is_asked_for_and_ordered():
    assert intent("Owners with 3 dogs sorted by town.", KENNEL).limit is None
    assert intent("Show me 5 plants planted after 2020.", GARDEN).limit is None


def test_a_column_shown_after_an_aggregate_asked_for_each_group_is_added_to_it():
    read = intent("How many dogs does each owner have? Show the owner's name.", KENNEL)
    assert [(item.column, item.fn) for item in read.listed] == [("OwnerName", None), (None, "len")]
    # after a question for rows, the sentence says what the answer holds
    assert intent("Which owners live in Leeds? Show their names.", KENNEL).aggregates == ()


def test_a_column_added_after_a_comma_to_an_aggregate_for_each_group_is_listed_before_it():
    for question in ("Number of dogs per owner, with the owner name.", "The number of dogs of each owner, including "
                     "the owner's name.", "Number of dogs for every owner, along with the owner name."):
        read = intent(question, KENNEL)
        assert [(item.column, item.fn) for item in read.listed] == [("OwnerName", None), (None, "len")], question
    # rows, no aggregate: the comma's column is no label added to one
    assert all(item.fn is None for item in intent("Dogs of breed Pug, with the owner id.", KENNEL).listed)


def test_a_superlative_after_a_comma_adds_an_aggregate_not_a_column():
    read = intent("Number of dogs per owner, plus the heaviest weight.", KENNEL)
    assert ("WeightKg", None) not in [(item.column, item.fn) for item in read.listed]


def test_a_numbered_rows_possessive_asks_for_one_column():
    assert intent("What's dog 7's breed?", KENNEL).listed_columns() == ["Breed"]
    assert intent("Owner 3's town.", KENNEL).listed_columns() == ["Town"]


def test_counts_of_distinct_values_listed_after_a_count_ask_for_no_distinct_rows():
    read = intent("Number of dogs, distinct breeds and distinct owners.", KENNEL)
    assert read.aggregates == ("len", "n_unique", "n_unique") and not read.distinct


def test_a_modifier_alone_in_a_list_takes_the_noun_of_the_item_after_it():
    people = _catalog(people="person_id int, first_nm str, last_nm str, town str")
    assert intent("Show the first and last names of people in Leeds.", people).listed_columns() == ["first_nm", "last_nm"]
    assert intent("People in Leeds: first and last name.", people).listed_columns() == ["first_nm", "last_nm"]
    # a column's own word keeps its own noun
    assert intent("Show the town and last name of every person.", people).listed_columns() == ["town", "last_nm"]


def test_columns_added_after_a_comma_to_an_entity_kept_by_its_aggregate_come_before_it():
    read = intent("Owners whose total weight exceeds 50, with their owner name and town.", _catalog(
        Dogs="DogID int, OwnerID int, weight float", Owners="OwnerID int, OwnerName str, Town str"))
    assert [(item.column, item.fn) for item in read.listed] == [("OwnerName", None), ("Town", None), (None, "sum")]


def test_renamed_after_a_comma_names_the_column_before_it():
    read = intent("Return each dog's breed, renamed to kind.", KENNEL)
    assert [(item.column, item.name) for item in read.listed] == [("Breed", "kind")]
    read = intent("Each owner's town, renamed home.", KENNEL)
    assert [(item.column, item.name) for item in read.listed] == [("Town", "home")]


def test_which_rows_cost_more_asks_for_rows_not_values():
    toys = _catalog(toys="toy_id int, toy_name str, price float")
    read = intent("Which toys cost more than 5?", toys)
    assert read.listed == () and not read.distinct


def test_a_unit_that_opens_a_columns_name_is_no_rate():
    gadgets = _catalog(gadgets="gadget_id int, gadget_name str, unit_price float")
    assert not intent("Gadgets with a unit price above 5.", gadgets).derived
    assert intent("Gadgets with a price per unit above 5.", _catalog(gadgets="gadget_id int, price float, qty int")).derived


def test_values_opening_a_question_group_a_count_that_each_ends():
    assert [g.column for g in intent("Show the breeds and how many dogs each has.", KENNEL).groups] == ["Breed"]
    assert [g.column for g in intent("Owners with the number of dogs each one owns.", KENNEL).groups] == ["OwnerID"]
    assert [g.column for g in intent("List towns and the number of owners in each.", KENNEL).groups] == ["Town"]


def test_entities_with_their_counts_are_groups_of_a_count():
    read = intent("Owners with their dog counts.", KENNEL)
    assert [g.column for g in read.groups] == ["OwnerID"] and read.aggregates == ("len",)


def test_counted_by_groups_as_grouped_by_does():
    read = intent("Dogs counted by breed.", KENNEL)
    assert [g.column for g in read.groups] == ["Breed"] and read.aggregates == ("len",)


@pytest.mark.parametrize("question", ["Dogs together with their owner names.", "Dogs along with the owner's town.",
                                      "Dogs together with the town of their owner."])
def test_together_with_and_along_with_the_look_up_as_with_does(question):
    assert intent(question, KENNEL).listed_columns()[0] == "DogName"


def test_with_the_column_of_their_entity_is_a_second_item():
    # (the owner said after the words is theirs: the beds' names)
    assert [item.words for item in intent("Plant names with the names of their beds.", GARDEN).listed] == [
        ("plant", "names"), ("bed", "names")]


def test_rows_counted_out_then_most_recently_are_a_limit_of_the_latest():
    read = intent("Which 3 plants were planted most recently?", GARDEN)
    assert read.limit == 3 and read.descending is True
    assert intent("Which plants were planted most recently?", GARDEN).limit is None
