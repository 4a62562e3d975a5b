"""The English that `intent` reads, as data: general words of questions about tables, never
the phrasings of one question set. Each list says what its words mean for the answer's shape.
"""

from __future__ import annotations

# Words that open a list of the answer's columns: "Return a, b and c", "Show the name and
# price", "...: a, b and c", "with columns a and b".
LIST_OPENERS = ("return", "returning", "select", "show", "showing", "list", "listing", "give", "giving", "display",
                "report", "output", "include", "including", "with columns", "with column", "columns", "combinations of",
                "combination of", "pairs of", "distinct", "unique", "get", "fetch", "retrieve", "want", "need",
                "see", "pull", "provide", "print", "extract", "obtain")
# Words a verb never follows, where an opener's word is a noun: "per return flag", "the list price".
DETERMINERS_AND_PREPOSITIONS = ("per", "by", "of", "the", "a", "an", "each", "every", "its", "their", "for", "in", "on",
                                "at", "from")
# Openers of a sentence that adds a column to what was asked before it: "How many visits did
# each doctor have? Include the doctor's name."
ADDING_OPENERS = frozenset({"include", "including", "add", "also show", "also give"})
# Words that ask, before the noun that names what is asked for ("Show antibiotics ...").
ASKING_WORDS = frozenset({*(w for w in LIST_OPENERS if " " not in w), "find", "which", "what", "all", "every"})
# Words that open a list after a comma: "the users that are not verified, with name and country".
LIST_OPENERS_AFTER_COMMA = ("with", "along with", "together with", "plus")
# Words before the one thing a question looks up for each row of an entity: "use the album
# table to fetch the album title for each song", "show each song with its album".
LOOKUP_OPENERS = ("get", "show", "add", "attach", "fetch", "retrieve", "include", "with its", "with their", "with the",
                  "along with its", "along with their", "along with the", "together with its", "together with their",
                  "together with the", "and its", "and their")
# Words after a plural entity that open what the answer gives for each of them: "customers with
# their total spend".
WITH_THEIR = ("with their", "along with their", "together with their", "and their")
# Words between two items of a list (besides a comma): "name and city", "each film with its
# rating", "the title along with the year".
ITEM_SEPARATORS = ("&", "and", "then", "with its", "with their", "along with", "together with")
# Words that give an output the name after them: "the count labelled headcount", "(call it
# tier)", "name the total revenue", "job titles shown as role".
NAMING_WORDS = ("called", "named", "labelled", "labeled", "aliased", "alias", "shown as", "displayed as",
                "aliased as", "relabelled as", "relabeled as", "relabelled", "relabeled", "known as",
                "under the name", "under the heading", "under the header", "under the column", "given as",
                "presented as", "returned as", "reported as", "titled", "headed")
# Words after a comma that name the list item before them: "each user's email, renamed to contact"
# (elsewhere "weight_kg renamed to mass" renames the column it follows).
RENAMING_AFTER_COMMA = ("renamed to", "renamed as", "renamed")
NAMING_VERBS = ("call", "name", "label")
# "naming the balance current_balance": a naming verb's -ing form, the column then its name.
NAMING_GERUNDS = ("naming", "calling", "labelling", "labeling", "renaming")
# What a naming verb names before the name: "call it tier", "label the total revenue".
NAMED_OBJECTS = ("it", "them", "this", "the result", "the column", "the count", "the total", "the sum", "the average")
# A list item ending in one of these orders the answer and names no column ("highest first").
ORDER_TAIL = frozenset({"first", "last", "descending", "ascending", "desc", "asc"})
# Words that open an ordering phrase, not a group: "by their number of ...".
ORDER_WORDS = frozenset({"their", "its", "descending", "ascending", "highest", "lowest", "most", "least"})

# A column's state said after "is": unset ("the return date is missing") or set ("the birth
# year is known"); "not" turns either around.
UNSET_WORDS = ("null", "unknown", "missing", "blank", "empty")
SET_WORDS = ("known", "recorded", "set", "present", "available", "given", "filled in")
# Words after which an item of a list stops naming a column: "title of each film", "total
# rounded to 2 decimals", "name as customer".
ITEM_END = frozenset({"of", "in", "for", "only", "from", "with", "per", "by", "on", "at", "as", "where", "that", "who",
                      "which", "whose", "than", "within", "rounded", "sorted", "ordered", "when", "if", "during", "over",
                      "under", "above", "below", "between", "called", "named", "labelled", "labeled", "shown", "displayed",
                      "aliased", "relabelled", "relabeled", "known", "given", "presented", "titled", "headed",
                      "using", "having",
                      "across", "among", "pairs", "pair", "combinations", "combination", "occur", "occurring"})

# Parts of a column name that make it a key, never what a bare noun names ("track" is not
# `track_id`).
# Units of time in seconds, by the words a question or a column's name writes them in: "over 3
# hours" compares 180 with a column of minutes (`dl_minutes`, `length_min`, `milliseconds`).
TIME_UNITS = {"millisecond": 0.001, "milliseconds": 0.001, "ms": 0.001, "second": 1, "seconds": 1, "sec": 1, "secs": 1,
              "minute": 60, "minutes": 60, "min": 60, "mins": 60, "hour": 3600, "hours": 3600, "hr": 3600,
              "hrs": 3600, "day": 86400, "days": 86400, "week": 604800, "weeks": 604800}
# Parts of a date column's name that stamp when a row was written, not when its event happened.
AUDIT_PARTS = frozenset({"created", "updated", "modified", "inserted", "loaded"})
KEY_PARTS = frozenset({"id", "key", "code", "no", "nr", "num", "number"})
# Parts that open a column's name with the count it holds: `num_items`, `number_of_pages`, `nb_seats`.
COUNT_PREFIXES = frozenset({"num", "number", "nb", "nbr"})
# Words that open a question: no name of a column ("What is ..." defines nothing).
QUESTION_WORDS = frozenset({"what", "which", "who", "whom", "whose", "how", "where", "when", "why"})
# A key's last word that may number a place in an order rather than name a row (`floor_no`).
ORDINAL_PARTS = frozenset({"no", "nr", "num", "number"})
# Parts of a column's name that say what kind of value it holds, not what it is of: a question's
# "in 2023" names no `loaned_on` by its "on".
GENERIC_PARTS = frozenset({"on", "at", "in", "date", "dt", "day", "year", "time", "ts", "timestamp", "id", "of"})
# Parts of a column name that say when by a preposition (`loaned_on`, `visit_at`, `valid_from`):
# a date or a time (nlq.words' synonyms), never a column's name on their own.
WHEN_PARTS = frozenset({"on", "at", "from", "to", "until"})
# Parts that end a date column's name after the event it dates (`ack_ts`, `ship_dt`).
DATE_SUFFIXES = frozenset({"ts", "dt", "date", "time", "timestamp", "datetime"})
# The parts a group's key column is tried with, strongest first ("customer" -> customer_id).
KEY_SUFFIXES = ("id", "code", "key")

