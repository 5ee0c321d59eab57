import unittest

from rpkg.card import _label_names, _names_as_target, documented_meanings
from rpkg.rd import FormatItem


class CardTest(unittest.TestCase):
    def test_sentences_that_name_a_target(self):
        self.assertTrue(_names_as_target("The original data are 506 observations on 14 variables, medv being the target variable:", "medv"))
        self.assertTrue(_names_as_target("A data frame with 36 inputs (x.1 ... x.36) and one target (classes).", "classes"))
        self.assertTrue(_names_as_target("The outcome is contained in a column called churn (also yes/no).", "churn"))
        self.assertTrue(_names_as_target("Attribute 86, CARAVAN:Number of mobile home policies, is the target variable.", "CARAVAN"))
        self.assertTrue(_names_as_target("The goal is to predict the Anual Income of Household from the other 13 attributes.", "INCOME"))
        # A column merely mentioned near the word "response" is not named as the target.
        self.assertFalse(_names_as_target("with response given by subject's score on a vocabulary test, and factors age, gender", "age"))
        self.assertFalse(_names_as_target("The outcome is whether the reviewer gave the product a 5-star rating or not.", "product"))

    def test_labels_and_their_columns(self):
        self.assertEqual(_label_names("V1-V3"), ["V1", "V2", "V3"])
        self.assertEqual(_label_names("inst:"), ["inst"])
        self.assertEqual(_label_names("a, b and c"), ["a", "b", "c"])
        items = [FormatItem("wage", "Wage."), FormatItem("EDUC", "Years."), FormatItem("x.1 ... x.3", "Band values.")]
        self.assertEqual(documented_meanings(items, ["wage", "educ", "x.1", "x.2", "x.3"]), {"wage": "Wage.", "educ": "Years.", "x.1": "Band values.", "x.2": "Band values.", "x.3": "Band values."})
        # Rows numbered 1..n describe the columns by position (mlbench's Ozone: V1..V13, HouseVotes84: Class, V1..V16).
        numbered = [FormatItem("1", "Class Name"), FormatItem("2", "handicapped-infants")]
        self.assertEqual(documented_meanings(numbered, ["Class", "V1"]), {"Class": "Class Name", "V1": "handicapped-infants"})


if __name__ == "__main__":
    unittest.main()
