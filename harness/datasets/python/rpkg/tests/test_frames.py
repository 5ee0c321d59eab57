import unittest

import pandas as pd

from rpkg.catalog import _newlines
from rpkg.frames import NotATable, UnsupportedColumn, to_table
from rpkg.serialize import NA_INTEGER, parse_serialized

from . import rwrite as w


def table(obj):
    return to_table(parse_serialized(w.serialization(obj), "test"))


class FramesTest(unittest.TestCase):
    def test_factor_date_datetime_and_logical_columns(self):
        frame = w.data_frame(
            [
                ("f", w.integers([2, 1, NA_INTEGER], [("levels", w.strings(["lo", "hi"])), ("class", w.strings(["factor"]))])),
                ("o", w.integers([1, 2, 1], [("levels", w.strings(["low", "high"])), ("class", w.strings(["ordered", "factor"]))])),
                ("d", w.doubles([0.0, 365.0, float("nan")], [("class", w.strings(["Date"]))])),
                ("t", w.doubles([0.0, 90.0, 3600.5], [("class", w.strings(["POSIXct", "POSIXt"])), ("tzone", w.strings(["UTC"]))])),
                ("b", w.logicals([1, 0, NA_INTEGER])),
            ],
            3,
        )
        t = table(frame)
        self.assertEqual([c.kind for c in t.columns], ["factor", "ordered", "date", "datetime", "logical"])
        self.assertEqual(list(t.frame["f"].astype(object).where(t.frame["f"].notna(), None)), ["hi", "lo", None])
        self.assertEqual(t.columns[1].levels, ["low", "high"])
        self.assertEqual(list(t.frame["d"])[:2], ["1970-01-01", "1971-01-01"])
        self.assertEqual(list(t.frame["t"]), ["1970-01-01T00:00:00Z", "1970-01-01T00:01:30Z", "1970-01-01T01:00:00.500Z"])
        self.assertEqual(list(t.frame["b"].astype(object).where(t.frame["b"].notna(), None)), [True, False, None])

    def test_informative_row_names_become_a_column_numbers_do_not(self):
        named = table(w.data_frame([("x", w.integers([1, 2]))], 2, row_names=w.strings(["Alabama", "Alaska"])))
        self.assertEqual(list(named.frame.columns), ["rowname", "x"])
        numbered = table(w.data_frame([("x", w.integers([1, 2]))], 2, row_names=w.strings(["3", "7"])))
        self.assertEqual(list(numbered.frame.columns), ["x"])

    def test_matrix_columns_are_spread_as_r_names_them(self):
        dim = [("dim", w.integers([2, 2])), ("dimnames", w.generic([w.NIL, w.strings(["a", "b"])]))]
        t = table(w.data_frame([("m", w.doubles([1.0, 2.0, 3.0, 4.0], dim))], 2))
        self.assertEqual(list(t.frame.columns), ["m.a", "m.b"])
        self.assertEqual(list(t.frame["m.b"]), [3.0, 4.0])

    def test_a_monthly_series_gets_a_time_column(self):
        mts = w.doubles([1, 2, 3, 4, 5, 6], [("dim", w.integers([3, 2])), ("dimnames", w.generic([w.NIL, w.strings(["u", "v"])])), ("tsp", w.doubles([1990 + 11 / 12, 1991 + 1 / 12, 12.0])), ("class", w.strings(["mts", "ts", "matrix"]))])
        t = table(mts)
        self.assertEqual(t.kind, "ts")
        self.assertEqual(list(t.frame["time"]), ["1990-12", "1991-01", "1991-02"])

    def test_what_is_not_a_table_says_what_it_is(self):
        with self.assertRaisesRegex(NotATable, "not a data frame: double vector of length 3"):
            table(w.doubles([1.0, 2.0, 3.0]))
        with self.assertRaisesRegex(NotATable, r"not a data frame: ts \(double vector of length 2\)"):
            table(w.doubles([1.0, 2.0], [("tsp", w.doubles([1.0, 2.0, 1.0])), ("class", w.strings(["ts"]))]))
        with self.assertRaisesRegex(UnsupportedColumn, "column l is a list"):
            table(w.data_frame([("l", w.generic([w.integers([1]), w.integers([2])]))], 2))

    def test_text_is_written_with_newline_line_ends(self):
        # A lone carriage return is not quoted by the CSV writer and would end the record for a reader.
        frame = pd.DataFrame({"text": ["a\r\nb", "c\rd", None], "n": [1, 2, 3]})
        self.assertEqual(list(_newlines(frame)["text"]), ["a\nb", "c\nd", None])


if __name__ == "__main__":
    unittest.main()