# "the longest track of every album", "the cheapest product from every supplier": a group only
# after an aggregate or a superlative ("the title of every course" is every row's), as "of each".
EVERY_OPENERS = ("of every", "from every")
# "per X", "for each X", "in each X", "by X": the answer has one row per X.
GROUP_OPENERS = ("per", "for each", "for every", "in each", "in every", "within each", "within every", "within its",
                 "within their", "by each", "each", "for the same", "within the same", "of the same", "in the same",
                 "on the same", "from the same", "at the same", "across", "among", *EVERY_OPENERS)
# "by X" groups, except after these words, where it orders or ranks ("sorted by price",
# "patients alphabetically by name").
NOT_GROUPING_BY = frozenset({"sorted", "sort", "ordered", "order", "rank", "ranked", "ranks", "ranking", "followed",
                             "then", "multiplied", "divided", "times", "increased", "decreased", "alphabetically",
                             "alphabetical"})


# Aggregate words: the aggregate each asks for. "how many" / "number of" count rows.
AGGREGATE_WORDS = {
    "count": "len", "counts": "len", "number": "len", "many": "len", "total": "sum", "sum": "sum", "combined": "sum",
    "average": "mean", "avg": "mean", "mean": "mean", "median": "median", "maximum": "max", "max": "max",
    "summed": "sum", "variance": "var",
    "highest": "max", "largest": "max", "biggest": "max", "longest": "max", "latest": "max", "minimum": "min",
    "min": "min", "lowest": "min", "smallest": "min", "shortest": "min", "earliest": "min",
    "percentage": "ratio", "percent": "ratio", "share": "ratio", "proportion": "ratio", "fraction": "ratio",
    "ratio": "ratio", "rate": "ratio", "distinct": "n_unique", "unique": "n_unique", "different": "n_unique",
}
# Aggregates taken over per-group counts: "the average number of orders per customer" counts
# each customer's orders, then averages the counts (a total of counts is one count: no stage).
OVER_GROUP_WORDS = {"average": "mean", "avg": "mean", "mean": "mean", "median": "median", "maximum": "max",
                    "max": "max", "highest": "max", "largest": "max", "minimum": "min", "min": "min",
                    "lowest": "min", "smallest": "min"}
# "On average, how many orders does each customer place?": the mean of the groups' counts.
ON_AVERAGE_WORDS = ("on average", "on the average", "on avg")
# Nouns for the rows of a table whose noun is another: "orders with more than 3 lines" counts
# order items, "invoice lines" are invoice items.
ROW_NOUN_ALIASES = {"line": "item"}
# Verbs a step of a question told as steps opens with: "..., then sort by that count and keep
# the top 5" ("then" before a noun breaks ties: "by date then id").
STEP_VERBS = ("sort", "rank", "keep", "filter", "show", "list", "return", "give", "report", "take", "count", "group",
              "limit", "compute", "calculate", "find", "select", "display", "restrict", "drop", "remove", "exclude",
              "join", "output")
# Nouns that name back each group's own aggregate in a second step: "..., then the minimum and
# maximum of that count", "the average of those totals".
STAGE_NOUNS = ("count", "counts", "number", "numbers", "total", "totals", "sum", "sums", "figure", "figures",
               "value", "values", "result", "results", "amount", "amounts", "averages")
# Words that name one group of many after an aggregate of its rows: "the highest total
# invoiced to a single customer" totals each customer's rows, then takes the highest total.
ONE_GROUP_WORDS = ("a single", "any single", "any one", "one single", "any individual", "an individual")
# Verbs that open a second step after a comma or "then": "then report the average of those totals".
STAGE_VERBS = ("report", "give", "show", "return", "list", "find", "compute", "calculate", "get", "take", "output",
               "display", "provide", "work out")
# Superlatives that ask for the greatest or least value in a run of aggregates ("the number of
# flights and the longest distance", "the cheapest and the most expensive fee"); alone they pick
# rows ("the customer with the highest balance").
RUN_MAX_WORDS = ("most expensive", "most recent", "highest", "largest", "biggest", "longest", "greatest", "latest",
                 "newest", "heaviest", "priciest", "top", "peak")
RUN_MIN_WORDS = ("lowest", "smallest", "shortest", "earliest", "oldest", "lightest", "cheapest", "bottom")
# Words after a count of a measure a row holds that ask for its sum: "How many refills were
# prescribed in total?", "How many minutes did each user stream altogether?".
SUMMED_WORDS = ("in total", "in all", "altogether", "all together", "combined", "between them")
# Words for the entities with the most (True) or fewest (False) rows pointing at them: "the
# busiest doctor" has the most visits, "the most popular book" the most loans.
BUSY_WORDS = {"busiest": True, "most popular": True, "most visited": True, "most used": True, "quietest": False,
              "least popular": False, "least busy": False, "least visited": False, "least used": False}
# Nouns that count what the verb before them says happened: "patients who visited more than 3
# times" counts visits.
OCCASION_WORDS = frozenset({"times", "occasions"})
# Nouns that are a count of rows by themselves ("Headcount per department": the staff counted,
# `nlq.words` has it among the staff's synonyms).
COUNT_NOUNS = ("headcount",)
# Superlatives of an amount: "the most seats", "the fewest units".
MEASURE_SUPERLATIVES = frozenset({"most", "fewest", "least"})
# Words that ask for the least or greatest value only in a list item naming no column ("the
# first signup date and the last one"); elsewhere they name columns ("first name") or rows.
ORDINAL_AGGREGATES = {"first": "min", "last": "max"}
# "the second most expensive product", "the 3rd longest track": the place a superlative picks.
PLACES = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5}
# Words that stand for a measure already named ("the latest one").
PRONOUNS = frozenset({"one", "ones"})
# Words that name a column only with the noun of the item after them: "first and last names"
# are a first name and a last name, "start and end dates" a start date and an end date.
SHARED_HEAD_MODIFIERS = frozenset({"first", "last", "middle", "start", "end", "billing", "shipping"})
# Question openers that ask for one number (or one row of numbers), not for rows.
SCALAR_OPENERS = ("how many", "how much", "what is the", "what's the", "what was the", "what are the total",
                  "what fraction", "what percentage", "what proportion", "what share", "number of", "count of",
                  "count the", "count all", "total", "the total", "average", "the average", "overall", "compute the",
                  "calculate the", "find the total", "find the average", "give the total", "give the average",
                  "show the total", "show the average", "return the total", "return the average", "percentage",
                  "share of", "proportion of", "fraction of", "ratio of")
# Openers that ask for the rows of entities, whatever aggregate words follow.
ROW_OPENERS = ("which", "who", "list", "find all", "show all", "rank", "give each", "show each", "for every",
               "for each")

# Ordering words and the direction they ask for.
# ("oldest", "latest" are neither: their direction depends on whether the column is a date.)
HIGH_WORDS = frozenset("top most highest largest biggest greatest best longest richest heaviest busiest priciest "
                       "costliest hottest warmest wettest rainiest".split())
LOW_WORDS = frozenset("bottom least fewest lowest smallest cheapest shortest lightest poorest quietest coldest "
                      "coolest driest".split())
