"""Plots, tests, x/y classifier calls and named formulas in example code, and what the card makes of them."""
import unittest

from rpkg.aesthetics import ggplot_calls
from rpkg.catalog import PackageDatasets
from rpkg.formulas import display_calls, model_calls
from rpkg.tests.test_packages import package
from rpkg.xycalls import xy_calls


def targets(debian, obj):
    return PackageDatasets(package(debian), {}, scan_all=False).table_and_card(obj)[1]["targets"]


class CallsTest(unittest.TestCase):
    def test_display_calls_are_kept_apart_from_models(self):
        code = "boxplot(len ~ supp, data = ToothGrowth)\nkruskal.test(len ~ dose, data = ToothGrowth)\nplot(mod)"
        self.assertEqual([(c.function, c.kind, c.lhs, c.data) for c in display_calls(code)], [("boxplot", "plot", "len", "ToothGrowth"), ("kruskal.test", "test", "len", "ToothGrowth")])
        self.assertEqual(model_calls(code), [])

    def test_a_formula_named_before_the_call(self):
        # geepack's ?muscatine: f1 <- numobese ~ gender; geeglm(formula = f1, id = id, ..., data = muscatine, family = binomial())
        (call,) = model_calls("f1 <- numobese ~ gender\ngee1 <- geeglm(formula = f1, id = id, data = muscatine, family = binomial())")
        self.assertEqual((call.lhs, call.rhs, call.data, call.grouping), ("numobese", "gender", "muscatine", ["id"]))
        (target,) = targets("r-cran-geepack", "muscatine")
        self.assertEqual((target["column"], target["modelFamily"]), ("numobese", "logistic"))
        self.assertIn("with the formula numobese ~ gender", target["evidence"]["text"])

    def test_an_indexed_subset_is_an_alias_of_its_data(self):
        # AER's ?Medicaid1986: afdc <- subset(Medicaid1986, program == "afdc")[, c(1, 3:4, 15, 5:9, 11:13)];
        # afdc_pois <- glm(visits ~ ., data = afdc, family = poisson)
        (call,) = model_calls('afdc <- subset(Medicaid1986, program == "afdc")[, c(1, 3:4)]\nglm(visits ~ ., data = afdc, family = poisson)')
        self.assertEqual(call.data, "Medicaid1986")
        self.assertEqual([(t["column"], t["modelFamily"]) for t in targets("r-cran-aer", "Medicaid1986")][:2], [("visits", "poisson"), ("visits", "negative-binomial")])

    def test_xy_calls_name_their_labels(self):
        calls = xy_calls("X <- banknote[,2:7]\nClass <- banknote$Status\nMclustDA(X, Class, modelType = 'EDDA')\nMclustDA(cross[odd,-1], cross[odd,1])\nlda(d[, 1:4], grouping = d[, \"Species\"])")
        self.assertEqual([(c.data, c.lhs) for c in calls], [("banknote", "Status"), ("cross", "#1"), ("d", "Species")])
        self.assertEqual(xy_calls("lda(Species ~ ., data = iris)\nMclustDA(X, class)"), [])
        # mclust's ?MclustDR: da <- MclustDA(banknote[,2:7], banknote$Status) (banknote's own page has no example).
        (status,) = targets("r-cran-mclust", "banknote")
        self.assertEqual((status["column"], status["modelFamily"], status["evidence"]["kind"]), ("Status", "classification", "r-example"))
        # ?MclustDA: MclustDA(cross[odd,-1], cross[odd,1]): the first column, `group`.
        self.assertEqual([t["column"] for t in targets("r-cran-mclust", "cross")], ["group"])

    def test_ggplot_aesthetics(self):
        # ggplot2's ?scale_viridis: txsamp <- subset(txhousing, city %in% ...); ggplot(data = txsamp, aes(x = sales, y = median))
        code = 'ggplot(mpg, aes(displ, hwy)) + geom_point()\ntxsamp <- subset(txhousing, city %in% c("Houston"))\nggplot(data = txsamp, aes(x = sales, y = median))\nggplot(mpg, aes(hwy))'
        self.assertEqual([(c.data, c.lhs, c.rhs, c.kind) for c in ggplot_calls(code)], [("mpg", "hwy", "displ", "plot"), ("txhousing", "median", "sales", "plot")])

    def test_plots_and_tests_name_a_target_only_when_they_agree_on_one(self):
        # coin's ?alzheimer: cmh_test(disease ~ smoking | gender, data = alzheimer) and spineplot(disease ~ smoking, ...)
        (disease,) = targets("r-cran-coin", "alzheimer")
        self.assertEqual((disease["column"], disease["evidence"]["kind"]), ("disease", "r-example-test"))
        # AER's ?SmokeBan: plot(smoker ~ education, data = SmokeBan); plot(smoker ~ age, ...): education is a factor.
        (smoker,) = targets("r-cran-aer", "SmokeBan")
        self.assertEqual((smoker["column"], smoker["modelFamily"], smoker["evidence"]["kind"]), ("smoker", "classification", "r-example-plot"))
        # survey's ?election: plot(Bush ~ Kerry, ...) relates two vote counts; neither is studied.
        self.assertEqual(targets("r-cran-survey", "election"), [])
        # AER's ?OECDGas plots exp(cars) and exp(gas) by year: two quantities, so neither.
        self.assertEqual(targets("r-cran-aer", "OECDGas"), [])
        # HSAUR3's introduction chapter (doc/Ch_introduction_to_R.R) plots log(marketvalue) ~ country;
        # ?Forbes2000 lists sales, profits, assets and market value alike: a book's exploration is no response.
        self.assertEqual(targets("r-cran-hsaur3", "Forbes2000"), [])


if __name__ == "__main__":
    unittest.main()
