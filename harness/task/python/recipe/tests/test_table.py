import unittest

import pandas as pd

from recipe_prepare.table import RecipeError, derive_inputs, derive_target, select_rows, source_columns
from tests.helpers import recipe


class DeriveTarget(unittest.TestCase):
    def test_threshold_labels_every_known_value_and_leaves_missing_empty(self):
        frame = pd.DataFrame({"affairs": ["0", "3", "", "12", "0"], "x": ["1", "2", "3", "4", "5"]})
        r = recipe(target={"source": "affairs", "name": "any_affair", "derive": {"kind": "threshold", "op": ">", "value": 0, "labels": ["no", "yes"]}})
        out = derive_target(frame, r, "t.csv")
        self.assertEqual(list(out["any_affair"]), ["no", "yes", "", "yes", "no"])

    def test_threshold_on_a_non_numeric_value_names_the_column(self):
        frame = pd.DataFrame({"delay": ["5", "late"]})
        r = recipe(target={"source": "delay", "name": "late", "derive": {"kind": "threshold", "op": ">=", "value": 15, "labels": ["on time", "late"]}})
        with self.assertRaisesRegex(RecipeError, "t.csv: column delay has non-numeric values such as 'late'"):
            derive_target(frame, r, "t.csv")

    def test_share_of_a_binomial_outcome(self):
        frame = pd.DataFrame({"dead": ["1", "0", "3"], "alive": ["3", "0", "1"]})
        r = recipe(inputs=["x"], target={"source": "dead", "name": "death_rate", "derive": {"kind": "share", "failures": "alive"}})
        out = derive_target(frame, r, "t.csv")
        self.assertEqual(list(out["death_rate"]), ["0.25", "", "0.75"])

    def test_rate_per_exposure_leaves_out_rows_without_one(self):
        # Fatalities, Alabama 1982 and 1983 (AER): fatal / pop * 10000 is Stock & Watson's fatality rate.
        frame = pd.DataFrame({"fatal": ["839", "930", "5", "7"], "pop": ["3942002.25", "3960008.0", "0", ""]})
        r = recipe(inputs=["x"], target={"source": "fatal", "name": "frate", "derive": {"kind": "rate", "exposure": "pop", "per": 10000}})
        self.assertEqual(source_columns(r)[-1], "pop")
        out = derive_target(frame, r, "t.csv")
        self.assertEqual(list(out["frate"]), ["2.128360023", "2.348480104", "", ""])

    def test_event_by_a_horizon_leaves_out_rows_censored_before_it(self):
        # lung-style coding: status 2 = dead, 1 = censored.
        frame = pd.DataFrame({"time": ["100", "400", "200", "800", "", "300"], "status": ["2", "2", "1", "1", "2", "2"]})
        r = recipe(inputs=["x"], target={"source": "time", "name": "dead_by_365", "derive": {"kind": "event_by", "status": "status", "event": "2", "horizon": 365, "labels": ["no", "yes"]}})
        out = derive_target(frame, r, "t.csv")
        self.assertEqual(list(out["dead_by_365"]), ["yes", "no", "", "no", "", "yes"])

    def test_event_by_a_horizon_of_the_span_between_two_dates(self):
        # Epi's steno2: entry doBase, exit doEnd, status = !is.na(doDth): the time is doEnd − doBase in days.
        frame = pd.DataFrame({
            "doBase": ["1993-04-30", "1993-06-08", "1993-05-17", "1993-05-04", "1993-05-04"],
            "doEnd": ["1994-04-30", "2014-08-04", "1993-09-01", "1993-05-10", "1993-05-01"],
            "doDth": ["1994-05-02", "", "", "1993-05-10", "1993-05-01"],
        })
        r = recipe(inputs=["x"], target={"source": "doEnd", "name": "death_by_365", "derive": {"kind": "event_by", "status": "doDth", "entry": "doBase", "horizon": 365, "labels": ["no", "yes"]}})
        self.assertEqual(source_columns(r)[-2:], ["doDth", "doBase"])
        out = derive_target(frame, r, "t.csv")
        # 365 days to a death: yes; 21 years alive: no; censored alive after 107 days: unknown;
        # dead after 6 days: yes; an exit before the entry is no time at all: unknown.
        self.assertEqual(list(out["death_by_365"]), ["yes", "no", "", "yes", ""])

    def test_event_by_a_horizon_of_the_span_between_two_ages_with_a_status_code(self):
        # KMsurv channing: ageentry and age (of death or leaving the home), months; death 1 = dead.
        frame = pd.DataFrame({"ageentry": ["1042", "921", "885", "900.5"], "age": ["1172", "940", "1003", "901"], "death": ["1", "1", "0", "1"]})
        r = recipe(inputs=["x"], target={"source": "age", "name": "death_by_60", "derive": {"kind": "event_by", "status": "death", "event": "1", "entry": "ageentry", "horizon": 60, "labels": ["no", "yes"]}})
        self.assertEqual(list(derive_target(frame, r, "t.csv")["death_by_60"]), ["no", "yes", "no", "yes"])

    def test_event_by_dates_that_are_no_dates_name_the_column(self):
        frame = pd.DataFrame({"entry": ["1993-04-30"], "exit": ["soon"], "dead": [""]})
        r = recipe(inputs=["x"], target={"source": "exit", "name": "t", "derive": {"kind": "event_by", "status": "dead", "entry": "entry", "horizon": 1, "labels": ["no", "yes"]}})
        with self.assertRaisesRegex(RecipeError, "t.csv: column exit has values that are neither numbers nor dates such as 'soon'"):
            derive_target(frame, r, "t.csv")

    def test_compare_two_scores_gives_the_match_result(self):
        frame = pd.DataFrame({"home_score": ["2", "0", "1", "", "3"], "away_score": ["1", "0", "4", "2", "3"]})
        r = recipe(inputs=["x"], target={"source": "home_score", "name": "result", "derive": {"kind": "compare", "other": "away_score", "labels": ["away", "draw", "home"]}})
        out = derive_target(frame, r, "t.csv")
        self.assertEqual(list(out["result"]), ["home", "draw", "away", "", "draw"])