# A rank, and the windows that are not one, by the kind each word asks for: a running total,
# the value of the row before or after in its group's order, a moving window over the last
# rows, rows numbered in order.
RANK_WORDS = frozenset({"rank", "ranks", "ranked", "ranking"})
# How a rank numbers tied rows, said in words: "with a dense rank"; "1, 2, 3 with no shared
# numbers" numbers every row apart (ordinal); "tied countries sharing the lowest rank", "ties
# taking the highest rank number": the end of the tied run's ranks each of them gets.
ORDINAL_RANK_PHRASES = ("ordinal", "no shared", "none shared", "without shared", "no ties", "without ties",
                        "no two share", "no two rows share", "no gaps or ties")
# "with no gaps in the ranking": tied rows share a rank and the next rank follows on (dense).
DENSE_RANK_PHRASES = ("dense", "densely", "no gaps", "without gaps", "gapless", "no gap", "without skipping",
                      "no skipped")
TIE_RANK_WORDS = {**{w: "max" for w in ("highest", "largest", "biggest", "greatest", "maximum", "max")},
                  **{w: "min" for w in ("lowest", "smallest", "least", "minimum", "min")},
                  "average": "average", "mean": "average"}
WINDOW_KINDS = {"running": "cumulative", "cumulative": "cumulative", "previous": "previous", "prior": "previous",
                "preceding": "previous", "lag": "previous", "next": "next", "lead": "next", "rolling": "rolling",
                "moving": "rolling", "sequentially": "number", "consecutively": "number", "numbered": "number"}
# A running value said by where it has got to: "the rental count so far", "the best total thus far".
SO_FAR_WORDS = ("so far", "thus far")
# A moving window said as the row and the rows before it: "the sum of the current and two
# previous quantities": its aggregate, and the words for the rows before.
ROLLING_FNS = {"sum": "sum", "total": "sum", "average": "mean", "mean": "mean", "maximum": "max", "max": "max",
               "minimum": "min", "min": "min"}
ROWS_BEFORE_WORDS = ("previous", "preceding", "prior", "earlier")
# The words of a window's own column listed bare: "..., running total", "..., moving average",
# "..., days since previous".
BARE_WINDOW_WORDS = frozenset({"running", "cumulative", "rolling", "moving", "total", "sum", "average", "mean", "avg",
                               "days", "since", "previous", "prior", "last", "until", "next"})
# The row before or after said as "the one": "the amount of the one before".
ONE_BEFORE_AFTER = {"before": "previous", "after": "next", "preceding": "previous", "following": "next"}
# "the following columns" names no window, but a window question may use it.
OTHER_WINDOW_WORDS = frozenset({*WINDOW_KINDS, "following"})
# "placed by customers", "written by": a verb's agent, not a group, after a participle; these
# participles group ("broken down by region").
GROUPING_PARTICIPLES = frozenset({"grouped", "broken", "split", "segmented", "partitioned", "aggregated", "summarized",
                                  "counted",
                                  "summarised", "bucketed", "categorized", "categorised", "divided", "separated"})
IRREGULAR_PARTICIPLES = frozenset({"made", "written", "sold", "held", "run", "done", "given", "taken", "bought", "paid",
                                   "sent", "led", "taught", "built", "driven", "flown", "won", "drawn", "owned", "hosted",
                                   "shot", "seen", "known", "borrowed", "lent", "kept", "told", "brought", "caught"})
# Words that ask for a per-row window rather than collapsing rows.
WINDOW_WORDS = RANK_WORDS | OTHER_WINDOW_WORDS
# What a row's one number is called where its table holds several: "the average reading" of
# readings is the mean of their `val`, "the mean transaction" of their `amount`.
ROW_VALUE_WORDS = ("value", "amount")
# Name parts of a column of money, also ending a compound ("totalprice").
MONEY_PARTS = ("price", "cost", "total", "amount", "fee", "fare")
# Verbs of money changing hands: "customers who paid more than 150 in total" sum the amount of
# the rows that point at them.
MONEY_VERBS = frozenset({"paid", "pay", "pays", "spent", "spend", "spends", "earned", "earns", "billed", "charged",
                         "invoiced"})
# Money the rows take in, said without naming a column: "the highest total sales", "the most
# revenue": where a table holds one amount, it is that amount.
MONEY_WORDS = frozenset({"sales", "revenue", "revenues", "income", "turnover", "spend", "spending", "spent",
                         "earnings", "takings"})
# "the best-selling product", "the 3 worst-selling items": the most (True) or least of what sold.
SELLING_WORDS = {"best-selling": True, "best selling": True, "top-selling": True, "top selling": True,
                 "highest-selling": True, "worst-selling": False, "worst selling": False, "lowest-selling": False}
# Words of the quantity sold where no measure is said ("the best-selling product").
SOLD_QUANTITY_WORDS = frozenset({"quantity", "qty", "units"})
# "revenue" where no column holds it: a row's price less its discount (times the quantity of a
# unit price), as line items and order details book it.
REVENUE_WORDS = ("revenue", "revenues", "net sales")
# Measures whose rows add up ("the highest revenue" of a region is its total); a price, a rate or
# a fare of one row does not.
SUMMED_MEASURES = MONEY_WORDS | {"amount", "quantity", "qty", "units", "profit", "volume"}
# Verbs between a value and the measure its rows add up to: "Which region had (brought in) the highest revenue?"
EARNING_VERBS = ("has", "had", "have", "got", "made", "earned", "generated", "generates", "brought", "brought in",
                 "brings", "brings in", "produced")
# "Add a column with the maximum amount for each customer", "the mean fare alongside each
# flight": a group's aggregate set beside every row, not one row per group.
ADDING_COLUMN_VERBS = ("add", "append", "attach")
BESIDE_ROW_WORDS = ("alongside", "beside")
# Phrases that number rows in an order: a verb opening a sentence or a clause ("Number each
# user's sessions", "For each patient, number their visits"), or a noun anywhere ("with a row number").
NUMBERING_VERBS = ("number each", "number every", "number the", "number their", "number its", "number all")
# A listed column that is the rows' numbering: "..., session number", "..., position".
POSITION_WORDS = frozenset({"number", "position", "sequence", "seq", "index", "no"})
NUMBERING_NOUNS = ("row number", "sequence number", "sequential number")
# A part of the whole its group makes: "each line's share of its order's total".
SHARE_WORDS = ("share", "percentage", "percent", "fraction", "proportion")
# A row's value set against its group's mean: "the difference between each salary and the
# department average", "how far above its category's mean". A bare "above the average" keeps
# rows (a filter), it asks for no value.
VERSUS_WORDS = ("difference", "deviation", "minus", "compared to", "compared with", "compare", "differs from",
                "differ from", "deviates from", "deviate from",
                "relative to", "versus", "vs",
                "how far above", "how far below", "how much above", "how much below")
MEAN_WORDS = ("average", "mean")
# The group value a row is set against, by its word: "compared with its airline's average",
# "the difference from the department's median", "how far below its genre's highest".
VERSUS_AGGREGATES = {"average": "mean", "mean": "mean", "median": "median", "maximum": "max", "highest": "max",
                     "minimum": "min", "lowest": "min"}
# A group's aggregate shown beside each of its rows: "the student's average grade", "the total
# pages of its genre".
GROUP_AGGREGATE_WORDS = {"average": "mean", "mean": "mean", "total": "sum", "highest": "max", "largest": "max",
                         "maximum": "max", "lowest": "min", "smallest": "min", "minimum": "min",
                         "number of": "len", "count of": "len",
                         # "the patient's latest visit time", "the customer's earliest order date"
                         "earliest": "min", "latest": "max", "most recent": "max"}
