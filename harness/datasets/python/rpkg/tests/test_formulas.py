import unittest

from rpkg.formulas import model_calls, model_family, outcome, split_top, strip_comments


def only(code):
    (call,) = model_calls(code)
    return call


class FormulasTest(unittest.TestCase):
    def test_a_call_its_formula_data_and_family(self):
        call = only('fm <- glm(art ~ fem + mar,\n  data = bioChemists, family = poisson(link = "log")) # fit')
        self.assertEqual((call.function, call.lhs, call.rhs, call.data), ("glm", "art", "fem + mar", "bioChemists"))
        self.assertEqual(model_family(call, "integer"), "poisson")
        self.assertEqual(model_family(only("glm(y ~ x, family = binomial, data = d)"), "factor"), "logistic")
        self.assertEqual(model_family(only("glm(y ~ x, data = d)"), "number"), "linear")
        self.assertEqual(model_family(only("MASS::polr(Sat ~ Infl, data = housing)"), "ordered"), "ordinal")
        self.assertEqual(model_family(only("zeroinfl(art ~ . | 1, data = bioChemists, dist = 'negbin')"), "integer"), "zero-inflated")

    def test_data_in_its_position_through_aliases_and_with(self):
        self.assertEqual(only("lmer(Reaction ~ Days + (Days|Subject), sleepstudy)").data, "sleepstudy")
        self.assertEqual(only("glm(y ~ x, binomial, esoph)").data, "esoph")
        self.assertEqual(only("cps <- subset(CPS1985, age > 20)\nlm(log(wage) ~ education, data = cps)").data, "CPS1985")
        self.assertEqual(only("with(Exam, lm(normexam ~ standLRT))").data, "Exam")

    def test_grouping_keys_and_time_indices(self):
        self.assertEqual(only("lmer(normexam ~ 1 + (1 | school/student), Exam)").grouping, ["school", "student"])
        self.assertEqual(only("geeglm(y ~ x, id = Pig, data = dietox, family = poisson)").grouping, ["Pig"])
        call = only('plm(frate ~ beertax, data = Fatalities, index = c("state", "year"), model = "within")')
        self.assertEqual((call.grouping, call.time), (["state"], ["year"]))
        self.assertEqual(only("coxph(Surv(time, status) ~ age + strata(sex) + cluster(inst), data = lung)").strata, ["sex"])

    def test_outcomes_of_left_hand_sides(self):
        columns = ["wage", "education", "time", "status", "math", "read", "yes", "no", "art"]
        self.assertEqual(vars(outcome("log(wage)", columns)), {"columns": ["wage"], "transform": "log", "survival": False})
        self.assertEqual(outcome("Surv(time, status == 2)", columns).columns, ["time", "status"])
        self.assertTrue(outcome("Surv(time, status)", columns).survival)
        self.assertEqual(outcome("cbind(yes, no)", columns).columns, ["yes", "no"])
        self.assertEqual(outcome("factor(art)", columns).transform, "")
        self.assertEqual(outcome("I(art > 0)", columns).transform, "I(art > 0)")
        self.assertIsNone(outcome("income", columns))

    def test_outcomes_derived_in_the_examples(self):
        code = "CASchools$score <- with(CASchools, (math + read)/2)\nfm <- lm(score ~ stratio, data = CASchools)"
        call = only(code)
        found = outcome(call.lhs, ["math", "read", "stratio"], call.derived)
        self.assertEqual((found.columns, found.transform), (["math"], "score = (math + read)/2"))
        code = "rfs <- with(rotterdam, ifelse(recur == 1, rtime, dtime))\ncoxph(Surv(rfs, death) ~ age, data = rotterdam)"
        call = only(code)
        found = outcome(call.lhs, ["recur", "rtime", "dtime", "death", "age"], call.derived, binary={"recur", "death"})
        self.assertEqual(found.columns, ["rtime", "death"])

    def test_panel_mixed_and_grouped_data_calls(self):
        call = only("groupedData(height ~ age | Subject, data = Oxboys)")
        self.assertEqual((call.lhs, call.grouping, model_family(call, "double")), ("height", ["Subject"], "mixed"))
        self.assertEqual(only("groupedData(Yield ~ Date | Block / Variety, data = Alfalfa)").grouping, ["Block", "Variety"])
        call = only("glmmTMB(count ~ mined + (1|site), zi = ~mined, family = nbinom2, data = Salamanders)")
        self.assertEqual((call.data, call.grouping, model_family(call, "integer")), ("Salamanders", ["site"], "negative-binomial"))
        self.assertEqual(model_family(only("vglm(cbind(normal, mild, severe) ~ let, propodds, data = pneumo)"), "integer"), "regression")
        self.assertEqual(model_family(only('pggls(log(emp) ~ log(wage), data = EmplUK, model = "pooling")'), "double"), "linear")
        self.assertEqual(model_family(only('train(Class ~ ., data = GermanCredit, method = "glm")'), "factor"), "classification")

    def test_r_syntax_helpers(self):
        self.assertEqual(strip_comments('x <- "a # b" # c'), 'x <- "a # b" ')
        self.assertEqual(split_top('a, f(b, c), "d, e"', ","), ["a", "f(b, c)", '"d, e"'])
        self.assertEqual(model_calls("plot(y ~ x, data = d)\nlm(~ x, data = d)"), [])


if __name__ == "__main__":
    unittest.main()