class SelectRows(unittest.TestCase):
    def test_drops_missing_targets_unknown_classes_and_duplicates(self):
        frame = pd.DataFrame({"x": ["1", "1", "2", "3", "4"], "y": ["a", "a", "NA", "b", "rare"]})
        out = select_rows(frame, recipe(inputs=["x"], classes=["a", "b"], submission="labels"))
        self.assertEqual(out.to_dict("list"), {"x": ["1", "3"], "y": ["a", "b"]})

    def test_keeps_every_repeat_where_the_recipe_says_alike_rows_are_different_units(self):
        frame = pd.DataFrame({"x": ["1", "1", "2", "3"], "y": ["a", "a", "NA", "b"]})
        out = select_rows(frame, recipe(inputs=["x"], classes=["a", "b"], submission="labels", dropRepeats=False))
        self.assertEqual(out.to_dict("list"), {"x": ["1", "1", "3"], "y": ["a", "a", "b"]})

    def test_a_numeric_target_keeps_numbers_only(self):
        frame = pd.DataFrame({"x": ["1", "2", "3"], "y": ["1.5", "n/a", "2"]})
        self.assertEqual(list(select_rows(frame, recipe(inputs=["x"]))["y"]), ["1.5", "2"])


class SourceColumns(unittest.TestCase):
    def test_reads_inputs_target_and_the_columns_the_split_and_lags_need(self):
        r = recipe(inputs=["x"], split={"kind": "temporal", "column": "year"}, lags={"lags": [3], "seriesColumn": "g"})
        self.assertEqual(source_columns(r), ["x", "y", "year", "g"])


if __name__ == "__main__":
    unittest.main()


class DeriveInputs(unittest.TestCase):
    def test_age_at_entry_from_a_birth_date_and_an_entry_date_in_years(self):
        # Epi's thoro: birthdat and injecdat are dates; 365.25 days a year.
        frame = pd.DataFrame({"birthdat": ["1900-01-01", "1921-06-15", "", "1910-03-01"], "injecdat": ["1940-01-01", "1947-12-15", "1945-02-02", "bad"]})
        r = recipe(inputs=["x"], derivedInputs=[{"name": "age_at_injecdat", "kind": "span", "from": "birthdat", "to": "injecdat", "per": 365.25}])
        self.assertEqual(source_columns(r)[2:], ["birthdat", "injecdat"])
        with self.assertRaisesRegex(RecipeError, "t.csv: column injecdat has values that are neither numbers nor dates such as 'bad'"):
            derive_inputs(frame, r, "t.csv")
        out = derive_inputs(frame.iloc[:3], r, "t.csv")
        # 14,609 days (1900 was no leap year) are 39.997 years; 9,679 days 26.5; a missing birth date leaves the age unknown.
        self.assertEqual(list(out["age_at_injecdat"]), ["39.99726215", "26.49965777", ""])
        self.assertEqual(list(out["birthdat"]), list(frame["birthdat"].iloc[:3]))

    def test_a_span_of_two_numbers_is_their_difference_over_per(self):
        frame = pd.DataFrame({"born": ["1950", "1961.5"], "entered": ["1990", "1990"]})
        r = recipe(inputs=["x"], derivedInputs=[{"name": "age", "kind": "span", "from": "born", "to": "entered", "per": 1}])
        self.assertEqual(list(derive_inputs(frame, r, "t.csv")["age"]), ["40", "28.5"])