# A previous value turned into a change ("the change from the previous reading") or into the
# days between the two dates ("days since the previous order").
CHANGE_WORDS = ("change", "difference", "increase", "decrease", "delta", "growth")
# "how much each order's freight moved from the previous order": a verb of change.
CHANGE_VERBS = ("moved", "changed", "shifted", "differed", "differs", "differ")
# "the percentage change in fare from the previous flight": a change over the value before, times 100.
PERCENT_CHANGE_WORDS = ("percentage change", "percent change", "% change", "pct change", "percentage increase",
                        "percent increase", "percentage growth", "percent growth", "growth rate",
                        "percentage difference")
# "as an absolute amount": the size of a change, its sign dropped.
ABSOLUTE_WORDS = ("absolute", "regardless of direction", "regardless of sign", "ignoring direction", "ignoring the sign")
DAYS_WORDS = ("days since", "days between", "days from", "days after", "days elapsed", "gap in days", "days until",
              "days till", "days to", "days before")
# Words before the column that orders rows tied on the first order: "(ties by loan id)",
# "ties broken by invoice id", "then by id".
TIE_WORDS = ("ties by", "ties broken by", "tie broken by", "breaking ties by", "break ties by", "ties resolved by",
             "ties go by", "tie-break by", "tiebreak by", "tie-breaker", "tiebreaker", "then by")
# Words of an order that is the order of time: "in time order", "chronologically", "by date".
TIME_ORDER_WORDS = frozenset({"time", "date", "day", "chronological", "chronologically", "when"})
# Words of an average over all rows, which no group partitions: "the company-wide average".
OVERALL_WORDS = frozenset({"overall", "global", "total", "whole", "entire", "all", "wide", "grand",
                           # "the company average": the whole the rows make up
                           "company", "organisation", "organization", "firm", "population", "dataset"})
# Words that order rows by their date, and whether the latest comes first ("the 5 oldest
# patients" are those born first, "the 3 newest accounts" those opened last).
AGE_WORDS = {"oldest": False, "earliest": False, "youngest": True, "newest": True, "latest": True,
             "most recent": True, "most recently": True, "least recent": False, "least recently": False}
# Those that pick a row ("the oldest patient"); "the latest one" in a list of aggregates is a value.
ROW_AGE_WORDS = frozenset({"oldest", "youngest", "newest", "most recent"})
# "most" before an adjective makes a superlative of it, no amount: "the most recent visit", "the
# most expensive drug", "the most common cause", "the most popular book".
MOST_ADJECTIVES = frozenset({*(w for w in (*RUN_MAX_WORDS, *AGE_WORDS, *BUSY_WORDS) if w.startswith("most ")),
                             "most common", "most frequent", "most frequently", "most often", "least common",
                             "least frequent", "least expensive"})
# What an adjective of size measures, for tables that name the quantity, not the adjective:
# "the 5 heaviest shipments" order by a weight, "the longest flights" by a length or distance,
# "the longest books" by their pages; "Which shipment weighs the most?" by a weight too.
MEASURED_BY = {"heavy": ("weight", "mass"), "light": ("weight", "mass"),
               **{verb: ("weight", "mass") for verb in ("weigh", "weighs", "weighed")}, "long": ("length", "distance", "duration", "pages"),
               "short": ("length", "distance", "duration", "pages"), "far": ("distance",), "tall": ("height",),
               "fast": ("speed",), "slow": ("speed",), "populous": ("population",),
               "expensive": ("price", "cost", "fee", "fare"), "cheap": ("price", "cost", "fee", "fare"),
               "pricy": ("price", "cost", "fee", "fare"), "costly": ("cost", "price", "fee", "fare"),
               **{verb: ("price", "cost", "fee", "fare") for verb in ("cost", "costs", "costing", "priced")},
               "old": ("age",), "young": ("age",),
               **{word: ("temperature", "temp") for word in ("cold", "warm", "hot", "cool")},
               **{word: ("rain", "rainfall", "precipitation") for word in ("wet", "rainy", "dry")}}
# ("large" and "small" are left out: the largest city is its population, the largest order its amount.)
# Words after "rounded to N": the places a number keeps ("2 decimals", "one decimal place",
# "3 dp"); "to the nearest whole number" keeps none.
DECIMAL_WORDS = ("decimal places", "decimal place", "decimals", "decimal", "dp", "places", "place", "digits")
WHOLE_WORDS = ("whole number", "integer", "unit", "one")
# Words whose one-letter code columns hold: "female patients" are sex "F".
LETTER_CODES = {"female": "f", "females": "f", "women": "f", "woman": "f", "male": "m", "males": "m", "men": "m",
                "man": "m"}
# Parts of a date column's name that date a person's birth.
BIRTH_PARTS = frozenset({"birth", "born", "dob", "birthday", "birthdate"})
# Days of the week said as a kind: "on a weekend", "on weekdays".
WEEKEND_WORDS = ("weekend", "week-end")
WEEKDAY_WORDS = ("weekday", "working day", "business day", "workday")
# The people of a country whose name their adjective does not end-strip to ("German" ->
# Germany), with the names and codes the country goes by in data.
DEMONYMS = {"german": ("germany",), "french": ("france",), "italian": ("italy",), "spanish": ("spain",),
            "portuguese": ("portugal",), "mexican": ("mexico",), "swedish": ("sweden",), "danish": ("denmark",),
            "dutch": ("netherlands", "the netherlands", "holland"), "swiss": ("switzerland",),
            "british": ("united kingdom", "uk", "great britain"), "english": ("england",), "welsh": ("wales",),
            "scottish": ("scotland",), "irish": ("ireland",), "polish": ("poland",), "finnish": ("finland",),
            "norwegian": ("norway",), "greek": ("greece",), "turkish": ("turkey", "türkiye"),
            "belgian": ("belgium",), "hungarian": ("hungary",), "peruvian": ("peru",), "moroccan": ("morocco",),
            "argentine": ("argentina",), "argentinian": ("argentina",), "thai": ("thailand",),
            "filipino": ("philippines",), "czech": ("czech republic", "czechia"), "icelandic": ("iceland",),
            "american": ("usa", "united states", "united states of america", "us"), "kiwi": ("new zealand",)}
# Compound nouns a column may be named by their first word alone: "email address" -> `email`.
COMPOUND_HEADS = {("email", "address"): ("email",), ("e-mail", "address"): ("email",), ("mail", "address"): ("email",),
                  ("phone", "number"): ("phone",), ("telephone", "number"): ("phone",),
                  ("mobile", "number"): ("mobile",), ("zip", "code"): ("zip",), ("postal", "code"): ("postcode",),
                  ("job", "title"): ("title",)}
