"""The statsmodels exporter writes the same bytes on every CPU: its computed columns are correctly rounded."""
import unittest
from decimal import Decimal, localcontext

from export_statsmodels import load_frame


def correctly_rounded_log(x):
    with localcontext() as ctx:
        ctx.prec = 50
        return float(Decimal(x).ln())


class RecomputedColumns(unittest.TestCase):
    def test_anes96_logpopul_is_the_correctly_rounded_log(self):
        _, _, frame = load_frame("anes96")
        expected = [correctly_rounded_log(p + 0.1) for p in frame["popul"]]
        self.assertEqual(len(frame), 944)
        self.assertEqual(list(frame["logpopul"]), expected)

    def test_other_modules_are_left_as_statsmodels_loads_them(self):
        _, dataset, frame = load_frame("fair")
        self.assertEqual(list(frame.columns), list(dataset.data.columns))
        self.assertEqual(len(frame), 6366)


if __name__ == "__main__":
    unittest.main()
