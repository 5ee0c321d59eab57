import unittest

from rpkg.units import parse_coding, parse_unit


class UnitsTest(unittest.TestCase):
    def test_units_as_help_pages_write_them(self):
        cases = {
            "Wage (in dollars per hour).": "dollars per hour",
            "median value of owner-occupied homes in $1000s.": "$1000s",
            "Age in years.": "years",
            "Number of years of education.": "years",
            "Weight loss in last six months (pounds)": "pounds",
            "nitrogen oxides concentration (parts per 10 million).": "parts per 10 million",
            "Average reaction time (ms)": "ms",
            "Income (in USD 1000s)": "USD 1000s",
            "Price in 1985 dollars": "1985 dollars",
            "Factor. Does the individual live in the South?": None,
            "Is the individual married?": None,
        }
        for text, unit in cases.items():
            self.assertEqual(parse_unit(text), unit, text)

    def test_codings(self):
        self.assertEqual(parse_coding("censoring status 1=censored, 2=dead"), "1=censored, 2=dead")
        self.assertEqual(parse_coding("Male=1 Female=2"), "Male=1 Female=2")
        self.assertEqual(parse_coding("Charles River dummy variable (= 1 if tract bounds river; 0 otherwise)."), "= 1 if tract bounds river; 0 otherwise")
        self.assertIsNone(parse_coding("score = 10"))


if __name__ == "__main__":
    unittest.main()