# The ISO codes a country's name is held as in data ("users from Brazil": country "BR" or "BRA").
COUNTRY_CODES = {
    "argentina": ("ar", "arg"), "australia": ("au", "aus"), "austria": ("at", "aut"), "belgium": ("be", "bel"),
    "brazil": ("br", "bra"), "canada": ("ca", "can"), "chile": ("cl", "chl"), "china": ("cn", "chn"),
    "colombia": ("co", "col"), "czechia": ("cz", "cze"), "czech republic": ("cz", "cze"), "denmark": ("dk", "dnk"),
    "egypt": ("eg", "egy"), "finland": ("fi", "fin"), "france": ("fr", "fra"), "germany": ("de", "deu"),
    "greece": ("gr", "grc"), "hungary": ("hu", "hun"), "india": ("in", "ind"), "indonesia": ("id", "idn"),
    "ireland": ("ie", "irl"), "israel": ("il", "isr"), "italy": ("it", "ita"), "japan": ("jp", "jpn"),
    "kenya": ("ke", "ken"), "mexico": ("mx", "mex"), "morocco": ("ma", "mar"), "netherlands": ("nl", "nld"),
    "new zealand": ("nz", "nzl"), "nigeria": ("ng", "nga"), "norway": ("no", "nor"), "peru": ("pe", "per"),
    "philippines": ("ph", "phl"), "poland": ("pl", "pol"), "portugal": ("pt", "prt"), "russia": ("ru", "rus"),
    "saudi arabia": ("sa", "sau"), "singapore": ("sg", "sgp"), "south africa": ("za", "zaf"),
    "south korea": ("kr", "kor"), "korea": ("kr", "kor"), "spain": ("es", "esp"), "sweden": ("se", "swe"),
    "switzerland": ("ch", "che"), "thailand": ("th", "tha"), "turkey": ("tr", "tur"), "ukraine": ("ua", "ukr"),
    "united kingdom": ("gb", "gbr", "uk"), "great britain": ("gb", "gbr", "uk"), "united states": ("us", "usa"),
    "united states of america": ("us", "usa"), "vietnam": ("vn", "vnm"),
}
# Words that match part of a text ("names starting with B", "URLs containing /checkout"), by
# the Polars string method each asks for.
STRING_MATCHES = {
    "starts_with": ("start with", "starts with", "starting with", "begin with", "begins with", "beginning with"),
    "ends_with": ("end with", "ends with", "ending with", "end in", "ends in", "ending in"),
    "contains": ("contain", "contains", "containing", "include", "includes"),
}
# Words between such a verb and the text: "containing the word Night".
PATTERN_NOUNS = ("the word", "the letter", "the letters", "the text", "the string", "the prefix", "the suffix",
                 "the characters", "the code")
# Words before "of" that name no column of the rows after it: "the number of orders", "a list
# of customers", "the share of returns".
NOT_A_COLUMN = frozenset({"list", "number", "count", "percentage", "percent", "share", "ratio", "proportion", "fraction",
                          "total", "sum", "average", "mean", "rest", "all", "each", "one", "some", "most", "none", "any",
                          "rank", "ranking", "top", "bottom", "first", "last", "set", "table", "details", "rows",
                          "records"})
# Words that say which end of a time order comes first ("earliest first").
EARLY_WORDS = frozenset({"earliest", "soonest"})
LATE_WORDS = frozenset({"latest", "newest", "recent"})
# The first word of "from highest to lowest", "from high to low", "from oldest to newest": the
# end an order starts at.
HIGH_END_WORDS = HIGH_WORDS | LATE_WORDS | {"high", "large", "big", "great"}
LOW_END_WORDS = LOW_WORDS | EARLY_WORDS | {"low", "small", "oldest"}
# Rows of one table kept by whether another has a row for them: "customers who never
# ordered" (anti), "with at least one delay" (semi).
# A flag of being in use ("is_active", "enabled") said as the state of a switch: "switched
# off" devices are the inactive ones, "turned on" accounts the active ones.
IN_USE_FLAGS = frozenset({"active", "enabled", "online", "on"})
SWITCHED_ON = ("switched on", "turned on", "powered on", "online", "enabled")
SWITCHED_OFF = ("switched off", "turned off", "powered off", "shut down", "offline", "disabled", "deactivated")
# Words that keep the rows with no row of another table: "warehouses that shipped nothing in 2024".
ANTI_WORDS = ("never", "without", "no", "not any", "zero", "no one", "nobody", "none of", "nothing")
# Words before a value that its rows must not hold: "not in Paris", "other than cancelled".
VALUE_NEGATIONS = ("not", "other than", "except", "except for", "excluding", "apart from", "besides", "but not",
                   "outside", "ignoring", "leaving out", "omitting")
# Verbs that keep rows out of the answer, opening the clause that describes them: "Skip
# accounts with no balance", "excluding patients without a phone" keep the set ones.
EXCLUDING_VERBS = ("skip", "skipping", "exclude", "excluding", "ignore", "ignoring", "leave out", "leaving out", "omit",
                   "omitting", "drop", "dropping", "remove", "removing", "filter out", "filtering out", "disregard",
                   "disregarding", "not counting", "except", "except for", "apart from")
# Verbs that open a clause keeping only some rows or groups: "..., keeping only directors whose
# average rating is above 7.5" (which rows, no item of a list).
KEEPING_VERBS = ("keeping only", "keep only", "only keeping", "retaining only", "retain only", "keeping just",
                 "restricted to", "limited to")
# Words that open what the rows asked for do or have: "customers who have cards".
# Words whose "'s" is "is" or "us", no owner's: "What's the plan of user 17?", "Let's see ...".
NOT_POSSESSIVE = ("what", "who", "where", "when", "how", "that", "it", "there", "here", "let")
RELATIVE_WORDS = ("who", "that", "which", "with", "having", "whose")
# Words that end a noun phrase and open what is said of it: "each doctor's specialty for ...".
CLAUSE_WORDS = ("for", "in", "of", "from", "where", "and")
# Nouns of the time a row's event took, said in days where no column holds it: "delivery time
# in days", "the turnaround in days" -> the days between the row's two dates.
ELAPSED_NOUNS = frozenset({"time", "duration", "turnaround", "wait", "lead"})
# Verbs that keep a number's whole part: "unit price cut to whole units".
TRUNCATING_VERBS = ("cut", "truncated", "chopped", "cut down", "rounded down")
# Verbs that open a band's words: "Label each order's freight as low (under 10) or high".
BANDING_VERBS = ("label", "classify", "categorize", "categorise", "bucket", "grade", "tag")
# Words of an upper bound said in a band's parentheses: "low (under 10)".
BAND_BOUNDS = {"under": "<", "below": "<", "less than": "<", "up to": "<=", "at most": "<="}
# Words after columns that take them out of the rows: "the comment left out", "notes dropped".
LEFT_OUT_WORDS = ("left out", "leaving out", "omitted", "dropped", "removed", "excluded")
# Words that ask for a whole table beside its noun: "Show all the records of customers".
WHOLE_TABLE_WORDS = frozenset({"all", "every", "table", "rows", "records", "entries", "data", "everything", "entire",
                               "whole", "contents", "columns", "details"})
# Words after a table's noun that name its rows: "each salary record", "every payment entry".
ROW_WORDS = ("record", "records", "entry", "entries", "row", "rows")
# Words that name any table's rows, alone or after words of its name: "for each row", "each
# invoice line" (a line of a table of lines, `invoice_items`).
ROW_NOUNS = frozenset({"row", "record", "entry", "line"})
# Words a plural noun for a table's rows follows: "How many employees ...", "Names of employees
# ...", "List the 3 newest hires": where one table's name is no word of the question (`df`,
# `staff`), that noun is the table's (link.row_alias).
ROW_NOUN_OPENERS = frozenset({"many", "all", "the", "of", "list", "show", "count", "find", "give", "which", "what",
                              "top", "any", "those", "these", "our", "are", "were", "first", "last", "every", "most",
                              "fewest", "least"})
# Plurals that are no rows' noun in that place: "List the values ...", "Count the days ...".
NOT_ROW_NOUNS = frozenset({"values", "numbers", "names", "details", "results", "columns", "fields", "ones",
                           "things", "kinds", "types"})
# Words after a table's noun that name one of the people it lists: "the staff member's name",
# "each crew member".
MEMBER_WORDS = ("member", "members")
# Words that turn a later "any" into an absence: "students not enrolled in any course".
NEGATIONS = ("not", "never", "nowhere", "cannot")
# ... and those with one: "members who borrowed anything" (or, negated, "have not borrowed anything").
SEMI_WORDS = ("at least one", "at least 1", "at least a", "at least an", "at least once", "any", "some", "anything",
              "something")
# Comparatives: words of a comparison ("more than 5 rentals", "fewer than 3"), never the start
# of a value's name ("more" is no Moreau).
COMPARATIVES = frozenset({"more", "less", "fewer", "greater", "higher", "lower", "larger", "smaller", "longer",
                          "shorter", "later", "earlier", "older", "younger", "bigger", "than"})
# Words before a column a row lacks: "no email", "without a phone", "missing a date".
ABSENT_WORDS = ("no", "without", "missing", "unknown")
# Words that keep the groups with no rows, at zero: "including suppliers with none", "counting 0
# for those without any", "even authors that have no books".
KEEP_EMPTY_OPENERS = ("including", "include", "includes", "even", "keeping", "counting 0 for", "counting zero for",
                      "showing 0 for", "showing zero for", "with 0 for", "with zero for", "0 for", "zero for")
EMPTY_WORDS = ("with none", "with no", "with zero", "without", "that have none", "that have no", "who have none",
               "who have no", "having none", "having no")
# Words before a column a row has a value in: "loans with a fine", "patients who have a phone".
# Name parts of a column whose values are kinds of rows: the plural of a value names its rows
# ("Total fees" of TXN_TYPE FEE).
KIND_PARTS = frozenset({"type", "kind", "category", "class", "mode", "method", "channel", "genre"})
# Nouns for many rows that no plural "s" marks: "What percentage of staff are remote?".
COLLECTIVE_NOUNS = ("staff", "people", "personnel", "crew", "faculty", "workforce")
PRESENT_WORDS = ("with", "have", "has", "having", "receive", "receives", "received", "get", "gets", "got", "used", "uses",
                 "use", "using")
# Prepositions that join a verb to the value it is said with: "shipped to Germany", "shipped by AIR".
VERB_OBJECT_WORDS = ("to", "by", "via")
# Words after a text to match that say its letters' case does not matter.
ANY_CASE_WORDS = ("in any letter case", "in any case", "ignoring case", "ignoring the case", "regardless of case",
                  "whatever the case", "case-insensitive", "case insensitive", "case-insensitively",
                  "case insensitively", "in upper or lower case")
# Nouns of a piece of a text: "(the text after 'Brand#')".
TEXT_PART_NOUNS = ("text", "part", "rest", "characters", "string", "digits", "number")
# Nouns of what a thing is called: "the composer's name" is the text of `composer` itself.
LABEL_NOUNS = ("name", "title")
# Adjectives between "with a" and a column that say only that it holds a value: "with a known district".
VALUE_SET_WORDS = ("known", "recorded", "listed", "registered")
# Words after "no" that make it a comparison or a count, not an absence: "no more than 3".
NOT_ABSENCE = frozenset({"more", "less", "fewer", "later", "earlier", "longer", "greater", "higher", "lower", "than",
                         "one", "other"})
# Words that compare a column of a row with another of its columns ("returned after the due
# date", "a fare above its ceiling"), and the comparison each asks for.
COLUMN_COMPARISONS = {"after": ">", "later than": ">", "past": ">", "beyond": ">", "before": "<", "earlier than": "<",
                      "sooner than": "<", "prior to": "<", "above": ">", "exceeding": ">", "exceeds": ">",
                      "more than": ">", "greater than": ">", "higher than": ">", "larger than": ">", "below": "<",
                      "less than": "<", "lower than": "<", "smaller than": "<"}
# Words after the rows a percentage is of that say what the counted ones have: "What
# percentage of shipments have Express priority?", "share of salary changes with reason X".
HAVING_WORDS = frozenset({"have", "has", "had", "with", "having", "hold", "holds", "carry", "carries", "receive",
                          "receives", "received", "get", "gets", "got"})
# Words before a value that says where rows are from: "sessions from mobile devices", "courses at
# the Advanced level", "customers in Germany".
PLACE_WORDS = frozenset({"from", "at", "in", "on", "via", "through"})
# Adverbs that say how or when a row's event happened, part of what a share counts: "the
# percentage of line items delivered late" -> pct_delivered_late.
MANNER_ADVERBS = frozenset({"late", "early", "overdue", "online", "offline", "abroad", "twice", "again"})
# An event dated after the date its row was due by: "came back late", "paid late", "overdue".
LATE_EVENT_WORDS = ("late", "overdue", "past due", "past the deadline")
# Words of rows still going on ("active subscriptions", "the current salary"): their end date is
# unset, where no flag says so; and the parts of a date column's name that make it an end date.
ONGOING_WORDS = frozenset({"active", "current", "ongoing", "open", "running"})
# Words before a state said of the rows asked for: "subscriptions that are still running".
STATE_VERBS = frozenset({"still", "is", "are", "remain", "remains"})
END_PARTS = frozenset({"end", "ended", "ends", "ending", "to", "until", "close", "closed", "closing", "expiry"})
# Parts of a date column's name that make it the date a row is due by.
DUE_PARTS = frozenset({"due", "required", "deadline", "expected", "promised", "scheduled", "planned", "target"})
# Words between a column's words and a comparison that name no column ("came back late").
COMPARISON_FILLERS = frozenset({"is", "was", "were", "are", "be", "been", "being", "got", "came", "come", "back",
                                "in", "on", "that", "which", "who", "ones", "it", "they", "its", "their", "the"})
# Verbs after "Which <values>" that ask which values there are ("Which aircraft models appear
# in the fleet?", "What countries do customers come from?").
VALUES_ASKED_VERBS = ("appear", "appears", "exist", "exists", "occur", "occurs", "are", "were", "is", "was", "do",
                      "does", "did", "have", "has", "had", "can", "come", "comes", "show", "shows")
# Nouns after a column's words that name its values, not another column ("membership types"
# of `membership`), where the words with them name none.
VALUE_NOUNS = frozenset({"type", "types", "kind", "kinds", "value", "values", "category", "categories", "option",
                         "options"})
# Words that ask for distinct rows.
DISTINCT_WORDS = frozenset({"distinct", "unique", "different", "combinations", "combination"})
# Words that ask for a computed column ("price times quantity", "full name", "in capitals").
# "Calculate" and "compute" are not among them: "Calculate the total X per Y" asks for an
# aggregate; a computed column is said by what computes it.
DERIVED_WORDS = frozenset({"times", "minus", "plus", "divided", "multiplied", "difference", "full", "concatenated",
                           "derive", "derived", "label", "labelled",
                           "flag", "flagged", "classify", "uppercase", "lowercase", "capitals", "length", "elapsed",
                           "uppercased", "lowercased", "upper-cased", "lower-cased", "cased",
                           "with_columns"})
# Words that say how rows are ordered, never a code they begin ("ordered by date" is no ORD).
SORT_WORDS = frozenset({"sort", "sorted", "sorting", "order", "ordered", "ordering", "rank", "ranked", "ranking"})
# Words that ask for an order (or a limit); a question with none of them leaves rows unordered.
ORDER_CUES = frozenset({"sort", "sorted", "order", "ordered", "ordering", "rank", "ranked", "top", "bottom", "first",
                        "last", "ascending", "descending", "alphabetical", "alphabetically", "highest", "lowest",
                        "most", "least", "largest", "smallest", "biggest", "greatest", "fewest", "best", "worst",
                        "cheapest", "priciest", "earliest", "latest", "oldest", "newest", "youngest", "longest",
                        "shortest", "heaviest", "lightest", "busiest", "quietest", "leading", "limit"})
# Group words that name a period of a date: the date part each groups by. "month" is the
# month of the year where the question keeps to one year, else the year and month.
PERIOD_WORDS = {"year": "year", "years": "year", "yearly": "year", "annual": "year", "annually": "year",
                "quarter": "quarter", "quarters": "quarter", "quarterly": "quarter", "month": "year_month",
                "months": "year_month", "monthly": "year_month", "weekday": "weekday", "hour": "hour",
                "hourly": "hour", "day": "date", "days": "date", "daily": "date"}
# Words that say a month is of the year, whatever the year: "per month across all years".
MONTH_OF_ANY_YEAR = ("across all years", "across years", "across the years", "all years together", "all years combined",
                     "regardless of the year", "regardless of year", "whatever the year", "ignoring the year",
                     "in any year", "of the year")
# Words before a period that say nothing more of it: "per calendar day" is per day.
PERIOD_MODIFIERS = frozenset({"calendar"})
# Adverbs and adjectives of a period that group by it on their own ("monthly reading count"),
# and the period each names.
PERIOD_ADVERBS = {"yearly": "year", "annual": "year", "annually": "year", "quarterly": "quarter",
                  "monthly": "month", "hourly": "hour", "daily": "day"}
# Words that compare a value with an average ("priced above the average price", "more readings
# than the average device"), and the comparison each asks for.
ABOVE_WORDS = ("above", "more than", "greater than", "higher than", "larger than", "bigger than", "over",
               "exceeding", "exceeds", "exceed")
BELOW_WORDS = ("below", "less than", "lower than", "smaller than", "fewer than", "under")
# "at least twice the average", "at most the average": the bound included.
AT_LEAST_WORDS = ("at least", "no less than", "not less than")
AT_MOST_WORDS = ("at most", "no more than", "not more than")
# Comparatives before the measure they compare: "a higher population than the average".
HIGHER_WORDS = ("higher", "greater", "larger", "bigger")
LOWER_WORDS = ("lower", "smaller")
# Comparatives that compare by what their adjective measures ("tracks longer than the average
# of their album", "products cheaper than the average price of their category").
MEASURED_ABOVE_WORDS = ("longer than", "heavier than", "more expensive than", "pricier than", "costlier than")
MEASURED_BELOW_WORDS = ("shorter than", "lighter than", "cheaper than", "less expensive than")
# Multiples of the average compared with: "more than twice the average".
MULTIPLES = {"twice": 2, "double": 2, "half": 0.5, "thrice": 3}
# Words between two operands that name an arithmetic operation, and the operator each is:
# "dose times days", "the fee divided by 12". "per" joins two measures as a quotient too
# ("cost per kg"), but a measure per entity is a group.
ARITHMETIC_WORDS = {("times", "multiplied by"): "*", ("divided by",): "/", ("plus",): "+", ("minus",): "-"}
# Aggregate words that may end a measure's noun, after another aggregate's words ("the average
# invoice total"), as (opener words,) tuples.
NOUN_AGGREGATES = (("total",), ("totals",))
# A participle of buying that is an ordering word too ("quantity ordered per category" vs
# "ordered by date"), and the group openers after it that make it the buying one.
BOUGHT_PARTICIPLES = ("ordered",)
BOUGHT_FOLLOWERS = ("per", "for", "within", "across")
# Words before a number of rows ranked: "top 3 artists by revenue".
TOP_WORDS = ("top", "bottom", "best", "worst")
# Money taken, said with no column: a line's quantity times its price ("total sales per country").
TAKINGS_WORDS = ("sales", "revenue", "spend", "spending", "takings", "turnover")
# ("units" only as a whole name: `units_in_stock` is a stock, not what a line sold)
QUANTITY_PARTS = ("quantity", "qty")
QUANTITY_NAMES = ("units",)
AMOUNT_NAMES = ("amount",)
PRICE_PARTS = ("price",)
# Words that say a name is a formula, as "=" does: "where revenue is extended price times (1 - discount)".
DEFINING_VERBS = ("is", "are", "means", "equals", "equal to", "equalling", "which is", "which equals", "is defined as", "defined as", "is computed as", "computed as",
                  "is calculated as", "calculated as", "being", "i.e.", "ie", "that is", "meaning", "worked out as",
                  "given by", "found as")
# Words that open a group inside the phrase a formula in parentheses follows: "revenue per
# category (...)" names `revenue`.
GROUP_CUT_WORDS = ("per", "for each", "for every", "by each", "by")
# Words after which a formula in parentheses stands as a column would, its own name unsaid:
# "the running total of (quantity * unit_price)", "ranked by (price - cost)".
FORMULA_OPERAND_WORDS = ("of", "by")
# The word each operator is said by, naming a formula no words name ("quantity_times_unit_price").
OPERATOR_WORDS = {"*": "times", "/": "per", "+": "plus", "-": "minus"}
# An aggregate said as a formula's operand, of its one column: "(unit_price - mean) / std".
ROW_AGGREGATE_WORDS = {"mean": "mean", "avg": "mean", "average": "mean", "std": "std", "stddev": "std", "sd": "std",
                       "standard deviation": "std", "median": "median", "min": "min", "max": "max",
                       "minimum": "min", "maximum": "max"}
# Words after a named computation that say what it is made of, to the end of the sentence:
# "full name, made of the first name, a space and the last name".
MADE_OF_WORDS = ("made of", "made up of", "built from", "formed from", "formed by", "composed of", "consisting of",
                 "combining", "joining", "put together from", "i.e.", "that is")
# Words before a definition said with such a verb: "..., where revenue is ...".
DEFINITION_OPENERS = ("where", "with", "taking", "given")
# Words that open a definition's phrase besides a list's openers: "compute revenue (...)".
DERIVE_OPENERS = ("compute", "computing", "calculate", "calculating", "add", "adding", "derive", "get")
# An aggregate a written formula opens with ("(sum of bytes / 1e9)"), and the word the rest
# of the question reads it by.
FORMULA_AGGREGATES = {"sum": "total", "total": "total", "average": "average", "mean": "average", "avg": "average"}
# Words that ask for a share of rows: "percentage of flights cancelled", "share of ...".
RATIO_WORDS = ("percentage", "percent", "proportion", "fraction", "share", "ratio", "rate")
# Words for a measure's whole, a share of which is asked ("percentage of the total cost"), and
# the verbs that say which rows the share comes from ("comes from delayed shipments").
TOTAL_WORDS = ("total", "overall", "combined", "entire")
SHARE_SOURCE_VERBS = ("comes", "come", "came", "is", "was", "are", "were", "from", "in", "of", "held", "made",
                      "paid", "spent", "goes", "went", "belongs", "belong", "due", "that", "which", "for", "by")
# An event's noun before "rate" (or "percentage", "share") says the state its rows are in: "the
# cancellation rate" is the share of rows cancelled, "completion percentage" of those completed.
RATE_EVENTS = {"cancellation": "cancelled", "completion": "completed", "delivery": "delivered",
               "withdrawal": "withdrawn", "termination": "terminated", "verification": "verified",
               "return": "returned", "closure": "closed", "suspension": "suspended",
               "renewal": "renewed", "refund": "refunded", "approval": "approved", "rejection": "rejected",
               "failure": "failed", "delay": "delayed", "default": "defaulted", "conversion": "converted",
               "activation": "active", "attendance": "attended"}
# Words that ask for a true/false column of each row: "loan id and whether it was returned late".
FLAG_WORDS = ("whether",)
# Small verbs of a flag's clause, left out of its name ("whether the shipment was delayed" -> delayed).
FLAG_AUXILIARIES = frozenset({"is", "was", "are", "were", "has", "have", "had", "been", "be", "it", "they", "its",
                              "their", "the", "a", "an"})
# Words that open an aggregate said as one side of a quotient ("total fare divided by total
# distance", "the ratio of total fees to the number of courses").
QUOTIENT_AGGREGATES = ("total", "sum of", "average", "mean", "number of", "count of")
# Words between two aggregates that divide the first by the second.
QUOTIENT_WORDS = ("divided by", "over")
# "in capitals", "in lowercase": the case a text column is put in.
CASE_WORDS = {"capitals": "upper", "capital letters": "upper", "uppercase": "upper", "upper case": "upper",
              "caps": "upper", "lowercase": "lower", "lower case": "lower", "small letters": "lower"}
# "the length of the title", "the number of characters in the e-mail": a text's length.
LENGTH_WORDS = ("length", "number of characters", "character count", "count of characters", "number of letters",
                "letter count", "count of letters")
# "the year of the hire date": the date part each word names.
DATE_PART_OF = {"year": "year", "quarter": "quarter", "month": "month", "weekday": "weekday",
                "day of the week": "weekday", "hour": "hour"}
# A unit and the measure a column in it holds: "fare per kilometre" divides by the distance.
UNIT_MEASURES = {"km": "distance", "kilometre": "distance", "kilometer": "distance", "mile": "distance",
                 "metre": "distance", "meter": "distance", "kg": "weight", "kilo": "weight", "kilogram": "weight",
                 "pound": "weight", "lb": "weight", "gram": "weight", "hour": "hours", "minute": "minutes",
                 "night": "nights", "seat": "seats", "page": "pages"}
# Units a measure is said in, each as what it measures and its size in that measure's base
# unit: "the duration in minutes" of `durationSec` divides by 60; "in thousands" scales a number
# of no unit.
UNIT_SCALES = {
    **{word: ("time", size) for word, size in TIME_UNITS.items()},
    **{word: ("length", 1) for word in ("m", "metre", "metres", "meter", "meters")},
    **{word: ("length", 0.01) for word in ("cm", "centimetre", "centimetres", "centimeter", "centimeters")},
    **{word: ("length", 0.001) for word in ("mm", "millimetre", "millimetres", "millimeter", "millimeters")},
    **{word: ("length", 0.3048) for word in ("ft", "foot", "feet")},
    **{word: ("length", 0.0254) for word in ("inch", "inches")},
    **{word: ("length", 1000) for word in ("km", "kms", "kilometre", "kilometres", "kilometer", "kilometers")},
    **{word: ("length", 1609.344) for word in ("mi", "mile", "miles")},
    **{word: ("weight", 0.001) for word in ("mg", "milligram", "milligrams")},
    **{word: ("weight", 1) for word in ("g", "gram", "grams")},
    **{word: ("weight", 1000) for word in ("kg", "kgs", "kilo", "kilos", "kilogram", "kilograms")},
    **{word: ("weight", 1000000) for word in ("tonne", "tonnes", "ton", "tons")},
    **{word: ("weight", 453.59237) for word in ("lb", "lbs", "pound", "pounds")},
    "cents": ("number", 0.01), "hundreds": ("number", 100), "thousands": ("number", 1000),
    "millions": ("number", 1000000), "billions": ("number", 1000000000),
}
# Words between a measure and the unit it is said in: "the duration in minutes", "the delay
# converted to hours".
UNIT_CONNECTORS = ("in", "into", "converted to", "converted into", "converted in", "expressed in")
# A temperature said in Fahrenheit, of a column in Celsius.
FAHRENHEIT = ("fahrenheit", "degrees fahrenheit", "°f")
# Words before a percentage that raise or lower a value by it: "the fee with 8% VAT added",
# "price less 10%", "the price after a 5% discount".
PERCENT_UP_WORDS = ("with", "plus", "including", "inclusive of", "after", "increased by", "raised by",
                    "marked up by")
PERCENT_DOWN_WORDS = ("minus", "less", "decreased by", "reduced by", "discounted by", "cut by")
# Words after a percentage that take it off the value whatever word comes before it ("with a
# 10% discount", "after 15% off").
PERCENT_OFF_WORDS = frozenset({"discount", "discounted", "off", "reduction", "markdown", "rebate", "cut"})
# Small words inside the words of one column ("units in stock", "cost of goods"); others
# ("and", "as") end an operand.
NAME_LINKS = frozenset({"in", "of", "on", "at", "to", "per"})
# Words that name the role of a pointer by another word than the column's: a flight "departing"
# from an airport points at it as its origin, one "arriving" there as its destination.
ROLE_WORDS = {"depart": "origin", "departs": "origin", "departing": "origin", "departed": "origin",
              "departures": "origin", "leaving": "origin", "outbound": "origin", "arrive": "destination",
              "arrives": "destination", "arriving": "destination", "arrived": "destination",
              "arrivals": "destination", "land": "destination", "lands": "destination", "landed": "destination",
              "landing": "destination", "inbound": "destination"}
# Words that open a noun phrase before what it names: "with the name of their manager".
DETERMINERS = frozenset({"the", "a", "an", "their", "its", "his", "her", "each", "every"})
# Words for a row's relation to another row of its own table: a column they name (`e_mgr_id`,
# `parent_id`) points back at the table itself ("staff and the name of their manager").
RELATION_WORDS = frozenset({"manager", "supervisor", "boss", "parent", "referrer", "mentor", "sponsor", "predecessor",
                            "successor", "partner", "spouse", "reports"})
